package main

import (
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

// fixture writes a test image: a given format, size in pixels, approximate
// size in bytes and an optional marker, so users can make images that hit
// each vendor limit or scenario.
func fixture(args []string, _ func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fixture", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "jpeg", "jpeg, png, bmp, gif, tiff, webp or pdf")
	width := fs.Int("width", 1000, "width in pixels")
	height := fs.Int("height", 630, "height in pixels")
	size := fs.Int("bytes", 0, "approximate file size in bytes (padded; 0 = natural size)")
	marker := fs.String("marker", "", `marker text, e.g. "scenario=FAIL; nik=3171024302821001"`)
	truncate := fs.Int("truncate", 0, "cut the file to this many bytes (a corrupt image)")
	out := fs.String("o", "-", "output file (- = stdout)")
	b64 := fs.Bool("base64", false, "write base64 text instead of bytes (ready for a form field)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: mockekyc fixture [flags]\n\nexamples:\n  mockekyc fixture -format png -width 1200 -height 760 -o ktp.png\n  mockekyc fixture -bytes 2200000 -base64 -o too-big.b64     # over eKYCPro's 2M\n  mockekyc fixture -marker 'scenario=FAIL' -base64 -o fail.b64\n\nflags:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	f, ok := imagecheck.ParseFormat(*format)
	if !ok {
		return usageError{fmt.Sprintf("-format: unknown format %q", *format)}
	}
	data, err := imagecheck.MakeFixture(imagecheck.FixtureSpec{Format: f, Width: *width, Height: *height, Bytes: *size, Marker: *marker, Truncate: *truncate})
	if err != nil {
		return err
	}
	if *b64 {
		data = []byte(base64.StdEncoding.EncodeToString(data))
	}
	if *out == "-" {
		_, err = stdout.Write(data)
		return err
	}
	return os.WriteFile(*out, data, 0o644)
}
