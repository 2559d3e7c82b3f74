package admin_test

import (
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/mockekyc/mockekyc/internal/admin"
)

// TestWrongMethod: a method an admin path does not take is a 405 naming
// the methods it takes (in Allow too), not the 404 of a path that does
// not exist; an unknown path stays a 404.
func TestWrongMethod(t *testing.T) {
	h := admin.New(admin.Options{})
	for _, tc := range []struct {
		method, path string
		status       int
		allow, error string
	}{
		{"PUT", "/__admin/clock", 405, "GET, POST", "PUT is not allowed on /__admin/clock (allowed: GET, POST)"},
		{"POST", "/__admin/health", 405, "GET", "POST is not allowed on /__admin/health (allowed: GET)"},
		{"PATCH", "/__admin/requests", 405, "GET, DELETE", "PATCH is not allowed on /__admin/requests (allowed: GET, DELETE)"},
		{"GET", "/__admin/scenarios/rule-1", 405, "DELETE", "GET is not allowed on /__admin/scenarios/rule-1 (allowed: DELETE)"},
		{"GET", "/__admin/nope", 404, "", "no admin endpoint GET /__admin/nope; see README.md#admin-api"},
		{"PUT", "/__admin/nope", 404, "", "no admin endpoint PUT /__admin/nope; see README.md#admin-api"},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(tc.method, tc.path, nil))
		var e admin.Error
		dec := json.NewDecoder(w.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			t.Fatalf("%s %s: %v", tc.method, tc.path, err)
		}
		if w.Code != tc.status || w.Header().Get("Allow") != tc.allow || e.Error != tc.error {
			t.Errorf("%s %s: HTTP %d Allow %q %q; want %d %q %q", tc.method, tc.path, w.Code, w.Header().Get("Allow"), e.Error, tc.status, tc.allow, tc.error)
		}
	}
}
