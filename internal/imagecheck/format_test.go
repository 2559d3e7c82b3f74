package imagecheck

import "testing"

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Format
	}{
		{"jpeg", "\xFF\xD8\xFF\xE0\x00\x10JFIF", JPEG},
		{"jpeg bare magic", "\xFF\xD8\xFF", JPEG},
		{"jpeg two bytes", "\xFF\xD8", Unknown},
		{"png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", PNG},
		{"png damaged signature", "\x89PNG\r\n\x1a\x00", Unknown},
		{"bmp", "BM\x36\x00\x00\x00", BMP},
		{"tiff little-endian", "II*\x00\x08\x00\x00\x00", TIFF},
		{"tiff big-endian", "MM\x00*\x00\x00\x00\x08", TIFF},
		{"bigtiff is not tiff", "II+\x00\x08\x00", Unknown},
		{"pdf", "%PDF-1.7\n", PDF},
		{"pdf without dash", "%PDF1.7", Unknown},
		{"gif87a", "GIF87a\x01\x00", GIF},
		{"gif89a", "GIF89a\x01\x00", GIF},
		{"gif other version", "GIF88a", Unknown},
		{"webp", "RIFF\x24\x00\x00\x00WEBPVP8L", WebP},
		{"riff but wave", "RIFF\x24\x00\x00\x00WAVEfmt ", Unknown},
		{"webp too short", "RIFF\x24\x00\x00\x00WEB", Unknown},
		{"empty", "", Unknown},
		{"text", "hello", Unknown},
		{"html", "<html>", Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff([]byte(tt.in)); got != tt.want {
				t.Errorf("Sniff(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
		ok   bool
	}{
		{"jpeg", JPEG, true},
		{"JPG", JPEG, true},
		{".jpg", JPEG, true},
		{" image/jpeg ", JPEG, true},
		{"image/png", PNG, true},
		{"bmp", BMP, true},
		{"image/x-ms-bmp", BMP, true},
		{"tif", TIFF, true},
		{"application/pdf", PDF, true},
		{"gif", GIF, true},
		{"image/webp", WebP, true},
		{"video/webp", Unknown, false},
		{"heic", Unknown, false},
		{"", Unknown, false},
		{"unknown", Unknown, false},
	}
	for _, tt := range tests {
		got, ok := ParseFormat(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFormatNames(t *testing.T) {
	for _, f := range Formats() {
		if !f.Known() {
			t.Errorf("%q not Known", f)
		}
		if got, ok := ParseFormat(string(f)); !ok || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, ok)
		}
		if got, ok := ParseFormat(f.MIME()); !ok || got != f {
			t.Errorf("ParseFormat(MIME %q) = %q, %v", f.MIME(), got, ok)
		}
		if got, ok := ParseFormat(f.Ext()); !ok || got != f {
			t.Errorf("ParseFormat(Ext %q) = %q, %v", f.Ext(), got, ok)
		}
	}
	for _, f := range []Format{Unknown, "", "heic"} {
		if f.Known() || f.Ext() != "" || f.MIME() != "application/octet-stream" {
			t.Errorf("%q: Known %v, Ext %q, MIME %q", f, f.Known(), f.Ext(), f.MIME())
		}
	}
}
