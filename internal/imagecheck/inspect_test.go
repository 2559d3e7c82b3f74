package imagecheck

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"image"
	"maps"
	"strings"
	"testing"
)

func mustFixture(t testing.TB, spec FixtureSpec) []byte {
	t.Helper()
	b, err := MakeFixture(spec)
	if err != nil {
		t.Fatalf("MakeFixture(%+v): %v", spec, err)
	}
	return b
}

func TestInspectFixtures(t *testing.T) {
	sizes := []image.Point{{1, 1}, {17, 9}, {640, 400}, {90, 1300}}
	for _, f := range Formats() {
		for _, sz := range sizes {
			for _, marker := range []string{"", "scenario=forged; nik=3171024302821001"} {
				b := mustFixture(t, FixtureSpec{Format: f, Width: sz.X, Height: sz.Y, Marker: marker})
				info := Inspect(b)
				sum := sha256.Sum256(b)
				if info.Format != f || info.Size != len(b) || info.Width != sz.X || info.Height != sz.Y ||
					info.Digest != hex.EncodeToString(sum[:]) || info.Err != nil {
					t.Errorf("%s %v marker %q: Inspect = %+v", f, sz, marker, info)
				}
				var want Marker
				if marker != "" {
					want = Marker{"scenario": "forged", "nik": "3171024302821001"}
				}
				if !maps.Equal(info.Marker, want) || (want == nil) != (info.Marker == nil) {
					t.Errorf("%s %v: marker %v, want %v", f, sz, info.Marker, want)
				}
			}
		}
	}
}

// TestInspectTruncated cuts small fixtures (with marker and padding, so
// every region is covered) at every length that still has the magic bytes:
// each must be reported corrupt, never panic, never pass.
func TestInspectTruncated(t *testing.T) {
	magic := map[Format]int{JPEG: 3, PNG: 8, BMP: 2, TIFF: 4, PDF: 5, GIF: 6, WebP: 12}
	for _, f := range Formats() {
		b := mustFixture(t, FixtureSpec{Format: f, Width: 40, Height: 24, Marker: "scenario=truncated"})
		b = mustFixture(t, FixtureSpec{Format: f, Width: 40, Height: 24, Marker: "scenario=truncated", Bytes: len(b) + 300})
		end := len(b)
		if f == PDF {
			end -= len("\n") // "%%EOF" without its final newline is still whole
		}
		for n := magic[f]; n < end; n++ {
			info := Inspect(b[:n])
			if info.Format != f || !errors.Is(info.Err, ErrCorrupt) {
				t.Errorf("%s cut to %d of %d bytes: format %s, err %v", f, n, len(b), info.Format, info.Err)
				break
			}
			if v := Check(info, Limits{}); v != Corrupt {
				t.Errorf("%s cut to %d: verdict %v", f, n, v)
				break
			}
		}
	}
}

func TestInspectEmptyAndUnknown(t *testing.T) {
	info := Inspect(nil)
	if info.Format != Unknown || info.Size != 0 || !errors.Is(info.Err, ErrEmpty) ||
		info.Digest != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Errorf("Inspect(nil) = %+v", info)
	}
	info = Inspect([]byte("<html>not an image</html>\nmockekyc: scenario=garbage"))
	if info.Format != Unknown || !errors.Is(info.Err, ErrUnknownFormat) || info.Marker["scenario"] != "garbage" {
		t.Errorf("Inspect(html) = %+v", info)
	}
}

