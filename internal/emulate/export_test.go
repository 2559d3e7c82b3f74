package emulate

import (
	"net/http"
	"testing"
)

// SetPanicHook makes fn run at each stage of answering (see panicHook)
// until the test ends.
func SetPanicHook(t testing.TB, fn func(stage string, r *http.Request)) {
	panicHook.Store(&fn)
	t.Cleanup(func() { panicHook.Store(nil) })
}
