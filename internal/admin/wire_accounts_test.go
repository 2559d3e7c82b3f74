package admin_test

import (
	"net/http"
	"testing"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

func TestWireAddAccount(t *testing.T) {
	h := mocktest.New(t)
	got := get[admin.Account](t, h, http.MethodPost, "/accounts", `{"vendor":"verihubs","credential":{"id":"app-9","secret":"k9","balance":5,"quota":3,"mode":"testing"}}`, 201)
	if got.Vendor != "verihubs" || got.ID != "app-9" || got.Mode != "testing" || *got.Remaining != 5 || *got.Quota != 3 {
		t.Errorf("added %+v", got)
	}
	failing(t, h, http.MethodPost, "/accounts", `{"vendor":"verihubs","credential":{"id":"app-9","secret":"x"}}`, 409, "already has")
	failing(t, h, http.MethodPost, "/accounts", `{"vendor":"nope","credential":{"id":"x"}}`, 400, `unknown vendor "nope"`)
	failing(t, h, http.MethodPost, "/accounts", `{"credential":{"id":"x"}}`, 400, "vendor is required")
	failing(t, h, http.MethodPost, "/accounts", `{"vendor":"ekycpro","credential":{"id":"x","mode":"live"}}`, 400, "ekycpro has no modes")
	failing(t, h, http.MethodPost, "/accounts", `{"vendor":"verihubs","credential":{"id":"x","mode":"prod"}}`, 400, "mode must be sandbox, testing or live")
	failing(t, h, http.MethodPost, "/accounts", `{"vendor":"ekycpro","credential":{"id":"x","quota":-1}}`, 400, "quota: must not be negative")
	failing(t, h, http.MethodPost, "/accounts", `{"vendor":"ekycpro","credential":{"id":""}}`, 400, "credential without id")
	failing(t, h, http.MethodPost, "/accounts", `{"vendor":"ekycpro","credential":{"id":"x","apis":["nope"]}}`, 400, `unknown endpoint "nope"`)
	failing(t, h, http.MethodPost, "/accounts", `{"vendor":"ekycpro","credential":{"id":"x","sekret":"y"}}`, 400, `unknown field "sekret"`)
	failing(t, h, http.MethodPost, "/accounts", `{"vendor":"ekycpro","credential":{"id":"x"}} {}`, 400, "more than one JSON value")
}

func TestWireAccount(t *testing.T) {
	h := mocktest.New(t)
	got := get[admin.Account](t, h, http.MethodGet, "/accounts/ekycpro/AbcdEfgh", "", 200)
	if got.ID != "AbcdEfgh" {
		t.Errorf("account %+v", got)
	}
	failing(t, h, http.MethodGet, "/accounts/ekycpro/nobody", "", 404, `no ekycpro credential "nobody"`)
	failing(t, h, http.MethodGet, "/accounts/nope/AbcdEfgh", "", 404, `no vendor "nope"`)
}

func TestWireUpdateAccount(t *testing.T) {
	h := mocktest.New(t)
	get[admin.Account](t, h, http.MethodPost, "/accounts", `{"vendor":"ekycpro","credential":{"id":"K","balance":2,"price":0.5}}`, 201)
	got := get[admin.Account](t, h, http.MethodPatch, "/accounts/ekycpro/K", `{"top_up":1.5,"quota":7,"quota_period":"day","rate_limit":3,"disabled":true}`, 200)
	if *got.Balance != 3.5 || *got.Remaining != 3.5 || *got.Quota != 7 || got.QuotaPeriod != "day" || got.RateLimit != 3 || !got.Disabled || got.Price != 0.5 {
		t.Errorf("updated %+v", got)
	}
	got = get[admin.Account](t, h, http.MethodPatch, "/accounts/ekycpro/K", `{"disabled":false,"balance":1}`, 200)
	if got.Disabled || *got.Balance != 1 || *got.Quota != 7 {
		t.Errorf("updated %+v", got)
	}
	failing(t, h, http.MethodPatch, "/accounts/ekycpro/K", `{"quota":-2}`, 400, "quota: must not be negative")
	failing(t, h, http.MethodPatch, "/accounts/ekycpro/K", `{"top_up":-2}`, 400, "top_up: must be a number from 0")
	failing(t, h, http.MethodPatch, "/accounts/ekycpro/K", `{"quota_period":"week"}`, 400, "quota_period")
	failing(t, h, http.MethodPatch, "/accounts/ekycpro/K", `{"topup":1}`, 400, `unknown field "topup"`)
	failing(t, h, http.MethodPatch, "/accounts/ekycpro/nobody", `{"top_up":1}`, 404, `no ekycpro credential "nobody"`)
	if got := get[admin.Account](t, h, http.MethodGet, "/accounts/ekycpro/K", "", 200); *got.Quota != 7 || got.QuotaPeriod != "day" {
		t.Errorf("a refused update changed the account: %+v", got)
	}
	failing(t, h, http.MethodPut, "/accounts/ekycpro/K", `{}`, 405, "allowed: GET, PATCH")
}
