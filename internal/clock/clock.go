// Package clock is the one source of time for the mock. Token expiry, request
// timestamps, quotas and journal times all read it, so tests inject a fixed
// time and the admin API can move it forward to test expiry without waiting.
package clock

import (
	"errors"
	"fmt"
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

// ErrRange is returned when a move would take the clock's offset from its
// base beyond what a time.Duration holds (about ±292 years): the offset would
// wrap or saturate and the clock would read a time nobody asked for.
var ErrRange = errors.New("the clock holds an offset of at most ±292 years from the real time")

// Advance moves the clock forward by d (backward when d < 0) and returns the
// new time. A move past what the offset can hold is refused with ErrRange
// and leaves the clock where it was.
func (a *Adjustable) Advance(d time.Duration) (time.Time, error) {
	a.mu.Lock()
	off := a.offset + d
	if (d > 0 && off < a.offset) || (d < 0 && off > a.offset) {
		a.mu.Unlock()
		return time.Time{}, fmt.Errorf("advance %v from an offset of %v: %w", d, a.offset, ErrRange)
	}
	a.offset = off
	a.mu.Unlock()
	return a.base.Now().Add(off), nil
}

// Set moves the clock so that it reads t now. A t further from the base
// clock than the offset can hold is refused with ErrRange and leaves the
// clock where it was (time.Time.Sub would saturate: year 1 would read 1734).
func (a *Adjustable) Set(t time.Time) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	base := a.base.Now()
	off := t.Sub(base)
	if !base.Add(off).Equal(t) {
		return fmt.Errorf("set %s: %w", t.Format(time.RFC3339Nano), ErrRange)
	}
	a.offset = off
	return nil
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
