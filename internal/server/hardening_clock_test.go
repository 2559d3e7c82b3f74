package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// A clock move the offset cannot hold is a 400 that says so, and the clock
// stays where it was: two advances of 2562047h used to wrap to −1h34m and
// year 1 used to read 1734.
func TestAdminClockRefusesWhatItCannotHold(t *testing.T) {
	h := mocktest.New(t)
	if st, body := h.Admin(http.MethodPost, "/clock", `{"advance":"2562047h"}`); st != 200 {
		t.Fatalf("first advance: %d %v", st, body)
	}
	_, before := h.Admin(http.MethodGet, "/clock", "")
	for _, bad := range []string{`{"advance":"2562047h"}`, `{"set":"0001-01-01T00:00:00Z"}`, `{"set":"9999-12-31T23:59:59Z"}`} {
		st, body := h.Admin(http.MethodPost, "/clock", bad)
		if st != 400 || !strings.Contains(body["error"].(string), "292 years") {
			t.Errorf("clock %s: %d %v, want 400 naming the ±292 years", bad, st, body)
		}
		if _, now := h.Admin(http.MethodGet, "/clock", ""); now["offset"] != before["offset"] || now["now"] != before["now"] {
			t.Errorf("clock %s moved the clock: %v, was %v", bad, now, before)
		}
	}
}