func TestInspectHostileHeaders(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"jpeg magic only", "\xFF\xD8\xFF"},
		{"jpeg segment longer than file", "\xFF\xD8\xFF\xE0\xFF\xFF\x00"},
		{"jpeg zero segment length", "\xFF\xD8\xFF\xE0\x00\x00"},
		{"jpeg stuffed byte in header", "\xFF\xD8\xFF\x00"},
		{"jpeg EOI before image", "\xFF\xD8\xFF\xD9"},
		{"jpeg SOS without frame", "\xFF\xD8\xFF\xDA\x00\x02\x00\xFF\xD9"},
		{"png signature only", "\x89PNG\r\n\x1a\n"},
		{"png huge chunk", "\x89PNG\r\n\x1a\n\xFF\xFF\xFF\xFFIHDR\x00\x00\x00\x00"},
		{"png IEND only", "\x89PNG\r\n\x1a\n\x00\x00\x00\x00IEND\xAE\x42\x60\x82"},
		{"gif missing colour table", "GIF89a\x01\x00\x01\x00\xF7\x00\x00"},
		{"gif unknown block", "GIF89a\x01\x00\x01\x00\x00\x00\x00\x99"},
		{"bmp no header", "BM" + strings.Repeat("\x00", 24)},
		{"bmp huge pixel array", "BM\x00\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00" +
			"\xFF\xFF\xFF\x7F\xFF\xFF\xFF\x7F\x01\x00\x20\x00" + strings.Repeat("\x00", 24)},
		{"tiff IFD past end", "II*\x00\xFF\xFF\xFF\xFF"},
		{"tiff huge IFD", "MM\x00*\x00\x00\x00\x08\xFF\xFF"},
		{"pdf header only", "%PDF-1.4\n"},
		{"webp RIFF size past end", "RIFF\xFF\xFF\xFF\xFFWEBPVP8L"},
		{"webp no chunks", "RIFF\x04\x00\x00\x00WEBP"},
		{"webp chunk past end", "RIFF\x10\x00\x00\x00WEBPVP8L\xFF\xFF\x00\x00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := Inspect([]byte(tt.in))
			if !errors.Is(info.Err, ErrCorrupt) || Check(info, Limits{}) != Corrupt {
				t.Errorf("Inspect = %+v, verdict %v", info, Check(info, Limits{}))
			}
		})
	}
}

// pngWithChunk inserts a chunk just before IEND, that is after IDAT.
func pngWithChunk(t *testing.T, typ string, data []byte) []byte {
	b := mustFixture(t, FixtureSpec{Format: PNG, Width: 30, Height: 20})
	out := append([]byte{}, b[:len(b)-12]...)
	out = pngChunk(out, typ, data)
	return append(out, b[len(b)-12:]...)
}

func TestInspectMarkerPlacement(t *testing.T) {
	plainJPEG := mustFixture(t, FixtureSpec{Format: JPEG, Width: 30, Height: 20})
	tests := []struct {
		name string
		in   []byte
		want Marker
	}{
		{"png tEXt after IDAT, other keyword",
			pngWithChunk(t, "tEXt", []byte("Comment\x00mockekyc: scenario=late")), Marker{"scenario": "late"}},
		{"png tEXt keyword without prefix",
			pngWithChunk(t, "tEXt", []byte("mockekyc\x00scenario=kw")), Marker{"scenario": "kw"}},
		{"png iTXt",
			pngWithChunk(t, "iTXt", []byte("mockekyc\x00\x00\x00id\x00\x00name=Budi Śantoso")), Marker{"name": "Budi Śantoso"}},
		{"png compressed iTXt is not read",
			pngWithChunk(t, "iTXt", []byte("mockekyc\x00\x01\x00\x00\x00x\x9c")), nil},
		{"png text chunk of another kind",
			pngWithChunk(t, "tEXt", []byte("Software\x00scenario=nope")), nil},
		{"png non-ASCII marker via fixture (iTXt)",
			mustFixture(t, FixtureSpec{Format: PNG, Width: 3, Height: 3, Marker: "name=Siti Nurhaliza Ç"}), Marker{"name": "Siti Nurhaliza Ç"}},
		{"text after JPEG end", append(bytes.Clone(plainJPEG), "mockekyc: scenario=tail\n"...), Marker{"scenario": "tail"}},
		{"overlong text ignored", append(bytes.Clone(plainJPEG), "mockekyc: a="+strings.Repeat("x", MaxMarkerLen)...), nil},
		{"no marker", plainJPEG, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := Inspect(tt.in)
			if info.Err != nil {
				t.Fatalf("Err = %v", info.Err)
			}
			if !maps.Equal(info.Marker, tt.want) || (tt.want == nil) != (info.Marker == nil) {
				t.Errorf("marker %v, want %v", info.Marker, tt.want)
			}
		})
	}
}

