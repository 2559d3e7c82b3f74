package emulate

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"
)

var (
	errTooLarge = errors.New("request body too large")
	// errBusy says the body budget had no room for the body within its
	// wait.
	errBusy = errors.New("the request bodies in flight hold the whole body budget")
	// errHeaderTooLarge says the request line and headers exceed
	// Deps.MaxHeaderBytes.
	errHeaderTooLarge = errors.New("request header too large")
)

// headerBytes is the size of the request line and headers as they came
// over the wire, near enough: Go keeps Host apart and forgets the spacing.
func headerBytes(r *http.Request) int {
	n := len(r.Method) + 1 + len(r.RequestURI) + 1 + len(r.Proto) + 2
	n += len("Host: ") + len(r.Host) + 2
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + 2 + len(v) + 2
		}
	}
	return n + 2
}

// bodyChunk is the first buffer of a body of unknown or larger length:
// most requests (JSON, forms) fit in one, and a connection that declares a
// large body and sends nothing holds no more.
const bodyChunk = 16 << 10

// firstChunk is the buffer a body gets before any of its bytes have come:
// small, because a connection that declares a body and sends none (a
// hundred of them in the hostile run) holds it until its read deadline,
// and each held 16 KiB made the collector run more often near the soft
// memory limit. A body that fills it grows to bodyChunk, then eightfold.
const firstChunk = 512

// growth is how much a body's buffer grows at a time (readBody says why).
const growth = 8

// BodyBudget bounds the bytes that request bodies in flight may hold
// together. Each body takes its buffer from it as the bytes arrive and gives
// it back when its answer is written. A body that finds no room waits up
// to Wait for other bodies to give some back; then the request is answered
// 503 the way a loaded gateway in front of the vendor answers.
type BodyBudget struct {
	size int64
	wait time.Duration

	mu   sync.Mutex
	used int64
	wake chan struct{} // closed and replaced when bytes are given back
}

// NewBodyBudget makes a budget of size bytes; size ≤ 0 is no bound (nil).
func NewBodyBudget(size int64, wait time.Duration) *BodyBudget {
	if size <= 0 {
		return nil
	}
	return &BodyBudget{size: size, wait: wait, wake: make(chan struct{})}
}

// Size is the budget in bytes (0: none).
func (b *BodyBudget) Size() int64 {
	if b == nil {
		return 0
	}
	return b.size
}

// InUse is the bytes bodies in flight hold now.
func (b *BodyBudget) InUse() int64 {
	if b == nil {
		return 0
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}

// take holds n bytes, waiting up to the budget's wait while ctx lasts;
// false when there was no room (more than the whole budget never fits).
func (b *BodyBudget) take(ctx context.Context, n int64) bool {
	if b == nil || n <= 0 {
		return true
	}
	if n > b.size {
		return false
	}
	var timeout <-chan time.Time
	for {
		b.mu.Lock()
		if b.used+n <= b.size {
			b.used += n
			b.mu.Unlock()
			return true
		}
		wake := b.wake
		b.mu.Unlock()
		if timeout == nil {
			if b.wait <= 0 {
				return false
			}
			t := time.NewTimer(b.wait)
			defer t.Stop()
			timeout = t.C
		}
		select {
		case <-wake:
		case <-timeout:
			return false
		case <-ctx.Done():
			return false
		}
	}
}

// give returns n bytes and wakes the bodies waiting for room.
func (b *BodyBudget) give(n int64) {
	if b == nil || n <= 0 {
		return
	}
	b.mu.Lock()
	b.used -= n
	close(b.wake)
	b.wake = make(chan struct{})
	b.mu.Unlock()
}

// readBody reads the whole body up to limit. Reading one byte past the limit
// tells "too large" without buffering an unbounded body, and a declared
// length over the limit is refused unread. The buffer grows as bytes
// arrive, from firstChunk to bodyChunk, then eightfold up to the declared
// length plus the byte that finds the end: a declared Content-Length is a promise, not memory to
// hand out before the bytes come (100 connections declaring 24 MB and
// sending nothing pinned 2.4 GB when the length was allocated up front).
// Eightfold, not doubling: a client must send an eighth of what it makes
// the mock hold (the budget bounds the sum), and a 280 KB body costs 17%
// more allocation than one buffer of its length, where doubling cost 60%
// and made large requests measurably slower.
// Every growth is taken from budget first; held is what the body holds of
// it, for the caller to give back when it is done with the bytes (also on
// error).
func readBody(r *http.Request, limit int64, budget *BodyBudget) (buf []byte, held int64, err error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, 0, nil
	}
	if r.ContentLength > limit {
		return nil, 0, errTooLarge
	}
	end := limit + 1 // the most the buffer ever needs
	if r.ContentLength >= 0 {
		end = min(end, r.ContentLength+1)
	}
	lr := io.LimitReader(r.Body, limit+1)
	for {
		if len(buf) == cap(buf) {
			size := min(max(growth*int64(cap(buf)), bodyChunk), end)
			if cap(buf) == 0 {
				size = min(firstChunk, end)
			}
			if int64(len(buf)) >= end {
				size = int64(len(buf)) + bodyChunk // longer than declared
			}
			if !budget.take(r.Context(), size-held) {
				return nil, held, errBusy
			}
			held = size
			grown := make([]byte, len(buf), size)
			copy(grown, buf)
			buf = grown
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, held, err
		}
	}
	if int64(len(buf)) > limit {
		return nil, held, errTooLarge
	}
	return buf, held, nil
}
