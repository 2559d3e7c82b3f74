package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestUnroutedAnswersDrawFromTheCallsIDs: the unknown-path answers that
// carry an id (AccuAuth's NOT_FOUND request_id, ADVANCE's CLIENT_ERROR
// transactionId) are made through the same Call as every other answer, so
// the id is drawn from the one sequence admin reset restarts: the first id
// after a reset (a refused request's) is the id the fresh mock's first
// answer (the unknown path's) had.
func TestUnroutedAnswersDrawFromTheCallsIDs(t *testing.T) {
	for _, c := range []struct {
		vendor, unknown, refused, field, ct, body string
	}{
		{"accuauth", "/no/such/api", "/verify/id_name", "request_id", "application/x-www-form-urlencoded", "a=b"},
		{"advance", "/openapi/no/such/api", "/openapi/auth/ticket/v1/generate-token", "transactionId", "application/json", "{}"},
	} {
		h := mocktest.New(t)
		id := func(path string) string {
			res := h.Do(h.Request(http.MethodPost, "/"+c.vendor+path, strings.NewReader(c.body), http.Header{"Content-Type": {c.ct}}))
			s, _ := res.JSON(t)[c.field].(string)
			if s == "" {
				t.Fatalf("%s %s: no %s: %d %s", c.vendor, path, c.field, res.Status, res.Body)
			}
			return s
		}
		unknown := id(c.unknown)
		if status, body := h.Admin(http.MethodPost, "/reset", ""); status != http.StatusOK {
			t.Fatalf("reset: %d %v", status, body)
		}
		if refused := id(c.refused); refused != unknown {
			t.Errorf("%s: first id after reset %s, want the fresh mock's first id %s (the unknown path's)", c.vendor, refused, unknown)
		}
	}
}
