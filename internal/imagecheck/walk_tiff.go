package imagecheck

import (
	"bytes"
	"encoding/binary"
)

// TIFF tags the walker reads.
const (
	tiffImageWidth       = 256
	tiffImageLength      = 257
	tiffImageDescription = 270
	tiffStripOffsets     = 273
	tiffStripByteCounts  = 279
	tiffTileOffsets      = 324
	tiffTileByteCounts   = 325
)

// walkTIFF reads the first IFD: dimensions (for variants x/image/tiff does
// not support, such as CMYK or JPEG-compressed), an ImageDescription marker,
// and the strip or tile table, every entry of which must lie inside the
// buffer. TIFF is offset-based, so that table is the only way to see that an
// upload was cut short.
func walkTIFF(b []byte) (st structure) {
	if len(b) < 8 {
		st.err = corruptf(TIFF, "truncated header")
		return st
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if b[0] == 'M' {
		bo = binary.BigEndian
	}
	n := uint64(len(b))
	off := uint64(bo.Uint32(b[4:]))
	if off+2 > n {
		st.err = corruptf(TIFF, "first IFD at %d past the end (truncated)", off)
		return st
	}
	count := uint64(bo.Uint16(b[off:]))
	if off+2+12*count > n {
		st.err = corruptf(TIFF, "IFD runs past the end (truncated)")
		return st
	}
	var offsets, counts tiffArray
	for e := uint64(0); e < count; e++ {
		ent := b[off+2+12*e : off+2+12*e+12]
		tag := bo.Uint16(ent)
		a, ok := tiffValues(b, bo, ent)
		if !ok {
			switch tag {
			case tiffImageWidth, tiffImageLength, tiffStripOffsets, tiffStripByteCounts, tiffTileOffsets, tiffTileByteCounts:
				st.err = corruptf(TIFF, "tag %d data past the end (truncated)", tag)
				return st
			}
			continue
		}
		switch tag {
		case tiffImageWidth:
			if a.n > 0 {
				st.width = int(min(a.at(0), 1<<31-1))
			}
		case tiffImageLength:
			if a.n > 0 {
				st.height = int(min(a.at(0), 1<<31-1))
			}
		case tiffImageDescription:
			if a.size == 1 && bytes.HasPrefix(a.data, []byte(MarkerPrefix)) {
				st.marker = markerText(a.data)
			}
		case tiffStripOffsets, tiffTileOffsets:
			offsets = a
		case tiffStripByteCounts, tiffTileByteCounts:
			counts = a
		}
	}
	if offsets.n == 0 || counts.n == 0 {
		return st // nothing to check against; the decoder judges the rest
	}
	if offsets.n != counts.n || !offsets.integral() || !counts.integral() {
		st.err = corruptf(TIFF, "strip table: %d offsets, %d byte counts", offsets.n, counts.n)
		return st
	}
	for k := uint64(0); k < offsets.n; k++ {
		if o, c := offsets.at(k), counts.at(k); o > n || c > n-o {
			st.err = corruptf(TIFF, "strip %d runs past the end (truncated)", k)
			return st
		}
	}
	return st
}

// tiffArray is the value array of one IFD entry, already bounds-checked.
type tiffArray struct {
	bo   binary.ByteOrder
	data []byte
	size uint64 // bytes per value: 1, 2, 4 or 8
	n    uint64 // number of values
}

// integral reports whether the values are SHORTs or LONGs, the only types
// the spec allows for strip and tile tables.
func (a tiffArray) integral() bool { return a.size == 2 || a.size == 4 }

func (a tiffArray) at(i uint64) uint64 {
	p := a.data[i*a.size:]
	switch a.size {
	case 1:
		return uint64(p[0])
	case 2:
		return uint64(a.bo.Uint16(p))
	case 4:
		return uint64(a.bo.Uint32(p))
	}
	return a.bo.Uint64(p)
}

// tiffValues locates the values of the 12-byte IFD entry ent: inline when
// they fit in 4 bytes, else at the offset the entry holds. ok is false when
// they are not inside b.
func tiffValues(b []byte, bo binary.ByteOrder, ent []byte) (tiffArray, bool) {
	var size uint64
	switch bo.Uint16(ent[2:]) {
	case 1, 2, 6, 7: // BYTE, ASCII, SBYTE, UNDEFINED
		size = 1
	case 3, 8: // SHORT, SSHORT
		size = 2
	case 4, 9, 11: // LONG, SLONG, FLOAT
		size = 4
	case 5, 10, 12: // RATIONAL, SRATIONAL, DOUBLE
		size = 8
	default:
		return tiffArray{}, false
	}
	count := uint64(bo.Uint32(ent[4:]))
	total := count * size // at most 2^35: no overflow
	a := tiffArray{bo: bo, size: size, n: count}
	if total <= 4 {
		a.data = ent[8 : 8+total]
		return a, true
	}
	p := uint64(bo.Uint32(ent[8:]))
	if p > uint64(len(b)) || total > uint64(len(b))-p {
		return tiffArray{}, false
	}
	a.data = b[p : p+total]
	return a, true
}
