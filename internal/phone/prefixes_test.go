package phone

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// TestTablesAreTheLibrarys: the embedded tables are byte for byte those of
// the nyaruka module this build links (go generate copies them), so that an
// upgrade of the module cannot leave stale carriers or areas behind.
func TestTablesAreTheLibrarys(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}\t{{.Version}}", "github.com/nyaruka/phonenumbers").Output()
	if err != nil {
		t.Fatalf("go list -m: %v", err)
	}
	dir, version, _ := strings.Cut(strings.TrimSpace(string(out)), "\t")
	if version != tablesVersion {
		t.Errorf("tables copied from nyaruka/phonenumbers %s, the build uses %s: run go generate ./internal/phone", tablesVersion, version)
	}
	for _, f := range []struct {
		from string
		data []byte
	}{
		{"data/prefix_to_carriers/en.txt.gz", carrierData},
		{"data/prefix_to_geocodings/en.txt.gz", geocodingData},
	} {
		lib, err := os.ReadFile(filepath.Join(dir, f.from))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(lib, f.data) {
			t.Errorf("%s differs from the module's: run go generate ./internal/phone", f.from)
		}
	}
}

// numberFor is a number whose E.164 form is "+"+digits, or nil when no
// country calling code starts digits.
func numberFor(t *testing.T, digits string) *phonenumbers.PhoneNumber {
	for l := 1; l <= 3 && l < len(digits); l++ {
		cc, _ := strconv.Atoi(digits[:l])
		if phonenumbers.GetRegionCodeForCountryCode(cc) == phonenumbers.UNKNOWN_REGION {
			continue
		}
		rest := digits[l:]
		national := strings.TrimLeft(rest, "0")
		zeros := len(rest) - len(national)
		if national == "" {
			national, zeros = "0", zeros-1 // the national number 0 is one of the zeros
		}
		nn, _ := strconv.ParseUint(national, 10, 64)
		n := &phonenumbers.PhoneNumber{CountryCode: new(int32(cc)), NationalNumber: &nn}
		if zeros > 0 {
			n.ItalianLeadingZero = new(true)
			n.NumberOfLeadingZeros = new(int32(zeros))
		}
		if got := phonenumbers.Format(n, phonenumbers.E164); got != "+"+digits {
			t.Fatalf("built %s for +%s", got, digits)
		}
		return n
	}
	return nil
}

// TestTablesAnswerAsNyaruka: for every prefix of both tables, and for
// random numbers, the compact tables give what nyaruka's own lookups give.
// (nyaruka's maps load here, in the test binary only.)
func TestTablesAnswerAsNyaruka(t *testing.T) {
	en := func(f func(*phonenumbers.PhoneNumber, string) (string, error)) func(*phonenumbers.PhoneNumber) string {
		return func(n *phonenumbers.PhoneNumber) string {
			s, err := f(n, "en")
			if err != nil {
				t.Fatalf("nyaruka on %s: %v", phonenumbers.Format(n, phonenumbers.E164), err)
			}
			return s
		}
	}
	for _, tc := range []struct {
		name  string
		table *prefixTable
		lib   func(*phonenumbers.PhoneNumber) string
		// fallback reports whether lib's answer for n is its stand-in for
		// "no entry": the geocoder answers the region's name.
		fallback func(n *phonenumbers.PhoneNumber, s string) bool
		min      int
	}{
		{"carrier", carrierTable(), en(phonenumbers.GetCarrierForNumber),
			func(_ *phonenumbers.PhoneNumber, s string) bool { return s == "" }, 28_000},
		{"geocoding", geocodingTable(), en(phonenumbers.GetGeocodingForNumber),
			func(n *phonenumbers.PhoneNumber, s string) bool {
				return s == "" || s == regionName(n)
			}, 260_000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := tc.table
			if len(tb.keys) < tc.min {
				t.Fatalf("%d prefixes, want at least %d", len(tb.keys), tc.min)
			}
			checked := 0
			for i, k := range tb.keys {
				digits := strconv.FormatUint(uint64(k), 10)
				n := numberFor(t, digits)
				if n == nil {
					continue // no calling code starts it: nyaruka cannot be asked
				}
				checked++
				v := tb.value[i]
				want := tb.texts[tb.offs[v] : tb.offs[v+1]-1]
				if got, lib := tb.lookup("+"+digits), tc.lib(n); got != want || lib != want {
					t.Fatalf("+%s: table %q, lookup %q, nyaruka %q", digits, want, got, lib)
				}
			}
			if checked < tc.min {
				t.Fatalf("checked %d prefixes, want at least %d", checked, tc.min)
			}
			// Whole numbers: the longest prefix wins, nine digits at most.
			r := rand.New(rand.NewPCG(1, 2))
			hits := 0
			for range 20_000 {
				k := tb.keys[r.IntN(len(tb.keys))]
				digits := strconv.FormatUint(uint64(k), 10)
				for len(digits) < 7+r.IntN(8) {
					digits += strconv.Itoa(r.IntN(10))
				}
				n := numberFor(t, digits)
				if n == nil {
					continue
				}
				got, lib := tb.lookup("+"+digits), tc.lib(n)
				if got != lib && (got != "" || !tc.fallback(n, lib)) {
					t.Fatalf("+%s: table %q, nyaruka %q", digits, got, lib)
				}
				if got != "" {
					hits++
				}
			}
			if hits < 10_000 {
				t.Fatalf("only %d of the random numbers hit a prefix", hits)
			}
		})
	}
}

