package imagecheck

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"io"
	"maps"
	"runtime"
	"strings"
	"testing"
)

// decodeFull decodes every pixel (which Inspect never does) to prove a
// fixture is a valid file and not just a valid header.
func decodeFull(t *testing.T, f Format, b []byte) image.Image {
	t.Helper()
	if f == PDF {
		return nil
	}
	m, name, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: full decode: %v", f, err)
	}
	if name != string(f) {
		t.Fatalf("%s: decoded as %s", f, name)
	}
	return m
}

func TestFixtureSizeTargets(t *testing.T) {
	const marker = "scenario=big; nik=3171024302821001"
	for _, f := range Formats() {
		for _, withMarker := range []bool{false, true} {
			spec := FixtureSpec{Format: f, Width: 320, Height: 200}
			if withMarker {
				spec.Marker = marker
			}
			natural := len(mustFixture(t, spec))
			for _, target := range []int{natural - 1, natural + 1, natural + 3, natural + 7, natural + 13, natural + 30,
				natural + 100, natural + 101, 200_000, 200_001, 1<<20 + 3} {
				t.Run(fmt.Sprintf("%s/marker=%v/%d", f, withMarker, target), func(t *testing.T) {
					spec.Bytes = target
					b := mustFixture(t, spec)
					switch extra := target - natural; {
					case extra <= 0:
						if len(b) != natural {
							t.Errorf("target below natural size %d gave %d bytes", natural, len(b))
						}
					case extra >= 100:
						// Exact, but for WebP's even-sized chunks.
						if d := target - len(b); d < 0 || d > 1 {
							t.Errorf("got %d bytes for target %d", len(b), target)
						}
					default:
						// Below a padding unit (PDF's object is ~60 bytes)
						// the file may stay short, never long.
						if len(b) > target || len(b) < natural {
							t.Errorf("got %d bytes for target %d (natural %d)", len(b), target, natural)
						}
					}
					info := Inspect(b)
					if info.Format != f || info.Width != 320 || info.Height != 200 || info.Err != nil || info.Size != len(b) {
						t.Errorf("Inspect = %+v", info)
					}
					if got := info.Marker["scenario"]; withMarker != (got == "big") {
						t.Errorf("marker %v", info.Marker)
					}
					decodeFull(t, f, b)
					if f == WebP {
						checkWebPLayout(t, b)
					}
				})
			}
		}
	}
}

func TestFixturePicture(t *testing.T) {
	const w, h = 300, 190
	pal := cardPalette()
	near := func(a, b color.Color, tol uint32) bool {
		r1, g1, b1, _ := a.RGBA()
		r2, g2, b2, _ := b.RGBA()
		d := func(x, y uint32) uint32 { return max(x, y) - min(x, y) }
		return d(r1, r2)>>8 <= tol && d(g1, g2)>>8 <= tol && d(b1, b2)>>8 <= tol
	}
	for _, f := range Formats() {
		b := mustFixture(t, FixtureSpec{Format: f, Width: w, Height: h})
		m := decodeFull(t, f, b)
		if f == PDF {
			if !bytes.Contains(b, []byte("/MediaBox [0 0 300 190]")) || !bytes.Contains(b, []byte(" re f\n")) {
				t.Errorf("pdf: no media box or no drawing:\n%s", b)
			}
			continue
		}
		if m.Bounds() != image.Rect(0, 0, w, h) {
			t.Errorf("%s: bounds %v", f, m.Bounds())
		}
		tol := uint32(0)
		if f == JPEG {
			tol = 12 // lossy
		}
		header := pal[1]
		if f == WebP {
			header = pal[0] // one solid colour
		}
		if got := m.At(2, h-3); !near(got, pal[0], tol) {
			t.Errorf("%s: background pixel %v, want %v", f, got, pal[0])
		}
		if got := m.At(4, 4); !near(got, header, tol) {
			t.Errorf("%s: header pixel %v, want %v", f, got, header)
		}
	}
}

