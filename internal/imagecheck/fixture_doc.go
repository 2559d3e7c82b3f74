package imagecheck

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image/color"
	"strconv"
)

// webpFixture writes a solid-colour lossless WebP. Without marker or
// padding it is the simple format (RIFF, VP8L); otherwise the extended
// format (VP8X first), the only one in which extra chunks are allowed.
func webpFixture(w, h int, text string) func(int) []byte {
	bits := vp8lSolid(w, h, cardPalette()[0].(color.RGBA))
	return func(extra int) []byte {
		const vp8xSize = 8 + 10
		extended := text != "" || extra >= vp8xSize+8
		padChunk := extra
		if extended && text == "" {
			padChunk -= vp8xSize // switching layout is paid from the padding
		}
		var body []byte
		if extended {
			var x [10]byte // no feature flags; canvas size minus one, 24-bit
			putUint24(x[4:], uint32(w-1))
			putUint24(x[7:], uint32(h-1))
			body = riffChunk(body, "VP8X", x[:])
		}
		body = riffChunk(body, "VP8L", bits)
		if extended && padChunk >= 8 {
			// A chunk is 8 bytes of header plus an even-padded payload,
			// so an odd amount comes out one byte short.
			body = riffChunk(body, "MKPD", padBytes((padChunk-8)&^1))
		}
		if text != "" {
			body = riffChunk(body, "MKYC", []byte(text))
		}
		out := make([]byte, 0, 12+len(body))
		out = append(out, "RIFF"...)
		out = binary.LittleEndian.AppendUint32(out, uint32(4+len(body)))
		out = append(out, "WEBP"...)
		return append(out, body...)
	}
}

func putUint24(b []byte, v uint32) {
	b[0], b[1], b[2] = byte(v), byte(v>>8), byte(v>>16)
}

func riffChunk(dst []byte, id string, data []byte) []byte {
	dst = append(dst, id...)
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(data)))
	dst = append(dst, data...)
	if len(data)&1 == 1 {
		dst = append(dst, 0)
	}
	return dst
}

// vp8lSolid is a VP8L bitstream for a w×h image of one colour: no
// transforms, no colour cache, and five "simple" prefix codes of one symbol
// each. A one-symbol code has zero-length codewords, so the pixels take no
// bits at all and the stream is a few bytes whatever the size.
func vp8lSolid(w, h int, c color.RGBA) []byte {
	var bw bitWriter
	bw.put(0x2F, 8) // signature
	bw.put(uint32(w-1), 14)
	bw.put(uint32(h-1), 14)
	bw.put(0, 1) // alpha is not used
	bw.put(0, 3) // version 0
	bw.put(0, 1) // no transform
	bw.put(0, 1) // no colour cache
	bw.put(0, 1) // no meta prefix codes
	// Codes for green, red, blue, alpha, distance.
	for _, sym := range [5]uint32{uint32(c.G), uint32(c.R), uint32(c.B), uint32(c.A), 0} {
		bw.put(1, 1) // simple code
		bw.put(0, 1) // one symbol
		if sym < 2 {
			bw.put(0, 1) // 1-bit symbol
			bw.put(sym, 1)
		} else {
			bw.put(1, 1) // 8-bit symbol
			bw.put(sym, 8)
		}
	}
	return bw.bytes()
}

// bitWriter packs bits least-significant first, as VP8L reads them.
type bitWriter struct {
	buf   []byte
	acc   uint64
	nbits uint
}

func (b *bitWriter) put(v uint32, n uint) {
	b.acc |= uint64(v) << b.nbits
	b.nbits += n
	for b.nbits >= 8 {
		b.buf = append(b.buf, byte(b.acc))
		b.acc >>= 8
		b.nbits -= 8
	}
}

func (b *bitWriter) bytes() []byte {
	if b.nbits > 0 {
		return append(b.buf, byte(b.acc))
	}
	return b.buf
}

// pdfFixture writes a one-page PDF whose /MediaBox is w×h points and whose
// page draws the card layout in vector rectangles.
func pdfFixture(w, h int, text string) func(int) []byte {
	var content bytes.Buffer
	pal := cardPalette()
	draw := func(x, y, dx, dy int, c uint8) {
		r, g, b, _ := pal[c].RGBA()
		fmt.Fprintf(&content, "%.3f %.3f %.3f rg %d %d %d %d re f\n",
			float64(r)/0xFFFF, float64(g)/0xFFFF, float64(b)/0xFFFF, x, y, dx, dy)
	}
	draw(0, 0, w, h, 0)
	for _, f := range cardLayout(w, h) {
		if !f.r.Empty() { // PDF's origin is bottom-left
			draw(f.r.Min.X, h-f.r.Max.Y, f.r.Dx(), f.r.Dy(), f.c)
		}
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << >> /Contents 4 0 R >>", w, h),
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.Bytes()),
	}
	return func(extra int) []byte {
		base := pdfLayout(objs, text, -1)
		if extra == 0 {
			return base.join(nil)
		}
		// The padding object's overhead depends on the digits of its
		// length and of the xref offset, so converge on the payload
		// size; each step only formats a few hundred bytes of text.
		target := base.size() + extra
		p := extra
		best := base
		for i := 0; i < 6 && p >= 0; i++ {
			l := pdfLayout(objs, text, p)
			if abs(target-l.size()) < abs(target-best.size()) {
				best = l
			}
			if l.size() == target {
				break
			}
			p += target - l.size()
		}
		if best.pad < 0 {
			return best.join(nil)
		}
		return best.join(padBytes(best.pad))
	}
}

func abs(x int) int { return max(x, -x) }

// pdfParts is a PDF split around the padding stream's payload, so its size
// is known without materialising the payload.
type pdfParts struct {
	head, tail []byte
	pad        int // payload length; -1 for no padding object
}

func (p pdfParts) size() int { return len(p.head) + max(p.pad, 0) + len(p.tail) }

func (p pdfParts) join(pad []byte) []byte {
	out := make([]byte, 0, p.size())
	out = append(out, p.head...)
	out = append(out, pad...)
	return append(out, p.tail...)
}

// pdfLayout formats the document: objects, an optional unreferenced padding
// stream of pad bytes, the marker comment, and the xref table, trailer and
// %%EOF that Inspect looks for at the end.
func pdfLayout(objs []string, text string, pad int) pdfParts {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n") // binary comment: "this file is binary" to transfer tools
	offsets := make([]int, 0, len(objs)+1)
	for i, o := range objs {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	var parts pdfParts
	parts.pad = pad
	if pad >= 0 {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n<< /Length %d >>\nstream\n", len(offsets), pad)
		parts.head = bytes.Clone(b.Bytes())
		b.Reset()
		b.WriteString("\nendstream\nendobj\n")
	}
	if text != "" {
		b.WriteString("%" + text + "\n")
	}
	prefix := len(parts.head) + max(pad, 0)
	xref := prefix + b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%s\n%%%%EOF\n", len(offsets)+1, strconv.Itoa(xref))
	if pad < 0 {
		parts.head = b.Bytes()
		return parts
	}
	parts.tail = b.Bytes()
	return parts
}
