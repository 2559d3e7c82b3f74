package imagecheck

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"slices"
	"strings"
)

// Fixture bounds. They keep `mockekyc fixture` from exhausting memory: no
// format but JPEG holds the picture as a raster (see card, cardYCbCr), an
// uncompressed BMP is a byte a pixel of output, and the byte target is
// materialised in memory.
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
// rectangles (a KTP look-alike, cheap to encode even at 6000×6000; PNG,
// GIF, TIFF and BMP are encoded from its few distinct rows, so that what
// they hold is their output, JPEG from a 1.5-byte-a-pixel raster), or one
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
	f, err := NewFixture(spec)
	if err != nil {
		return nil, err
	}
	if f.data != nil {
		return f.data, nil
	}
	buf := bytes.NewBuffer(make([]byte, 0, f.size))
	if _, err := f.WriteTo(buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Fixture is a test image ready to be written, for callers that pass it
// on (an HTTP answer): its Size is known before any byte is written, and a
// BMP, whose pixels take a byte each, is written row by row as it is made
// instead of being held. The other formats compress the picture and are
// made by NewFixture.
type Fixture struct {
	size int
	data []byte   // the file, for every format but BMP
	bmp  *bmpFile // BMP: written by WriteTo, cut to size
}

// NewFixture checks spec and makes the image it describes, as MakeFixture.
func NewFixture(spec FixtureSpec) (*Fixture, error) {
	text, err := spec.validate()
	if err != nil {
		return nil, err
	}
	if spec.Format == BMP {
		b := &bmpFile{c: newCard(spec.Width, spec.Height), text: text}
		b.extra = max(spec.Bytes-b.size(), 0)
		f := &Fixture{size: b.size(), bmp: b}
		if spec.Truncate > 0 {
			if spec.Truncate >= f.size {
				return nil, fmt.Errorf("imagecheck: fixture: truncate at %d but the file has only %d bytes", spec.Truncate, f.size)
			}
			f.size = spec.Truncate
		}
		return f, nil
	}
	var assemble func(extra int) []byte
	switch spec.Format {
	case JPEG:
		assemble, err = jpegFixture(spec.Width, spec.Height, text)
	case PNG:
		assemble, err = pngFixture(spec.Width, spec.Height, text)
	case GIF:
		assemble, err = gifFixture(spec.Width, spec.Height, text)
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
	return &Fixture{size: len(out), data: out}, nil
}

// Size is the length of the file in bytes.
func (f *Fixture) Size() int { return f.size }

// WriteTo writes the file to w.
func (f *Fixture) WriteTo(w io.Writer) (int64, error) {
	if f.bmp == nil {
		n, err := w.Write(f.data)
		return int64(n), err
	}
	cut := &cutWriter{w: w, left: f.size}
	_, err := f.bmp.WriteTo(cut)
	return int64(f.size - cut.left), err
}

// cutWriter passes on the first left bytes written to it and drops the
// rest (a truncated fixture).
type cutWriter struct {
	w    io.Writer
	left int
}

func (c *cutWriter) Write(p []byte) (int, error) {
	n := min(len(p), c.left)
	if n > 0 {
		m, err := c.w.Write(p[:n])
		c.left -= m
		if err != nil {
			return m, err
		}
	}
	return len(p), nil
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

// card is the fixture picture as indices into cardPalette, held as its
// distinct rows: the layout's rectangles cut the height into a few dozen
// bands of identical rows whatever the size, so a 4096×4096 card holds
// about 200 KB where a raster holds 16 MB (24 MB as YCbCr, 64 MB as RGBA).
// It is an image.PalettedImage, which image/png and image/jpeg encode
// without a raster; the GIF, BMP and TIFF writers take it a row at a time.
type card struct {
	w, h int
	pal  color.Palette
	rows [][]byte // one row of indices per band
	band []uint16 // band[y] is the band of row y
}

func newCard(w, h int) *card { return newBands(w, h, cardLayout(w, h)) }

// newBands paints fills over a w×h background of index 0: each band's row
// is the background with the rectangles crossing the band painted over it
// in order.
func newBands(w, h int, fills []rectFill) *card {
	cuts := []int{0, h}
	for _, f := range fills {
		cuts = append(cuts, f.r.Min.Y, f.r.Max.Y)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	c := &card{w: w, h: h, pal: cardPalette(), band: make([]uint16, h)}
	for i := 0; i+1 < len(cuts); i++ {
		y0, y1 := cuts[i], cuts[i+1]
		row := make([]byte, w)
		for _, f := range fills {
			if f.r.Min.Y <= y0 && y0 < f.r.Max.Y {
				for x := f.r.Min.X; x < f.r.Max.X; x++ {
					row[x] = f.c
				}
			}
		}
		for y := y0; y < y1; y++ {
			c.band[y] = uint16(len(c.rows))
		}
		c.rows = append(c.rows, row)
	}
	return c
}

// row is row y's palette indices; callers must not change them.
func (c *card) row(y int) []byte { return c.rows[c.band[y]] }

func (c *card) ColorModel() color.Model { return c.pal }

func (c *card) Bounds() image.Rectangle { return image.Rect(0, 0, c.w, c.h) }

func (c *card) At(x, y int) color.Color { return c.pal[c.ColorIndexAt(x, y)] }

// ColorIndexAt is 0, the background, outside the picture, as
// image.Paletted's.
func (c *card) ColorIndexAt(x, y int) uint8 {
	if x < 0 || y < 0 || x >= c.w || y >= c.h {
		return 0
	}
	return c.row(y)[x]
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

// cardYCbCr is the picture in 4:2:0 YCbCr, which image/jpeg encodes
// without a per-pixel colour conversion. It is the one raster a fixture
// still holds (1.5 bytes a pixel, 25 MB at 4096×4096): image/jpeg needs
// the whole picture, and the mock does not carry an encoder of its own.
// The admin endpoint makes one fixture at a time (admin.DefaultLimits).
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
