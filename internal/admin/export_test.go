package admin

import "testing"

// SetPanicHook makes fn run at each stage of writing an admin answer
// (see panicHook) until the test ends.
func SetPanicHook(t testing.TB, fn func(stage string)) {
	panicHook.Store(&fn)
	t.Cleanup(func() { panicHook.Store(nil) })
}

// SetFixtureHook makes fn run while each GET /__admin/fixture holds its
// slot, before the image is made, until the test ends.
func SetFixtureHook(t testing.TB, fn func()) {
	fixtureHook.Store(&fn)
	t.Cleanup(func() { fixtureHook.Store(nil) })
}
