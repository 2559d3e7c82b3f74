package identity

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var ref2025 = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func TestIsNIKFormat(t *testing.T) {
	tests := map[string]bool{
		"3171024302821001":  true,
		"0000000000000000":  true, // format only
		"317102430282100":   false,
		"31710243028210011": false,
		"317102430282100a":  false,
		"3171-02430282100":  false,
		"３１71024302821001":  false, // full-width digits are not ASCII
		"":                  false,
	}
	for s, want := range tests {
		if got := IsNIKFormat(s); got != want {
			t.Errorf("IsNIKFormat(%q) = %v", s, got)
		}
	}
}

func TestParseNIK(t *testing.T) {
	tests := []struct {
		in     string
		region string
		birth  time.Time
		gender Gender
		serial int
	}{
		// The iziData example (docs/vendors/izidata.md#s1-4-6): a woman born 3 February 1982.
		{"3171024302821001", "317102", date(1982, 2, 3), Female, 1001},
		{"7471011208900002", "747101", date(1990, 8, 12), Male, 2},
		{"3174017112249999", "317401", date(2024, 12, 31), Female, 9999}, // day 71 = 31 + 40
		{"1101010101000001", "110101", date(2000, 1, 1), Male, 1},
		{"1101016906250001", "110101", date(2025, 6, 29), Female, 1}, // 29-06-2025 <= ref 01-07-2025
		{"1101010207250001", "110101", date(1925, 7, 2), Male, 1},    // 02-07-2025 would be tomorrow
		{"1101012902000001", "110101", date(2000, 2, 29), Male, 1},   // 2000 is a leap year
		{"1101016902960001", "110101", date(1996, 2, 29), Female, 1},
	}
	for _, tt := range tests {
		n, err := ParseNIK(tt.in, ref2025)
		if err != nil {
			t.Errorf("ParseNIK(%s): %v", tt.in, err)
			continue
		}
		if n.Number != tt.in || n.Region.Code != tt.region || !n.BirthDate.Equal(tt.birth) || n.Gender != tt.gender || n.Serial != tt.serial {
			t.Errorf("ParseNIK(%s) = %+v; want region %s birth %s gender %v serial %d", tt.in, n, tt.region, tt.birth, tt.gender, tt.serial)
		}
	}
}

func TestParseNIKErrors(t *testing.T) {
	tests := []struct {
		in     string
		cause  error
		detail string
	}{
		{"317102430282100", ErrLength, "15 characters"},
		{"", ErrLength, "0 characters"},
		{"31710243028210O1", ErrNotDigits, "character 15"},
		{"9971024302821001", ErrUnknownRegion, "province 99"},
		{"3199024302821001", ErrUnknownRegion, "regency 31.99"},
		{"3171994302821001", ErrUnknownRegion, "district 31.71.99"},
		{"3171020002821001", ErrBadDate, "day 00"},
		{"3171023502821001", ErrBadDate, "day 35"},
		{"3171027202821001", ErrBadDate, "day 72"},
		{"3171020313821001", ErrBadDate, "month 13"},
		{"3171023102821001", ErrBadDate, "1982-02 has no day 31"},
		{"3171022902011001", ErrBadDate, "2001-02 has no day 29"},
		{"3171026802820000", ErrZeroSerial, "0001"},
	}
	for _, tt := range tests {
		_, err := ParseNIK(tt.in, ref2025)
		var ne *NumberError
		if !errors.Is(err, tt.cause) || !errors.As(err, &ne) || ne.Kind != "NIK" || !strings.Contains(err.Error(), tt.detail) {
			t.Errorf("ParseNIK(%q) = %v; want %v mentioning %q", tt.in, err, tt.cause, tt.detail)
		}
	}
}

func TestResolveCentury(t *testing.T) {
	tests := []struct {
		yy, m, d int
		ref      time.Time
		want     int
	}{
		{82, 2, 3, ref2025, 1982},
		{25, 7, 1, ref2025, 2025}, // today
		{25, 7, 2, ref2025, 1925}, // tomorrow
		{26, 1, 1, ref2025, 1926},
		{0, 1, 1, ref2025, 2000},
		{99, 12, 31, date(2100, 1, 1), 2099},
		{0, 1, 2, date(2100, 1, 1), 2000},
		{0, 1, 1, date(2100, 1, 1), 2100},
	}
	for _, tt := range tests {
		if got := resolveCentury(tt.yy, tt.m, tt.d, tt.ref); got != tt.want {
			t.Errorf("resolveCentury(%02d, %d, %d, %s) = %d, want %d", tt.yy, tt.m, tt.d, tt.ref.Format(time.DateOnly), got, tt.want)
		}
	}
}

