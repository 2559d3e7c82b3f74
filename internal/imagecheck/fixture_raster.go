package imagecheck

import (
	"bytes"
	"compress/lzw"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math/bits"
)

// Each xxxFixture encodes the picture once and returns an assembler that
// splices in the marker and extra bytes of padding (as exactly as the format
// allows; less than the smallest padding unit adds nothing). None but JPEG
// holds the picture as a raster: the encoders read the card's rows (see
// card), so what a fixture holds is its output.

func jpegFixture(w, h int, text string) (func(int) []byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, cardYCbCr(w, h), &jpeg.Options{Quality: 85}); err != nil {
		return nil, err
	}
	enc := buf.Bytes()
	var com []byte
	if text != "" {
		com = jpegSegment(nil, 0xFE, []byte(text))
	}
	return func(extra int) []byte {
		out := make([]byte, 0, len(enc)+len(com)+extra)
		out = append(out, enc[:2]...) // SOI
		out = append(out, com...)
		out = appendJPEGPadding(out, extra)
		return append(out, enc[2:]...)
	}, nil
}

func jpegSegment(dst []byte, marker byte, payload []byte) []byte {
	dst = append(dst, 0xFF, marker)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(payload)+2))
	return append(dst, payload...)
}

// appendJPEGPadding adds APP15 segments totalling exactly extra bytes (each
// 4 bytes of header and up to 65533 of payload); extra < 4 adds nothing.
func appendJPEGPadding(dst []byte, extra int) []byte {
	const unit = 4 + 65533
	if extra < 4 {
		return dst
	}
	sizes := make([]int, (extra+unit-1)/unit)
	for i := range sizes {
		sizes[i] = unit
	}
	last := extra - (len(sizes)-1)*unit
	if last < 4 { // borrow from the previous segment so the last has a header
		sizes[len(sizes)-2] -= 4 - last
		last = 4
	}
	sizes[len(sizes)-1] = last
	pad := padBytes(extra)
	for _, n := range sizes {
		dst = jpegSegment(dst, 0xEF, pad[:n-4])
		pad = pad[n-4:]
	}
	return dst
}

func pngFixture(w, h int, text string) (func(int) []byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, newCard(w, h)); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	// Signature (8) + IHDR (25) first, IEND (12) last: image/png's layout.
	if len(b) < 45 || string(b[12:16]) != "IHDR" || string(b[len(b)-8:len(b)-4]) != "IEND" {
		return nil, errors.New("unexpected PNG layout from image/png")
	}
	head, body, iend := b[:33], b[33:len(b)-12], b[len(b)-12:]
	var txt []byte
	if text != "" {
		data := append([]byte(MarkerKeyword), 0)
		typ := "tEXt"
		if !isASCII(text) { // tEXt is Latin-1; names with other letters need iTXt (UTF-8)
			typ = "iTXt"
			data = append(data, 0, 0, 0, 0) // uncompressed, method 0, no language, no translation
		}
		txt = pngChunk(nil, typ, append(data, text...))
	}
	return func(extra int) []byte {
		out := make([]byte, 0, len(b)+len(txt)+extra)
		out = append(out, head...)
		out = append(out, txt...)
		out = append(out, body...)
		if extra >= 12 {
			// Private ancillary ("mk": lowercase = ancillary, private),
			// safe to copy ("d"): decoders skip it.
			out = pngChunk(out, "mkPd", padBytes(extra-12))
		}
		return append(out, iend...)
	}, nil
}

func pngChunk(dst []byte, typ string, data []byte) []byte {
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(data)))
	start := len(dst)
	dst = append(dst, typ...)
	dst = append(dst, data...)
	return binary.BigEndian.AppendUint32(dst, crc32.ChecksumIEEE(dst[start:]))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// gifFixture writes what image/gif's Encode writes for the card (one
