package identity

import (
	"bytes"
	"strings"
	"testing"
)

// The counts of Kepmendagri 300.2.2-2138/2025 as shipped in wilayah.csv.
func TestRegionTableCounts(t *testing.T) {
	tab := loadRegions()
	if got := [4]int{len(tab.provs), len(tab.regs), len(tab.dists), len(tab.vills)}; got != [4]int{38, 514, 7285, 83762} {
		t.Fatalf("provinces, regencies, districts, villages = %v", got)
	}
}

// provinceProfiles is indexed like the table; a province added to the table
// without a profile (or a reordering) must fail here, not skew sampling.
func TestProvinceProfilesMatchTable(t *testing.T) {
	tab := loadRegions()
	if len(provinceProfiles) != len(tab.provs) {
		t.Fatalf("%d profiles for %d provinces", len(provinceProfiles), len(tab.provs))
	}
	for i, p := range tab.provs {
		pp := provinceProfiles[i]
		if pp.code != p.code {
			t.Errorf("profile %d is for %02d, table has %02d (%s)", i, pp.code, p.code, p.name)
		}
		sum := 0
		for _, w := range pp.religion {
			sum += w
		}
		if sum < 990 || sum > 1010 {
			t.Errorf("%02d religion weights sum to %d permille", pp.code, sum)
		}
		if pp.popK <= 0 || len(pp.postcode) == 0 {
			t.Errorf("%02d has no population or postcode range", pp.code)
		}
		for _, r := range pp.postcode {
			if r[0] < 100 || r[1] > 999 || r[0] > r[1] {
				t.Errorf("%02d postcode range %v", pp.code, r)
			}
		}
	}
}

func TestLookupDistrict(t *testing.T) {
	tests := []struct {
		code string
		want Region
		ok   bool
	}{
		{"317401", Region{"317401", "DKI JAKARTA", "JAKARTA SELATAN", "TEBET"}, true},
		{"31.74.01", Region{"317401", "DKI JAKARTA", "JAKARTA SELATAN", "TEBET"}, true},
		{"110101", Region{"110101", "ACEH", "KABUPATEN ACEH SELATAN", "BAKONGAN"}, true},
		{"347101", Region{"347101", "DI YOGYAKARTA", "KOTA YOGYAKARTA", "TEGALREJO"}, true},
		{"310101", Region{"310101", "DKI JAKARTA", "KEPULAUAN SERIBU", "KEPULAUAN SERIBU UTARA"}, true},
		{"317201", Region{"317201", "DKI JAKARTA", "JAKARTA UTARA", "PENJARINGAN"}, true}, // CSV has a trailing blank
		{"999999", Region{}, false},
		{"3174", Region{}, false},
		{"31.74.1", Region{}, false},
		{"31a401", Region{}, false},
	}
	for _, tt := range tests {
		got, ok := LookupDistrict(tt.code)
		if ok != tt.ok || got != tt.want {
			t.Errorf("LookupDistrict(%q) = %+v, %v; want %+v, %v", tt.code, got, ok, tt.want, tt.ok)
		}
	}
}

func TestKendari(t *testing.T) {
	tab := loadRegions()
	i, ok := tab.districtIndex(747101)
	if !ok {
		t.Fatal("74.71.01 missing")
	}
	r := tab.regs[tab.dists[i].reg]
	if r.name != "KOTA KENDARI" || r.place != "KENDARI" || tab.provs[r.prov].name != "SULAWESI TENGGARA" {
		t.Errorf("74.71 = %q (%q) in %q", r.name, r.place, tab.provs[r.prov].name)
	}
}

