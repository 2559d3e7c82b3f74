package admin

import "testing"

// SetPanicHook makes fn run at each stage of writing an admin answer
// (see panicHook) until the test ends.
func SetPanicHook(t testing.TB, fn func(stage string)) {
	panicHook.Store(&fn)
	t.Cleanup(func() { panicHook.Store(nil) })
}
