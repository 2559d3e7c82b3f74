// Package phone answers iziData's /v1/phone "Global Phone Carrier Inquiry"
// from real numbering data: libphonenumber's metadata, carrier, geocoding and
// time-zone tables as shipped by github.com/nyaruka/phonenumbers.
//
// What the vendor's answer is built from, and the choices made here where the
// vendor documentation is silent:
//
//   - number_type, is_valid_number, e164, region_code: libphonenumber as is.
//   - carrier: the carrier table, looked up only for MOBILE,
//     FIXED_LINE_OR_MOBILE and PAGER numbers (libphonenumber's carrier mapper
//     rule); "" otherwise and when the table has no entry.
//   - location: the area description of the geocoding table, looked up only
//     for FIXED_LINE, MOBILE and FIXED_LINE_OR_MOBILE numbers (libphonenumber's
//     geocoder rule, mobile token stripped), and NEVER replaced by the country
//     name when the table has no entry: the vendor's own example gives
//     "location":{"en":""} for an Indonesian mobile, where the geocoders of
//     libphonenumber (Java, Python) and of nyaruka/phonenumbers ≥ v1.0.73 fall
//     back to "Indonesia".
//   - time_zones: libphonenumber's time-zone mapper: ["Etc/Unknown"] for an
//     UNKNOWN number, the country's zones for a non-geographical one
//     (toll-free, premium…), the prefix's zones otherwise.
//
// The carrier and geocoding tables are libphonenumber's English ones, copied
// from the nyaruka module (prefixes.go) and held compactly: 2.3 MB of heap
// where nyaruka's maps take 16 MB. They and nyaruka's time-zone table load
// lazily, on first use, about 25 ms of CPU in all (inflating the geocoding
// table is most of it). Call Warm in the
// background at start-up so that no request pays for it.
package phone

//go:generate go run ./internal/copytables

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/nyaruka/phonenumbers"
)

// Info is the "message" object of a successful /v1/phone answer. The field
// order is the vendor example's.
type Info struct {
	CountryCode    int               `json:"country_code"`
	NationalNumber uint64            `json:"national_number"`
	IsValidNumber  bool              `json:"is_valid_number"`
	NumberType     string            `json:"number_type"` // libphonenumber name, see typeNames
	E164           string            `json:"e164"`
	RegionCode     string            `json:"region_code"` // "" when no region owns the number, "001" for non-geographic entities
	Location       map[string]string `json:"location"`    // {"en": area description or ""}
	TimeZones      []string          `json:"time_zones"`  // never empty
	Carrier        map[string]string `json:"carrier"`     // {"en": carrier name or ""}
}

// The messages of a failed parse, the "message" of {"status":"fail"}.
const (
	// MsgNotANumber is the vendor's documented text (izidata "Global Phone
	// Carrier Inquiry", docs/vendors/izidata.md#iz-16), given for empty and non-numeric
	// input. It is the text the early Go port of libphonenumber gave for
	// ErrNotANumber; Python's for the same input is "The string supplied did
	// not seem to be a phone number.".
	MsgNotANumber = "The phone number supplied is not a number."
	// MsgInvalidRegion: no usable default region and no leading '+'.
	MsgInvalidRegion = "Missing or invalid default region."
	// MsgUnknownCodeAfterPlus: '+' followed by no known country calling code.
	MsgUnknownCodeAfterPlus = "Could not interpret numbers after plus-sign."
	// MsgUnknownCodeAfterIDD: an international prefix (e.g. "00") followed by
	// no known country calling code.
	MsgUnknownCodeAfterIDD = "Country calling code supplied was not recognised."
	// MsgTooShortAfterIDD: an international prefix with too few digits after it.
	MsgTooShortAfterIDD = "Phone number had an IDD, but after this was not long enough to be a viable phone number."
	MsgTooShort         = "The string supplied is too short to be a phone number."
	MsgTooLong          = "The string supplied is too long to be a phone number."
)

// ParseError is the error of Lookup when the number cannot be parsed. Its
// Error is one of the Msg constants; Unwrap gives nyaruka's error.
type ParseError struct {
	msg string
	err error
}

func (e *ParseError) Error() string { return e.msg }
func (e *ParseError) Unwrap() error { return e.err }

// errNoCountryCode stands in for an error should nyaruka ever parse a number
// to country code 0 (its region check accepts a '+' anywhere in the number,
// libphonenumber's only a leading one); fuzzing found no such input in
// v1.8.1, this keeps a "+0…" e164 out of the answers all the same.
var errNoCountryCode = errors.New("phone: parsed without a country calling code")

