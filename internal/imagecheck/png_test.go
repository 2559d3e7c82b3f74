package imagecheck

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// pngSeeds are PNGs the standard encoder writes: paletted at each bit depth
// (1, 2, 4 and 8 bits for 2, 4, 16 and 256 colours), paletted with
// transparency (a tRNS chunk), and the other colour types.
func pngSeeds(t testing.TB) [][]byte {
	var out [][]byte
	add := func(img image.Image) {
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		out = append(out, buf.Bytes())
	}
	for _, n := range []int{2, 4, 16, 256} {
		pal := make(color.Palette, n)
		for i := range pal {
			pal[i] = color.RGBA{uint8(i), uint8(255 - i), 7, 0xff}
		}
		add(image.NewPaletted(image.Rect(0, 0, 7, 3), pal))
	}
	add(image.NewPaletted(image.Rect(0, 0, 5, 4), color.Palette{color.NRGBA{1, 2, 3, 0x80}, color.Black}))
	add(image.NewGray(image.Rect(0, 0, 3, 2)))
	add(image.NewRGBA(image.Rect(0, 0, 3, 2)))
	add(image.NewNRGBA64(image.Rect(0, 0, 3, 2)))
	fixture, err := MakeFixture(FixtureSpec{Format: PNG, Width: 12, Height: 8, Marker: "nik=1"})
	if err != nil {
		t.Fatal(err)
	}
	return append(out, fixture)
}

// TestPNGPalettedFastPath: the paletted PNGs the standard encoder and
// MakeFixture write are read in place, with the standard decoder's size;
// the other colour types go to the standard decoder.
func TestPNGPalettedFastPath(t *testing.T) {
	seeds := pngSeeds(t)
	for i, b := range seeds {
		want, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			t.Fatal(i, err)
		}
		_, paletted := want.ColorModel.(color.Palette)
		w, h, ok := pngPaletted(b)
		if ok != paletted || ok && (w != want.Width || h != want.Height) {
			t.Errorf("seed %d (paletted %v): pngPaletted = %d×%d %v, want %d×%d", i, paletted, w, h, ok, want.Width, want.Height)
		}
	}
	if testing.AllocsPerRun(100, func() { _, _ = pngConfig(seeds[len(seeds)-1]) }) != 0 {
		t.Error("pngConfig allocates on a paletted PNG")
	}
}

// fixCRCs gives every complete chunk after the signature its right CRC, so
// that a mutated structure reaches the checks behind the CRC.
func fixCRCs(b []byte) []byte {
	b = bytes.Clone(b)
	for i := 8; len(b)-i >= 12; {
		n := int(binary.BigEndian.Uint32(b[i:]))
		if n < 0 || n > len(b)-i-12 {
			break
		}
		binary.BigEndian.PutUint32(b[i+8+n:], crc32.ChecksumIEEE(b[i+4:i+8+n]))
		i += 12 + n
	}
	return b
}

// FuzzPNGConfig: pngConfig accepts exactly what png.DecodeConfig accepts,
// with the same size, and its fast path never accepts what the standard
// decoder refuses.
func FuzzPNGConfig(f *testing.F) {
	for _, b := range pngSeeds(f) {
		f.Add(b)
		f.Add(b[:len(b)-20])
	}
	for _, b := range pngVariants(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, in := range [][]byte{b, fixCRCs(b)} {
			want, werr := png.DecodeConfig(bytes.NewReader(in))
			got, gerr := pngConfig(in)
			if (werr == nil) != (gerr == nil) || werr == nil && (got.Width != want.Width || got.Height != want.Height) {
				t.Fatalf("pngConfig = %d×%d, %v; png.DecodeConfig = %d×%d, %v", got.Width, got.Height, gerr, want.Width, want.Height, werr)
			}
			if w, h, ok := pngPaletted(in); ok && (werr != nil || w != want.Width || h != want.Height) {
				t.Fatalf("fast path %d×%d; png.DecodeConfig = %d×%d, %v", w, h, want.Width, want.Height, werr)
			}
		}
	})
}

type pngChunkT struct {
	typ  string
	data []byte
}

func splitPNG(t testing.TB, b []byte) []pngChunkT {
	var out []pngChunkT
	for i := 8; i < len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		out = append(out, pngChunkT{string(b[i+4 : i+8]), bytes.Clone(b[i+8 : i+8+n])})
		i += 12 + n
	}
	return out
}

func joinPNG(chunks []pngChunkT) []byte {
	b := []byte("\x89PNG\r\n\x1a\n")
	for _, c := range chunks {
		b = pngChunk(b, c.typ, c.data)
	}
	return b
}