// Every name must be printable as on a KTP: uppercase, trimmed, ASCII
// apostrophes, no empty names; every regency is a KOTA or KABUPATEN except
// Jakarta's administrative ones.
func TestRegionNames(t *testing.T) {
	tab := loadRegions()
	check := func(what, s string) {
		t.Helper()
		if s == "" || s != strings.TrimSpace(s) || s != strings.ToUpper(s) || strings.Contains(s, "  ") || strings.ContainsAny(s, "’\n\r") {
			t.Errorf("%s name %q", what, s)
		}
	}
	for _, p := range tab.provs {
		check("province", p.name)
	}
	for _, r := range tab.regs {
		check("regency", r.name)
		check("place", r.place)
		switch r.kind {
		case kindKabupaten:
			if r.name != "KABUPATEN "+r.place {
				t.Errorf("kabupaten %q / %q", r.name, r.place)
			}
		case kindKota:
			if r.name != "KOTA "+r.place {
				t.Errorf("kota %q / %q", r.name, r.place)
			}
		default:
			if r.code/100 != 31 {
				t.Errorf("administrative regency %q outside Jakarta", r.name)
			}
		}
	}
	for di, d := range tab.dists {
		check("district", d.name)
		for vi := d.firstVill; vi < d.endVill; vi++ {
			check("village", tab.villageName(di, vi))
			if c := tab.vills[vi].code; c < 1001 || c > 3999 {
				t.Errorf("village %06d.%04d: code out of range", d.code, c)
			}
		}
	}
	if i, ok := tab.districtIndex(530701); ok {
		found := false
		d := tab.dists[i]
		for vi := d.firstVill; vi < d.endVill; vi++ {
			found = found || tab.villageName(i, vi) == "REGAPU'U"
		}
		if !found {
			t.Error("53.07.01 has no REGAPU'U (typographic apostrophe not normalised?)")
		}
	}
}

func TestDecodeRegionsRejectsDamage(t *testing.T) {
	tests := map[string][]byte{
		"empty":     nil,
		"bad magic": append([]byte("WLY9"), wilayahBin[4:]...),
		"truncated": wilayahBin[:len(wilayahBin)/2],
		"trailing":  append(bytes.Clone(wilayahBin), 0),
	}
	for name, bin := range tests {
		if _, err := decodeRegions(bin); err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
	if _, err := parseRegions("\x01\x01\x01\x01\x0b\x01\x01\x01\x01\x01\x01\x01"); err == nil {
		t.Error("shape with missing names decoded")
	}
}

func TestPostcodeOf(t *testing.T) {
	tab := loadRegions()
	for pi, p := range tab.provs {
		pp := &provinceProfiles[pi]
		nRegs := p.endReg - p.firstReg
		for ri := p.firstReg; ri < p.endReg; ri++ {
			pc := postcodeOf(pp, ri-p.firstReg, nRegs, 0, 0)
			if len(pc) != 5 || !allDigits(pc) {
				t.Fatalf("%02d: postcode %q", p.code, pc)
			}
			prefix, in := atoi(pc[:3]), false
			for _, r := range pp.postcode {
				in = in || (prefix >= r[0] && prefix <= r[1])
			}
			if !in {
				t.Errorf("%02d regency %d: postcode %s outside %v", p.code, ri-p.firstReg, pc, pp.postcode)
			}
		}
	}
}

// BenchmarkLoadRegions is the one-off cost paid by the first request that
// needs a region: decoding the table without village names.
func BenchmarkLoadRegions(b *testing.B) {
	for b.Loop() {
		if _, err := decodeRegions(wilayahBin); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadProvinceVillages is the further one-off cost of the first
// person in a province: inflating that province's village names (Jawa
// Tengah, one of the largest).
func BenchmarkLoadProvinceVillages(b *testing.B) {
	tab, err := decodeRegions(wilayahBin)
	if err != nil {
		b.Fatal(err)
	}
	pi, _ := tab.provinceByCode(33)
	p := &tab.provs[pi]
	for b.Loop() {
		names, err := inflate(tab.pv[pi].block)
		if err != nil {
			b.Fatal(err)
		}
		if err := tab.indexVillages(p, string(names)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadAll decodes everything, as a server that serves every
// province eventually does.
func BenchmarkLoadAll(b *testing.B) {
	for b.Loop() {
		tab, err := decodeRegions(wilayahBin)
		if err != nil {
			b.Fatal(err)
		}
		for pi := range tab.provs {
			d := tab.provs[pi].firstDist
			tab.villageName(d, tab.dists[d].firstVill)
		}
	}
}

func (t *regionTable) provinceByCode(code int) (int, bool) {
	for i := range t.provs {
		if t.provs[i].code == code {
			return i, true
		}
	}
	return 0, false
}