// regionName is what nyaruka's geocoder falls back to: the English name of
// the number's region.
func regionName(n *phonenumbers.PhoneNumber) string {
	reg, err := language.ParseRegion(phonenumbers.GetRegionCodeForNumber(n))
	if err != nil {
		return ""
	}
	return display.Regions(language.English).Name(reg)
}

// serialize writes a table in nyaruka's format, for the tests below.
func serialize(texts []string, prefixes []uint64, index []uint16) []byte {
	var b []byte
	joined := strings.Join(texts, "\n")
	b = binary.LittleEndian.AppendUint32(b, uint32(len(joined)))
	b = append(b, joined...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(prefixes)))
	prev := uint64(0)
	for i, p := range prefixes {
		b = binary.AppendUvarint(b, p-prev)
		b = binary.LittleEndian.AppendUint16(b, index[i])
		prev = p
	}
	return b
}

func TestPrefixTableLookup(t *testing.T) {
	tb, err := parsePrefixTable(serialize([]string{"Jakarta", "Bandung", "", "Depok"}, []uint64{62, 6221, 6222, 622199, 622199123}, []uint16{2, 0, 1, 1, 3}))
	if err != nil {
		t.Fatal(err)
	}
	for e164, want := range map[string]string{
		"+62215551234":   "Jakarta", // 6221 (62215551 tried first, no entry)
		"+6221995551234": "Bandung", // 622199 is longer than 6221
		"+6222123":       "Bandung",
		"+6223":          "",        // 62 itself maps to the empty text
		"+6221":          "Jakarta", // a whole number equal to a prefix
		"+1":             "",
		"6221555":        "", // not E.164
		"+":              "",
		"":               "",
		"+62x21":         "",
		"+622199123456":  "Depok", // the longest prefix, nine digits
		"+622199124":     "Bandung",
		"+6221991":       "Bandung",
	} {
		if got := tb.lookup(e164); got != want {
			t.Errorf("lookup(%q) = %q, want %q", e164, got, want)
		}
	}
}

func TestParsePrefixTableRejects(t *testing.T) {
	good := serialize([]string{"a", "b"}, []uint64{1, 12}, []uint16{0, 1})
	if _, err := parsePrefixTable(good); err != nil {
		t.Fatalf("good table: %v", err)
	}
	for name, raw := range map[string][]byte{
		"empty":               nil,
		"texts cut short":     good[:5],
		"no count":            good[:4+3],
		"mapping cut short":   good[:len(good)-1],
		"trailing byte":       append(append([]byte{}, good...), 0),
		"index out of range":  serialize([]string{"a"}, []uint64{1, 12}, []uint16{0, 1}),
		"repeated prefix":     serialize([]string{"a"}, []uint64{12, 12}, []uint16{0, 0}),
		"ten-digit prefix":    serialize([]string{"a"}, []uint64{1_000_000_000}, []uint16{0}),
		"count over the data": append(binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, 0), 1<<30), 1, 0, 0),
	} {
		if _, err := parsePrefixTable(raw); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
	if _, err := loadPrefixTable([]byte("not gzip")); err == nil {
		t.Error("not gzip: loaded")
	}
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	_, _ = zw.Write(good)
	_ = zw.Close()
	if _, err := loadPrefixTable(zb.Bytes()[:zb.Len()-4]); err == nil {
		t.Error("truncated gzip: loaded")
	}
}

func FuzzParsePrefixTable(f *testing.F) {
	f.Add(serialize([]string{"Jakarta", "Bandung"}, []uint64{62, 6221, 6222}, []uint16{0, 0, 1}), "+62215551234")
	f.Add(serialize(nil, nil, nil), "+1")
	f.Fuzz(func(t *testing.T, raw []byte, e164 string) {
		tb, err := parsePrefixTable(raw)
		if err != nil {
			return
		}
		for i := 1; i < len(tb.keys); i++ {
			if tb.keys[i] <= tb.keys[i-1] {
				t.Fatalf("keys not ascending at %d", i)
			}
		}
		got := tb.lookup(e164) // must not panic
		if strings.Contains(got, "\n") {
			t.Fatalf("lookup(%q) = %q", e164, got)
		}
	})
}

func BenchmarkPrefixTable(b *testing.B) {
	b.Run("load-geocoding", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := loadPrefixTable(geocodingData); err != nil {
				b.Fatal(err)
			}
		}
	})
	tb := geocodingTable()
	b.Run("lookup", func(b *testing.B) {
		for b.Loop() {
			_ = tb.lookup("+622129345678")
		}
	})
}
