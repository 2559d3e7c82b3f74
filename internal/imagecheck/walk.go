package imagecheck

import (
	"bytes"
	"encoding/binary"
	"math"
	"strconv"
)

// structure is what a format walker learns by following the file's own
// lengths and offsets: dimensions from its header (used when the standard
// decoder does not support a valid variant), the embedded marker text, and
// whether the file is complete. Walkers index b only after checking bounds,
// use 64-bit arithmetic for sizes read from the file, and never allocate in
// proportion to a length field.
type structure struct {
	width, height int
	marker        string
	err           error // wraps ErrCorrupt
}

func walk(f Format, b []byte) structure {
	switch f {
	case JPEG:
		return walkJPEG(b)
	case PNG:
		return walkPNG(b)
	case GIF:
		return walkGIF(b)
	case BMP:
		return walkBMP(b)
	case TIFF:
		return walkTIFF(b)
	case WebP:
		return walkWebP(b)
	case PDF:
		return walkPDF(b)
	}
	return structure{}
}

// PNG chunk types, as big-endian integers so the walk compares without
// converting bytes to strings.
const (
	pngIEND = 'I'<<24 | 'E'<<16 | 'N'<<8 | 'D'
	pngTEXT = 't'<<24 | 'E'<<16 | 'X'<<8 | 't'
	pngITXT = 'i'<<24 | 'T'<<16 | 'X'<<8 | 't'
)

// walkPNG follows the chunk lengths to IEND. Markers may be in any text
// chunk, before or after IDAT; the first one wins.
func walkPNG(b []byte) (st structure) {
	i := 8
	for {
		if len(b)-i < 12 {
			st.err = corruptf(PNG, "truncated before IEND at offset %d", i)
			return st
		}
		n := uint64(binary.BigEndian.Uint32(b[i:]))
		typ := binary.BigEndian.Uint32(b[i+4:])
		if n > math.MaxInt32 || n > uint64(len(b)-i-12) {
			st.err = corruptf(PNG, "chunk at offset %d runs past the end (truncated)", i)
			return st
		}
		data := b[i+8 : i+8+int(n)]
		switch typ {
		case pngIEND:
			return st
		case pngTEXT, pngITXT:
			if st.marker == "" {
				st.marker = pngMarker(typ == pngITXT, data)
			}
		}
		i += 12 + int(n)
	}
}

// pngMarker returns the marker in a tEXt or iTXt chunk's data, or "".
// Compressed iTXt is skipped: inflating on the request path is not worth it
// for a test convention, and MakeFixture never compresses markers.
func pngMarker(itxt bool, data []byte) string {
	kw, text, ok := bytes.Cut(data, []byte{0})
	if !ok {
		return ""
	}
	if itxt {
		// compression flag, compression method, language\0, translated keyword\0
		if len(text) < 2 || text[0] != 0 {
			return ""
		}
		if _, text, ok = bytes.Cut(text[2:], []byte{0}); !ok {
			return ""
		}
		if _, text, ok = bytes.Cut(text, []byte{0}); !ok {
			return ""
		}
	}
	if string(kw) == MarkerKeyword || bytes.HasPrefix(text, []byte(MarkerPrefix)) {
		return markerText(text)
	}
	return ""
}

// walkJPEG follows segment lengths from SOI to the first SOS, reading the
// SOF dimensions and a COM marker on the way, then requires an EOI somewhere
// after it: entropy-coded data escapes every 0xFF, so FF D9 there can only be
// EOI, and a file cut anywhere after the headers lacks it.
func walkJPEG(b []byte) (st structure) {
	i := 2
	for {
		if i >= len(b) {
			st.err = corruptf(JPEG, "truncated before image data")
			return st
		}
		if b[i] != 0xFF {
			st.err = corruptf(JPEG, "expected a marker at offset %d", i)
			return st
		}
		for i < len(b) && b[i] == 0xFF { // fill bytes
			i++
		}
		if i >= len(b) {
			st.err = corruptf(JPEG, "truncated before image data")
			return st
		}
		m := b[i]
		i++
		switch {
		case m == 0x01 || m == 0xD8 || 0xD0 <= m && m <= 0xD7: // no length field
			continue
		case m == 0xD9:
			st.err = corruptf(JPEG, "end of image before any image data")
			return st
		case m == 0x00:
			st.err = corruptf(JPEG, "stuffed byte outside image data at offset %d", i-2)
			return st
		}
		if len(b)-i < 2 {
			st.err = corruptf(JPEG, "truncated segment header at offset %d", i)
			return st
		}
		n := int(binary.BigEndian.Uint16(b[i:]))
		if n < 2 {
			st.err = corruptf(JPEG, "bad segment length %d at offset %d", n, i)
			return st
		}
		if n > len(b)-i {
			st.err = corruptf(JPEG, "segment at offset %d runs past the end (truncated)", i-2)
			return st
		}
		seg := b[i+2 : i+n]
		switch {
		case m == 0xFE:
			if st.marker == "" && bytes.HasPrefix(seg, []byte(MarkerPrefix)) {
				st.marker = markerText(seg)
			}
		case 0xC0 <= m && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC:
			if len(seg) >= 5 && st.width == 0 {
				st.height, st.width = int(binary.BigEndian.Uint16(seg[1:])), int(binary.BigEndian.Uint16(seg[3:]))
			}
		case m == 0xDA:
			if bytes.LastIndex(b[i+n:], []byte{0xFF, 0xD9}) < 0 {
				st.err = corruptf(JPEG, "no end-of-image marker (truncated)")
			}
			return st
		}
		i += n
	}
}

