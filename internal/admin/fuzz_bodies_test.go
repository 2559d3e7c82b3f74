package admin_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/mocktest"
	"github.com/mockekyc/mockekyc/internal/server"
)

// FuzzCredentialBodies sends any body to the endpoints that read a
// credential's terms (POST /accounts, PATCH /accounts/{vendor}/{id},
// POST /workspaces): each answers its wire type or a 4xx admin Error,
// never a 500, and the ledger stays listable.
func FuzzCredentialBodies(f *testing.F) {
	for _, s := range []string{
		`{"vendor":"verihubs","credential":{"id":"a","secret":"s","balance":5,"mode":"testing"}}`,
		`{"top_up":1.5,"quota":3,"quota_period":"day","disabled":true,"expires":"2030-01-01T00:00:00Z"}`,
		`{"credential":{"balance":1e300},"vendors":{"verihubs":{"mode":"live"}}}`,
		`{"quota":-1}`, `{"rate_limit":"x"}`, `null`, ``, `{}{}`, `{"apis":[""]}`,
	} {
		f.Add(s)
	}
	h := mocktest.New(f, mocktest.WithOptions(func(o *server.Options) { o.Workspaces.Max = 1000 }))
	f.Fuzz(func(t *testing.T, body string) {
		defer h.Bind(t)()
		do := func(method, path, body string) (int, []byte) {
			rec := httptest.NewRecorder()
			h.Server.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
			return rec.Code, rec.Body.Bytes()
		}
		for _, c := range []struct{ method, path string }{
			{http.MethodPost, "/__admin/accounts"},
			{http.MethodPatch, "/__admin/accounts/ekycpro/AbcdEfgh"},
			{http.MethodPost, "/__admin/workspaces"},
		} {
			status, got := do(c.method, c.path, body)
			switch {
			case status >= 500:
				t.Fatalf("%s %s %q: HTTP %d %s", c.method, c.path, body, status, got)
			case status >= 400:
				var e admin.Error
				if err := json.Unmarshal(got, &e); err != nil || e.Error == "" {
					t.Fatalf("%s %s %q: HTTP %d without an admin error: %s", c.method, c.path, body, status, got)
				}
			}
			if status == http.StatusCreated && c.path == "/__admin/workspaces" {
				var ws admin.Workspace
				if err := json.Unmarshal(got, &ws); err != nil || len(ws.Credentials) != 5 {
					t.Fatalf("workspace %s", got)
				}
				do(http.MethodDelete, "/__admin/workspaces/"+ws.ID, "")
			}
		}
		if status, _ := do(http.MethodGet, "/__admin/accounts", ""); status != 200 {
			t.Fatalf("accounts after %q: %d", body, status)
		}
	})
}