// pngVariants are paletted PNGs with right CRCs, each broken (or not) in
// one way the fast path must judge as png.DecodeConfig does.
func pngVariants(t testing.TB) map[string][]byte {
	seeds := pngSeeds(t)
	four := splitPNG(t, seeds[1])  // 4 colours, depth 2: IHDR, PLTE, IDAT, IEND
	alpha := splitPNG(t, seeds[4]) // IHDR, PLTE, tRNS, IDAT, IEND
	if four[1].typ != "PLTE" || alpha[2].typ != "tRNS" {
		t.Fatalf("seed layout %v %v", four, alpha)
	}
	edit := func(base []pngChunkT, fn func([]pngChunkT) []pngChunkT) []byte {
		c := make([]pngChunkT, len(base))
		for i := range base {
			c[i] = pngChunkT{base[i].typ, bytes.Clone(base[i].data)}
		}
		return joinPNG(fn(c))
	}
	ihdr := func(off int, v byte) func([]pngChunkT) []pngChunkT {
		return func(c []pngChunkT) []pngChunkT { c[0].data[off] = v; return c }
	}
	text := pngChunkT{"tEXt", []byte("k\x00v")}
	return map[string][]byte{
		"as encoded":         edit(four, func(c []pngChunkT) []pngChunkT { return c }),
		"depth 1, 4 colours": edit(four, ihdr(8, 1)),
		"depth 3":            edit(four, ihdr(8, 3)),
		"compression 1":      edit(four, ihdr(10, 1)),
		"filter 1":           edit(four, ihdr(11, 1)),
		"interlace 1":        edit(four, ihdr(12, 1)),
		"interlace 2":        edit(four, ihdr(12, 2)),
		"width 0":            edit(four, func(c []pngChunkT) []pngChunkT { copy(c[0].data[0:4], []byte{0, 0, 0, 0}); return c }),
		"width negative":     edit(four, ihdr(0, 0x80)),
		"50000×50000, too many pixels for a 32-bit int": edit(four, func(c []pngChunkT) []pngChunkT {
			copy(c[0].data[0:8], []byte{0, 0, 0xc3, 0x50, 0, 0, 0xc3, 0x50})
			return c
		}),
		"huge, overflow": edit(four, func(c []pngChunkT) []pngChunkT {
			copy(c[0].data[0:8], []byte{0x7f, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff})
			return c
		}),
		"PLTE of 4 bytes":  edit(four, func(c []pngChunkT) []pngChunkT { c[1].data = c[1].data[:4]; return c }),
		"PLTE empty":       edit(four, func(c []pngChunkT) []pngChunkT { c[1].data = nil; return c }),
		"no PLTE":          edit(four, func(c []pngChunkT) []pngChunkT { return append(c[:1:1], c[2:]...) }),
		"two PLTE":         edit(four, func(c []pngChunkT) []pngChunkT { return append(c[:2:2], c[1:]...) }),
		"tEXt before PLTE": edit(four, func(c []pngChunkT) []pngChunkT { return append([]pngChunkT{c[0], text}, c[1:]...) }),
		"tEXt before IHDR": edit(four, func(c []pngChunkT) []pngChunkT { return append([]pngChunkT{text}, c...) }),
		"IEND after PLTE":  edit(four, func(c []pngChunkT) []pngChunkT { return append(c[:2:2], pngChunkT{"IEND", nil}) }),
		"IEND before IDAT": edit(four, func(c []pngChunkT) []pngChunkT {
			return append(c[:2:2], append([]pngChunkT{{"IEND", nil}}, c[2:]...)...)
		}),
		"IHDR twice":               edit(four, func(c []pngChunkT) []pngChunkT { return append([]pngChunkT{c[0]}, c...) }),
		"nothing after PLTE":       edit(four, func(c []pngChunkT) []pngChunkT { return c[:2] }),
		"tRNS":                     edit(alpha, func(c []pngChunkT) []pngChunkT { return c }),
		"tRNS of 257":              edit(alpha, func(c []pngChunkT) []pngChunkT { c[2].data = make([]byte, 257); return c }),
		"tRNS before PLTE":         edit(alpha, func(c []pngChunkT) []pngChunkT { c[1], c[2] = c[2], c[1]; return c }),
		"IDAT of 0 bytes, cut off": edit(four, func(c []pngChunkT) []pngChunkT { return c })[:len(joinPNG(four[:2]))+7],
	}
}

// TestPNGConfigAgrees: on each variant pngConfig and its fast path give
// png.DecodeConfig's verdict and size.
func TestPNGConfigAgrees(t *testing.T) {
	fast := 0
	for name, b := range pngVariants(t) {
		want, werr := png.DecodeConfig(bytes.NewReader(b))
		got, gerr := pngConfig(b)
		if (werr == nil) != (gerr == nil) || werr == nil && (got.Width != want.Width || got.Height != want.Height) {
			t.Errorf("%s: pngConfig = %d×%d, %v; png.DecodeConfig = %d×%d, %v", name, got.Width, got.Height, gerr, want.Width, want.Height, werr)
		}
		if w, h, ok := pngPaletted(b); ok {
			fast++
			if werr != nil || w != want.Width || h != want.Height {
				t.Errorf("%s: fast path %d×%d; png.DecodeConfig = %d×%d, %v", name, w, h, want.Width, want.Height, werr)
			}
		}
	}
	if fast < 3 {
		t.Errorf("the fast path took %d variants, want the sound ones", fast)
	}
}
