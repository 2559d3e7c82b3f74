package identity

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// Published NPWPs with known-good check digits: Business::ID::NPWP's
// synopsis, python-stdnum's tests, the iziData NPWP OCR example and a
// worked example of the Luhn step (12345678 -> 2).
func TestLuhnDigit(t *testing.T) {
	tests := map[string]byte{
		"02183241": '5',
		"01312166": '0',
		"01609052": '4',
		"76520248": '6',
		"12345678": '2',
		"00000000": '0',
	}
	for payload, want := range tests {
		if got := luhnDigit([]byte(payload)); got != want {
			t.Errorf("luhnDigit(%s) = %c, want %c", payload, got, want)
		}
	}
}

func TestValidateNPWP(t *testing.T) {
	tests := []struct {
		in    string
		cause error // nil: valid
	}{
		{"02.183.241.5-000.000", nil},
		{"76.520.248.6-066.000", nil},
		{"013121660091000", nil},
		{"0013121660091000", nil},        // 16-digit form of a 15-digit NPWP
		{"3171024302821001", nil},        // 16-digit form of a resident: the NIK
		{"216090524017001", ErrChecksum}, // python-stdnum's invalid example
		{"02.183.241.4-000.000", ErrChecksum},
		{"02.183.241.5-000.00", ErrLength},
		{"02.183.241.5/000.000", ErrNotDigits},
		{"", ErrLength},
	}
	for _, tt := range tests {
		err := ValidateNPWP(tt.in)
		if (tt.cause == nil) != (err == nil) || (tt.cause != nil && !errors.Is(err, tt.cause)) {
			t.Errorf("ValidateNPWP(%q) = %v, want %v", tt.in, err, tt.cause)
		}
	}
}

var npwpPattern = regexp.MustCompile(`^\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.000$`)

func TestNPWPFor(t *testing.T) {
	g := NewGenerator(7)
	for i := range 300 {
		p := g.PersonFor(fmt.Sprint("npwp-", i))
		n := g.NPWPFor(p)
		if !npwpPattern.MatchString(n.Number) {
			t.Fatalf("%s: number %q", p.NIK, n.Number)
		}
		if err := ValidateNPWP(n.Number); err != nil {
			t.Fatalf("%s: %v", p.NIK, err)
		}
		if n.NIK != p.NIK || n.Number16 != p.NIK || n.Name != p.Name {
			t.Fatalf("%+v does not belong to %s %s", n, p.NIK, p.Name)
		}
		if !strings.HasPrefix(n.KPP, "KPP PRATAMA ") || strings.Contains(n.KPP, "KABUPATEN") || strings.Contains(n.KPP, "KOTA ") {
			t.Fatalf("KPP %q", n.KPP)
		}
		if !strings.HasPrefix(n.Address, p.Address) || !strings.Contains(n.Address, p.Village) || strings.Contains(n.Address, "\n") {
			t.Fatalf("address %q for %+v", n.Address, p)
		}
		if n.RegDate.After(g.ReferenceDate()) || (ageAt(p.BirthDate, g.ReferenceDate()) >= 18 && n.RegDate.Before(p.BirthDate.AddDate(18, 0, 0))) {
			t.Fatalf("registered %s, born %s", n.RegDate, p.BirthDate)
		}
		if g.NPWPFor(p) != n {
			t.Fatal("NPWPFor is not deterministic")
		}
	}
}

func FuzzValidateNPWP(f *testing.F) {
	for _, s := range []string{"02.183.241.5-000.000", "013121660091000", "0013121660091000", "3171024302821001", "", "..--"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidateNPWP(s)
		var ne *NumberError
		if err != nil && (!errors.As(err, &ne) || ne.Kind != "NPWP") {
			t.Fatalf("error %v is not an NPWP *NumberError", err)
		}
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s)
		if err == nil && len(digits) == 15 && luhnDigit([]byte(digits[:8])) != digits[8] {
			t.Fatalf("accepted %q with a wrong check digit", s)
		}
		if err == nil && len(digits) != 15 && len(digits) != 16 {
			t.Fatalf("accepted %q with %d digits", s, len(digits))
		}
	})
}
