package imagecheck

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image"
	"image/gif"
	"image/png"
	"testing"

	"golang.org/x/image/bmp"
)

// rasterCard is the card painted into a full image.Paletted, as the
// fixtures were made before card kept only distinct rows: the reference
// the row writers must match byte for byte.
func rasterCard(w, h int) *image.Paletted {
	img := image.NewPaletted(image.Rect(0, 0, w, h), cardPalette())
	for _, f := range cardLayout(w, h) {
		for y := f.r.Min.Y; y < f.r.Max.Y; y++ {
			for x := f.r.Min.X; x < f.r.Max.X; x++ {
				img.Pix[y*img.Stride+x] = f.c
			}
		}
	}
	return img
}

// TestCardMatchesRaster: every pixel of the row-kept card is the raster's.
func TestCardMatchesRaster(t *testing.T) {
	for _, sz := range []image.Point{{1, 1}, {3, 2}, {17, 9}, {300, 190}, {1001, 631}, {90, 1300}} {
		c, ref := newCard(sz.X, sz.Y), rasterCard(sz.X, sz.Y)
		if c.Bounds() != ref.Bounds() {
			t.Fatalf("%v: bounds %v", sz, c.Bounds())
		}
		for y := -1; y <= sz.Y; y++ {
			for x := -1; x <= sz.X; x++ {
				if got, want := c.ColorIndexAt(x, y), ref.ColorIndexAt(x, y); got != want {
					t.Fatalf("%v: index at (%d,%d) = %d, want %d", sz, x, y, got, want)
				}
				if got, want := c.At(x, y), ref.At(x, y); got != want {
					t.Fatalf("%v: colour at (%d,%d) = %v, want %v", sz, x, y, got, want)
				}
			}
		}
	}
}

// TestFixtureWritersMatchEncoders: the PNG, GIF, BMP and TIFF fixtures
// written from the card's rows are, byte for byte, what the standard
// encoders make of the full raster (and so what MakeFixture made before).
func TestFixtureWritersMatchEncoders(t *testing.T) {
	for _, sz := range []image.Point{{1, 1}, {17, 9}, {640, 400}, {1001, 631}, {90, 1300}} {
		ref := rasterCard(sz.X, sz.Y)
		var pngRef, gifRef, bmpRef bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&pngRef, ref); err != nil {
			t.Fatal(err)
		}
		if err := gif.Encode(&gifRef, ref, nil); err != nil {
			t.Fatal(err)
		}
		if err := bmp.Encode(&bmpRef, ref); err != nil {
			t.Fatal(err)
		}
		var strip bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&strip, zlib.BestSpeed)
		_, _ = zw.Write(ref.Pix)
		_ = zw.Close()
		tiffRef := writeTIFF(sz.X, sz.Y, tiffColorMap(ref.Palette), "", strip.Bytes(), 0)
		for f, want := range map[Format][]byte{PNG: pngRef.Bytes(), GIF: gifRef.Bytes(), BMP: bmpRef.Bytes(), TIFF: tiffRef} {
			got := mustFixture(t, FixtureSpec{Format: f, Width: sz.X, Height: sz.Y})
			if !bytes.Equal(got, want) {
				t.Errorf("%s %v: %d bytes differ from the encoder's %d (first difference at %s)", f, sz, len(got), len(want), firstDiff(got, want))
			}
		}
	}
}

func firstDiff(a, b []byte) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprint(i)
		}
	}
	return fmt.Sprint(min(len(a), len(b)))
}
