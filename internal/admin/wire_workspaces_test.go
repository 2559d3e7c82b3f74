package admin_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/mocktest"
	"github.com/mockekyc/mockekyc/internal/server"
	"github.com/mockekyc/mockekyc/internal/workspace"
)

func TestWireCreateWorkspace(t *testing.T) {
	h := mocktest.New(t)
	got := get[admin.Workspace](t, h, http.MethodPost, "/workspaces",
		`{"credential":{"balance":10,"quota":5,"quota_period":"day","rate_limit":2},"vendors":{"verihubs":{"mode":"testing","quota":1},"advance":{"mode":"test"}}}`, 201)
	if got.ID == "" || got.Admin != "/__admin/workspaces/"+got.ID || got.IdleTimeout != workspace.DefaultIdleTimeout.String() {
		t.Errorf("workspace %+v", got)
	}
	if len(got.Credentials) != 5 {
		t.Fatalf("credentials of %d vendors, want 5: %+v", len(got.Credentials), got.Credentials)
	}
	for vendor, creds := range got.Credentials {
		c := creds[0]
		if len(creds) != 1 || !strings.Contains(c.ID, got.ID) || *c.Balance != 10 || c.RateLimit != 2 || c.QuotaPeriod != "day" {
			t.Errorf("%s: %+v", vendor, creds)
		}
		if (vendor == "ekycpro") != (c.Secret == "") {
			t.Errorf("%s: secret %q", vendor, c.Secret)
		}
	}
	if c := got.Credentials["verihubs"][0]; c.Mode != "testing" || *c.Quota != 1 {
		t.Errorf("verihubs %+v", c)
	}
	if c := got.Credentials["izidata"][0]; c.Mode != "" || *c.Quota != 5 {
		t.Errorf("izidata %+v", c)
	}
	// An empty body is a workspace with unlimited credentials.
	res := h.Do(h.Request(http.MethodPost, "/__admin/workspaces", nil, nil))
	if plain := decode[admin.Workspace](t, res); res.Status != 201 || plain.Credentials["ekycpro"][0].Quota != nil || plain.ID == got.ID {
		t.Errorf("empty body: %d %+v", res.Status, plain)
	}
	failing(t, h, http.MethodPost, "/workspaces", `{"credential":{"id":"mine"}}`, 400, "ids and secrets are the mock's to make")
	failing(t, h, http.MethodPost, "/workspaces", `{"credential":{"mode":"testing"}}`, 400, `mode must be "test" or empty`)
	failing(t, h, http.MethodPost, "/workspaces", `{"vendors":{"verihubs":{"mode":"prod"}}}`, 400, "mode must be sandbox, testing or live")
	failing(t, h, http.MethodPost, "/workspaces", `{"vendors":{"nope":{}}}`, 400, `unknown vendor "nope"`)
	failing(t, h, http.MethodPost, "/workspaces", `{"credential":{"quota":-1}}`, 400, "quota: must not be negative")
	failing(t, h, http.MethodPost, "/workspaces", `{"credentials":{}}`, 400, `unknown field "credentials"`)
	if l := get[admin.WorkspaceList](t, h, http.MethodGet, "/workspaces", "", 200); l.Count != 2 {
		t.Errorf("refused creates left workspaces behind: %+v", l)
	}
	if a := get[admin.Accounts](t, h, http.MethodGet, "/accounts", "", 200); len(a.Accounts) != 6 {
		t.Errorf("the default workspace lists %d accounts, want the config's 6", len(a.Accounts))
	}
}

func TestWireWorkspaceBound(t *testing.T) {
	h := mocktest.New(t, mocktest.WithOptions(func(o *server.Options) { o.Workspaces.Max = 2 }))
	get[admin.Workspace](t, h, http.MethodPost, "/workspaces", "", 201)
	ws := get[admin.Workspace](t, h, http.MethodPost, "/workspaces", "", 201)
	failing(t, h, http.MethodPost, "/workspaces", "", 429, "too many workspaces: 2 exist")
	call(t, h, http.MethodDelete, "/workspaces/"+ws.ID, "", 204)
	get[admin.Workspace](t, h, http.MethodPost, "/workspaces", "", 201)
}

func TestWireWorkspaceGetListDelete(t *testing.T) {
	h := mocktest.New(t)
	ws := get[admin.Workspace](t, h, http.MethodPost, "/workspaces", "", 201)
	if got := get[admin.Workspace](t, h, http.MethodGet, "/workspaces/"+ws.ID, "", 200); got.ID != ws.ID || got.Credentials["advance"][0].Secret != ws.Credentials["advance"][0].Secret {
		t.Errorf("get %+v, made %+v", got, ws)
	}
	l := get[admin.WorkspaceList](t, h, http.MethodGet, "/workspaces", "", 200)
	if l.Count != 1 || l.Max != workspace.DefaultMax || l.Workspaces[0].ID != ws.ID {
		t.Errorf("list %+v", l)
	}
	key := ws.Credentials["ekycpro"][0].ID
	call(t, h, http.MethodDelete, "/workspaces/"+ws.ID, "", 204)
	failing(t, h, http.MethodGet, "/workspaces/"+ws.ID, "", 404, "no workspace")
	failing(t, h, http.MethodDelete, "/workspaces/"+ws.ID, "", 404, "no workspace")
	failing(t, h, http.MethodGet, "/workspaces/"+ws.ID+"/requests", "", 404, "no workspace")
	// Its key is unknown now: the call is the default workspace's, refused.
	hdr := http.Header{"X-Api-Key": {key}, "Content-Type": {"application/x-www-form-urlencoded"}}
	h.Do(h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader("a=b"), hdr))
	if l := get[admin.RequestList](t, h, http.MethodGet, "/requests?credential="+key, "", 200); l.Count != 1 || l.Requests[0].Why != "auth" {
		t.Errorf("a deleted workspace's key: %+v", l)
	}
}

