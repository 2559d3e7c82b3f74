// Package thumbs keeps small thumbnails of the images clients sent, for the
// web UI's request detail. The journal keeps only an image's digest and
// size; a thumbnail is made only while someone looks (the UI asked for
// one, or watched the journal, within the last Idle), only for images of
// at most MaxPixels, one at a time, and at most Capacity are kept, so an
// unwatched mock pays nothing and a watched one a bounded amount.
package thumbs

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"sync"
	"sync/atomic"
	"time"

	// The formats the vendors take and a thumbnail can be made of.
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"

	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/webp"
)

const (
	// Side is the longest side of a thumbnail, in pixels.
	Side = 96
	// MaxPixels bounds the images decoded for a thumbnail: decoding holds
	// the whole picture (about 3 bytes a pixel for a JPEG).
	MaxPixels = 2_000_000
	// Capacity is the number of thumbnails kept (about 10 KB each).
	Capacity = 128
	// Idle is how long after the UI's last look thumbnails are still made.
	Idle = 10 * time.Minute
)

// Store is the thumbnails, by image digest. Its zero value is not usable:
// New makes one. A nil *Store does nothing.
type Store struct {
	now  func() time.Time
	seen atomic.Int64 // unix nanoseconds of the UI's last look; 0: never

	busy atomic.Bool // a thumbnail is being made
	wg   sync.WaitGroup

	mu    sync.Mutex
	items map[string][]byte
	order []string // oldest first
}

// New makes an empty store.
func New() *Store {
	return &Store{now: time.Now, items: map[string][]byte{}}
}

// Touch says the UI is looking: images offered during the next Idle get
// thumbnails.
func (s *Store) Touch() {
	if s != nil {
		s.seen.Store(s.now().UnixNano())
	}
}

func (s *Store) watched() bool {
	t := s.seen.Load()
	return t != 0 && s.now().Sub(time.Unix(0, t)) < Idle
}

// Offer is called for each image a request carried, while the request
// holds its bytes. When the UI is watching, the image is small enough, not
// already kept, and no other thumbnail is being made, a copy is decoded in
// the background; otherwise nothing happens.
func (s *Store) Offer(digest string, width, height int, data []byte) {
	if s == nil || digest == "" || len(data) == 0 || width <= 0 || height <= 0 || width*height > MaxPixels || !s.watched() {
		return
	}
	s.mu.Lock()
	_, have := s.items[digest]
	s.mu.Unlock()
	if have || !s.busy.CompareAndSwap(false, true) {
		return
	}
	own := bytes.Clone(data)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer s.busy.Store(false)
		if thumb, ok := Make(own); ok {
			s.put(digest, thumb)
		}
	}()
}

// Get returns the PNG thumbnail of the image with the digest, and counts
// as the UI looking.
func (s *Store) Get(digest string) ([]byte, bool) {
	if s == nil {
		return nil, false
	}
	s.Touch()
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.items[digest]
	return b, ok
}

// Len is the number of thumbnails kept.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.items)
}

// Wait waits for the thumbnail being made, if any (tests, Close).
func (s *Store) Wait() {
	if s != nil {
		s.wg.Wait()
	}
}

// Reset forgets every thumbnail.
func (s *Store) Reset() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.items)
	s.order = nil
}

func (s *Store) put(digest string, thumb []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.items[digest]; ok {
		return
	}
	for len(s.order) >= Capacity {
		delete(s.items, s.order[0])
		s.order = s.order[1:]
	}
	s.items[digest] = thumb
	s.order = append(s.order, digest)
}

// Make decodes an image and returns a PNG of at most Side×Side pixels;
// false for anything that does not decode or is too large.
func Make(data []byte) ([]byte, bool) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPixels {
		return nil, false
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, false
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	tw, th := w, h
	if w > h && w > Side {
		tw, th = Side, max(1, h*Side/w)
	} else if h >= w && h > Side {
		tw, th = max(1, w*Side/h), Side
	}
	dst := image.NewRGBA(image.Rect(0, 0, tw, th))
	// Box filter: each thumbnail pixel is the mean of the source pixels it
	// covers, so flat areas stay flat and text does not alias into noise.
	for y := range th {
		y0, y1 := b.Min.Y+y*h/th, b.Min.Y+max((y+1)*h/th, y*h/th+1)
		for x := range tw {
			x0, x1 := b.Min.X+x*w/tw, b.Min.X+max((x+1)*w/tw, x*w/tw+1)
			var r, g, bl, a, n uint64
			for sy := y0; sy < y1; sy++ {
				for sx := x0; sx < x1; sx++ {
					cr, cg, cb, ca := src.At(sx, sy).RGBA()
					r, g, bl, a, n = r+uint64(cr), g+uint64(cg), bl+uint64(cb), a+uint64(ca), n+1
				}
			}
			dst.Set(x, y, color.RGBA64{R: uint16(r / n), G: uint16(g / n), B: uint16(bl / n), A: uint16(a / n)})
		}
	}
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&out, dst); err != nil {
		return nil, false
	}
	return out.Bytes(), true
}
