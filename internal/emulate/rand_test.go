package emulate

import (
	"strings"
	"testing"
)

func TestIndonesianPhone(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"+6283899575175", "+6283899575175", true},
		{"6283899575175", "+6283899575175", true},
		{"083899575175", "+6283899575175", true},
		{"83899575175", "+6283899575175", true},
		{"+62 838-9957-5175", "+6283899575175", true},
		{"+628958000001", "+628958000001", true},
		{"", "", false},
		{"+1 415 555 0100", "", false},
		{"0812", "", false},
		{"08123456789012345", "", false},
		{"62abc", "", false},
		{"+620812345678", "", false},
		// After a '+' the country code is the number's own (docs/vendors/izidata.md#iz-15 lists
		// +62… only): Japan, China, Korea and a '+0' are not Indonesian.
		{"+81312345678", "", false},
		{"+8613812345678", "", false},
		{"+82 10 1234 5678", "", false},
		{"+0812345678", "", false},
	} {
		got, ok := IndonesianPhone(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("IndonesianPhone(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestMD5Hex(t *testing.T) {
	// The iziData seed's own examples (docs/vendors/izidata.md#s1-4-6).
	for in, want := range map[string]string{
		"+62820188001":     "4b5c890525ed9f0faef12d193345bbfd",
		"+62895806600002":  "926799cb75a5d93c1c0fca56ba2b265d",
		"3171024302821001": "f207821365c0485257481e9eb0020ae7",
	} {
		if got := MD5Hex(in); got != want {
			t.Errorf("MD5Hex(%q) = %s, want %s", in, got, want)
		}
	}
	if !IsMD5Hex("4C161E03"+"4b5c890525ed9f0faef12d19") || IsMD5Hex("zz5c890525ed9f0faef12d193345bbfd") || IsMD5Hex("abc") {
		t.Error("IsMD5Hex misjudges")
	}
}

func TestRandDeterministic(t *testing.T) {
	a, b, c := Rand(1, "x", "y"), Rand(1, "x", "y"), Rand(2, "x", "y")
	va, vb, vc := a.Uint64(), b.Uint64(), c.Uint64()
	if va != vb || va == vc {
		t.Errorf("Rand: same seed %d %d, other seed %d", va, vb, vc)
	}
	if Rand(1, "xy").Uint64() == Rand(1, "x", "y").Uint64() {
		t.Error("parts must be separated")
	}
}

func TestIDs(t *testing.T) {
	a, b := NewIDs(1, true), NewIDs(1, true)
	u, h := a.For("verihubs").UUID(), a.For("accuauth").Hex(32)
	if u != b.For("verihubs").UUID() || h != b.For("accuauth").Hex(32) {
		t.Error("reproducible: same seed, different ids")
	}
	if len(u) != 36 || u[14] != '4' || len(h) != 32 || strings.Trim(h, "0123456789abcdef") != "" {
		t.Errorf("ids %q %q", u, h)
	}
	a.Reset()
	if a.For("verihubs").UUID() != u {
		t.Error("reproducible: Reset does not restart the sequence")
	}
	// One vendor's ids are not another's: a 32-digit id is not two
	// 16-digit ids of another vendor glued together.
	c := NewIDs(1, true)
	if x, y := c.For("advance").Hex(16), c.For("advance").Hex(16); h == x+y || h[:16] == x {
		t.Errorf("accuauth %s is advance's %s %s", h, x, y)
	}
	// Unique (the default): another run, or a reset, draws other ids.
	d, e := NewIDs(1, false), NewIDs(1, false)
	first := d.For("advance").Hex(16)
	if first == e.For("advance").Hex(16) || first == c.For("advance").Hex(16) {
		t.Error("unique ids repeat across runs")
	}
	d.Reset()
	if d.For("advance").Hex(16) == first {
		t.Error("unique ids repeat after a reset")
	}
}
