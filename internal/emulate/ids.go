package emulate

import (
	crand "crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"math/rand"
	"strings"
	"sync"
)

// IDs hands out the request ids vendors put in their answers (ADVANCE.AI
// transactionId, Verihubs reference_id UUIDs, AccuAuth TID… ids). They come
// from math/rand seeded with the mock's seed, so a run with the same seed,
// clock and request order gives the same bytes; Reset starts the sequence
// again. Safe for concurrent use.
//
// The sequence is the one gofakeit v6's Faker made of the seed (which this
// replaced, a 1 MB dependency for two functions): a math/rand source of the
// seed, or of a random seed when it is 0; a UUID is 16 values of Intn(256)
// with version 4 and the RFC 4122 variant set; Hex takes Intn(16) a digit,
// 16 at a time. ids_test.go holds the old library's answers.
type IDs struct {
	seed int64

	mu sync.Mutex
	r  *rand.Rand
}

// NewIDs starts the sequence for seed.
func NewIDs(seed int64) *IDs {
	return &IDs{seed: seed, r: newIDRand(seed)}
}

func newIDRand(seed int64) *rand.Rand {
	if seed == 0 {
		_ = binary.Read(crand.Reader, binary.BigEndian, &seed)
	}
	return rand.New(rand.NewSource(seed))
}

// UUID is a version 4 UUID.
func (i *IDs) UUID() string {
	i.mu.Lock()
	defer i.mu.Unlock()
	var u [16]byte
	for k := range u {
		u[k] = byte(i.r.Intn(256))
	}
	u[6] = u[6]&0x0f | 4<<4
	u[8] = u[8]&0xbf | 0x80
	var buf [36]byte
	hex.Encode(buf[0:8], u[0:4])
	buf[8] = '-'
	hex.Encode(buf[9:13], u[4:6])
	buf[13] = '-'
	hex.Encode(buf[14:18], u[6:8])
	buf[18] = '-'
	hex.Encode(buf[19:23], u[8:10])
	buf[23] = '-'
	hex.Encode(buf[24:], u[10:])
	return string(buf[:])
}

// Hex is n lowercase hex digits.
func (i *IDs) Hex(n int) string {
	i.mu.Lock()
	defer i.mu.Unlock()
	const digits = "0123456789abcdef"
	var b strings.Builder
	for b.Len() < n {
		for range 16 { // a 64-bit value's digits at a time
			b.WriteByte(digits[i.r.Intn(16)])
		}
	}
	return b.String()[:n]
}

// Reset starts the sequence again (admin reset).
func (i *IDs) Reset() {
	i.mu.Lock()
	i.r = newIDRand(i.seed)
	i.mu.Unlock()
}
