package phone

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The English carrier and geocoding tables of libphonenumber, byte for byte
// as nyaruka/phonenumbers ships them (tablesVersion; go generate copies
// them). nyaruka loads each into a map[int]string: the geocoding table's
// 269,379 prefixes then hold 16 MB of heap, nine tenths of an idle server's.
// A prefixTable holds the same in 2.3 MB.
var (
	//go:embed carrier_en.txt.gz
	carrierData []byte
	//go:embed geocoding_en.txt.gz
	geocodingData []byte
)

// The tables load on first use (about 25 ms of CPU for both, inflate most of
// it); Warm loads
// them ahead. They are embedded, and TestTablesAreTheLibrarys loads both, so
// a failure to load is a broken build: it panics.
var (
	carrierTable   = sync.OnceValue(func() *prefixTable { return mustLoad("carrier_en.txt.gz", carrierData) })
	geocodingTable = sync.OnceValue(func() *prefixTable { return mustLoad("geocoding_en.txt.gz", geocodingData) })
)

func mustLoad(name string, gz []byte) *prefixTable {
	t, err := loadPrefixTable(gz)
	if err != nil {
		panic(fmt.Sprintf("phone: embedded %s: %v", name, err))
	}
	return t
}

// maxPrefixLen is the longest prefix, in characters of the E.164 form with
// its '+', that nyaruka's lookup (getValueForNumber, called with 10) tries.
const maxPrefixLen = 10

// prefixTable maps number prefixes (E.164 digits, at most nine) to texts.
type prefixTable struct {
	keys  []uint32 // sorted ascending; nine digits fit
	value []uint16 // value[i] is keys[i]'s text: texts[offs[v]:offs[v+1]-1]
	texts string   // the texts, separated by '\n'
	offs  []uint32 // where each text starts, then len(texts)+1
}

// loadPrefixTable reads nyaruka's serialized prefix map (serialize.go,
// loadPrefixMap): a gzip stream of a little-endian uint32 byte length, the
// texts joined by '\n', a uint32 count, then for each prefix in ascending
// order its difference from the previous one as a uvarint and its text's
// index as a little-endian uint16.
func loadPrefixTable(gz []byte) (*prefixTable, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("phone: prefix table: %w", err)
	}
	// gzip's trailer holds the uncompressed size (mod 2^32): read into a
	// buffer of that size rather than one grown by doubling.
	size := binary.LittleEndian.Uint32(gz[len(gz)-4:])
	buf := bytes.NewBuffer(make([]byte, 0, min(int(size), 64<<20)+bytes.MinRead))
	if _, err := buf.ReadFrom(zr); err != nil {
		return nil, fmt.Errorf("phone: prefix table: %w", err)
	}
	return parsePrefixTable(buf.Bytes())
}

var errPrefixTable = errors.New("phone: malformed prefix table")

func parsePrefixTable(raw []byte) (*prefixTable, error) {
	if len(raw) < 4 {
		return nil, errPrefixTable
	}
	n := binary.LittleEndian.Uint32(raw)
	raw = raw[4:]
	if uint64(n) > uint64(len(raw)) {
		return nil, errPrefixTable
	}
	t := &prefixTable{texts: string(raw[:n]), offs: []uint32{0}}
	raw = raw[n:]
	for i, c := range []byte(t.texts) {
		if c == '\n' {
			t.offs = append(t.offs, uint32(i+1))
		}
	}
	t.offs = append(t.offs, n+1) // as if the last text too ended in '\n'
	if len(raw) < 4 {
		return nil, errPrefixTable
	}
	count := binary.LittleEndian.Uint32(raw)
	raw = raw[4:]
	if uint64(count) > uint64(len(raw))/3 { // each mapping takes three bytes at least
		return nil, errPrefixTable
	}
	t.keys = make([]uint32, 0, count)
	t.value = make([]uint16, 0, count)
	var prefix uint64
	for range count {
		diff, w := binary.Uvarint(raw)
		if w <= 0 || len(raw) < w+2 {
			return nil, errPrefixTable
		}
		v := binary.LittleEndian.Uint16(raw[w:])
		raw = raw[w+2:]
		prefix += diff
		// Prefixes ascend strictly and have at most nine digits (the
		// longest nyaruka tries); a text index stays inside the texts.
		if (len(t.keys) > 0 && diff == 0) || prefix > 999_999_999 || int(v) >= len(t.offs)-1 {
			return nil, errPrefixTable
		}
		t.keys = append(t.keys, uint32(prefix))
		t.value = append(t.value, v)
	}
	if len(raw) != 0 {
		return nil, errPrefixTable
	}
	return t, nil
}

// lookup is nyaruka's getValueForNumber on an E.164 string: the text of the
// longest prefix of e164 (at most maxPrefixLen characters, the '+' counted)
// that the table has, or "".
func (t *prefixTable) lookup(e164 string) string {
	digits, ok := strings.CutPrefix(e164, "+")
	if !ok {
		return ""
	}
	for l := min(len(digits), maxPrefixLen-1); l > 0; l-- {
		p, err := strconv.ParseUint(digits[:l], 10, 32)
		if err != nil {
			return ""
		}
		if i, found := slices.BinarySearch(t.keys, uint32(p)); found {
			v := t.value[i]
			return t.texts[t.offs[v] : t.offs[v+1]-1]
		}
	}
	return ""
}
