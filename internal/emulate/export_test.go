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

// SetAliasMin sets the length from which JSON strings share the body's
// memory until the test ends.
func SetAliasMin(t testing.TB, n int) {
	old := aliasMin
	aliasMin = n
	t.Cleanup(func() { aliasMin = old })
}
