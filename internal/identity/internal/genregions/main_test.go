package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	tests := map[string]string{
		"Kota Administrasi Jakarta Utara ": "KOTA ADMINISTRASI JAKARTA UTARA",
		"Regapu’u":                         "REGAPU'U",
		"  Pulo  Lon / Pulo Dayah":         "PULO LON / PULO DAYAH",
		"Lubuk Pakam I,II":                 "LUBUK PAKAM I,II",
	}
	for in, want := range tests {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestProvinceName(t *testing.T) {
	tests := map[string]string{
		"DAERAH KHUSUS IBUKOTA JAKARTA": "DKI JAKARTA",
		"DAERAH ISTIMEWA YOGYAKARTA":    "DI YOGYAKARTA",
		"SULAWESI TENGGARA":             "SULAWESI TENGGARA",
	}
	for in, want := range tests {
		if got := provinceName(in); got != want {
			t.Errorf("provinceName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRegencyName(t *testing.T) {
	tests := []struct {
		in          string
		kind        byte
		name, place string
	}{
		{"KOTA ADMINISTRASI JAKARTA SELATAN", kindKotaAdm, "JAKARTA SELATAN", "JAKARTA"},
		{"KABUPATEN ADMINISTRASI KEPULAUAN SERIBU", kindKabAdm, "KEPULAUAN SERIBU", "KEPULAUAN SERIBU"},
		{"KABUPATEN ACEH SELATAN", kindKabupaten, "KABUPATEN ACEH SELATAN", "ACEH SELATAN"},
		{"KOTA KENDARI", kindKota, "KOTA KENDARI", "KENDARI"},
	}
	for _, tt := range tests {
		kind, name, place, err := regencyName(tt.in)
		if err != nil || kind != tt.kind || name != tt.name || place != tt.place {
			t.Errorf("regencyName(%q) = %d %q %q %v", tt.in, kind, name, place, err)
		}
	}
	if _, _, _, err := regencyName("PROVINSI X"); err == nil {
		t.Error("accepted a regency that is neither KOTA nor KABUPATEN")
	}
}

func TestParseRejectsBrokenTables(t *testing.T) {
	tests := map[string]string{
		"orphan regency": "kode,nama\n12.01,Kota X\n",
		"orphan village": "kode,nama\n11,Aceh\n11.01,Kota X\n11.01.01,Y\n11.01.02.2001,Z\n",
		"bad code":       "kode,nama\n1x,Aceh\n",
		"long code":      "kode,nama\n11.01.01.20011,Z\n",
		"no villages":    "kode,nama\n11,Aceh\n11.01,Kota X\n11.01.01,Y\n",
		"out of order":   "kode,nama\n11,Aceh\n11.01,Kota X\n11.01.01,Y\n11.01.01.2002,A\n11.01.01.2001,B\n",
		"empty name":     "kode,nama\n11, \n",
		"empty":          "kode,nama\n",
	}
	for name, csv := range tests {
		if _, err := parse(strings.NewReader(csv)); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}

// The committed wilayah.bin must be what the generator makes of the CSV in
// shared/data (present beside the repository in development and CI).
func TestCommittedFileIsCurrent(t *testing.T) {
	csv := filepath.Join("..", "..", "..", "..", "..", "shared", "data", "wilayah.csv")
	f, err := os.Open(csv)
	if os.IsNotExist(err) {
		t.Skip("no ../shared/data/wilayah.csv beside the repository")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	provs, err := parse(f)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := encode(&out, provs); err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile(filepath.Join("..", "..", "wilayah.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), committed) {
		t.Error("wilayah.bin is stale: run go generate ./internal/identity")
	}
}
