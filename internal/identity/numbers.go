package identity

import (
	"errors"
	"fmt"
	"time"
)

// Causes of a NumberError; test with errors.Is.
var (
	ErrLength        = errors.New("wrong length")
	ErrNotDigits     = errors.New("not all digits")
	ErrUnknownRegion = errors.New("unknown region")
	ErrBadDate       = errors.New("impossible date")
	ErrZeroSerial    = errors.New("serial is 0000")
	ErrChecksum      = errors.New("wrong check digit")
)

// NumberError says what is wrong with a NIK, KK or NPWP number.
type NumberError struct {
	Kind   string // "NIK", "KK" or "NPWP"
	Input  string
	Err    error  // one of the Err* causes above
	Detail string // e.g. "day 35 is neither 01-31 nor 41-71 (women)"
}

func (e *NumberError) Error() string {
	in := e.Input
	if len(in) > 40 {
		in = in[:40] + "..."
	}
	msg := fmt.Sprintf("identity: %s %q: %v", e.Kind, in, e.Err)
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

func (e *NumberError) Unwrap() error { return e.Err }

// Gender is encoded in a NIK: women's birth day has 40 added.
type Gender uint8

// The two genders a KTP knows.
const (
	Male Gender = iota + 1
	Female
)

// String returns the KTP spelling.
func (g Gender) String() string {
	switch g {
	case Male:
		return "LAKI-LAKI"
	case Female:
		return "PEREMPUAN"
	}
	return ""
}

// NIK is a parsed Nomor Induk Kependudukan: PPRRDD DDMMYY SSSS, where PPRRDD
// is the district of first registration, DD is the birth day (+40 for women)
// and SSSS a serial among people of that district and birth date. The
// iziData example NIK 3171024302821001 (docs/vendors/izidata.md#s1-4-6) is a woman born
// 03-02-1982 in 31.71.02.
type NIK struct {
	Number    string
	Region    Region
	BirthDate time.Time // midnight UTC
	Gender    Gender
	Serial    int // 1..9999
}

// KK is a parsed Kartu Keluarga number: PPRRDD DDMMYY SSSS, with the issue
// date in place of a birth date and no +40.
type KK struct {
	Number    string
	Region    Region
	IssueDate time.Time // midnight UTC
	Serial    int
}

// IsNIKFormat reports whether s is exactly 16 ASCII digits, the only check
// several vendors make (iziData docs/vendors/izidata.md#iz-17).
func IsNIKFormat(s string) bool {
	return len(s) == 16 && allDigits(s)
}

// ParseNIK validates a NIK against the region table and the calendar. The
// two-digit year is read as the latest year that puts the birth date on or
// before ref (so with ref in 2025, "25" is 2025 only up to ref's date, and
// "30" is 1930): a NIK cannot name an unborn person, and nobody alive is
// more than a century old. Generator.ParseNIK passes the generator's
// reference date.
func ParseNIK(s string, ref time.Time) (NIK, error) {
	p, err := decodeNumber("NIK", s, ref, true)
	if err != nil {
		return NIK{}, err
	}
	return NIK{Number: s, Region: p.tab.region(p.dist), BirthDate: p.date, Gender: p.gender, Serial: p.serial}, nil
}

// ParseKK validates a Kartu Keluarga number as ParseNIK does a NIK; the
// issue date's century is resolved the same way.
func ParseKK(s string, ref time.Time) (KK, error) {
	p, err := decodeNumber("KK", s, ref, false)
	if err != nil {
		return KK{}, err
	}
	return KK{Number: s, Region: p.tab.region(p.dist), IssueDate: p.date, Serial: p.serial}, nil
}

// numberParts is what a NIK or KK encodes. decodeNumber fills it strictly;
// the generator reads the same fields leniently (see lenientParts).
type numberParts struct {
	tab    *regionTable
	dist   int // index into tab.dists
	date   time.Time
	gender Gender
	serial int
}

func decodeNumber(kind, s string, ref time.Time, nik bool) (numberParts, error) {
	fail := func(cause error, format string, args ...any) (numberParts, error) {
		return numberParts{}, &NumberError{Kind: kind, Input: s, Err: cause, Detail: fmt.Sprintf(format, args...)}
	}
	if len(s) != 16 {
		return fail(ErrLength, "got %d characters, want 16 digits", len(s))
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return fail(ErrNotDigits, "character %d is %q", i+1, s[i])
		}
	}
	t := loadRegions()
	code := atoi(s[:6])
	di, ok := t.districtIndex(code)
	if !ok {
		return fail(ErrUnknownRegion, "%s is not in the Kepmendagri 2025 table", t.unknownLevel(code))
	}
	day, month, yy := atoi(s[6:8]), atoi(s[8:10]), atoi(s[10:12])
	g := Male
	if nik && day > 40 {
		g, day = Female, day-40
	}
	if day < 1 || day > 31 {
		if nik {
			return fail(ErrBadDate, "day %s is neither 01-31 nor 41-71 (women)", s[6:8])
		}
		return fail(ErrBadDate, "day %s is not 01-31", s[6:8])
	}
	if month < 1 || month > 12 {
		return fail(ErrBadDate, "month %s is not 01-12", s[8:10])
	}
	year := resolveCentury(yy, month, day, ref)
	if day > daysIn(year, month) {
		return fail(ErrBadDate, "%04d-%02d has no day %d", year, month, day)
	}
	serial := atoi(s[12:])
	if serial == 0 {
		return fail(ErrZeroSerial, "serials start at 0001")
	}
	return numberParts{
		tab:    t,
		dist:   di,
		date:   time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC),
		gender: g,
		serial: serial,
	}, nil
}

// resolveCentury picks the latest year ending in yy whose date (month, day)
// is not after ref's date.
func resolveCentury(yy, month, day int, ref time.Time) int {
	ry, rm, rd := ref.Date()
	y := ry - ry%100 + yy
	if y > ry || (y == ry && (month > int(rm) || (month == int(rm) && day > rd))) {
		y -= 100
	}
	return y
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// FormatDate writes t as DD-MM-YYYY, the KTP and KK style.
func FormatDate(t time.Time) string {
	return t.Format("02-01-2006")
}

// nikString composes PPRRDD DDMMYY SSSS; women get day+40 when female is set.
func nikString(distCode int, date time.Time, female bool, serial int) string {
	day := date.Day()
	if female {
		day += 40
	}
	var b [16]byte
	putDigits(b[0:6], distCode)
	putDigits(b[6:8], day)
	putDigits(b[8:10], int(date.Month()))
	putDigits(b[10:12], date.Year()%100)
	putDigits(b[12:16], serial)
	return string(b[:])
}

// putDigits writes n right-aligned and zero-padded into b.
func putDigits(b []byte, n int) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
}
