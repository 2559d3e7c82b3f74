package imagecheck

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image/gif"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/bmp"
)

// Each xxxFixture encodes the picture once and returns an assembler that
// splices in the marker and extra bytes of padding (as exactly as the format
// allows; less than the smallest padding unit adds nothing).

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
	if err := enc.Encode(&buf, cardPaletted(w, h)); err != nil {
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

func gifFixture(w, h int, text string) (func(int) []byte, error) {
	var buf bytes.Buffer
	if err := gif.Encode(&buf, cardPaletted(w, h), nil); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	hdr := 13
	if len(b) > 10 && b[10]&0x80 != 0 {
		hdr += 3 << (b[10]&7 + 1)
	}
	if len(b) < hdr+1 || b[len(b)-1] != 0x3B {
		return nil, errors.New("unexpected GIF layout from image/gif")
	}
	var com []byte
	if text != "" {
		com = gifComment(nil, []byte(text), nil)
	}
	return func(extra int) []byte {
		out := make([]byte, 0, len(b)+len(com)+extra)
		out = append(out, b[:hdr]...)
		out = append(out, com...)
		out = append(out, b[hdr:len(b)-1]...)
		out = appendGIFPadding(out, extra)
		return append(out, 0x3B)
	}, nil
}

// gifComment appends a comment extension carrying data, cut into
// sub-blocks of the given sizes (255 each when sizes is nil).
func gifComment(dst, data []byte, sizes []int) []byte {
	dst = append(dst, 0x21, 0xFE)
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

func bmpFixture(w, h int, text string) (func(int) []byte, error) {
	var buf bytes.Buffer
	// Uncompressed: 8-bit rows padded to 4 bytes after a 1078-byte header
	// and palette. Sizing the buffer once saves copying tens of MB while
	// it doubles.
	buf.Grow(14 + 40 + 1024 + (w+3)&^3*h)
	if err := bmp.Encode(&buf, cardPaletted(w, h)); err != nil {
		return nil, err
	}
	enc := buf.Bytes()
	return func(extra int) []byte {
		out := make([]byte, 0, len(enc)+extra+len(text))
		out = append(out, enc...)
		out = append(out, padBytes(extra)...)
		out = append(out, text...)
		// The declared file size covers padding and marker, so decoders
		// see them as data after the pixel array and Inspect can still
		// tell a truncated copy by the size.
		binary.LittleEndian.PutUint32(out[2:], uint32(len(out)))
		return out
	}, nil
}

func tiffFixture(w, h int, text string) (func(int) []byte, error) {
	img := cardPaletted(w, h)
	var strip bytes.Buffer
	zw, err := zlib.NewWriterLevel(&strip, zlib.BestSpeed)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(img.Pix); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	colorMap := make([]byte, 0, 2*3*256) // all reds, then greens, then blues
	for ch := 0; ch < 3; ch++ {
		for i := 0; i < 256; i++ {
			var v uint32
			if i < len(img.Palette) {
				r, g, b, _ := img.Palette[i].RGBA()
				v = [3]uint32{r, g, b}[ch]
			}
			colorMap = binary.LittleEndian.AppendUint16(colorMap, uint16(v))
		}
	}
	return func(extra int) []byte {
		return writeTIFF(w, h, colorMap, text, strip.Bytes(), extra)
	}, nil
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