// typeNames are libphonenumber's PhoneNumberType names, by nyaruka's values.
var typeNames = map[phonenumbers.PhoneNumberType]string{
	phonenumbers.FIXED_LINE:           "FIXED_LINE",
	phonenumbers.MOBILE:               "MOBILE",
	phonenumbers.FIXED_LINE_OR_MOBILE: "FIXED_LINE_OR_MOBILE",
	phonenumbers.TOLL_FREE:            "TOLL_FREE",
	phonenumbers.PREMIUM_RATE:         "PREMIUM_RATE",
	phonenumbers.SHARED_COST:          "SHARED_COST",
	phonenumbers.VOIP:                 "VOIP",
	phonenumbers.PERSONAL_NUMBER:      "PERSONAL_NUMBER",
	phonenumbers.PAGER:                "PAGER",
	phonenumbers.UAN:                  "UAN",
	phonenumbers.VOICEMAIL:            "VOICEMAIL",
	phonenumbers.UNKNOWN:              "UNKNOWN",
}

// Lookup parses number with the default region (e.g. "ID", case-sensitive as
// in libphonenumber; "" is allowed when number starts with '+') and describes
// it. A parsable number that is not valid still succeeds, with
// IsValidNumber false and NumberType "UNKNOWN". On a parse failure the error
// is a *ParseError whose Error is the vendor's message for that failure.
//
// The answer is a pure function of number and region, and libphonenumber's
// parser (regular expressions) costs 20–40 µs, so the last few thousand
// answers are kept: a test suite asks about the same numbers again and
// again. The Info returned is the caller's own.
func Lookup(number, region string) (Info, error) {
	k := lookupKey{number, region}
	memo.mu.Lock()
	r, ok := memo.m[k]
	memo.mu.Unlock()
	if !ok {
		r.facts, r.err = lookup(number, region)
		// The key's strings may share a request body's memory: keep copies.
		k = lookupKey{strings.Clone(number), strings.Clone(region)}
		memo.mu.Lock()
		if len(memo.m) >= memoSize {
			clear(memo.m) // simple and bounded; a working set this large misses anyway
		}
		memo.m[k] = r
		memo.mu.Unlock()
	}
	if r.err != nil {
		return Info{}, r.err
	}
	return r.facts.info(), nil
}

// memoSize bounds the memo: about 250 bytes an entry (an Info, with its two
// maps and slice, took 1.1 KB).
const memoSize = 4096

type lookupKey struct{ number, region string }

type lookupResult struct {
	facts facts
	err   error
}

var memo = struct {
	mu sync.Mutex
	m  map[lookupKey]lookupResult
}{m: map[lookupKey]lookupResult{}}

// facts is an Info without its maps: what the memo keeps. zones is shared
// (nyaruka's table's own slice): info copies it.
type facts struct {
	countryCode       int
	nationalNumber    uint64
	valid             bool
	numberType        string
	e164, region      string
	location, carrier string
	zones             []string
}

func (f *facts) info() Info {
	return Info{
		CountryCode:    f.countryCode,
		NationalNumber: f.nationalNumber,
		IsValidNumber:  f.valid,
		NumberType:     f.numberType,
		E164:           f.e164,
		RegionCode:     f.region,
		Location:       map[string]string{"en": f.location},
		TimeZones:      slices.Clone(f.zones),
		Carrier:        map[string]string{"en": f.carrier},
	}
}

// lookup is Lookup without the memo.
func lookup(number, region string) (facts, error) {
	n, err := phonenumbers.Parse(number, region)
	if err == nil && n.GetCountryCode() == 0 {
		err = errNoCountryCode
	}
	if err != nil {
		return facts{}, &ParseError{msg: message(err, number, region), err: err}
	}
	typ := phonenumbers.GetNumberType(n)
	e164 := phonenumbers.Format(n, phonenumbers.E164)
	name, ok := typeNames[typ]
	if !ok {
		name = "UNKNOWN"
	}
	return facts{
		countryCode:    int(n.GetCountryCode()),
		nationalNumber: n.GetNationalNumber(),
		// IsValidNumber(n) is GetNumberType(n) != UNKNOWN for the number's
		// own region (as libphonenumber defines it); the type is known.
		valid:      typ != phonenumbers.UNKNOWN,
		numberType: name,
		e164:       e164,
		region:     phonenumbers.GetRegionCodeForNumber(n),
		location:   location(n, typ, e164),
		zones:      timeZones(n, typ),
		carrier:    carrier(e164, typ),
	}, nil
}

// Unparsed describes a number that did not parse, for an answer a scenario
// forces to succeed anyway: libphonenumber's UNKNOWN type, its unknown time
// zone, no location and no carrier.
func Unparsed() Info {
	return (&facts{numberType: "UNKNOWN", zones: unknownZones}).info()
}