// walkGIF follows the block structure to the trailer, reading a comment
// extension marker on the way. Data sub-blocks are at most 256 bytes, so a
// 1 MB GIF costs about 4000 hops.
func walkGIF(b []byte) (st structure) {
	if len(b) < 13 {
		st.err = corruptf(GIF, "truncated header")
		return st
	}
	st.width, st.height = int(binary.LittleEndian.Uint16(b[6:])), int(binary.LittleEndian.Uint16(b[8:]))
	i := 13
	if b[10]&0x80 != 0 {
		i += 3 << (b[10]&7 + 1)
	}
	for {
		if i >= len(b) {
			st.err = corruptf(GIF, "truncated before the trailer")
			return st
		}
		var ok bool
		switch b[i] {
		case 0x3B:
			return st
		case 0x21: // extension: label, then sub-blocks
			if len(b)-i < 2 {
				st.err = corruptf(GIF, "truncated extension")
				return st
			}
			comment := b[i+1] == 0xFE && st.marker == ""
			var text []byte
			i, text, ok = gifSubBlocks(b, i+2, comment)
			if comment && bytes.HasPrefix(text, []byte(MarkerPrefix)) {
				st.marker = markerText(text)
			}
		case 0x2C: // image descriptor, optional local colour table, LZW data
			if len(b)-i < 11 {
				st.err = corruptf(GIF, "truncated image descriptor")
				return st
			}
			packed := b[i+9]
			i += 10
			if packed&0x80 != 0 {
				i += 3 << (packed&7 + 1)
			}
			i++ // LZW minimum code size
			i, _, ok = gifSubBlocks(b, i, false)
		default:
			st.err = corruptf(GIF, "unknown block 0x%02x at offset %d", b[i], i)
			return st
		}
		if !ok {
			st.err = corruptf(GIF, "data runs past the end (truncated)")
			return st
		}
	}
}

// gifSubBlocks skips the sub-block chain at b[i:], returning the offset after
// its terminator. With collect it also returns the first MaxMarkerLen+1 data
// bytes (enough to reject an overlong marker).
func gifSubBlocks(b []byte, i int, collect bool) (next int, data []byte, ok bool) {
	for {
		if i >= len(b) {
			return i, data, false
		}
		n := int(b[i])
		i++
		if n == 0 {
			return i, data, true
		}
		if n > len(b)-i {
			return i, data, false
		}
		if collect && len(data) <= MaxMarkerLen {
			data = append(data, b[i:i+min(n, MaxMarkerLen+1-len(data))]...)
		}
		i += n
	}
}

