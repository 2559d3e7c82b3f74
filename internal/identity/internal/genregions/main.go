// Command genregions compiles the Kepmendagri region table (wilayah.csv, from
// cahyadsn/wilayah, MIT) into the compact file that package identity embeds.
//
// The CSV is 2.3 MB and needs parsing, uppercasing and name clean-up at every
// start; the output holds names already in KTP spelling in raw DEFLATE blocks,
// so loading is an inflate plus a linear scan, and the village names (the
// bulk) are inflated per province only when first needed.
//
// Usage (see the go:generate line in ../../doc.go):
//
//	go run ./internal/genregions -in ../shared/data/wilayah.csv -out wilayah.bin
//
// Format: "WLY3", then blocks, each a uvarint length and raw DEFLATE data:
//
//	block 0: shape, then names
//	  shape (uvarints): nProvinces nRegencies nDistricts nVillages, then per
//	    province: code nRegencies
//	      regency: code kind nDistricts
//	        district: code nVillages
//	          village: codeDelta (4-digit code minus the previous one in the district)
//	  names, each "\n"-terminated, depth-first: province name; regency name,
//	    regency place; district name (no villages)
//	block 1+i: the village names of province i, "\n"-terminated, in order
package main

import (
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strconv"
	"strings"
)

// Regency kinds, stored so the runtime can tell a KOTA from a KABUPATEN
// without re-parsing names. Keep in sync with package identity.
// magic names the format version; package identity refuses anything else.
const magic = "WLY3"

const (
	kindKabupaten = 0
	kindKota      = 1
	kindKotaAdm   = 2 // Jakarta's five administrative cities
	kindKabAdm    = 3 // Kepulauan Seribu
)

func main() {
	in := flag.String("in", "/work/shared/data/wilayah.csv", "wilayah.csv (kode,nama)")
	outPath := flag.String("out", "wilayah.bin", "output file")
	flag.Parse()
	f, err := os.Open(*in)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	provs, err := parse(f)
	if err != nil {
		log.Fatal(err)
	}
	var out bytes.Buffer
	if err := encode(&out, provs); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*outPath, out.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	nr, nd, nv := counts(provs)
	fmt.Fprintf(os.Stderr, "genregions: %d provinces, %d regencies, %d districts, %d villages; %d bytes\n",
		len(provs), nr, nd, nv, out.Len())
}

type village struct {
	code int
	name string
}

type district struct {
	code     int
	name     string
	villages []village
}

type regency struct {
	code        int
	kind        byte
	name, place string
	districts   []*district
}

type province struct {
	code      int
	name      string
	regencies []*regency
}

func counts(provs []*province) (nr, nd, nv int) {
	for _, p := range provs {
		nr += len(p.regencies)
		for _, r := range p.regencies {
			nd += len(r.districts)
			for _, d := range r.districts {
				nv += len(d.villages)
			}
		}
	}
	return
}

// parse reads the CSV, which must be sorted by code (it is: the source dump is
// ordered), and builds the tree. Any child whose parent has not been seen is
// an error, so a reordered or truncated CSV cannot silently drop regions.
func parse(r io.Reader) ([]*province, error) {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = 2
	var (
		provs []*province
		p     *province
		rg    *regency
		d     *district
	)
	line := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		line++
		code := strings.TrimSpace(rec[0])
		if line == 1 && code == "kode" {
			continue
		}
		name := clean(rec[1])
		if name == "" {
			return nil, fmt.Errorf("line %d: empty name for %q", line, code)
		}
		parts := strings.Split(code, ".")
		nums := make([]int, len(parts))
		for i, s := range parts {
			want := 2
			if i == 3 {
				want = 4
			}
			n, err := strconv.Atoi(s)
			if err != nil || len(s) != want {
				return nil, fmt.Errorf("line %d: bad code %q", line, code)
			}
			nums[i] = n
		}
		switch len(parts) {
		case 1:
			p = &province{code: nums[0], name: provinceName(name)}
			provs = append(provs, p)
			rg, d = nil, nil
		case 2:
			if p == nil || p.code != nums[0] {
				return nil, fmt.Errorf("line %d: regency %s outside its province", line, code)
			}
			kind, disp, place, err := regencyName(name)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", line, err)
			}
			rg = &regency{code: nums[1], kind: kind, name: disp, place: place}
			p.regencies = append(p.regencies, rg)
			d = nil
		case 3:
			if rg == nil || p.code != nums[0] || rg.code != nums[1] {
				return nil, fmt.Errorf("line %d: district %s outside its regency", line, code)
			}
			d = &district{code: nums[2], name: name}
			rg.districts = append(rg.districts, d)
		case 4:
			if d == nil || p.code != nums[0] || rg.code != nums[1] || d.code != nums[2] {
				return nil, fmt.Errorf("line %d: village %s outside its district", line, code)
			}
			if n := len(d.villages); n > 0 && d.villages[n-1].code >= nums[3] {
				return nil, fmt.Errorf("line %d: village %s out of order", line, code)
			}
			d.villages = append(d.villages, village{code: nums[3], name: name})
		default:
			return nil, fmt.Errorf("line %d: bad code %q", line, code)
		}
	}
	if len(provs) == 0 {
		return nil, errors.New("no regions")
	}
	for _, p := range provs {
		if len(p.regencies) == 0 {
			return nil, fmt.Errorf("province %02d has no regencies", p.code)
		}
		for _, r := range p.regencies {
			if len(r.districts) == 0 {
				return nil, fmt.Errorf("regency %02d.%02d has no districts", p.code, r.code)
			}
			for _, d := range r.districts {
				// Every generated person lives in a village, so a district
				// without one would be unusable.
				if len(d.villages) == 0 {
					return nil, fmt.Errorf("district %02d.%02d.%02d has no villages", p.code, r.code, d.code)
				}
			}
		}
	}
	return provs, nil
}

