package admin

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// Limits bound the admin calls that hold memory or a goroutine while they
// run, or memory after they return: anyone who reaches the admin API (no
// MOCKEKYC_ADMIN_TOKEN, no -admin-addr) must not make the mock grow
// without end. Zero fields take DefaultLimits'.
type Limits struct {
	// Fixtures is how many GET /__admin/fixture may be made and written at
	// once; one more waits FixtureWait for a slot, then gets a 503.
	Fixtures    int
	FixtureWait time.Duration
	// Streams is how many journal streams (GET .../requests/stream, of
	// every workspace together) may be open at once; one more gets a 503.
	Streams int
	// RuntimeCredentials is how many credentials POST /__admin/accounts
	// may have added (and DELETE not removed) at once.
	RuntimeCredentials int
}

// DefaultLimits are the limits a server has unless told otherwise:
//
//   - 1 fixture: a JPEG is made from a raster of 1.5 bytes a pixel, 25 MB
//     at the largest size (4096×4096), which one at a time keeps inside
//     the mock's 38 MiB soft memory limit and two would not; the other
//     formats hold only their output. Making one is CPU work (0.1–0.3 s at
//     4096×4096), so more at once would not finish much sooner on two
//     cores. A caller over the bound waits up to 2 s, long enough for the
//     one before it.
//   - 32 streams: the web UI holds one per open tab; 32 leave room for a
//     team's tabs and a few tools. A stream holds a goroutine and its
//     connection's buffers for up to 5 minutes.
//   - 1000 runtime credentials: a suite adds a handful, or one per test,
//     and can delete them; each holds at most a few KB (ids, secrets and
//     names are bounded, see checkCredentialSpec), so 1000 stay near 1 MB.
func DefaultLimits() Limits {
	return Limits{Fixtures: 1, FixtureWait: 2 * time.Second, Streams: 32, RuntimeCredentials: 1000}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	pick := func(v, def int) int {
		if v > 0 {
			return v
		}
		return def
	}
	l.Fixtures = pick(l.Fixtures, d.Fixtures)
	l.Streams = pick(l.Streams, d.Streams)
	l.RuntimeCredentials = pick(l.RuntimeCredentials, d.RuntimeCredentials)
	if l.FixtureWait <= 0 {
		l.FixtureWait = d.FixtureWait
	}
	return l
}

// gates are the slots of the bounded calls, shared by the default
// workspace's api and every workspace's.
type gates struct {
	Limits
	fixtures, streams gate
}

func newGates(l Limits) *gates {
	l = l.withDefaults()
	return &gates{Limits: l, fixtures: make(gate, l.Fixtures), streams: make(gate, l.Streams)}
}

// gate is a counting semaphore: a slot is a value in the channel.
type gate chan struct{}

// enter takes a slot, waiting up to wait (0: not at all) or until ctx
// ends; false when it got none.
func (g gate) enter(ctx context.Context, wait time.Duration) bool {
	select {
	case g <- struct{}{}:
		return true
	default:
	}
	if wait <= 0 {
		return false
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case g <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

func (g gate) leave() { <-g }

// busy answers 503 with Retry-After: the call is fine, the mock is at a
// limit that frees up.
func busy(w http.ResponseWriter, retryAfter time.Duration, format string, args ...any) {
	w.Header().Set("Retry-After", strconv.Itoa(int(retryAfter/time.Second)))
	fail(w, http.StatusServiceUnavailable, format, args...)
}

// fixtureHook, when set (tests only, through export_test.go), runs while
// a fixture call holds its slot, before the image is made.
var fixtureHook atomic.Pointer[func()]
