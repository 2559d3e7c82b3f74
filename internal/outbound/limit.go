package outbound

import (
	"context"
	"sync"
	"sync/atomic"
)

// Limiter bounds work done on behalf of clients: at most Global at once
// over all keys and at most PerKey at once for one key (a vendor's
// credential), so one suite whose receiver or image host is dead holds
// PerKey slots, not all of them. Waiters are served in arrival order per
// key (Go channels queue their senders).
type Limiter struct {
	global  chan struct{}
	per     int
	waiting atomic.Int64

	mu   sync.Mutex
	keys map[string]chan struct{}
}

// NewLimiter makes a limiter; both bounds are at least 1.
func NewLimiter(global, perKey int) *Limiter {
	return &Limiter{global: make(chan struct{}, max(global, 1)), per: max(perKey, 1), keys: map[string]chan struct{}{}}
}

func (l *Limiter) key(k string) chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.keys[k]
	if !ok {
		c = make(chan struct{}, l.per)
		l.keys[k] = c
	}
	return c
}

// Acquire waits for a slot of key and a global one, or for ctx to end
// (its error then). release gives both back.
func (l *Limiter) Acquire(ctx context.Context, key string) (release func(), err error) {
	own := l.key(key)
	l.waiting.Add(1)
	defer l.waiting.Add(-1)
	select {
	case own <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case l.global <- struct{}{}:
	case <-ctx.Done():
		<-own
		return nil, ctx.Err()
	}
	return func() { <-l.global; <-own }, nil
}

// Waiting is how many Acquire calls wait for a slot now.
func (l *Limiter) Waiting() int { return int(l.waiting.Load()) }
