package thumbs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/png"
	"sync"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

func fixture(t testing.TB, f imagecheck.Format, w, h int, marker string) ([]byte, string) {
	t.Helper()
	b, err := imagecheck.MakeFixture(imagecheck.FixtureSpec{Format: f, Width: w, Height: h, Marker: marker})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return b, hex.EncodeToString(sum[:])
}

func TestMakeFitsTheSide(t *testing.T) {
	for _, c := range []struct {
		f          imagecheck.Format
		w, h       int
		wantW, wan int
	}{
		{imagecheck.JPEG, 1000, 630, 96, 60},
		{imagecheck.PNG, 300, 600, 48, 96},
		{imagecheck.GIF, 40, 30, 40, 30}, // small images keep their size
		{imagecheck.BMP, 960, 960, 96, 96},
		{imagecheck.WebP, 200, 100, 96, 48},
	} {
		data, _ := fixture(t, c.f, c.w, c.h, "")
		out, ok := Make(data)
		if !ok {
			t.Fatalf("%s %dx%d: no thumbnail", c.f, c.w, c.h)
		}
		img, err := png.Decode(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != c.wantW || b.Dy() != c.wan {
			t.Errorf("%s %dx%d: thumbnail %dx%d, want %dx%d", c.f, c.w, c.h, b.Dx(), b.Dy(), c.wantW, c.wan)
		}
	}
}

func TestMakeRefuses(t *testing.T) {
	big, _ := fixture(t, imagecheck.JPEG, 2000, 1001, "") // just over MaxPixels
	pdf, _ := fixture(t, imagecheck.PDF, 100, 100, "")
	good, _ := fixture(t, imagecheck.PNG, 100, 100, "")
	for name, data := range map[string][]byte{"over MaxPixels": big, "pdf": pdf, "truncated": good[:len(good)/2], "empty": nil, "junk": []byte("not an image")} {
		if _, ok := Make(data); ok {
			t.Errorf("%s: made a thumbnail", name)
		}
	}
}

// TestOfferOnlyWhileWatched: nothing is decoded until the UI looks, and
// nothing once it has looked away for Idle.
func TestOfferOnlyWhileWatched(t *testing.T) {
	s := New()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	data, digest := fixture(t, imagecheck.JPEG, 640, 400, "")
	s.Offer(digest, 640, 400, data)
	s.Wait()
	if s.Len() != 0 {
		t.Fatal("a thumbnail was made with nobody watching")
	}
	if _, ok := s.Get(digest); ok { // Get is a look: it starts the watch
		t.Fatal("Get found one")
	}
	s.Offer(digest, 640, 400, data)
	s.Wait()
	if _, ok := s.Get(digest); !ok {
		t.Fatal("no thumbnail while watched")
	}
	now = now.Add(Idle + time.Second)
	other, d2 := fixture(t, imagecheck.PNG, 64, 64, "")
	s.Offer(d2, 64, 64, other)
	s.Wait()
	if s.Len() != 1 {
		t.Fatal("a thumbnail was made after the UI looked away")
	}
	s.Touch()
	s.Offer(d2, 64, 64, other)
	s.Offer(d2, 64, 64, other) // already being made or kept: no second one
	s.Wait()
	if s.Len() != 2 {
		t.Fatalf("%d thumbnails, want 2", s.Len())
	}
	// Too large by its declared size: not even copied.
	s.Offer("x", 3000, 3000, other)
	s.Wait()
	if s.Len() != 2 {
		t.Fatal("an image over MaxPixels was taken")
	}
	s.Reset()
	if s.Len() != 0 {
		t.Fatal("Reset kept thumbnails")
	}
}

// TestCapacity: the oldest go first, and the store never holds more.
func TestCapacity(t *testing.T) {
	s := New()
	s.Touch()
	var first string
	for i := range Capacity + 5 {
		data, digest := fixture(t, imagecheck.GIF, 8, 8, fmt.Sprintf("n=%d", i))
		if i == 0 {
			first = digest
		}
		s.Offer(digest, 8, 8, data)
		s.Wait()
	}
	if s.Len() != Capacity {
		t.Fatalf("%d kept, want %d", s.Len(), Capacity)
	}
	if _, ok := s.Get(first); ok {
		t.Fatal("the oldest thumbnail was kept")
	}
}

// TestConcurrentOffers: one thumbnail at a time, the rest skipped; -race
// clean; and the caller may reuse its buffer at once.
func TestConcurrentOffers(t *testing.T) {
	s := New()
	s.Touch()
	// The images are made before the goroutines: t.Fatal belongs to the
	// test's own goroutine.
	type img struct {
		data   []byte
		digest string
	}
	imgs := make([]img, 16)
	for i := range imgs {
		imgs[i].data, imgs[i].digest = fixture(t, imagecheck.PNG, 120, 80, fmt.Sprintf("g=%d", i))
	}
	var wg sync.WaitGroup
	for _, im := range imgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Offer(im.digest, 120, 80, im.data)
			clear(im.data) // the store took a copy
		}()
	}
	wg.Wait()
	s.Wait()
	if n := s.Len(); n < 1 || n > 16 {
		t.Fatalf("%d thumbnails", n)
	}
	for _, d := range s.order {
		img, err := png.Decode(bytes.NewReader(s.items[d]))
		if err != nil || img.Bounds() != image.Rect(0, 0, 96, 64) {
			t.Fatalf("thumbnail %v %v", img.Bounds(), err)
		}
	}
}

// A nil store does nothing and does not panic (Deps without thumbnails).
func TestNilStore(t *testing.T) {
	var s *Store
	s.Touch()
	s.Offer("d", 1, 1, []byte{1})
	s.Reset()
	s.Wait()
	if _, ok := s.Get("d"); ok {
		t.Fatal("nil store found a thumbnail")
	}
}

func FuzzMake(f *testing.F) {
	for _, fm := range []imagecheck.Format{imagecheck.JPEG, imagecheck.PNG, imagecheck.GIF, imagecheck.BMP, imagecheck.WebP} {
		b, _ := imagecheck.MakeFixture(imagecheck.FixtureSpec{Format: fm, Width: 30, Height: 20})
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, ok := Make(data)
		if !ok {
			return
		}
		img, err := png.Decode(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("Make made a PNG that does not decode: %v", err)
		}
		if b := img.Bounds(); b.Dx() > Side || b.Dy() > Side || b.Dx() < 1 || b.Dy() < 1 {
			t.Fatalf("thumbnail %v", b)
		}
	})
}