// TestWireWorkspaceScoped: every scoped endpoint answers under the
// workspace's path with the global endpoint's wire type.
func TestWireWorkspaceScoped(t *testing.T) {
	h := mocktest.New(t)
	ws := get[admin.Workspace](t, h, http.MethodPost, "/workspaces", "", 201)
	p := "/workspaces/" + ws.ID
	key := ws.Credentials["ekycpro"][0].ID
	hdr := http.Header{"X-Api-Key": {key}, "Content-Type": {"application/x-www-form-urlencoded"}}
	h.Do(h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader("a=b"), hdr))
	l := get[admin.RequestList](t, h, http.MethodGet, p+"/requests?credential="+key, "", 200)
	if l.Count != 1 || l.Requests[0].Why == "auth" {
		t.Fatalf("workspace requests %+v", l)
	}
	if g := get[admin.RequestList](t, h, http.MethodGet, "/requests", "", 200); g.Count != 0 {
		t.Errorf("the workspace's call is in the default journal: %+v", g)
	}
	get[admin.Entry](t, h, http.MethodGet, p+"/requests/"+jsonNumber(l.Requests[0].ID), "", 200)
	failing(t, h, http.MethodGet, "/requests?credential="+key, "", 400, "unknown credential")
	cov := get[admin.Coverage](t, h, http.MethodGet, p+"/coverage?vendor=ekycpro&credential="+key, "", 200)
	if cov.Answered == 0 {
		t.Errorf("workspace coverage %+v", cov)
	}
	if a := get[admin.Accounts](t, h, http.MethodGet, p+"/accounts", "", 200); len(a.Accounts) != 5 {
		t.Errorf("workspace accounts %+v", a)
	}
	acc := get[admin.Account](t, h, http.MethodPatch, p+"/accounts/ekycpro/"+key, `{"quota":4}`, 200)
	if *acc.Quota != 4 {
		t.Errorf("patched %+v", acc)
	}
	failing(t, h, http.MethodPatch, "/accounts/ekycpro/"+key, `{"quota":4}`, 404, "no ekycpro credential")
	failing(t, h, http.MethodPatch, p+"/accounts/ekycpro/AbcdEfgh", `{"quota":4}`, 404, "no ekycpro credential")
	st := get[admin.ScenarioStatus](t, h, http.MethodPost, p+"/scenarios", rule, 201)
	if n := len(adminRules(get[admin.ScenarioList](t, h, http.MethodGet, p+"/scenarios", "", 200))); n != 1 {
		t.Errorf("workspace rules %d", n)
	}
	if n := len(adminRules(get[admin.ScenarioList](t, h, http.MethodGet, "/scenarios", "", 200))); n != 0 {
		t.Errorf("the workspace's rule is a default one")
	}
	failing(t, h, http.MethodDelete, "/scenarios/"+st.ID, "", 404, "no admin rule")
	c := get[admin.Clock](t, h, http.MethodPost, p+"/clock", `{"advance":"2h"}`, 200)
	if c.Offset != "2h0m0s" || c.Now != mocktest.Epoch.Add(2*time.Hour).Format(time.RFC3339Nano) {
		t.Errorf("workspace clock %+v", c)
	}
	if g := get[admin.Clock](t, h, http.MethodGet, "/clock", "", 200); g.Offset != "0s" {
		t.Errorf("the default clock moved with the workspace's: %+v", g)
	}
	r := get[admin.Reset](t, h, http.MethodPost, p+"/reset", "", 200)
	if r.Now != mocktest.Epoch.Format(time.RFC3339Nano) {
		t.Errorf("reset %+v", r)
	}
	failing(t, h, http.MethodPost, p+"/reset?credential="+key, "", 400, "takes no parameters")
	if l := get[admin.RequestList](t, h, http.MethodGet, p+"/requests", "", 200); l.Count != 0 {
		t.Errorf("after the workspace reset %+v", l)
	}
	call(t, h, http.MethodDelete, p+"/scenarios/"+st.ID, "", 404)
	call(t, h, http.MethodDelete, p+"/requests", "", 204)
	failing(t, h, http.MethodGet, p+"/nothing", "", 404, "no admin endpoint")
	failing(t, h, http.MethodPut, p+"/clock", "", 405, "allowed: GET, POST")
}
