// Package clock is the one source of time for the mock. Token expiry, request
// timestamps, quotas and journal times all read it, so tests inject a fixed
// time and the admin API can move it forward to test expiry without waiting.
package clock

import (
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface {
	Now() time.Time
}

// Func adapts a function to Clock.
type Func func() time.Time

// Now implements Clock.
func (f Func) Now() time.Time { return f() }

// System is the machine's clock.
var System Clock = Func(time.Now)

// Fixed returns a clock that always reads t: for golden tests.
func Fixed(t time.Time) Clock { return Func(func() time.Time { return t }) }

// Adjustable is a base clock plus an offset that the admin API moves.
// It is safe for concurrent use.
type Adjustable struct {
	base Clock

	mu     sync.RWMutex
	offset time.Duration
}

// NewAdjustable wraps base (System when nil).
func NewAdjustable(base Clock) *Adjustable {
	if base == nil {
		base = System
	}
	return &Adjustable{base: base}
}

// Now implements Clock.
func (a *Adjustable) Now() time.Time {
	a.mu.RLock()
	off := a.offset
	a.mu.RUnlock()
	return a.base.Now().Add(off)
}

// Advance moves the clock forward by d (backward when d < 0).
func (a *Adjustable) Advance(d time.Duration) time.Time {
	a.mu.Lock()
	a.offset += d
	off := a.offset
	a.mu.Unlock()
	return a.base.Now().Add(off)
}

// Set moves the clock so that it reads t now.
func (a *Adjustable) Set(t time.Time) {
	a.mu.Lock()
	a.offset = t.Sub(a.base.Now())
	a.mu.Unlock()
}

// Offset is how far the clock is from its base.
func (a *Adjustable) Offset() time.Duration {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.offset
}

// Reset puts the clock back on its base.
func (a *Adjustable) Reset() {
	a.mu.Lock()
	a.offset = 0
	a.mu.Unlock()
}