// message maps nyaruka's parse errors to the vendor's texts.
func message(err error, number, region string) string {
	switch {
	case errors.Is(err, phonenumbers.ErrNotANumber):
		return MsgNotANumber
	case errors.Is(err, phonenumbers.ErrTooShortNSN):
		return MsgTooShort
	case errors.Is(err, phonenumbers.ErrNumTooLong):
		return MsgTooLong
	case errors.Is(err, phonenumbers.ErrTooShortAfterIDD):
		return MsgTooShortAfterIDD
	case errors.Is(err, phonenumbers.ErrInvalidCountryCode), errors.Is(err, errNoCountryCode):
		// nyaruka has one error where libphonenumber has three messages.
		plus := startsWithPlus(number)
		switch {
		case !plus && !phonenumbers.GetSupportedRegions()[region]:
			return MsgInvalidRegion
		case plus:
			return MsgUnknownCodeAfterPlus
		default:
			return MsgUnknownCodeAfterIDD
		}
	}
	return MsgNotANumber
}

// startsWithPlus reports whether the first character that may start a phone
// number (a plus sign or a digit, libphonenumber's VALID_START_CHAR) is a plus.
func startsWithPlus(s string) bool {
	for _, r := range s {
		switch {
		case r == '+' || r == '\uFF0B':
			return true
		case unicode.IsDigit(r):
			return false
		}
	}
	return false
}

// carrier is libphonenumber's carrier mapper: mobile-like numbers only.
// e164 is the number in E.164.
func carrier(e164 string, typ phonenumbers.PhoneNumberType) string {
	if typ != phonenumbers.MOBILE && typ != phonenumbers.FIXED_LINE_OR_MOBILE && typ != phonenumbers.PAGER {
		return ""
	}
	return carrierTable().lookup(e164)
}

// location is libphonenumber's geocoder without the fall-back to the
// country's name. e164 is n in E.164.
func location(n *phonenumbers.PhoneNumber, typ phonenumbers.PhoneNumberType, e164 string) string {
	if typ != phonenumbers.FIXED_LINE && typ != phonenumbers.MOBILE && typ != phonenumbers.FIXED_LINE_OR_MOBILE {
		return ""
	}
	// Argentina and Mexico put a mobile token before the area code; the
	// geocoding table is keyed without it.
	if token := phonenumbers.GetCountryMobileToken(int(n.GetCountryCode())); token != "" {
		if nsn := phonenumbers.GetNationalSignificantNumber(n); strings.HasPrefix(nsn, token) {
			rest := nsn[len(token):]
			if nn, err := strconv.ParseUint(rest, 10, 64); err == nil {
				stripped := &phonenumbers.PhoneNumber{CountryCode: n.CountryCode, NationalNumber: &nn}
				if strings.HasPrefix(rest, "0") {
					stripped.ItalianLeadingZero = new(true)
				}
				e164 = phonenumbers.Format(stripped, phonenumbers.E164)
			}
		}
	}
	return geocodingTable().lookup(e164)
}

// timeZones is libphonenumber's time-zone mapper. The slice is not the
// caller's to change: it is nyaruka's table's own, or unknownZones.
func timeZones(n *phonenumbers.PhoneNumber, typ phonenumbers.PhoneNumberType) []string {
	var (
		zones []string
		err   error
	)
	switch {
	case typ == phonenumbers.UNKNOWN:
	case geographical(typ, n.GetCountryCode()):
		zones, err = phonenumbers.GetTimezonesForNumber(n)
	default:
		zones, err = phonenumbers.GetTimezonesForPrefix(strconv.Itoa(int(n.GetCountryCode())))
	}
	if err != nil || len(zones) == 0 {
		return unknownZones
	}
	return zones
}

var unknownZones = []string{phonenumbers.UNKNOWN_TIMEZONE}

// geographical is libphonenumber's isNumberGeographical(type, countryCode).
func geographical(typ phonenumbers.PhoneNumberType, cc int32) bool {
	return typ == phonenumbers.FIXED_LINE || typ == phonenumbers.FIXED_LINE_OR_MOBILE ||
		(typ == phonenumbers.MOBILE && phonenumbers.GEO_MOBILE_COUNTRIES[cc])
}

var warmOnce sync.Once

// Warm loads the tables that load lazily (carriers, English geocoding, time
// zones), so that the first Lookup does not pay for them. It takes about
// 25 ms of CPU and is meant to run in its own goroutine at start-up;
// Lookups made meanwhile wait for the table they need. Calling it again
// does nothing.
func Warm() {
	warmOnce.Do(func() {
		_, _ = Lookup("+6283899575175", "") // a mobile with a carrier: carrier, geocoding and time-zone tables
		_, _ = Lookup("+62215551234", "")   // a fixed line: the geocoding table's hit path
	})
}
