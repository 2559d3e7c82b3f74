package phone

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// The vendor's documented example (izidata "Global Phone Carrier Inquiry",
// docs/vendors/izidata.md#s1-4-4), byte for byte.
func TestVendorExample(t *testing.T) {
	info, err := Lookup("83899575175", "ID")
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"country_code":62,"national_number":83899575175,"is_valid_number":true,"number_type":"MOBILE","e164":"+6283899575175","region_code":"ID","location":{"en":""},"time_zones":["Asia/Jakarta"],"carrier":{"en":"AXIS"}}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// Expected values are those of the Python libphonenumber (phonenumbers
// 8.12.57) except location, where Python falls back to the country's name
// and the vendor does not (see the package comment).
func TestLookup(t *testing.T) {
	jakartaMakassar := []string{"Asia/Jakarta", "Asia/Makassar"}
	jakarta := []string{"Asia/Jakarta"}
	unknown := []string{"Etc/Unknown"}
	tests := []struct {
		name, number, region string
		want                 Info
	}{
		{"Telkomsel mobile", "+6281112345678", "", Info{62, 81112345678, true, "MOBILE", "+6281112345678", "ID", en(""), jakartaMakassar, en("Telkomsel")}},
		{"Telkomsel, national format with dashes", "0812-3456-7890", "ID", Info{62, 81234567890, true, "MOBILE", "+6281234567890", "ID", en(""), jakarta, en("Telkomsel")}},
		{"XL, spaced international", "+62 878 1234 5678", "", Info{62, 87812345678, true, "MOBILE", "+6287812345678", "ID", en(""), jakarta, en("XL")}},
		// Python 8.12.57 says "IM3"; nyaruka's newer table has the merged operator's name.
		{"Indosat", "+628551234567", "ID", Info{62, 8551234567, true, "MOBILE", "+628551234567", "ID", en(""), jakarta, en("Indosat Ooredoo Hutchison")}},
		{"Smartfren", "+6288212345678", "", Info{62, 88212345678, true, "MOBILE", "+6288212345678", "ID", en(""), jakarta, en("Smartfren")}},
		{"country code without plus", "6283899575175", "ID", Info{62, 83899575175, true, "MOBILE", "+6283899575175", "ID", en(""), jakarta, en("AXIS")}},
		{"Jakarta fixed line", "+62 21 5551234", "", Info{62, 215551234, true, "FIXED_LINE", "+62215551234", "ID", en("Greater Jakarta"), jakarta, en("")}},
		{"Jakarta fixed line, national", "(021) 2934-5678", "ID", Info{62, 2129345678, true, "FIXED_LINE", "+622129345678", "ID", en("Greater Jakarta"), jakarta, en("")}},
		{"extension dropped from e164", "+62 21 5551234 ext. 12", "", Info{62, 215551234, true, "FIXED_LINE", "+62215551234", "ID", en("Greater Jakarta"), jakarta, en("")}},
		{"default region ignored after plus", "+62 21 5551234", "US", Info{62, 215551234, true, "FIXED_LINE", "+62215551234", "ID", en("Greater Jakarta"), jakarta, en("")}},
		{"US number", "+1 212-555-1234", "", Info{1, 2125551234, true, "FIXED_LINE_OR_MOBILE", "+12125551234", "US", en("New York, NY"), []string{"America/New_York"}, en("")}},
		{"US national", "(212) 555-1234", "US", Info{1, 2125551234, true, "FIXED_LINE_OR_MOBILE", "+12125551234", "US", en("New York, NY"), []string{"America/New_York"}, en("")}},
		{"Beijing mobile (the crawler.club example of the same API)", "13800138000", "CN", Info{86, 13800138000, true, "MOBILE", "+8613800138000", "CN", en("Beijing"), []string{"Asia/Shanghai"}, en("China Mobile")}},
		{"area description equal to the country's name", "+35225123456", "", Info{352, 25123456, true, "FIXED_LINE", "+35225123456", "LU", en("Luxembourg"), []string{"Europe/Luxembourg"}, en("")}},
		{"Isle of Man, region other than the calling code's main one", "+441624612345", "", Info{44, 1624612345, true, "FIXED_LINE", "+441624612345", "IM", en("Isle of Man"), []string{"Europe/Isle_of_Man"}, en("")}},
		{"Argentine mobile token stripped for geocoding", "+5491123456789", "", Info{54, 91123456789, true, "MOBILE", "+5491123456789", "AR", en("Buenos Aires"), []string{"America/Buenos_Aires"}, en("")}},
		{"UK mobile, no area", "+447400123456", "", Info{44, 7400123456, true, "MOBILE", "+447400123456", "GB", en(""), []string{"Europe/Guernsey", "Europe/Isle_of_Man", "Europe/Jersey", "Europe/London"}, en("Three")}},
		{"international toll-free", "+80012345678", "", Info{800, 12345678, true, "TOLL_FREE", "+80012345678", "001", en(""), unknown, en("")}},

		{"invalid: too short for Telkomsel", "+628112345", "", Info{62, 8112345, false, "UNKNOWN", "+628112345", "ID", en(""), unknown, en("")}},
		{"invalid: unassigned 0800 range", "+6280012345678", "", Info{62, 80012345678, false, "UNKNOWN", "+6280012345678", "ID", en(""), unknown, en("")}},
		{"invalid: three digits", "+62811", "", Info{62, 811, false, "UNKNOWN", "+62811", "ID", en(""), unknown, en("")}},
		{"invalid: national two digits", "12", "ID", Info{62, 12, false, "UNKNOWN", "+6212", "ID", en(""), unknown, en("")}},
		{"invalid: NANP number without a region", "+13452345678", "", Info{1, 3452345678, false, "UNKNOWN", "+13452345678", "KY", en(""), unknown, en("")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Lookup(tt.number, tt.region)
			if err != nil {
				t.Fatalf("Lookup(%q, %q): %v", tt.number, tt.region, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Lookup(%q, %q)\n got  %+v\n want %+v", tt.number, tt.region, got, tt.want)
			}
		})
	}
}

func en(s string) map[string]string { return map[string]string{"en": s} }

func TestLookupTollFreeHasTheCountrysZones(t *testing.T) {
	info, err := Lookup("+1 800 253 0000", "")
	if err != nil {
		t.Fatal(err)
	}
	if info.NumberType != "TOLL_FREE" || info.Location["en"] != "" || info.Carrier["en"] != "" {
		t.Errorf("got %+v", info)
	}
	// Python gives the 42 zones of calling code 1, America/Adak first.
	if len(info.TimeZones) < 30 || info.TimeZones[0] != "America/Adak" {
		t.Errorf("time zones %v, want calling code 1's", info.TimeZones)
	}
}

func TestLookupErrors(t *testing.T) {
	tests := []struct {
		number, region, want string
		cause                error
	}{
		{"", "ID", MsgNotANumber, phonenumbers.ErrNotANumber},
		{"abc", "ID", MsgNotANumber, phonenumbers.ErrNotANumber},
		{"1", "ID", MsgNotANumber, phonenumbers.ErrNotANumber},
		{"+", "", MsgNotANumber, phonenumbers.ErrNotANumber},
		{"tel:0812;phone-context=", "ID", MsgNotANumber, phonenumbers.ErrNotANumber},
		{"083899575175", "", MsgInvalidRegion, phonenumbers.ErrInvalidCountryCode},
		{"083899575175", "id", MsgInvalidRegion, phonenumbers.ErrInvalidCountryCode},
		{"083899575175", "XX", MsgInvalidRegion, phonenumbers.ErrInvalidCountryCode},
		{"083899575175", "ZZ", MsgInvalidRegion, phonenumbers.ErrInvalidCountryCode},
		{"+99912345", "", MsgUnknownCodeAfterPlus, phonenumbers.ErrInvalidCountryCode},
		{"+0012", "ID", MsgUnknownCodeAfterPlus, phonenumbers.ErrInvalidCountryCode},
		{"00999123456", "ID", MsgUnknownCodeAfterIDD, phonenumbers.ErrInvalidCountryCode},
		{"01112", "US", MsgTooShortAfterIDD, phonenumbers.ErrTooShortAfterIDD},
		{"+62 8", "", MsgTooShort, phonenumbers.ErrTooShortNSN},
		{"12345678901234567890", "ID", MsgTooLong, phonenumbers.ErrNumTooLong},
		{strings.Repeat("1", 251), "ID", MsgTooLong, phonenumbers.ErrNumTooLong},
	}
	for _, tt := range tests {
		info, err := Lookup(tt.number, tt.region)
		if err == nil {
			t.Errorf("Lookup(%q, %q) = %+v, want error %q", tt.number, tt.region, info, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("Lookup(%q, %q) error %q, want %q", tt.number, tt.region, err, tt.want)
		}
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, tt.cause) {
			t.Errorf("Lookup(%q, %q) error %#v, want a *ParseError wrapping %v", tt.number, tt.region, err, tt.cause)
		}
		if !reflect.DeepEqual(info, Info{}) {
			t.Errorf("Lookup(%q, %q) gave %+v with its error", tt.number, tt.region, info)
		}
	}
}

// TestAnswersAreCopies: changing an answer changes neither the memo nor
// nyaruka's tables.
func TestAnswersAreCopies(t *testing.T) {
	a, err := Lookup("+6281112345678", "")
	if err != nil {
		t.Fatal(err)
	}
	a.TimeZones[0] = "Mars/Olympus_Mons"
	a.Carrier["en"] = "Olympus Mobile"
	a.Location["en"] = "Tharsis"
	b, _ := Lookup("+6281112345678", "")
	if b.TimeZones[0] != "Asia/Jakarta" || b.Carrier["en"] != "Telkomsel" || b.Location["en"] != "" {
		t.Fatalf("answer changed to %+v", b)
	}
}

// TestMemoIsBounded: the memo never holds more than memoSize answers.
func TestMemoIsBounded(t *testing.T) {
	for i := range memoSize + 10 {
		_, _ = Lookup("+62811"+strconv.Itoa(1000000+i), "")
	}
	memo.mu.Lock()
	n := len(memo.m)
	memo.mu.Unlock()
	if n > memoSize || n == 0 {
		t.Fatalf("memo holds %d answers, want 1..%d", n, memoSize)
	}
}

// Lookups racing the lazy table loads and Warm (run with -race).
func TestConcurrentLookupsAndWarm(t *testing.T) {
	var wg sync.WaitGroup
	numbers := []string{"83899575175", "+62215551234", "+12125551234", "13800138000", "abc", "+628112345"}
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i == 0 {
				Warm()
			}
			for j := range 50 {
				n := numbers[(i+j)%len(numbers)]
				region := "ID"
				if n == "13800138000" {
					region = "CN"
				}
				_, _ = Lookup(n, region)
			}
		}()
	}
	wg.Wait()
	Warm() // a second call is a no-op
	info, err := Lookup("83899575175", "ID")
	if err != nil || info.Carrier["en"] != "AXIS" {
		t.Fatalf("after warm: %+v, %v", info, err)
	}
}