// clean uppercases a name the way a KTP prints it. The CSV has trailing
// blanks ("Kota Administrasi Jakarta Utara ") and three typographic
// apostrophes (NTT villages such as "Regapu’u"); KTP OCR output is ASCII.
func clean(s string) string {
	s = strings.ReplaceAll(s, "’", "'")
	s = strings.ReplaceAll(s, "‘", "'")
	s = strings.Join(strings.Fields(s), " ")
	return strings.ToUpper(s)
}

// provinceName shortens the two special-region titles the way the KTP header
// does ("PROVINSI DKI JAKARTA", "PROVINSI DI YOGYAKARTA").
func provinceName(s string) string {
	switch {
	case strings.HasPrefix(s, "DAERAH KHUSUS IBUKOTA "):
		return "DKI " + strings.TrimPrefix(s, "DAERAH KHUSUS IBUKOTA ")
	case strings.HasPrefix(s, "DAERAH ISTIMEWA "):
		return "DI " + strings.TrimPrefix(s, "DAERAH ISTIMEWA ")
	}
	return s
}

// regencyName returns the KTP spelling of a regency/city and the bare place
// name used for birth places and KPP names. Jakarta's administrative cities
// print without a prefix on the KTP ("JAKARTA SELATAN") and people born there
// write "JAKARTA" as their birth place.
func regencyName(s string) (kind byte, name, place string, err error) {
	switch {
	case strings.HasPrefix(s, "KOTA ADMINISTRASI "):
		name = strings.TrimPrefix(s, "KOTA ADMINISTRASI ")
		place = strings.Fields(name)[0]
		return kindKotaAdm, name, place, nil
	case strings.HasPrefix(s, "KABUPATEN ADMINISTRASI "):
		name = strings.TrimPrefix(s, "KABUPATEN ADMINISTRASI ")
		return kindKabAdm, name, name, nil
	case strings.HasPrefix(s, "KABUPATEN "):
		return kindKabupaten, s, strings.TrimPrefix(s, "KABUPATEN "), nil
	case strings.HasPrefix(s, "KOTA "):
		return kindKota, s, strings.TrimPrefix(s, "KOTA "), nil
	}
	return 0, "", "", fmt.Errorf("regency %q is neither KABUPATEN nor KOTA", s)
}

// encode writes the container described in the package comment. Village
// names (92% of the text) are compressed per province so that the runtime
// inflates only the provinces it is asked about; the rest is small enough to
// decode eagerly.
func encode(w *bytes.Buffer, provs []*province) error {
	var shape, names bytes.Buffer
	putU := func(b *bytes.Buffer, v int) {
		var tmp [binary.MaxVarintLen64]byte
		b.Write(tmp[:binary.PutUvarint(tmp[:], uint64(v))])
	}
	var err error
	putS := func(b *bytes.Buffer, s string) {
		if len(s) > 255 || strings.ContainsRune(s, '\n') {
			err = fmt.Errorf("unencodable name %q", s)
		}
		b.WriteString(s)
		b.WriteByte('\n')
	}
	nr, nd, nv := counts(provs)
	putU(&shape, len(provs))
	putU(&shape, nr)
	putU(&shape, nd)
	putU(&shape, nv)
	chunks := make([]bytes.Buffer, len(provs))
	for i, p := range provs {
		putU(&shape, p.code)
		putS(&names, p.name)
		putU(&shape, len(p.regencies))
		for _, r := range p.regencies {
			putU(&shape, r.code)
			putU(&shape, int(r.kind))
			putS(&names, r.name)
			putS(&names, r.place)
			putU(&shape, len(r.districts))
			for _, d := range r.districts {
				putU(&shape, d.code)
				putS(&names, d.name)
				putU(&shape, len(d.villages))
				prev := 0
				for _, v := range d.villages {
					putU(&shape, v.code-prev)
					prev = v.code
					putS(&chunks[i], v.name)
				}
			}
		}
	}
	if err != nil {
		return err
	}
	w.WriteString(magic)
	// Shape first, then names: deflate does better on long runs of text
	// than on names interleaved with varints (452 KB vs 381 KB for a
	// single stream).
	head := append(shape.Bytes(), names.Bytes()...)
	for _, part := range append([][]byte{head}, chunkBytes(chunks)...) {
		z, err := deflate(part)
		if err != nil {
			return err
		}
		putU(w, len(z))
		w.Write(z)
	}
	return nil
}

func chunkBytes(bs []bytes.Buffer) [][]byte {
	out := make([][]byte, len(bs))
	for i := range bs {
		out[i] = bs[i].Bytes()
	}
	return out
}

func deflate(b []byte) ([]byte, error) {
	var out bytes.Buffer
	zw, err := flate.NewWriter(&out, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
