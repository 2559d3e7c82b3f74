package emulate

import (
	"strings"
	"sync"

	"github.com/brianvoe/gofakeit/v6"
)

// IDs hands out the request ids vendors put in their answers (ADVANCE.AI
// transactionId, Verihubs reference_id UUIDs, AccuAuth TID… ids). They come
// from a gofakeit Faker seeded with the mock's seed, so a run with the same
// seed, clock and request order gives the same bytes; Reset starts the
// sequence again. Safe for concurrent use.
type IDs struct {
	seed int64

	mu sync.Mutex
	f  *gofakeit.Faker
}

// NewIDs starts the sequence for seed.
func NewIDs(seed int64) *IDs {
	return &IDs{seed: seed, f: gofakeit.New(seed)}
}

// UUID is a version 4 UUID.
func (i *IDs) UUID() string {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.f.UUID()
}

// Hex is n lowercase hex digits.
func (i *IDs) Hex(n int) string {
	i.mu.Lock()
	defer i.mu.Unlock()
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(strings.TrimPrefix(i.f.HexUint64(), "0x"))
	}
	return b.String()[:n]
}

// Reset starts the sequence again (admin reset).
func (i *IDs) Reset() {
	i.mu.Lock()
	i.f = gofakeit.New(i.seed)
	i.mu.Unlock()
}
