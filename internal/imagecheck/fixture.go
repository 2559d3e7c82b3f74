package imagecheck

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"strings"
)

// Fixture bounds. They keep `mockekyc fixture` from exhausting memory: the
// raster formats hold the whole picture (1–1.5 bytes per pixel) while
// encoding, and the byte target is materialised in memory.
const (
	MaxFixtureSide   = 16384 // also the WebP limit
	MaxFixturePixels = 40_000_000
	MaxFixtureBytes  = 128 << 20
)

// FixtureSpec describes a test image.
type FixtureSpec struct {
	Format        Format
	Width, Height int
	// Bytes is the size to reach by padding the file in a way its format
	// allows (and decoders skip); 0 or a size below the natural one keeps
	// the natural size. The result is exact except for a few bytes where
	// the format's padding unit cannot fit (noted per format in padding).
	Bytes int
	// Marker is embedded so that Inspect returns it, e.g.
	// "scenario=forged; nik=3171024302821001" (MarkerPrefix optional).
	Marker string
	// Truncate > 0 cuts the finished file to that many bytes, to make an
	// upload that Inspect reports as corrupt. It must be below the size.
	Truncate int
}

// MakeFixture builds the image spec describes: a card-like picture of flat
// rectangles (a KTP look-alike, cheap to encode even at 6000×6000), or one
// solid colour for WebP, whose lossless bitstream is written by hand since
// x/image has no WebP encoder. The same spec always gives the same bytes.
//
// Where each format carries the marker and the padding:
//
//	jpeg  COM segment after SOI; APP15 segments
//	png   tEXt (iTXt if not ASCII) with keyword "mockekyc" after IHDR; a private "mkPd" chunk before IEND
//	gif   comment extension after the colour table; a comment extension before the trailer
//	bmp   text after the pixels; bytes between pixels and marker (the header's file size covers both)
//	tiff  ImageDescription; unreferenced bytes between the IFD data and the strip
//	webp  "MKYC" chunk; "MKPD" chunk (both switch to the extended VP8X layout)
//	pdf   a "%mockekyc: …" comment before the xref; an unreferenced stream object
//
// Padding sits before the end-of-file structure of each format (or, for
// BMP, inside the size its header declares), so a truncated fixture is always
// detected as corrupt however much padding it has.
func MakeFixture(spec FixtureSpec) ([]byte, error) {
	text, err := spec.validate()
	if err != nil {
		return nil, err
	}
	var assemble func(extra int) []byte
	switch spec.Format {
	case JPEG:
		assemble, err = jpegFixture(spec.Width, spec.Height, text)
	case PNG:
		assemble, err = pngFixture(spec.Width, spec.Height, text)
	case GIF:
		assemble, err = gifFixture(spec.Width, spec.Height, text)
	case BMP:
		assemble, err = bmpFixture(spec.Width, spec.Height, text)
	case TIFF:
		assemble, err = tiffFixture(spec.Width, spec.Height, text)
	case WebP:
		assemble = webpFixture(spec.Width, spec.Height, text)
	case PDF:
		assemble = pdfFixture(spec.Width, spec.Height, text)
	}
	if err != nil {
		return nil, fmt.Errorf("imagecheck: fixture %s: %w", spec.Format, err)
	}
	// Encoding happens once above; assembling is cheap splicing, so the
	// natural size is measured by assembling without padding first.
	out := assemble(0)
	if spec.Bytes > len(out) {
		out = assemble(spec.Bytes - len(out))
	}
	if spec.Truncate > 0 {
		if spec.Truncate >= len(out) {
			return nil, fmt.Errorf("imagecheck: fixture: truncate at %d but the file has only %d bytes", spec.Truncate, len(out))
		}
		out = out[:spec.Truncate:spec.Truncate]
	}
	return out, nil
}

// validate checks spec and returns the marker text to embed ("" for none).
func (s FixtureSpec) validate() (string, error) {
	if !s.Format.Known() {
		return "", fmt.Errorf("imagecheck: fixture: unknown format %q", s.Format)
	}
	if s.Width < 1 || s.Height < 1 || s.Width > MaxFixtureSide || s.Height > MaxFixtureSide {
		return "", fmt.Errorf("imagecheck: fixture: size %d×%d outside 1…%d", s.Width, s.Height, MaxFixtureSide)
	}
	if s.Width*s.Height > MaxFixturePixels {
		return "", fmt.Errorf("imagecheck: fixture: %d×%d is more than %d pixels", s.Width, s.Height, MaxFixturePixels)
	}
	if s.Bytes < 0 || s.Bytes > MaxFixtureBytes {
		return "", fmt.Errorf("imagecheck: fixture: byte target %d outside 0…%d", s.Bytes, MaxFixtureBytes)
	}
	if s.Truncate < 0 {
		return "", errors.New("imagecheck: fixture: negative truncate")
	}
	m := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s.Marker), MarkerPrefix))
	if m == "" {
		return "", nil
	}
	if strings.ContainsAny(m, "\x00\r\n") {
		// Inspect ends plain-text markers at these bytes.
		return "", errors.New("imagecheck: fixture: marker must be one line without NUL bytes")
	}
	text := MarkerPrefix + " " + m
	if len(text) > MaxMarkerLen {
		return "", fmt.Errorf("imagecheck: fixture: marker longer than %d bytes", MaxMarkerLen)
	}
	if _, ok := ParseMarker(text); !ok {
		return "", fmt.Errorf("imagecheck: fixture: marker %q has no key=value field", s.Marker)
	}
	return text, nil
}

