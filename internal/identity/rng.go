package identity

import (
	"math/bits"
	"math/rand/v2"
)

// rng is a per-call random stream. PCG from math/rand/v2 is 16 bytes of
// state and seeds in two words, so a stream costs nothing to make and lives
// on the stack; gofakeit.New (math/rand v1) seeds a 4.9 KB table per call,
// which would dominate the cost of a person.
type rng struct {
	p rand.PCG
}

// newRNG derives a stream from (seed, domain, subject). The hash must never
// change: it is what makes a subject the same person in every process and
// every release (the golden test pins it). FNV-1a is cheap on short strings;
// splitmix64 then spreads its weak low bits over both PCG words.
func newRNG(seed int64, domain, subject string) rng {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	for i := 0; i < 8; i++ {
		h ^= uint64(byte(seed >> (8 * i)))
		h *= prime
	}
	for i := 0; i < len(domain); i++ {
		h ^= uint64(domain[i])
		h *= prime
	}
	h ^= 0xff // separates domain from subject: ("ab","c") != ("a","bc")
	h *= prime
	for i := 0; i < len(subject); i++ {
		h ^= uint64(subject[i])
		h *= prime
	}
	return rng{p: *rand.NewPCG(splitmix(h), splitmix(h^0x9e3779b97f4a7c15))}
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func (r *rng) u64() uint64 { return r.p.Uint64() }

// intn returns a number in [0, n) by Lemire's multiply-shift; the bias for
// the small n used here is below 2^-50, far under anything observable.
func (r *rng) intn(n int) int {
	if n <= 0 {
		return 0
	}
	hi, _ := bits.Mul64(r.u64(), uint64(n))
	return int(hi)
}

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance is true with probability permille/1000.
func (r *rng) chance(permille int) bool { return r.intn(1000) < permille }

// weighted returns index i with probability w[i]/sum(w).
func (r *rng) weighted(w []int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	n := r.intn(total)
	for i, x := range w {
		if n < x {
			return i
		}
		n -= x
	}
	return len(w) - 1
}

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }
