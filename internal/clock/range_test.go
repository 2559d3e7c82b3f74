package clock

import (
	"errors"
	"testing"
	"time"
)

// The offset is a time.Duration: two advances of 2562047h used to wrap it to
// −1h34m, and setting year 1 saturated it so the clock read 1734. Both are
// refused now and leave the clock where it was.
func TestAdjustableRefusesWhatItCannotHold(t *testing.T) {
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	a := NewAdjustable(Fixed(base))

	huge := 2562047 * time.Hour
	if _, err := a.Advance(huge); err != nil {
		t.Fatalf("first advance of %v (fits): %v", huge, err)
	}
	if _, err := a.Advance(huge); !errors.Is(err, ErrRange) {
		t.Errorf("second advance of %v: err = %v, want ErrRange", huge, err)
	}
	if a.Offset() != huge {
		t.Errorf("offset after refused advance = %v, want %v", a.Offset(), huge)
	}
	a.Reset()
	if _, err := a.Advance(-huge); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Advance(-huge); !errors.Is(err, ErrRange) {
		t.Errorf("second backward advance: err = %v, want ErrRange", err)
	}
	a.Reset()

	for _, target := range []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		base.Add(-huge).Add(-time.Hour),
	} {
		if err := a.Set(target); !errors.Is(err, ErrRange) {
			t.Errorf("Set(%v): err = %v, want ErrRange", target, err)
		}
		if a.Offset() != 0 {
			t.Errorf("Set(%v) moved the clock to %v", target, a.Now())
		}
	}
	// The edges that fit are still allowed.
	for _, target := range []time.Time{base.Add(huge), base.Add(-huge), time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)} {
		if err := a.Set(target); err != nil || !a.Now().Equal(target) {
			t.Errorf("Set(%v): err = %v, now %v", target, err, a.Now())
		}
	}
}