func TestFixtureDeterministic(t *testing.T) {
	for _, f := range Formats() {
		spec := FixtureSpec{Format: f, Width: 101, Height: 77, Bytes: 50_000, Marker: "scenario=same"}
		a, b := mustFixture(t, spec), mustFixture(t, spec)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two builds differ", f)
		}
		spec.Marker = "scenario=other"
		if bytes.Equal(a, mustFixture(t, spec)) {
			t.Errorf("%s: marker does not change the bytes", f)
		}
	}
}

func TestFixtureTruncate(t *testing.T) {
	for _, f := range Formats() {
		spec := FixtureSpec{Format: f, Width: 64, Height: 48, Bytes: 20_000, Truncate: 12_345}
		b := mustFixture(t, spec)
		if len(b) != 12_345 {
			t.Fatalf("%s: %d bytes", f, len(b))
		}
		if info := Inspect(b); info.Format != f || Check(info, Limits{}) != Corrupt {
			t.Errorf("%s: truncated fixture inspects as %+v", f, info)
		}
		spec.Truncate = 20_000
		if _, err := MakeFixture(spec); err == nil {
			t.Errorf("%s: truncating at the full size gave no error", f)
		}
	}
}

func TestFixtureSpecErrors(t *testing.T) {
	ok := FixtureSpec{Format: PNG, Width: 10, Height: 10}
	tests := []struct {
		name string
		mod  func(*FixtureSpec)
	}{
		{"unknown format", func(s *FixtureSpec) { s.Format = Unknown }},
		{"zero format", func(s *FixtureSpec) { s.Format = "" }},
		{"zero width", func(s *FixtureSpec) { s.Width = 0 }},
		{"negative height", func(s *FixtureSpec) { s.Height = -5 }},
		{"side too long", func(s *FixtureSpec) { s.Width = MaxFixtureSide + 1 }},
		{"too many pixels", func(s *FixtureSpec) { s.Width, s.Height = 10_000, 10_000 }},
		{"negative bytes", func(s *FixtureSpec) { s.Bytes = -1 }},
		{"too many bytes", func(s *FixtureSpec) { s.Bytes = MaxFixtureBytes + 1 }},
		{"negative truncate", func(s *FixtureSpec) { s.Truncate = -1 }},
		{"marker without fields", func(s *FixtureSpec) { s.Marker = "hello world" }},
		{"marker with newline", func(s *FixtureSpec) { s.Marker = "a=1\nb=2" }},
		{"marker with NUL", func(s *FixtureSpec) { s.Marker = "a=1\x00" }},
		{"marker too long", func(s *FixtureSpec) { s.Marker = "a=" + strings.Repeat("x", MaxMarkerLen) }},
	}
	if _, err := MakeFixture(ok); err != nil {
		t.Fatalf("base spec: %v", err)
	}
	for _, tt := range tests {
		spec := ok
		tt.mod(&spec)
		if b, err := MakeFixture(spec); err == nil {
			t.Errorf("%s: no error (%d bytes)", tt.name, len(b))
		}
	}
}

func TestFixtureMarkerPrefixOptional(t *testing.T) {
	a := mustFixture(t, FixtureSpec{Format: GIF, Width: 5, Height: 5, Marker: "mockekyc: scenario=x"})
	b := mustFixture(t, FixtureSpec{Format: GIF, Width: 5, Height: 5, Marker: " scenario=x "})
	if !bytes.Equal(a, b) {
		t.Error("marker with and without prefix give different files")
	}
	if m := Inspect(a).Marker; !maps.Equal(m, Marker{"scenario": "x"}) {
		t.Errorf("marker %v", m)
	}
}