// Every day of a century, both sexes: compose, parse, get it back.
func TestNIKRoundTrip(t *testing.T) {
	for d := ref2025.AddDate(-99, 0, 0); !d.After(ref2025); d = d.AddDate(0, 0, 1) {
		for _, female := range []bool{false, true} {
			s := nikString(317401, d, female, 1+d.YearDay()*27%9999)
			n, err := ParseNIK(s, ref2025)
			if err != nil {
				t.Fatalf("%s: %v", s, err)
			}
			wantG := Male
			if female {
				wantG = Female
				if day := atoi(s[6:8]); day != d.Day()+40 {
					t.Fatalf("%s: woman's day field %d, want %d", s, day, d.Day()+40)
				}
			}
			if !n.BirthDate.Equal(d) || n.Gender != wantG || n.Region.Code != "317401" {
				t.Fatalf("%s parsed as %+v, want %s %v", s, n, d, wantG)
			}
		}
	}
}

func TestParseKK(t *testing.T) {
	k, err := ParseKK("3174010712190042", ref2025)
	if err != nil || k.Region.City != "JAKARTA SELATAN" || !k.IssueDate.Equal(date(2019, 12, 7)) || k.Serial != 42 {
		t.Errorf("ParseKK = %+v, %v", k, err)
	}
	// A KK has no +40: day 47 is simply wrong.
	if _, err := ParseKK("3174014712190042", ref2025); !errors.Is(err, ErrBadDate) {
		t.Errorf("KK with day 47: %v", err)
	}
	if _, err := ParseKK("31740147121900", ref2025); !errors.Is(err, ErrLength) {
		t.Errorf("short KK: %v", err)
	}
}

func TestNumberErrorTruncatesInput(t *testing.T) {
	_, err := ParseNIK(strings.Repeat("9", 500), ref2025)
	if err == nil || len(err.Error()) > 150 {
		t.Errorf("error for a 500-digit input: %v", err)
	}
}

func TestFormatDate(t *testing.T) {
	if got := FormatDate(date(1982, 2, 3)); got != "03-02-1982" {
		t.Errorf("FormatDate = %q", got)
	}
}

func FuzzParseNIK(f *testing.F) {
	for _, s := range []string{"3171024302821001", "7471011208900002", "3171026802820000", "3171022902011001",
		"9999999999999999", "0000000000000000", "", "31710243028210011", "317102430282100x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNIK(s, ref2025)
		if err != nil {
			var ne *NumberError
			if !errors.As(err, &ne) || ne.Err == nil {
				t.Fatalf("error %v is not a *NumberError with a cause", err)
			}
			return
		}
		if !IsNIKFormat(s) {
			t.Fatalf("accepted %q, which is not 16 digits", s)
		}
		if n.BirthDate.After(ref2025) || n.BirthDate.Before(ref2025.AddDate(-100, 0, 0)) {
			t.Fatalf("%s: birth date %s outside the century before the reference", s, n.BirthDate)
		}
		if n.Serial < 1 || n.Serial > 9999 || (n.Gender != Male && n.Gender != Female) {
			t.Fatalf("%s: %+v", s, n)
		}
		// Composing the parsed parts must give the input back.
		if back := nikString(atoi(n.Region.Code), n.BirthDate, n.Gender == Female, n.Serial); back != s {
			t.Fatalf("%s recomposed as %s", s, back)
		}
	})
}

func FuzzParseKK(f *testing.F) {
	for _, s := range []string{"3174010712190042", "3174014712190042", "1101010101000001", "", "abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseKK(s, ref2025)
		if err != nil {
			if !errors.Is(err, ErrLength) && !errors.Is(err, ErrNotDigits) && !errors.Is(err, ErrUnknownRegion) &&
				!errors.Is(err, ErrBadDate) && !errors.Is(err, ErrZeroSerial) {
				t.Fatalf("unexpected cause: %v", err)
			}
			return
		}
		if back := nikString(atoi(k.Region.Code), k.IssueDate, false, k.Serial); back != s {
			t.Fatalf("%s recomposed as %s", s, back)
		}
	})
}

func BenchmarkParseNIK(b *testing.B) {
	loadRegions()
	for b.Loop() {
		if _, err := ParseNIK("3171024302821001", ref2025); err != nil {
			b.Fatal(err)
		}
	}
}
