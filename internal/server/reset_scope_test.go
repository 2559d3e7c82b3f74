package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestAdminResetRefusesParameters: reset?credential=... once ignored its
// parameter and wiped every suite's state; now any parameter is a 400 that
// leaves everything as it was.
func TestAdminResetRefusesParameters(t *testing.T) {
	h := mocktest.New(t)
	ocr(h, t, "AbcdEfgh", nil)
	for _, q := range []string{"credential=AbcdEfgh", "vendor=ekycpro", "x"} {
		st, body := h.Admin(http.MethodPost, "/reset?"+q, "")
		if st != http.StatusBadRequest {
			t.Fatalf("reset?%s: %d %v", q, st, body)
		}
		if msg := mocktest.At[string](t, body, "error"); !strings.Contains(msg, "takes no parameters") || !strings.Contains(msg, "/__admin/workspaces") {
			t.Errorf("reset?%s: error %q", q, msg)
		}
	}
	_, body := h.Admin(http.MethodGet, "/requests", "")
	if n := mocktest.At[float64](t, body, "count"); n != 1 {
		t.Errorf("after refused resets the journal holds %v requests, want 1", n)
	}
	_, body = h.Admin(http.MethodGet, "/coverage?vendor=ekycpro&credential=AbcdEfgh", "")
	if n := mocktest.At[float64](t, body, "answered"); n == 0 {
		t.Error("a refused reset cleared the coverage")
	}
	if st, _ := h.Admin(http.MethodPost, "/reset", ""); st != http.StatusOK {
		t.Fatalf("plain reset: %d", st)
	}
	_, body = h.Admin(http.MethodGet, "/requests", "")
	if n := mocktest.At[float64](t, body, "count"); n != 0 {
		t.Errorf("after reset the journal holds %v requests", n)
	}
}