// cardPalette is the fixture picture's colours; index 0 is the background.
// A function, not a variable, so no caller can repaint every fixture.
func cardPalette() color.Palette {
	return color.Palette{
		color.RGBA{126, 178, 221, 255}, // background: KTP light blue
		color.RGBA{31, 78, 152, 255},   // header band
		color.RGBA{248, 248, 244, 255}, // title text, signature box
		color.RGBA{33, 33, 41, 255},    // field text
		color.RGBA{196, 52, 48, 255},   // photo background
		color.RGBA{224, 182, 150, 255}, // face
		color.RGBA{60, 44, 36, 255},    // hair
	}
}

// rectFill is one flat rectangle of the picture, in palette index c.
type rectFill struct {
	r image.Rectangle
	c uint8
}

// cardLayout places an ID-card-like set of rectangles on a w×h picture, in
// painting order, over a background of index 0. Coordinates are in
// thousandths of the size so every resolution gets the same card.
func cardLayout(w, h int) []rectFill {
	at := func(x0, y0, x1, y1 int, c uint8) rectFill {
		return rectFill{image.Rect(x0*w/1000, y0*h/1000, x1*w/1000, y1*h/1000), c}
	}
	fills := []rectFill{
		at(0, 0, 1000, 140, 1),
		at(300, 30, 700, 60, 2),
		at(250, 80, 750, 110, 2),
		at(720, 220, 950, 800, 4),
		at(770, 300, 900, 700, 5),
		at(770, 300, 900, 390, 6),
		at(720, 830, 950, 900, 2),
	}
	for i := 0; i < 9; i++ {
		y0 := 200 + i*70
		fills = append(fills,
			at(40, y0, 200, y0+28, 3),
			at(230, y0, 430+(i*97)%250, y0+28, 3))
	}
	return fills
}

// paintPlane fills rectangle r of a one-byte-per-pixel plane with v: one
// row by loop, the others by copy (memmove), which keeps a 6000×6000
// picture to a few tens of milliseconds.
func paintPlane(pix []byte, stride int, r image.Rectangle, v byte) {
	if r.Empty() {
		return
	}
	first := pix[r.Min.Y*stride+r.Min.X : r.Min.Y*stride+r.Max.X]
	for i := range first {
		first[i] = v
	}
	for y := r.Min.Y + 1; y < r.Max.Y; y++ {
		copy(pix[y*stride+r.Min.X:], first)
	}
}

// cardPaletted is the picture as palette indices, for PNG, GIF, BMP, TIFF.
func cardPaletted(w, h int) *image.Paletted {
	img := image.NewPaletted(image.Rect(0, 0, w, h), cardPalette())
	for _, f := range cardLayout(w, h) {
		paintPlane(img.Pix, img.Stride, f.r, f.c)
	}
	return img
}

// cardYCbCr is the picture in 4:2:0 YCbCr, which image/jpeg encodes
// without a per-pixel colour conversion.
func cardYCbCr(w, h int) *image.YCbCr {
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	pal := cardPalette()
	paint := func(r image.Rectangle, c uint8) {
		cr, cg, cb, _ := pal[c].RGBA()
		y, u, v := color.RGBToYCbCr(uint8(cr>>8), uint8(cg>>8), uint8(cb>>8))
		paintPlane(img.Y, img.YStride, r, y)
		half := image.Rect(r.Min.X/2, r.Min.Y/2, (r.Max.X+1)/2, (r.Max.Y+1)/2)
		paintPlane(img.Cb, img.CStride, half, u)
		paintPlane(img.Cr, img.CStride, half, v)
	}
	paint(img.Rect, 0)
	for _, f := range cardLayout(w, h) {
		paint(f.r, f.c)
	}
	return img
}

// padBytes returns n deterministic pseudo-random bytes (xorshift64), so
// padding does not compress away if a client gzips the upload. 0xFF is
// avoided so naive JPEG marker scanners are not misled by APP15 padding.
func padBytes(n int) []byte {
	p := make([]byte, n)
	x := uint64(0x9E3779B97F4A7C15)
	for i := 0; i < n; i += 8 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		v := x
		for j := i; j < min(i+8, n); j++ {
			c := byte(v)
			if c == 0xFF {
				c = 0xFE
			}
			p[j] = c
			v >>= 8
		}
	}
	return p
}