// frame; the global colour table, padded to a power of two; LZW codes in
// sub-blocks), compressing a row at a time.
func gifFixture(w, h int, text string) (func(int) []byte, error) {
	c := newCard(w, h)
	size := bits.Len(uint(len(c.pal)-1)) - 1 // the table has 2^(size+1) entries
	litWidth := max(size+1, 2)
	var codes bytes.Buffer
	zw := lzw.NewWriter(&codes, lzw.LSB, litWidth)
	for y := range h {
		if _, err := zw.Write(c.row(y)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	head := []byte("GIF89a")
	head = binary.LittleEndian.AppendUint16(head, uint16(w))
	head = binary.LittleEndian.AppendUint16(head, uint16(h))
	head = append(head, 0x80|byte(size), 0, 0) // global table; background 0; no aspect ratio
	table := make([]byte, 3<<(size+1))         // unused entries black
	for i, col := range c.pal {
		r, g, b, _ := col.RGBA()
		table[3*i], table[3*i+1], table[3*i+2] = byte(r>>8), byte(g>>8), byte(b>>8)
	}
	head = append(head, table...)
	body := []byte{0x2C, 0, 0, 0, 0} // image descriptor at (0, 0)
	body = binary.LittleEndian.AppendUint16(body, uint16(w))
	body = binary.LittleEndian.AppendUint16(body, uint16(h))
	body = append(body, 0, byte(litWidth)) // the global table; LZW minimum code size
	body = appendSubBlocks(body, codes.Bytes(), nil)
	var com []byte
	if text != "" {
		com = gifComment(nil, []byte(text), nil)
	}
	return func(extra int) []byte {
		out := make([]byte, 0, len(head)+len(com)+len(body)+extra+1)
		out = append(out, head...)
		out = append(out, com...)
		out = append(out, body...)
		out = appendGIFPadding(out, extra)
		return append(out, 0x3B)
	}, nil
}

// gifComment appends a comment extension carrying data, cut into
// sub-blocks of the given sizes (255 each when sizes is nil).
func gifComment(dst, data []byte, sizes []int) []byte {
	return appendSubBlocks(append(dst, 0x21, 0xFE), data, sizes)
}

// appendSubBlocks appends data as GIF sub-blocks of the given sizes (255
// each when sizes is nil), then the terminating empty block.
func appendSubBlocks(dst, data []byte, sizes []int) []byte {
	for len(data) > 0 {
		n := min(len(data), 255)
		if len(sizes) > 0 {
			n, sizes = sizes[0], sizes[1:]
		}
		dst = append(dst, byte(n))
		dst = append(dst, data[:n]...)
		data = data[n:]
	}
	return append(dst, 0)
}

// appendGIFPadding adds a comment extension of exactly extra bytes: 3 bytes
// of framing plus sub-blocks of 1 length byte and 1–255 data bytes. extra < 5
// adds nothing.
func appendGIFPadding(dst []byte, extra int) []byte {
	s := extra - 3 // bytes for sub-blocks, length bytes included
	if s < 2 {
		return dst
	}
	sizes := make([]int, (s+255)/256)
	for i := range sizes {
		sizes[i] = 255
	}
	last := s - (len(sizes)-1)*256
	if last == 1 { // a lone length byte would be the terminator
		sizes[len(sizes)-2]--
		last = 2
	}
	sizes[len(sizes)-1] = last - 1
	total := 0
	for _, n := range sizes {
		total += n
	}
	return gifComment(dst, padBytes(total), sizes)
}

// bmpFile is an uncompressed 8-bit BMP of the card as x/image/bmp
// writes it (bottom-up rows padded to 4 bytes after a 1078-byte header and
// palette), followed by extra bytes of padding and the marker text, all
// within the file size its header declares. Unlike the other formats it is
// not made in memory: its pixels are as many bytes as the picture has, so
// WriteTo writes them row by row.
type bmpFile struct {
	c     *card
	text  string
	extra int
}

const bmpHeader = 14 + 40 + 4*256

func (b bmpFile) stride() int { return (b.c.w + 3) &^ 3 }

func (b bmpFile) size() int { return bmpHeader + b.stride()*b.c.h + b.extra + len(b.text) }

// WriteTo writes the file to w a row at a time.
func (b bmpFile) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	hdr := make([]byte, 0, bmpHeader)
	hdr = append(hdr, 'B', 'M')
	// The declared file size covers padding and marker, so decoders
	// see them as data after the pixel array and Inspect can still
	// tell a truncated copy by the size.
	hdr = binary.LittleEndian.AppendUint32(hdr, uint32(b.size()))
	hdr = binary.LittleEndian.AppendUint32(hdr, 0)         // reserved
	hdr = binary.LittleEndian.AppendUint32(hdr, bmpHeader) // pixel offset
	hdr = binary.LittleEndian.AppendUint32(hdr, 40)        // BITMAPINFOHEADER
	hdr = binary.LittleEndian.AppendUint32(hdr, uint32(b.c.w))
	hdr = binary.LittleEndian.AppendUint32(hdr, uint32(b.c.h)) // positive: bottom-up
	hdr = binary.LittleEndian.AppendUint16(hdr, 1)             // planes
	hdr = binary.LittleEndian.AppendUint16(hdr, 8)             // bits per pixel
	hdr = binary.LittleEndian.AppendUint32(hdr, 0)             // uncompressed
	hdr = binary.LittleEndian.AppendUint32(hdr, uint32(b.stride()*b.c.h))
	hdr = append(hdr, make([]byte, 16)...) // resolution, colours used, important: 0
	for _, col := range b.c.pal {
		r, g, bl, _ := col.RGBA()
		hdr = append(hdr, byte(bl>>8), byte(g>>8), byte(r>>8), 0xFF)
	}
	hdr = hdr[:bmpHeader] // unused palette entries: 0
	cw.Write(hdr)
	row := make([]byte, b.stride())
	for y := b.c.h - 1; y >= 0 && cw.err == nil; y-- {
		copy(row, b.c.row(y))
		cw.Write(row)
	}
	if b.extra > 0 {
		cw.Write(padBytes(b.extra))
	}
	cw.Write([]byte(b.text))
	return cw.n, cw.err
}

// countWriter counts what it writes and keeps the first error, after
// which it writes nothing.
type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) {
	if c.err != nil {
		return
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
}

func tiffFixture(w, h int, text string) (func(int) []byte, error) {
	c := newCard(w, h)
	var strip bytes.Buffer
	zw, err := zlib.NewWriterLevel(&strip, zlib.BestSpeed)
	if err != nil {
		return nil, err
	}
	for y := range h {
		if _, err := zw.Write(c.row(y)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	colorMap := tiffColorMap(c.pal)
	return func(extra int) []byte {
		return writeTIFF(w, h, colorMap, text, strip.Bytes(), extra)
	}, nil
}

// tiffColorMap is pal as a TIFF ColorMap: 256 reds, then greens, then
// blues, 16 bits each.
func tiffColorMap(pal color.Palette) []byte {
	colorMap := make([]byte, 0, 2*3*256)
	for ch := 0; ch < 3; ch++ {
		for i := 0; i < 256; i++ {
			var v uint32
			if i < len(pal) {
				r, g, b, _ := pal[i].RGBA()
				v = [3]uint32{r, g, b}[ch]
			}
			colorMap = binary.LittleEndian.AppendUint16(colorMap, uint16(v))
		}
	}
	return colorMap
}

// writeTIFF lays out a little-endian, 8-bit palette TIFF with one
// Deflate-compressed strip: header, IFD, IFD data, padding, strip. The strip
// goes last so that truncation anywhere cuts it (which Inspect detects), and
// the marker goes in ImageDescription, where TIFF tools show it.
func writeTIFF(w, h int, colorMap []byte, text string, strip []byte, extra int) []byte {
	type entry struct {
		tag, typ uint16
		count    uint32
		value    uint32 // inline value, or offset of data
		data     []byte // out-of-line data
	}
	const short, long, ascii, rational = 3, 4, 2, 5
	res := binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, 72), 1)
	entries := []entry{
		{tag: 256, typ: long, count: 1, value: uint32(w)},
		{tag: 257, typ: long, count: 1, value: uint32(h)},
		{tag: 258, typ: short, count: 1, value: 8},
		{tag: 259, typ: short, count: 1, value: 8}, // Adobe Deflate
		{tag: 262, typ: short, count: 1, value: 3}, // palette colour
	}
	if text != "" {
		entries = append(entries, entry{tag: tiffImageDescription, typ: ascii, count: uint32(len(text) + 1), data: append([]byte(text), 0)})
	}
	stripIdx := len(entries)
	entries = append(entries,
		entry{tag: tiffStripOffsets, typ: long, count: 1},
		entry{tag: 277, typ: short, count: 1, value: 1},
		entry{tag: 278, typ: long, count: 1, value: uint32(h)},
		entry{tag: tiffStripByteCounts, typ: long, count: 1, value: uint32(len(strip))},
		entry{tag: 282, typ: rational, count: 1, data: res},
		entry{tag: 283, typ: rational, count: 1, data: res},
		entry{tag: 296, typ: short, count: 1, value: 2}, // inch
		entry{tag: 320, typ: short, count: 3 * 256, data: colorMap},
	)
	off := 8 + 2 + 12*len(entries) + 4
	for i := range entries {
		if d := entries[i].data; len(d) > 4 {
			entries[i].value = uint32(off)
			off += len(d) + len(d)&1 // values start on word boundaries
		}
	}
	entries[stripIdx].value = uint32(off + extra)

	out := make([]byte, 0, off+extra+len(strip))
	out = append(out, "II*\x00"...)
	out = binary.LittleEndian.AppendUint32(out, 8)
	out = binary.LittleEndian.AppendUint16(out, uint16(len(entries)))
	for _, e := range entries {
		out = binary.LittleEndian.AppendUint16(out, e.tag)
		out = binary.LittleEndian.AppendUint16(out, e.typ)
		out = binary.LittleEndian.AppendUint32(out, e.count)
		if len(e.data) > 0 && len(e.data) <= 4 {
			var v [4]byte
			copy(v[:], e.data)
			out = append(out, v[:]...)
		} else {
			out = binary.LittleEndian.AppendUint32(out, e.value)
		}
	}
	out = binary.LittleEndian.AppendUint32(out, 0) // no next IFD
	for _, e := range entries {
		if len(e.data) > 4 {
			out = append(out, e.data...)
			if len(e.data)&1 == 1 {
				out = append(out, 0)
			}
		}
	}
	out = append(out, padBytes(extra)...)
	return append(out, strip...)
}
