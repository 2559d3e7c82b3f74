package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// lastWhy is the why and code of the newest journal entry.
func lastWhy(t *testing.T, h *mocktest.Harness) (why, code string) {
	t.Helper()
	_, body := h.Admin(http.MethodGet, "/requests?limit=1", "")
	e := mocktest.At[map[string]any](t, body, "requests", 0)
	code, _ = e["code"].(string)
	return mocktest.At[string](t, e, "why"), code
}

// TestRuntimeCredentials: a credential added through the admin API is
// served at once, and each change of its terms holds for the next call.
func TestRuntimeCredentials(t *testing.T) {
	h := mocktest.New(t)
	if res := ocr(h, t, "Runtime1", nil); res.Status == 200 {
		t.Fatal("an unknown key was served")
	}
	if st, body := h.Admin(http.MethodPost, "/accounts", `{"vendor":"ekycpro","credential":{"id":"Runtime1","balance":1}}`); st != 201 {
		t.Fatalf("add: %d %v", st, body)
	}
	step := func(name, wantWhy, wantCode string) {
		t.Helper()
		ocr(h, t, "Runtime1", nil)
		why, code := lastWhy(t, h)
		if why != wantWhy || code != wantCode {
			t.Fatalf("%s: answered %s (%s), want %s (%s)", name, code, why, wantCode, wantWhy)
		}
	}
	step("first call on a balance of 1", "natural", "OK")
	step("balance used up", "admission", "INSUFFICIENT_BALANCE")
	h.Admin(http.MethodPatch, "/accounts/ekycpro/Runtime1", `{"top_up":2}`)
	step("after a top-up", "natural", "OK")
	h.Admin(http.MethodPatch, "/accounts/ekycpro/Runtime1", `{"disabled":true}`)
	step("disabled", "admission", "NO_AUTHORIZATION")
	h.Admin(http.MethodPatch, "/accounts/ekycpro/Runtime1", `{"disabled":false,"quota":2}`)
	step("enabled again, quota 2 with 2 charged", "admission", "RETRY_LATER")
	h.Admin(http.MethodPatch, "/accounts/ekycpro/Runtime1", `{"quota":3}`)
	step("quota raised to 3", "natural", "OK")
	_, acc := h.Admin(http.MethodGet, "/accounts/ekycpro/Runtime1", "")
	if mocktest.At[float64](t, acc, "charged_calls") != 3 || mocktest.At[float64](t, acc, "remaining") != 0 {
		t.Errorf("account %v", acc)
	}
	// Reset clears what it spent, not its terms.
	h.Admin(http.MethodPost, "/reset", "")
	_, acc = h.Admin(http.MethodGet, "/accounts/ekycpro/Runtime1", "")
	if mocktest.At[float64](t, acc, "charged_calls") != 0 || mocktest.At[float64](t, acc, "remaining") != 3 || mocktest.At[float64](t, acc, "quota") != 3 {
		t.Errorf("after reset %v", acc)
	}
}

// TestRuntimeCredentialsConcurrent changes terms and adds credentials while
// calls are served: -race finds unguarded state, and no call may be
// charged past a balance however the changes interleave.
func TestRuntimeCredentialsConcurrent(t *testing.T) {
	h := mocktest.New(t)
	h.Admin(http.MethodPost, "/accounts", `{"vendor":"ekycpro","credential":{"id":"Busy","balance":4}}`)
	form := ocrForm(t)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for range 4 {
				h.Do(h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader(form),
					http.Header{"X-Api-Key": {"Busy"}, "Content-Type": {"application/x-www-form-urlencoded"}}))
			}
		})
		wg.Go(func() {
			h.Admin(http.MethodPatch, "/accounts/ekycpro/Busy", `{"rate_limit":0,"quota":100}`)
			h.Admin(http.MethodPost, "/accounts", fmt.Sprintf(`{"vendor":"ekycpro","credential":{"id":"More%d"}}`, i))
			h.Admin(http.MethodGet, "/accounts", "")
		})
	}
	wg.Wait()
	_, body := h.Admin(http.MethodGet, "/requests?credential=Busy&code=OK", "")
	if served := mocktest.At[float64](t, body, "count"); served != 4 {
		t.Errorf("%v calls served on a balance of 4", served)
	}
}