// walkBMP reads the header and checks that the pixel array (and the size the
// header claims for the file) fit in what was received.
func walkBMP(b []byte) (st structure) {
	if len(b) < 26 {
		st.err = corruptf(BMP, "truncated header")
		return st
	}
	fileSize := uint64(binary.LittleEndian.Uint32(b[2:]))
	off := uint64(binary.LittleEndian.Uint32(b[10:]))
	dib := uint64(binary.LittleEndian.Uint32(b[14:]))
	var w, h int64
	var bpp, compression, imageSize uint64
	switch {
	case dib == 12: // BITMAPCOREHEADER
		w, h = int64(binary.LittleEndian.Uint16(b[18:])), int64(binary.LittleEndian.Uint16(b[20:]))
		bpp = uint64(binary.LittleEndian.Uint16(b[24:]))
	case dib >= 40:
		if uint64(len(b)) < 14+dib {
			st.err = corruptf(BMP, "truncated header")
			return st
		}
		w, h = int64(int32(binary.LittleEndian.Uint32(b[18:]))), int64(int32(binary.LittleEndian.Uint32(b[22:])))
		bpp = uint64(binary.LittleEndian.Uint16(b[28:]))
		compression = uint64(binary.LittleEndian.Uint32(b[30:]))
		imageSize = uint64(binary.LittleEndian.Uint32(b[34:]))
	default:
		st.err = corruptf(BMP, "unknown header size %d", dib)
		return st
	}
	h = max(h, -h) // negative height means top-down rows
	if w > 0 && w <= math.MaxInt32 {
		st.width, st.height = int(w), int(h)
	}
	n := uint64(len(b))
	switch {
	case fileSize > n:
		st.err = corruptf(BMP, "header says %d bytes, got %d (truncated)", fileSize, n)
	case off > n:
		st.err = corruptf(BMP, "pixel data offset %d past the end (truncated)", off)
	case compression == 0 || compression == 3 || compression == 6: // RGB, BITFIELDS, ALPHABITFIELDS
		stride := (uint64(max(w, 0))*bpp + 31) / 32 * 4
		if stride > 0 && uint64(h) > (n-off)/stride {
			st.err = corruptf(BMP, "pixel data runs past the end (truncated)")
		}
	default: // RLE, embedded JPEG/PNG: the header's image size is all we know
		if imageSize > n-off {
			st.err = corruptf(BMP, "pixel data runs past the end (truncated)")
		}
	}
	return st
}

// walkWebP checks the RIFF size against the bytes received and follows the
// chunks inside it; a marker is any chunk whose data starts with
// MarkerPrefix (MakeFixture writes one named "MKYC").
func walkWebP(b []byte) (st structure) {
	end := 8 + uint64(binary.LittleEndian.Uint32(b[4:]))
	if end > uint64(len(b)) {
		st.err = corruptf(WebP, "RIFF size %d past the end (truncated)", end)
		return st
	}
	i := uint64(12)
	for i < end {
		if end-i < 8 {
			st.err = corruptf(WebP, "partial chunk header at offset %d", i)
			return st
		}
		n := uint64(binary.LittleEndian.Uint32(b[i+4:]))
		if n > end-i-8 {
			st.err = corruptf(WebP, "chunk at offset %d runs past the end (truncated)", i)
			return st
		}
		data := b[i+8 : i+8+n]
		if st.marker == "" && bytes.HasPrefix(data, []byte(MarkerPrefix)) {
			st.marker = markerText(data)
		}
		i += 8 + n + n&1
	}
	return st
}

// walkPDF requires %%EOF near the end (where a truncated upload loses it)
// and reads the first /MediaBox for dimensions in points. Markers are found
// by the tail scan, since MakeFixture writes them as a comment near the end.
func walkPDF(b []byte) (st structure) {
	if !bytes.Contains(b[max(0, len(b)-1024):], []byte("%%EOF")) {
		st.err = corruptf(PDF, "no %%%%EOF at the end (truncated)")
	}
	st.width, st.height = pdfMediaBox(b)
	return st
}

// pdfMediaBox parses the first "/MediaBox [x0 y0 x1 y1]" in the first MiB.
// Anything else (an indirect reference, a box inside a compressed object
// stream) gives 0×0: dimensions unknown, which Check does not hold against
// the document.
func pdfMediaBox(b []byte) (w, h int) {
	b = b[:min(len(b), 1<<20)]
	i := bytes.Index(b, []byte("/MediaBox"))
	if i < 0 {
		return 0, 0
	}
	rest := b[i+len("/MediaBox"):]
	rest = rest[:min(len(rest), 256)]
	rest = bytes.TrimLeft(rest, " \t\r\n\f\x00")
	if len(rest) == 0 || rest[0] != '[' {
		return 0, 0
	}
	end := bytes.IndexByte(rest, ']')
	if end < 0 {
		return 0, 0
	}
	f := bytes.Fields(rest[1:end])
	if len(f) != 4 {
		return 0, 0
	}
	var v [4]float64
	for k := range v {
		x, err := strconv.ParseFloat(string(f[k]), 64)
		if err != nil || math.IsNaN(x) || math.Abs(x) > 1e7 {
			return 0, 0
		}
		v[k] = x
	}
	return int(math.Round(math.Abs(v[2] - v[0]))), int(math.Round(math.Abs(v[3] - v[1])))
}
