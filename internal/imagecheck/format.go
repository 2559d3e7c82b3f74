package imagecheck

import (
	"bytes"
	"strings"
)

// Format is an image (or document) format recognised by its magic bytes.
// The string values are the lowercase names vendors' configs and the fixture
// command use.
type Format string

// The formats the emulated vendors meet. Unknown is anything else, including
// an empty buffer.
const (
	JPEG    Format = "jpeg"
	PNG     Format = "png"
	BMP     Format = "bmp"
	TIFF    Format = "tiff"
	PDF     Format = "pdf"
	GIF     Format = "gif"
	WebP    Format = "webp"
	Unknown Format = "unknown"
)

// Formats lists every known format, in a fixed order (for help texts and
// table tests). It returns a fresh slice so callers may modify it.
func Formats() []Format {
	return []Format{JPEG, PNG, BMP, TIFF, PDF, GIF, WebP}
}

// Known reports whether f is one of the recognised formats. The zero Format
// ("") is not known, so a zero Info never passes a format check.
func (f Format) Known() bool {
	switch f {
	case JPEG, PNG, BMP, TIFF, PDF, GIF, WebP:
		return true
	}
	return false
}

// MIME is the media type a vendor would report or put in a data URI.
func (f Format) MIME() string {
	switch f {
	case JPEG:
		return "image/jpeg"
	case PNG:
		return "image/png"
	case BMP:
		return "image/bmp"
	case TIFF:
		return "image/tiff"
	case PDF:
		return "application/pdf"
	case GIF:
		return "image/gif"
	case WebP:
		return "image/webp"
	}
	return "application/octet-stream"
}

// Ext is the usual file name extension, with its dot ("" for Unknown).
func (f Format) Ext() string {
	switch f {
	case JPEG:
		return ".jpg"
	case Unknown:
		return ""
	}
	if f.Known() {
		return "." + string(f)
	}
	return ""
}

// ParseFormat reads a format name as people and configs write it: the
// canonical name, a file extension ("jpg", ".tif") or a media type
// ("image/jpeg", "application/pdf"). Case and surrounding spaces are ignored.
func ParseFormat(s string) (Format, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, ".")
	if i := strings.IndexByte(s, '/'); i >= 0 {
		switch s[:i] {
		case "image", "application":
			s = s[i+1:]
		default:
			return Unknown, false
		}
	}
	switch s {
	case "jpeg", "jpg", "jpe", "jfif", "pjpeg":
		return JPEG, true
	case "png", "x-png":
		return PNG, true
	case "bmp", "x-bmp", "x-ms-bmp", "dib":
		return BMP, true
	case "tiff", "tif":
		return TIFF, true
	case "pdf", "x-pdf":
		return PDF, true
	case "gif":
		return GIF, true
	case "webp":
		return WebP, true
	}
	return Unknown, false
}

// Sniff tells the format from the magic bytes at the start of b, and nothing
// else: a file that starts right but is broken further on is still that
// format (Inspect reports the damage), so vendors can answer "corrupt" rather
// than "unsupported format".
func Sniff(b []byte) Format {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return JPEG
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return GIF
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return TIFF
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return PDF
	case len(b) >= 12 && string(b[0:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return WebP
	case bytes.HasPrefix(b, []byte("BM")):
		// Last: two bytes are the weakest magic of the lot.
		return BMP
	}
	return Unknown
}
