package emulate

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"strings"
	"sync"

	"github.com/brianvoe/gofakeit/v6"
)

// IDs hands out the ids vendors put in their answers (ADVANCE.AI
// transactionId, Verihubs id and reference_id UUIDs, AccuAuth TID…
// request_id and order_no). Each vendor draws from a sequence of its own,
// so one vendor's id is never another's (an AccuAuth request_id is not two
// ADVANCE transactionIds glued together) and one vendor's traffic does not
// shift another's ids.
//
// By default the sequences are unique per run: a random run nonce, drawn
// when the server starts and again at every admin reset, is mixed into
// their seeds, because applications store these ids under unique
// constraints and a test database outlives a mock run. A reproducible
// IDs (config `ids: reproducible`, -reproducible-ids) has no nonce: the
// same seed, clock and request order give the same ids, byte for byte,
// after a restart or a reset too. Fake people never depend on this: they
// come from the seed alone.
//
// Safe for concurrent use.
type IDs struct {
	seed         int64
	reproducible bool

	mu      sync.Mutex
	nonce   uint64
	streams map[string]*gofakeit.Faker
}

// NewIDs starts the sequences for seed: unique to this run, or the same
// on every run when reproducible.
func NewIDs(seed int64, reproducible bool) *IDs {
	i := &IDs{seed: seed, reproducible: reproducible}
	i.Reset()
	return i
}

// Reproducible reports whether the ids repeat from run to run.
func (i *IDs) Reproducible() bool { return i.reproducible }

// Reset starts every sequence again (admin reset): the same ids again
// when reproducible, else a new run nonce and new ids.
func (i *IDs) Reset() {
	var nonce uint64
	if !i.reproducible {
		var b [8]byte
		_, _ = rand.Read(b[:]) // never fails (crypto/rand)
		nonce = binary.LittleEndian.Uint64(b[:]) | 1
	}
	i.mu.Lock()
	i.nonce = nonce
	i.streams = map[string]*gofakeit.Faker{}
	i.mu.Unlock()
}

// stream is vendor's sequence; i.mu is held.
func (i *IDs) stream(vendor string) *gofakeit.Faker {
	f := i.streams[vendor]
	if f == nil {
		h := sha256.New()
		var b [16]byte
		binary.LittleEndian.PutUint64(b[:8], uint64(i.seed))
		binary.LittleEndian.PutUint64(b[8:], i.nonce)
		h.Write(b[:])
		h.Write([]byte(vendor))
		s := int64(binary.LittleEndian.Uint64(h.Sum(nil)))
		if s == 0 {
			s = 1 // gofakeit seeds 0 from crypto/rand
		}
		f = gofakeit.New(s)
		i.streams[vendor] = f
	}
	return f
}

// VendorIDs is one vendor's sequence (Call.IDs).
type VendorIDs struct {
	ids    *IDs
	vendor string
}

// For is vendor's sequence.
func (i *IDs) For(vendor string) VendorIDs { return VendorIDs{i, vendor} }

// UUID is a version 4 UUID.
func (v VendorIDs) UUID() string {
	v.ids.mu.Lock()
	defer v.ids.mu.Unlock()
	return v.ids.stream(v.vendor).UUID()
}

// Hex is n lowercase hex digits.
func (v VendorIDs) Hex(n int) string {
	v.ids.mu.Lock()
	defer v.ids.mu.Unlock()
	f := v.ids.stream(v.vendor)
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(strings.TrimPrefix(f.HexUint64(), "0x"))
	}
	return b.String()[:n]
}

// IDs is the sequence of the call's vendor: every id a vendor puts in an
// answer comes from it.
func (c *Call) IDs() VendorIDs { return c.Deps.IDs.For(c.Vendor.Name()) }