var allMessages = map[string]bool{
	MsgNotANumber: true, MsgInvalidRegion: true, MsgUnknownCodeAfterPlus: true, MsgUnknownCodeAfterIDD: true,
	MsgTooShortAfterIDD: true, MsgTooShort: true, MsgTooLong: true,
}

// unmemoized is Lookup without the memo.
func unmemoized(number, region string) (Info, error) {
	f, err := lookup(number, region)
	if err != nil {
		return Info{}, err
	}
	return f.info(), nil
}

func FuzzLookup(f *testing.F) {
	for _, s := range []string{
		"83899575175", "+6281112345678", "0812-3456-7890", "(021) 2934-5678", "+1 212-555-1234",
		"+5491123456789", "+80012345678", "", "abc", "1+2345", "00999123456", "001", "+0012",
		"tel:+62-21-5551234;phone-context=+62", "tel:0812;phone-context=", "+62 21 5551234 ext. 12",
		"１２３４５６７８", "+٦٢٨١٢٣٤٥٦٧٨٩", "0812\x00345", "++62811", "+62 8",
	} {
		for _, region := range []string{"ID", "", "US", "CN", "id", "001"} {
			f.Add(s, region)
		}
	}
	f.Fuzz(func(t *testing.T, number, region string) {
		info, err := Lookup(number, region)
		again, againErr := unmemoized(number, region)
		if !reflect.DeepEqual(info, again) || fmt.Sprint(err) != fmt.Sprint(againErr) {
			t.Fatalf("Lookup(%q, %q) = %+v, %v; unmemoized %+v, %v", number, region, info, err, again, againErr)
		}
		if err == nil {
			n, _ := phonenumbers.Parse(number, region)
			if valid := phonenumbers.IsValidNumber(n); info.IsValidNumber != valid {
				t.Fatalf("Lookup(%q, %q): is_valid_number %v, IsValidNumber %v", number, region, info.IsValidNumber, valid)
			}
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || !allMessages[err.Error()] {
				t.Fatalf("Lookup(%q, %q) error %#v", number, region, err)
			}
			return
		}
		if !strings.HasPrefix(info.E164, "+") {
			t.Fatalf("Lookup(%q, %q): e164 %q", number, region, info.E164)
		}
		if info.CountryCode <= 0 || len(info.TimeZones) == 0 || info.NumberType == "" ||
			info.Location == nil || info.Carrier == nil {
			t.Fatalf("Lookup(%q, %q) = %+v", number, region, info)
		}
		if _, err := json.Marshal(info); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkLookup: "memo" is a number asked about before, "parse" the
// work of a number the memo does not hold.
func BenchmarkLookup(b *testing.B) {
	Warm()
	for _, bc := range []struct{ name, number, region string }{
		{"IDMobile", "83899575175", "ID"},
		{"IDFixed", "+62215551234", ""},
		{"Invalid", "+628112345", ""},
		{"NotANumber", "abc", "ID"},
	} {
		for _, way := range []struct {
			name string
			fn   func(string, string) (Info, error)
		}{{"memo", Lookup}, {"parse", unmemoized}} {
			b.Run(bc.name+"/"+way.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					_, _ = way.fn(bc.number, bc.region)
				}
			})
		}
	}
}

func BenchmarkLookupParallel(b *testing.B) {
	Warm()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			_, _ = Lookup("83899575175", "ID")
		}
	})
}

// TestMemoHeap: a full memo holds about 250 bytes an entry, not the 1.1 KB
// that memoized Infos (two maps and a slice each) held.
func TestMemoHeap(t *testing.T) {
	Warm()
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	memo.mu.Lock()
	clear(memo.m)
	memo.mu.Unlock()
	before := heap()
	for i := range memoSize - 1 {
		_, _ = Lookup("+62811"+strconv.Itoa(1000000+i), "")
	}
	after := heap()
	perEntry := (int64(after) - int64(before)) / (memoSize - 1)
	t.Logf("%d bytes an entry", perEntry)
	if perEntry > 400 {
		t.Fatalf("the memo holds %d bytes an entry, want at most 400", perEntry)
	}
}
