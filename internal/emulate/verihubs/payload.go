package verihubs

import (
	"sync"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// payload is the JSON body of the image endpoints.
type payload struct {
	Image           *string
	IsQuality       *bool
	ValidateQuality *bool
	ReferenceID     *string
	CallbackURL     *string
	// extract: the body is a KTP extraction's, whose request documents no
	// is_quality and whose success documents image_quality: quality is
	// always computed and reported; only validate_quality with an explicit
	// is_quality false is the dependency error (docs/vendors/verihubs.md#vh-13).
	extract bool
}

// fields reads members of the body decoded once into *string and *bool
// values; the first member of another type is kept as err, as json.Unmarshal
// into a struct of such fields would fail.
type fields struct {
	o   emulate.Object
	err error
}

func (f *fields) str(key string) *string {
	s, err := f.o.String(key)
	if f.err == nil {
		f.err = err
	}
	return s
}

func (f *fields) boolean(key string) *bool {
	b, err := f.o.Bool(key)
	if f.err == nil {
		f.err = err
	}
	return b
}

// isQuality: is image_quality computed and reported (ID Forgery: only
// when asked, docs/vendors/verihubs.md#vh-4; extraction: always).
func (p payload) isQuality() bool { return p.extract || on(p.IsQuality, false) }
func (p payload) validate() bool  { return p.ValidateQuality != nil && *p.ValidateQuality }

// readPayload decodes the body and answers the payload-level problems in
// the seed's order: INVALID_PAYLOAD ("no value in payload or empty string
// more than 1"), MISSING_PAYLOAD_IMAGE, then the is_quality dependency.
// extract says which endpoint family reads it (is_quality's default).
func readPayload(c *emulate.Call, extract bool) (payload, string) {
	p := payload{extract: extract}
	o, err := c.JSONObject()
	if err != nil || len(o) == 0 || o.EmptyStrings() > 1 {
		return p, InvalidPayload
	}
	f := fields{o: o}
	p = payload{Image: f.str("image"), IsQuality: f.boolean("is_quality"), ValidateQuality: f.boolean("validate_quality"),
		ReferenceID: f.str("reference_id"), CallbackURL: f.str("callback_url"), extract: extract}
	if f.err != nil {
		return p, InvalidPayload
	}
	c.Field("is_quality", boolText(p.IsQuality))
	c.Field("validate_quality", boolText(p.ValidateQuality))
	if p.ReferenceID != nil {
		c.Field("reference_id", *p.ReferenceID)
	}
	switch {
	case p.Image == nil:
		return p, MissingImage
	case p.validate() && !on(p.IsQuality, p.extract):
		return p, QualityDependency
	}
	return p, ""
}

func boolText(b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return "true"
	}
	return "false"
}

// validReferenceID: the docs give no format, only that it is unique and can
// be too long or too short (the sandbox codes); 1–64 characters of letters,
// digits and . _ : - is the mock's rule (doc.go).
func validReferenceID(s string) bool {
	if len(s) < 1 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !('a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z' || '0' <= ch && ch <= '9' || ch == '.' || ch == '_' || ch == ':' || ch == '-') {
			return false
		}
	}
	return true
}

// refStore remembers reference_ids per App-ID, with the extraction result
// each one got, for INVALID_PAYLOAD_REFERENCE_ID_EXISTS and the result pull.
// The oldest go first beyond max per app and beyond the total over every
// app, so memory stays bounded.
type refStore struct {
	mu      sync.Mutex
	results *fifo[string, []byte]
	// pending are the reference_ids of requests in flight: taken by
	// reserve when the request is checked, so that a second request with
	// the same id is refused even before the first one has a result.
	pending map[appRef]bool
}

type appRef struct{ app, ref string }

func newRefStore(max, total int) *refStore {
	return &refStore{results: newFIFO[string, []byte](bounds{count: max, totalCount: total}, nil), pending: map[appRef]bool{}}
}

// forget forgets the reference_ids of the apps of (a workspace's reset).
func (s *refStore) forget(of func(app string) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.results.forget(of)
	for k := range s.pending {
		if of(k.app) {
			delete(s.pending, k)
		}
	}
}

// clear forgets every reference_id (admin reset).
func (s *refStore) clear() {
	s.mu.Lock()
	s.results.clear()
	s.pending = map[appRef]bool{}
	s.mu.Unlock()
}

func (s *refStore) get(app, ref string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.results.get(app, ref)
}

// reserve takes ref for a request in flight; false when app used it
// before or a request in flight holds it. put or release ends the hold.
func (s *refStore) reserve(app, ref string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := appRef{app, ref}
	if _, used := s.results.get(app, ref); used || s.pending[k] {
		return false
	}
	s.pending[k] = true
	return true
}

// release gives back a reserved ref that got no result (a refused request).
func (s *refStore) release(app, ref string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.pending, appRef{app, ref})
}

func (s *refStore) put(app, ref string, result []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.pending, appRef{app, ref})
	s.results.put(app, ref, result)
}