// beTIFF is a minimal big-endian 8-bit greyscale TIFF, the byte order
// x/image's encoder never writes.
func beTIFF(w, h int) []byte {
	be := binary.BigEndian
	b := []byte("MM\x00*")
	b = be.AppendUint32(b, 8)
	const n = 8
	stripOff := 8 + 2 + 12*n + 4
	b = be.AppendUint16(b, n)
	short := func(tag, v uint16) {
		b = be.AppendUint16(b, tag)
		b = be.AppendUint16(b, 3)
		b = be.AppendUint32(b, 1)
		b = be.AppendUint16(b, v)
		b = be.AppendUint16(b, 0)
	}
	long := func(tag uint16, v uint32) {
		b = be.AppendUint16(b, tag)
		b = be.AppendUint16(b, 4)
		b = be.AppendUint32(b, 1)
		b = be.AppendUint32(b, v)
	}
	short(256, uint16(w))
	short(257, uint16(h))
	short(258, 8)
	short(259, 1)
	short(262, 1)
	long(273, uint32(stripOff))
	short(278, uint16(h))
	long(279, uint32(w*h))
	b = be.AppendUint32(b, 0)
	for i := 0; i < w*h; i++ {
		b = append(b, byte(i))
	}
	return b
}

// TestInspectValidVariants covers valid files the standard header decoders
// reject as unsupported: Inspect must still give their dimensions.
func TestInspectValidVariants(t *testing.T) {
	lossless := mustFixture(t, FixtureSpec{Format: JPEG, Width: 33, Height: 21})
	sof := bytes.Index(lossless, []byte{0xFF, 0xC0})
	if sof < 0 || sof > bytes.Index(lossless, []byte{0xFF, 0xDA}) {
		t.Fatal("no SOF0 before SOS in the JPEG fixture")
	}
	lossless[sof+1] = 0xC3 // SOF3: lossless Huffman, which image/jpeg does not decode

	bmp16 := []byte("BM\x46\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00" +
		"\x03\x00\x00\x00\x02\x00\x00\x00\x01\x00\x10\x00" + strings.Repeat("\x00", 24) + strings.Repeat("\x1F\x7C", 8))

	cmyk := mustFixture(t, FixtureSpec{Format: TIFF, Width: 12, Height: 7})
	for e := 0; e < int(binary.LittleEndian.Uint16(cmyk[8:])); e++ {
		if ent := cmyk[10+12*e:]; binary.LittleEndian.Uint16(ent) == 262 {
			binary.LittleEndian.PutUint16(ent[8:], 5) // separated (CMYK)
		}
	}

	tests := []struct {
		name string
		in   []byte
		f    Format
		w, h int
	}{
		{"lossless jpeg", lossless, JPEG, 33, 21},
		{"16-bit bmp", bmp16, BMP, 3, 2},
		{"cmyk tiff", cmyk, TIFF, 12, 7},
		{"big-endian tiff", beTIFF(5, 3), TIFF, 5, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := Inspect(tt.in)
			if info.Format != tt.f || info.Width != tt.w || info.Height != tt.h || info.Err != nil {
				t.Errorf("Inspect = %+v", info)
			}
		})
	}
	if _, _, err := image.Decode(bytes.NewReader(beTIFF(5, 3))); err != nil {
		t.Errorf("beTIFF does not decode: %v", err)
	}
}

func TestPDFMediaBox(t *testing.T) {
	tests := []struct {
		in   string
		w, h int
	}{
		{"<< /MediaBox [0 0 595 842] >>", 595, 842},
		{"<</MediaBox[0 0 595.28 841.89]>>", 595, 842},
		{"/MediaBox\n[ 10 20 110 220 ]", 100, 200},
		{"/MediaBox [612 792 0 0]", 612, 792},
		{"/MediaBox 5 0 R", 0, 0},
		{"/MediaBox [0 0 595]", 0, 0},
		{"/MediaBox [0 0 a b]", 0, 0},
		{"/MediaBox [0 0 1e300 1]", 0, 0},
		{"/MediaBox [0 0 NaN 1]", 0, 0},
		{"/MediaBox [0 0 595 842", 0, 0},
		{"no box", 0, 0},
	}
	for _, tt := range tests {
		b := []byte("%PDF-1.4\n" + tt.in + "\n%%EOF\n")
		info := Inspect(b)
		if info.Width != tt.w || info.Height != tt.h || info.Err != nil {
			t.Errorf("%q: %d×%d, %v; want %d×%d", tt.in, info.Width, info.Height, info.Err, tt.w, tt.h)
		}
	}
}
