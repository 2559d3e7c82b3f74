package clock

import (
	"testing"
	"time"
)

func TestAdjustable(t *testing.T) {
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	a := NewAdjustable(Fixed(base))
	if !a.Now().Equal(base) {
		t.Fatalf("Now = %v", a.Now())
	}
	if got, err := a.Advance(90 * time.Minute); err != nil || !got.Equal(base.Add(90*time.Minute)) || !a.Now().Equal(got) {
		t.Errorf("Advance = %v, Now = %v", got, a.Now())
	}
	target := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := a.Set(target); err != nil {
		t.Fatal(err)
	}
	if !a.Now().Equal(target) || a.Offset() != target.Sub(base) {
		t.Errorf("after Set: %v offset %v", a.Now(), a.Offset())
	}
	a.Reset()
	if !a.Now().Equal(base) || a.Offset() != 0 {
		t.Errorf("after Reset: %v", a.Now())
	}
	if NewAdjustable(nil).Now().IsZero() {
		t.Error("nil base should be the system clock")
	}
}
