package accuauth

import (
	"sync"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// The images /face/v2/verify has seen, kept so that the image_id_1 and
// image_id_2 it answers resolve on /face/liveness_anti_hack's `image_id`
// (docs/vendors/accuauth.md#ac-11). Bounded in count and bytes; the oldest
// image goes first, whichever credential it belongs to.
const (
	maxStoredImages = 1024
	maxStoredBytes  = 64 << 20
)

type storeKey struct{ credential, id string }

// imageStore is the vendor's memory of images by (credential, image id):
// another credential's id is not found. Cleared by admin reset.
type imageStore struct {
	mu    sync.Mutex
	m     map[storeKey]emulate.Image
	order []storeKey // insertion order, oldest first
	bytes int
}

func newImageStore() *imageStore { return &imageStore{m: map[storeKey]emulate.Image{}} }

// put keeps img under id for credential. The bytes are copied: the
// request body they point into is not the store's.
func (s *imageStore) put(credential, id string, img emulate.Image) {
	img.Bytes = append([]byte(nil), img.Bytes...)
	k := storeKey{credential, id}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.m[k]; ok { // an id is never minted twice; stay consistent if it were
		s.bytes -= len(old.Bytes)
	} else {
		s.order = append(s.order, k)
	}
	s.m[k] = img
	s.bytes += len(img.Bytes)
	for len(s.order) > 1 && (len(s.order) > maxStoredImages || s.bytes > maxStoredBytes) {
		s.bytes -= len(s.m[s.order[0]].Bytes)
		delete(s.m, s.order[0])
		s.order[0] = storeKey{}
		s.order = s.order[1:]
	}
}

// get is the image credential was given id for.
func (s *imageStore) get(credential, id string) (emulate.Image, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	img, ok := s.m[storeKey{credential, id}]
	return img, ok
}

func (s *imageStore) clear() {
	s.mu.Lock()
	s.m, s.order, s.bytes = map[storeKey]emulate.Image{}, nil, 0
	s.mu.Unlock()
}

// forget drops the images of the credentials of says (a workspace's
// reset).
func (s *imageStore) forget(of func(credential string) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := s.order[:0]
	for _, k := range s.order {
		if of(k.credential) {
			s.bytes -= len(s.m[k].Bytes)
			delete(s.m, k)
			continue
		}
		kept = append(kept, k)
	}
	clear(s.order[len(kept):])
	s.order = kept
}

// len is the number of images kept (tests).
func (s *imageStore) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}