// TestFixtureLarge is the 6000×6000 case the fixture command must handle.
func TestFixtureLarge(t *testing.T) {
	// The cheap writers always run; the slow encoders (JPEG, PNG, GIF take
	// seconds at this size under -race) run in plain `go test`.
	formats := []Format{WebP, PDF, BMP, TIFF}
	if !testing.Short() && !raceEnabled {
		formats = Formats()
	}
	for _, f := range formats {
		b, err := MakeFixture(FixtureSpec{Format: f, Width: 6000, Height: 6000, Marker: "scenario=huge"})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		info := Inspect(b)
		if info.Width != 6000 || info.Height != 6000 || info.Err != nil || info.Marker["scenario"] != "huge" {
			t.Errorf("%s: Inspect = %+v", f, info)
		}
	}
}

// checkWebPLayout enforces the container rule decoders other than x/image
// may rely on: the simple format is a lone VP8L chunk; any other chunk
// requires the extended format, which starts with VP8X.
func checkWebPLayout(t *testing.T, b []byte) {
	t.Helper()
	var ids []string
	for i := 12; i+8 <= len(b); {
		n := int(binary.LittleEndian.Uint32(b[i+4:]))
		ids = append(ids, string(b[i:i+4]))
		i += 8 + n + n&1
	}
	if len(ids) > 1 && ids[0] != "VP8X" || len(ids) == 0 || ids[len(ids)-1] == "VP8X" {
		t.Errorf("webp chunks %q", ids)
	}
}

// TestFixtureMemory: no fixture but JPEG holds the picture as a raster.
// What one allocates is its output and a few rows: for the compressed
// formats far below the one byte a pixel a raster takes (zlib's compressor
// alone is 1.3 MB, whatever the size), for BMP (a byte a pixel of output)
// about the file once, and nothing of the size of the picture when a BMP
// is written to a writer. A JPEG is encoded by image/jpeg from a 4:2:0
// raster (1.5 bytes a pixel), which is all it may hold beside its output.
func TestFixtureMemory(t *testing.T) {
	const w, h = 2048, 2048
	allocated := func(fn func()) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		fn()
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	for _, f := range Formats() {
		spec := FixtureSpec{Format: f, Width: w, Height: h, Marker: "nik=3171024302821001"}
		var size int
		got := allocated(func() { size = len(mustFixture(t, spec)) })
		limit := uint64(w * h / 2)
		switch f {
		case BMP:
			limit = uint64(size + size/8)
		case JPEG:
			limit = uint64(w*h*3/2 + 2*size + 1<<20)
		}
		if got > limit {
			t.Errorf("%s %d×%d: MakeFixture allocated %d bytes for a %d-byte file, want at most %d", f, w, h, got, size, limit)
		}
	}
	var fx *Fixture
	got := allocated(func() {
		var err error
		if fx, err = NewFixture(FixtureSpec{Format: BMP, Width: w, Height: h}); err != nil {
			t.Fatal(err)
		}
		if _, err := fx.WriteTo(io.Discard); err != nil {
			t.Fatal(err)
		}
	})
	if got > w*h/8 {
		t.Errorf("bmp %d×%d: writing a %d-byte file allocated %d bytes, want at most %d", w, h, fx.Size(), got, w*h/8)
	}
}

// TestFixtureWriteTo: a Fixture writes what MakeFixture returns, truncated
// and padded alike, and its Size is the bytes it writes.
func TestFixtureWriteTo(t *testing.T) {
	for _, f := range Formats() {
		for _, spec := range []FixtureSpec{
			{Format: f, Width: 33, Height: 21},
			{Format: f, Width: 33, Height: 21, Marker: "scenario=x", Bytes: 9000},
			{Format: f, Width: 33, Height: 21, Bytes: 9000, Truncate: 4321},
		} {
			want := mustFixture(t, spec)
			fx, err := NewFixture(spec)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			n, err := fx.WriteTo(&buf)
			if err != nil || n != int64(buf.Len()) || fx.Size() != len(want) || !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%+v: WriteTo wrote %d (%v), Size %d; MakeFixture %d bytes; equal %v", spec, n, err, fx.Size(), len(want), bytes.Equal(buf.Bytes(), want))
			}
		}
	}
}
