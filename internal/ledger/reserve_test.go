package ledger

import (
	"testing"

	"github.com/mockekyc/mockekyc/internal/clock"
)

// TestReserve: an admitted metered call holds a quota use and a price until
// it is committed or released; a free answer or a release gives them back.
func TestReserve(t *testing.T) {
	quota, balance := 2, 3.0
	l, err := New(clock.Fixed(start), map[string][]Credential{"v": {
		{ID: "q", Quota: &quota},
		{ID: "b", Balance: &balance, Price: 1},
	}})
	if err != nil {
		t.Fatal(err)
	}
	// quota 2: two holds, the third refused.
	v1, r1 := l.Reserve("v", "q", "ocr", true)
	v2, r2 := l.Reserve("v", "q", "ocr", true)
	if v3, r3 := l.Reserve("v", "q", "ocr", true); v1 != OK || v2 != OK || v3 != QuotaExhausted || r3 != nil {
		t.Fatalf("verdicts %v %v %v", v1, v2, v3)
	}
	r1.Commit("ocr", "BAD_IMAGE", false) // a free answer gives its hold back
	if v, r := l.Reserve("v", "q", "ocr", true); v != OK {
		t.Fatalf("after a free answer: %v", v)
	} else {
		r.Commit("ocr", "OK", true)
	}
	r2.Commit("ocr", "OK", true)
	r2.Release() // after Commit: nothing
	r2.Commit("ocr", "OK", true)
	if s, _ := l.Account("v", "q"); s.QuotaUsed != 2 || s.AnsweredCalls != 3 {
		t.Errorf("quota used %d, answered %d, want 2 and 3", s.QuotaUsed, s.AnsweredCalls)
	}
	// balance 3, price 1: three holds; a release frees one.
	var held []*Reservation
	for range 3 {
		v, r := l.Reserve("v", "b", "ocr", true)
		if v != OK {
			t.Fatalf("hold %d: %v", len(held)+1, v)
		}
		held = append(held, r)
	}
	if v, _ := l.Reserve("v", "b", "ocr", true); v != BalanceExhausted {
		t.Fatalf("fourth hold: %v", v)
	}
	held[0].Release()
	if v, _ := l.Reserve("v", "b", "ocr", true); v != OK {
		t.Fatalf("after a release: %v", v)
	}
	// An endpoint that is not metered holds nothing.
	if v, r := l.Reserve("v", "q", "balance", false); v != OK || r == nil {
		t.Fatalf("unmetered: %v %v", v, r)
	}
	var none *Reservation
	none.Commit("ocr", "OK", true) // nil-safe
	none.Release()
}
