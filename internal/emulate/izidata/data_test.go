package izidata

import "testing"

// TestFraudStatusBands: docs/vendors/izidata.md#iz-21's bands, written out (PASS below 50,
// NEEDS_VERIFICATION 50-69, REJECT from 70).
func TestFraudStatusBands(t *testing.T) {
	for score, want := range map[int]string{
		0: "PASS", 19: "PASS", 49: "PASS",
		50: "NEEDS_VERIFICATION", 56: "NEEDS_VERIFICATION", 69: "NEEDS_VERIFICATION",
		70: "REJECT", 76: "REJECT", 100: "REJECT",
	} {
		if got := fraudStatus(score); got != want {
			t.Errorf("fraudStatus(%d) = %s, want %s", score, got, want)
		}
	}
}
