package imagecheck

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func FuzzDecodeBase64(f *testing.F) {
	for _, s := range []string{
		"", " ", "QUJD", "QUI=", "QQ==", "QR", "Q", "Q===", "QUJD=", "QQ==QQ==",
		"data:image/png;base64,iVBORw0KGgo=", "data:,QUJD", "DATA:x;BASE64,", "data:image/png;base64",
		"-_-_", "+/+/", " + /", "QU\r\nJD\tQQ", "QUJD%2B", "\xff\xfe", "QUJDé",
		wrap(base64.StdEncoding.EncodeToString(sample(200)), 76, "\r\n"),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := DecodeBase64(s)
		if err != nil {
			var be *Base64Error
			switch {
			case got != nil:
				t.Fatalf("bytes with error %v", err)
			case errors.As(err, &be):
				if be.Offset < 0 || be.Offset > len(s) {
					t.Fatalf("offset %d outside the %d-byte input", be.Offset, len(s))
				}
			case !errors.Is(err, ErrEmpty):
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if len(got) > len(s)*3/4+3 {
			t.Fatalf("%d bytes from %d characters", len(got), len(s))
		}
		// Oracle: normalise as documented, then encoding/base64 must agree.
		start, _ := payloadStart(s)
		norm := strings.Map(func(r rune) rune {
			switch r {
			case '\r', '\n', '\t':
				return -1
			case ' ', '-':
				return '+'
			case '_':
				return '/'
			}
			return r
		}, s[start:])
		norm, _, _ = strings.Cut(norm, "=")
		want, err := base64.RawStdEncoding.DecodeString(norm)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("decoded %x; encoding/base64 on %q gives %x, %v", got, norm, want, err)
		}
		// Whatever decodes must survive every encoding a client may use.
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawURLEncoding} {
			if len(got) == 0 {
				break
			}
			again, err := DecodeBase64("data:image/jpeg;base64," + wrap(enc.EncodeToString(got), 76, "\n"))
			if err != nil || !bytes.Equal(again, got) {
				t.Fatalf("re-encoded round trip: %x, %v", again, err)
			}
		}
	})
}

func FuzzInspect(f *testing.F) {
	for _, format := range Formats() {
		b, err := MakeFixture(FixtureSpec{Format: format, Width: 9, Height: 5, Marker: "scenario=seed; nik=1"})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
		padded, err := MakeFixture(FixtureSpec{Format: format, Width: 3, Height: 2, Bytes: 600})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(padded)
	}
	f.Add(beTIFF(3, 2))
	f.Add([]byte("\xFF\xD8\xFF\xE0\xFF\xFF\x00"))
	f.Add([]byte("\x89PNG\r\n\x1a\n\xFF\xFF\xFF\xFFIHDR"))
	f.Add([]byte("GIF89a\x01\x00\x01\x00\xF7\x00\x00"))
	f.Add([]byte("II*\x00\xFF\xFF\xFF\xFF"))
	f.Add([]byte("RIFF\xFF\xFF\xFF\xFFWEBPVP8L"))
	f.Add([]byte("%PDF-1.4\n/MediaBox [0 0 1e999 5]\n%%EOF"))
	f.Add([]byte("junk\nmockekyc: a=b"))
	f.Fuzz(func(t *testing.T, b []byte) {
		info := Inspect(b)
		if info.Size != len(b) || info.Format != Sniff(b) || len(info.Digest) != 64 {
			t.Fatalf("Inspect = %+v", info)
		}
		switch {
		case info.Err == nil:
			if info.Format != PDF && (info.Width <= 0 || info.Height <= 0) {
				t.Fatalf("sound %s with %d×%d", info.Format, info.Width, info.Height)
			}
		case errors.Is(info.Err, ErrCorrupt):
			if !info.Format.Known() {
				t.Fatalf("corrupt but format %s", info.Format)
			}
		case errors.Is(info.Err, ErrEmpty), errors.Is(info.Err, ErrUnknownFormat):
		default:
			t.Fatalf("untyped Err %v", info.Err)
		}
		for k := range info.Marker {
			if !validMarkerKey(k) {
				t.Fatalf("marker key %q", k)
			}
		}
		if v := Check(info, Limits{MaxBytes: 100, Formats: []Format{JPEG, PNG}, MinWidth: 2, MaxHeight: 50}); v > TooBig {
			t.Fatalf("verdict %d", v)
		}
	})
}

func FuzzParseMarker(f *testing.F) {
	for _, s := range []string{
		"mockekyc: scenario=forged; nik=3171024302821001", "a=1;b", "mockekyc:", ";;;", "=",
		"K = V ;\n x=y=z", "key\x00=1", "é=1; a=é", "a=1\r\nb=2", strings.Repeat("a=1;", 300),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := ParseMarker(s)
		if ok != (len(m) > 0) {
			t.Fatalf("ok %v with %d fields", ok, len(m))
		}
		for k, v := range m {
			if !validMarkerKey(k) || v != strings.TrimSpace(v) || strings.ContainsAny(v, ";\n") {
				t.Fatalf("field %q=%q", k, v)
			}
		}
		if r := m.String(); ok && len(r) <= MaxMarkerLen {
			back, ok := ParseMarker(r)
			if !ok || len(back) != len(m) {
				t.Fatalf("round trip of %q: %v", r, back)
			}
			for k, v := range m {
				if back[k] != v {
					t.Fatalf("round trip of %q: %q=%q, want %q", r, k, back[k], v)
				}
			}
		}
	})
}
