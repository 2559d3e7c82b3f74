package admin_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// lockedBuffer is a log sink safe to read while the server writes.

// TestAdminPanic: a panic in an admin handler, while its answer is being
// written, is a logged JSON 500 in the admin API's style, and the server
// keeps serving; a panic after the answer went out is logged and the
// client has its answer.
func TestAdminPanic(t *testing.T) {
	var log mocktest.Log
	h := mocktest.New(t, mocktest.WithLog(&log))
	var stage string // the stage to panic at; set between requests
	var mu sync.Mutex
	admin.SetPanicHook(t, func(s string) {
		mu.Lock()
		defer mu.Unlock()
		if s == stage {
			stage = ""
			panic("test panic at " + s)
		}
	})
	set := func(s string) { mu.Lock(); stage = s; mu.Unlock() }

	set("write")
	res := h.Do(h.Request(http.MethodGet, "/__admin/accounts", nil, nil))
	if res.Status != 500 || res.Header.Get("Content-Type") != "application/json" ||
		!strings.Contains(res.JSON(t)["error"].(string), "GET /__admin/accounts") {
		t.Errorf("panic while writing: HTTP %d %s %s", res.Status, res.Header, res.Body)
	}
	if !strings.Contains(log.String(), "admin handler panicked") || !strings.Contains(log.String(), "test panic at write") {
		t.Errorf("the panic was not logged: %s", log.String())
	}

	set("written")
	res = h.Do(h.Request(http.MethodPost, "/__admin/clock", strings.NewReader(`{"advance":"1h"}`), nil))
	if res.Status != 200 || res.JSON(t)["offset"] != "1h0m0s" {
		t.Errorf("panic after the answer: HTTP %d %s", res.Status, res.Body)
	}
	if !strings.Contains(log.String(), "test panic at written") {
		t.Errorf("the late panic was not logged: %s", log.String())
	}

	if st, body := h.Admin(http.MethodGet, "/health", ""); st != 200 || body["status"] != "ok" {
		t.Errorf("after the panics: %d %v", st, body)
	}
}
