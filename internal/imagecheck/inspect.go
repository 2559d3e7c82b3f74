package imagecheck

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
	"golang.org/x/image/webp"
)

// ErrCorrupt is wrapped by Info.Err when the format is recognised but its
// headers cannot be decoded or its structure is cut short (a truncated
// upload). Check turns it into the Corrupt verdict.
var ErrCorrupt = errors.New("imagecheck: corrupt image")

// ErrUnknownFormat is Info.Err when no known magic bytes start the buffer.
var ErrUnknownFormat = errors.New("imagecheck: unknown image format")

// Info is what Inspect learns from an image's bytes without decoding pixels.
type Info struct {
	Format Format
	Size   int // len of the bytes inspected (decoded, not base64)
	// Width and Height in pixels; for a PDF the first /MediaBox in points,
	// or 0×0 when it cannot be read cheaply.
	Width, Height int
	Digest        string // lowercase hex SHA-256 of the bytes
	Marker        Marker // nil when the image carries no marker
	// Err is nil for a sound image; ErrEmpty, ErrUnknownFormat, or an error
	// wrapping ErrCorrupt otherwise. Width, Height and Marker are still
	// filled in as far as the bytes allowed.
	Err error
}

// Inspect reads format, dimensions, digest and marker from b. It reads
// headers and walks the file's block structure (bounded by len(b), O(len(b))
// at worst) to tell a truncated upload from a whole one, but never decodes
// pixels; the SHA-256 is most of its cost.
func Inspect(b []byte) Info {
	sum := sha256.Sum256(b)
	info := Info{Format: Sniff(b), Size: len(b), Digest: hex.EncodeToString(sum[:])}
	if len(b) == 0 {
		info.Err = ErrEmpty
		return info
	}
	var st structure
	if info.Format == Unknown {
		info.Err = ErrUnknownFormat
	} else {
		st = walk(info.Format, b)
		info.Width, info.Height, info.Err = dimensions(info.Format, b, st)
	}
	text := st.marker
	if text == "" {
		text = tailMarker(b)
	}
	if text != "" {
		info.Marker, _ = ParseMarker(text)
	}
	return info
}

// dimensions combines the standard header decoder with the structure walk.
// The decoder has the last word on validity, except that a header it merely
// does not support (arithmetic-coded JPEG, 16-bit or RLE BMP, CMYK TIFF…) is
// still a valid image a vendor would accept, so the walker's own dimensions
// are used then.
func dimensions(f Format, b []byte, st structure) (w, h int, err error) {
	if f == PDF {
		return st.width, st.height, st.err
	}
	cfg, err := decodeConfig(f, b)
	switch {
	case err == nil:
		w, h = cfg.Width, cfg.Height
	case unsupported(err) && st.width > 0 && st.height > 0:
		w, h = st.width, st.height
	default:
		return st.width, st.height, fmt.Errorf("%w: %s header: %v", ErrCorrupt, f, err)
	}
	if w <= 0 || h <= 0 {
		return w, h, fmt.Errorf("%w: %s: zero-size image", ErrCorrupt, f)
	}
	return w, h, st.err
}

// decodeConfig reads the header with the standard decoder for f. The decoders
// are called directly rather than through image.DecodeConfig so that the
// format Sniff chose is the one decoded, whatever else is registered.
func decodeConfig(f Format, b []byte) (cfg image.Config, err error) {
	// The third-party decoders are not ours to fix; a panic in one on a
	// hostile upload must become a Corrupt verdict, not a dead request.
	// Our own walkers get no such net: the fuzz tests must find their bugs.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("decoder panic: %v", r)
		}
	}()
	r := bytes.NewReader(b)
	switch f {
	case JPEG:
		return jpeg.DecodeConfig(r)
	case PNG:
		return pngConfig(b)
	case GIF:
		return gif.DecodeConfig(r)
	case BMP:
		return bmp.DecodeConfig(r)
	case TIFF:
		return tiff.DecodeConfig(r)
	case WebP:
		return webp.DecodeConfig(r)
	}
	return image.Config{}, fmt.Errorf("no header decoder for %s", f)
}

func unsupported(err error) bool {
	var je jpeg.UnsupportedError
	var te tiff.UnsupportedError
	return errors.As(err, &je) || errors.As(err, &te) || errors.Is(err, bmp.ErrUnsupported)
}

// tailMarker finds a marker written as plain text after the end of the image
// (or anywhere in the last few KiB): the one place a marker fits in every
// format, and what MakeFixture uses for BMP and PDF.
func tailMarker(b []byte) string {
	t := b[max(0, len(b)-4*MaxMarkerLen):]
	i := bytes.LastIndex(t, []byte(MarkerPrefix))
	if i < 0 {
		return ""
	}
	return markerText(t[i:])
}

// markerText is the marker text at the start of p: up to a NUL or line
// break, and at most MaxMarkerLen+1 bytes, so that an overlong text is
// rejected by ParseMarker without copying megabytes first.
func markerText(p []byte) string {
	if len(p) > MaxMarkerLen {
		p = p[:MaxMarkerLen+1]
	}
	if j := bytes.IndexAny(p, "\x00\r\n"); j >= 0 {
		p = p[:j]
	}
	return string(p)
}

// corruptf wraps ErrCorrupt with what was wrong where.
func corruptf(f Format, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrCorrupt, f, fmt.Sprintf(format, args...))
}
