package accuauth

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

func fixture(t testing.TB, spec imagecheck.FixtureSpec) []byte {
	b, err := imagecheck.MakeFixture(spec)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSDKImages: the pictures of LivenessData come back in order; bytes
// that merely look like protobuf keep none; broken wire format is reported.
func TestSDKImages(t *testing.T) {
	jpg := fixture(t, imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 200, Height: 200})
	png := fixture(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 200, Height: 200})
	imgs, ok := sdkImages(LivenessData(jpg, png))
	if !ok || len(imgs) != 2 || !bytes.Equal(imgs[0], jpg) || !bytes.Equal(imgs[1], png) {
		t.Fatalf("ok %v, %d pictures", ok, len(imgs))
	}
	// A string field holding a JPEG-less text, a nested bytes field that
	// is not a message, a fixed32 and a fixed64.
	msg := binary.AppendUvarint(nil, 3<<3|2)
	msg = binary.AppendUvarint(msg, 5)
	msg = append(msg, "hello"...)
	msg = append(msg, 4<<3|5, 1, 2, 3, 4, 5<<3|1, 1, 2, 3, 4, 5, 6, 7, 8)
	if imgs, ok := sdkImages(msg); !ok || len(imgs) != 0 {
		t.Errorf("plain message: ok %v, %d pictures", ok, len(imgs))
	}
	for _, b := range [][]byte{nil, {0x00}, {0x0a, 0x05, 'a'}, {0x0b}, {0x08, 0xff, 0xff}} {
		if _, ok := sdkImages(b); ok {
			t.Errorf("%q read as protobuf", b)
		}
	}
	// A picture inside a bytes field that turns out not to be a message
	// does not count.
	bad := append(LivenessData(jpg)[2:], 0x07) // frame, then a field of wire type 7
	bad = append(binary.AppendUvarint(binary.AppendUvarint(nil, 9<<3|2), uint64(len(bad))), bad...)
	if imgs, _ := sdkImages(bad); len(imgs) != 0 {
		t.Errorf("picture from a field that is no message: %d", len(imgs))
	}
}

// FuzzSDKImages: any bytes walk without a panic, within the bounds, and
// every picture found is a sub-slice starting with JPEG or PNG magic.
func FuzzSDKImages(f *testing.F) {
	jpg, _ := imagecheck.MakeFixture(imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 130, Height: 130})
	f.Add(LivenessData(jpg))
	f.Add(LivenessData(jpg, jpg, []byte("\x89PNG\r\n\x1a\n")))
	f.Add([]byte{0x12, 0x80, 0x80, 0x80, 0x80, 0x10})
	f.Add([]byte("\x0a\x03\x0a\x01\x0a"))
	f.Fuzz(func(t *testing.T, b []byte) {
		imgs, _ := sdkImages(b)
		if len(imgs) > sdkMaxImages {
			t.Fatalf("%d pictures", len(imgs))
		}
		for _, img := range imgs {
			if !bytes.HasPrefix(img, jpegMagic) && !bytes.HasPrefix(img, pngMagic) {
				t.Fatalf("picture %q", img)
			}
		}
	})
}

// TestImageStoreBounds: the store keeps at most maxStoredImages pictures
// and maxStoredBytes bytes, dropping the oldest, and copies what it keeps.
func TestImageStoreBounds(t *testing.T) {
	s := newImageStore()
	pic := []byte("picture")
	s.put("a", "first", emulate.Image{Bytes: pic})
	pic[0] = 'X'
	if img, ok := s.get("a", "first"); !ok || string(img.Bytes) != "picture" {
		t.Fatalf("stored %q %v", img.Bytes, ok)
	}
	if _, ok := s.get("b", "first"); ok {
		t.Fatal("another credential sees the picture")
	}
	for i := range maxStoredImages + 10 {
		s.put("b", string(rune('a'+i%26))+string(binary.AppendUvarint(nil, uint64(i))), emulate.Image{})
	}
	if n := s.len(); n != maxStoredImages {
		t.Errorf("%d kept", n)
	}
	if _, ok := s.get("a", "first"); ok {
		t.Error("oldest not dropped")
	}
	big := make([]byte, maxStoredBytes/4+1)
	for i := range 4 {
		s.put("c", string(rune('0'+i)), emulate.Image{Bytes: big})
	}
	if _, ok := s.get("c", "0"); ok || s.bytes > maxStoredBytes {
		t.Errorf("bytes %d, oldest big kept %v", s.bytes, ok)
	}
	if _, ok := s.get("c", "3"); !ok {
		t.Error("newest big dropped")
	}
	s.clear()
	if s.len() != 0 || s.bytes != 0 {
		t.Error("clear")
	}
}

// BenchmarkSDKImages: walking an SDK file of eight 640×480 frames.
func BenchmarkSDKImages(b *testing.B) {
	frames := make([][]byte, 8)
	for i := range frames {
		frames[i] = fixture(b, imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 640, Height: 480, Bytes: 60 << 10})
	}
	data := LivenessData(frames...)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if imgs, _ := sdkImages(data); len(imgs) != len(frames) {
			b.Fatal(len(imgs))
		}
	}
}
