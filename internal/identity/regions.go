package identity

import (
	"bytes"
	"compress/flate"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// wilayahBin is the Kepmendagri 2025 region table (cahyadsn/wilayah, MIT),
// compiled by ./internal/genregions; names are already as a KTP prints them.
//
//go:embed wilayah.bin
var wilayahBin []byte

const wilayahMagic = "WLY3" // must match internal/genregions

// Regency kinds as stored by internal/genregions.
const (
	kindKabupaten = 0
	kindKota      = 1
	kindKotaAdm   = 2 // Jakarta's administrative cities, printed without a prefix
	kindKabAdm    = 3 // Kepulauan Seribu
)

// loadRegions decodes the embedded table once, on first use, so a process
// that never generates a person never pays for it. Village names, 92% of the
// text, are inflated per province on first use (regionTable.villageName):
// decoding everything up front took 25-30 ms on the 2-core development and CI
// machine (12 ms of it inflating), most of the 50 ms budget for the server's
// first answer; this way the first person costs about 3 ms plus 1 ms for
// their province.
var loadRegions = sync.OnceValue(func() *regionTable {
	t, err := decodeRegions(wilayahBin)
	if err != nil {
		// The file is embedded at build time and covered by tests, so this
		// can only be a broken build.
		panic("identity: embedded region table: " + err.Error())
	}
	return t
})

type province struct {
	code               int // 2 digits
	name               string
	firstReg, endReg   int // index range into regionTable.regs
	firstDist, endDist int // districts of a province are contiguous
	firstVill, endVill int
}

type regency struct {
	code               int // PPRR
	kind               uint8
	prov               uint8 // index into regionTable.provs
	name, place        string
	firstDist, endDist int
}

type district struct {
	code               int // PPRRDD, as in a NIK
	reg                uint16
	name               string
	firstVill, endVill int
}

// village holds no pointers (the name is an offset into its province's
// names), so 84k of them cost the garbage collector nothing to scan.
type village struct {
	code    uint16 // last 4 digits of the Kemendagri code; 1xxx kelurahan, 2xxx desa
	nameLen uint8
	nameOff uint32
}

// provVillages is one province's village names, inflated on first use.
type provVillages struct {
	once  sync.Once
	block []byte // compressed
	names string
}

// regionTable is the decoded table. Only provVillages changes after decoding,
// each exactly once under its sync.Once.
type regionTable struct {
	provs []province
	regs  []regency
	dists []district // sorted by code: the CSV is ordered and genregions keeps that order
	vills []village
	pv    []provVillages
}

func decodeRegions(bin []byte) (*regionTable, error) {
	if !bytes.HasPrefix(bin, []byte(wilayahMagic)) {
		return nil, errors.New("bad magic")
	}
	blocks := bin[len(wilayahMagic):]
	next := func() ([]byte, error) {
		n, k := binary.Uvarint(blocks)
		if k <= 0 || n > uint64(len(blocks)-k) {
			return nil, errors.New("truncated block")
		}
		b := blocks[k : k+int(n)]
		blocks = blocks[k+int(n):]
		return b, nil
	}
	headZ, err := next()
	if err != nil {
		return nil, err
	}
	head, err := inflate(headZ)
	if err != nil {
		return nil, err
	}
	t, err := parseRegions(string(head))
	if err != nil {
		return nil, err
	}
	t.pv = make([]provVillages, len(t.provs))
	for i := range t.pv {
		if t.pv[i].block, err = next(); err != nil {
			return nil, err
		}
	}
	if len(blocks) != 0 {
		return nil, fmt.Errorf("%d trailing bytes", len(blocks))
	}
	return t, nil
}

func inflate(z []byte) ([]byte, error) {
	zr := flate.NewReader(bytes.NewReader(z))
	defer zr.Close()
	return io.ReadAll(zr)
}

// parseRegions reads block 0 written by internal/genregions: a varint tree
// shape followed by the province, regency and district names in the same
// depth-first order.
func parseRegions(raw string) (*regionTable, error) {
	d := regionDecoder{buf: raw}
	nProv, nReg, nDist, nVill := d.uint(100), d.uint(1000), d.uint(100000), d.uint(1000000)
	if d.err != nil {
		return nil, d.err
	}
	t := &regionTable{
		provs: make([]province, 0, nProv),
		regs:  make([]regency, 0, nReg),
		dists: make([]district, 0, nDist),
		vills: make([]village, 0, nVill),
	}
	for range nProv {
		p := province{code: d.uint(99)}
		n := d.uint(99)
		p.firstReg, p.firstDist, p.firstVill = len(t.regs), len(t.dists), len(t.vills)
		for range n {
			r := regency{code: p.code*100 + d.uint(99), prov: uint8(len(t.provs))}
			r.kind = uint8(d.uint(kindKabAdm))
			n := d.uint(99)
			r.firstDist = len(t.dists)
			for range n {
				ds := district{code: r.code*100 + d.uint(99), reg: uint16(len(t.regs))}
				n := d.uint(9999)
				if n == 0 {
					d.fail(fmt.Errorf("district %06d has no villages", ds.code))
				}
				ds.firstVill = len(t.vills)
				code := 0
				for range n {
					code += d.uint(9999)
					if code > 9999 {
						d.fail(fmt.Errorf("village code overflow in %06d", ds.code))
					}
					t.vills = append(t.vills, village{code: uint16(code)})
				}
				ds.endVill = len(t.vills)
				t.dists = append(t.dists, ds)
			}
			r.endDist = len(t.dists)
			t.regs = append(t.regs, r)
		}
		p.endReg, p.endDist, p.endVill = len(t.regs), len(t.dists), len(t.vills)
		t.provs = append(t.provs, p)
		if d.err != nil {
			return nil, d.err
		}
	}
	if len(t.regs) != nReg || len(t.dists) != nDist || len(t.vills) != nVill {
		return nil, errors.New("counts do not match the shape")
	}
	for pi := range t.provs {
		p := &t.provs[pi]
		p.name = d.name()
		for ri := p.firstReg; ri < p.endReg; ri++ {
			r := &t.regs[ri]
			r.name = d.name()
			r.place = d.name()
			for di := r.firstDist; di < r.endDist; di++ {
				t.dists[di].name = d.name()
			}
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	if d.pos != len(raw) {
		return nil, fmt.Errorf("%d trailing bytes", len(raw)-d.pos)
	}
	if !slices.IsSortedFunc(t.dists, func(a, b district) int { return a.code - b.code }) {
		return nil, errors.New("districts out of order")
	}
	return t, nil
}

// villageName returns the name of village vi of district di, inflating the
// province's village names on first use.
func (t *regionTable) villageName(di, vi int) string {
	pi := t.regs[t.dists[di].reg].prov
	pv := &t.pv[pi]
	pv.once.Do(func() {
		p := &t.provs[pi]
		names, err := inflate(pv.block)
		if err == nil {
			err = t.indexVillages(p, string(names))
		}
		if err != nil {
			panic(fmt.Sprintf("identity: embedded village names of province %02d: %v", p.code, err))
		}
		pv.names = string(names)
	})
	v := t.vills[vi]
	return pv.names[v.nameOff : v.nameOff+uint32(v.nameLen)]
}

// indexVillages records where each village name of p starts in names.
func (t *regionTable) indexVillages(p *province, names string) error {
	off := 0
	for vi := p.firstVill; vi < p.endVill; vi++ {
		i := strings.IndexByte(names[off:], '\n')
		if i <= 0 || i > 255 {
			return fmt.Errorf("bad name at village %d", vi-p.firstVill)
		}
		t.vills[vi].nameOff, t.vills[vi].nameLen = uint32(off), uint8(i)
		off += i + 1
	}
	if off != len(names) {
		return errors.New("more names than villages")
	}
	return nil
}

type regionDecoder struct {
	buf string
	pos int
	err error
}

func (d *regionDecoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

func (d *regionDecoder) uint(max int) int {
	if d.err != nil {
		return 0
	}
	var v uint64
	for shift := 0; ; shift += 7 {
		if d.pos >= len(d.buf) || shift > 28 {
			d.fail(errors.New("truncated or oversized varint"))
			return 0
		}
		b := d.buf[d.pos]
		d.pos++
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			break
		}
	}
	if v > uint64(max) {
		d.fail(fmt.Errorf("value %d out of range (max %d)", v, max))
		return 0
	}
	return int(v)
}

func (d *regionDecoder) name() string {
	if d.err != nil {
		return ""
	}
	i := strings.IndexByte(d.buf[d.pos:], '\n')
	if i <= 0 {
		d.fail(errors.New("missing or empty name"))
		return ""
	}
	s := d.buf[d.pos : d.pos+i]
	d.pos += i + 1
	return s
}

// districtIndex finds a PPRRDD code.
func (t *regionTable) districtIndex(code int) (int, bool) {
	return slices.BinarySearchFunc(t.dists, code, func(d district, c int) int { return d.code - c })
}

// unknownLevel says which part of a PPRRDD code is missing from the table,
// for an error message that tells the caller what to fix.
func (t *regionTable) unknownLevel(code int) string {
	prov := code / 10000
	if !slices.ContainsFunc(t.provs, func(p province) bool { return p.code == prov }) {
		return fmt.Sprintf("province %02d", prov)
	}
	reg := code / 100
	if _, ok := slices.BinarySearchFunc(t.regs, reg, func(r regency, c int) int { return r.code - c }); !ok {
		return fmt.Sprintf("regency %02d.%02d", prov, reg%100)
	}
	return fmt.Sprintf("district %02d.%02d.%02d", prov, reg%100, code%100)
}

// Region is a district (kecamatan) with its parents, named as on a KTP.
type Region struct {
	Code     string // PPRRDD, the first six digits of a NIK, e.g. "317401"
	Province string // e.g. "DKI JAKARTA", "SULAWESI TENGGARA"
	City     string // regency or city, e.g. "JAKARTA SELATAN", "KOTA KENDARI", "KABUPATEN ACEH SELATAN"
	District string // kecamatan, e.g. "TEBET"
}

// LookupDistrict finds a district by its code, written "317401" or
// "31.74.01". Only codes in the Kepmendagri 2025 table are found.
func LookupDistrict(code string) (Region, bool) {
	if len(code) == 8 && code[2] == '.' && code[5] == '.' {
		code = code[:2] + code[3:5] + code[6:]
	}
	if len(code) != 6 || !allDigits(code) {
		return Region{}, false
	}
	t := loadRegions()
	i, ok := t.districtIndex(atoi(code))
	if !ok {
		return Region{}, false
	}
	return t.region(i), true
}

func (t *regionTable) region(di int) Region {
	d := &t.dists[di]
	r := &t.regs[d.reg]
	return Region{
		Code:     fmt.Sprintf("%06d", d.code),
		Province: t.provs[r.prov].name,
		City:     r.name,
		District: d.name,
	}
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi converts a short string of ASCII digits checked by allDigits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
