package emulate

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mockekyc/mockekyc/internal/clock"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/outbound"
)

// Retry is how one vendor retries a callback: a timeout per try, tries in
// all, and the wait before the second try, doubled before each next one.
type Retry struct {
	Tries   int
	Timeout time.Duration
	Backoff time.Duration
}

// DeliveryLimits bound callback deliveries.
type DeliveryLimits struct {
	// Global bounds the deliveries running at once, over every credential.
	Global int
	// PerCredential bounds those of one credential of one vendor: a suite
	// whose receiver is dead holds this many, the rest serve the others.
	PerCredential int
	// Queue is how many deliveries of one credential may wait for a slot;
	// one more is dropped (a journal event says so).
	Queue int
	// QueueTotal is how many may wait over every credential together (each
	// is a goroutine and its callback's body): credentials are not a
	// closed set (runtime credentials, workspaces), so Queue alone does
	// not bound the mock's memory.
	QueueTotal int
}

// DefaultDeliveryLimits: 64 at once as before; 8 per credential leaves
// 56 to the others while one suite's receiver is dead (each of its
// deliveries holds a slot for tries × timeout + backoffs, 18 s with the
// vendors' defaults); 256 waiting per credential takes a burst of a whole
// test suite's async calls without dropping any; 2048 waiting in all is
// eight such bursts at once, a few MB of goroutines and bodies.
func DefaultDeliveryLimits() DeliveryLimits {
	return DeliveryLimits{Global: 64, PerCredential: 8, Queue: 256, QueueTotal: 2048}
}

// Deliverer sends vendor callbacks (iziData's iswhatsapp GET, Verihubs'
// extract-async POST) in the background, so that a slow or dead callback
// never blocks a request or the server: a timeout per try, bounded retries
// with doubling backoff, a fair share of the slots per credential and a
// bounded queue behind them. Every try and every drop is an event on the
// request's journal entry, stamped with the mock's clock. The server owns
// it: Close ends its work.
type Deliverer struct {
	ctx    context.Context
	cancel context.CancelFunc
	clock  clock.Clock
	client *http.Client
	limit  *outbound.Limiter
	queue  int
	total  int // QueueTotal

	mu      sync.Mutex
	closed  bool
	waiting map[string]int // per key: deliveries not yet holding a slot
	queued  int            // the sum of waiting
	wg      sync.WaitGroup

	dropped atomic.Int64
	// delivered and failed count deliveries that got a 2xx, and those
	// that used every try without one (the metrics).
	delivered, failed atomic.Int64
}

// NewDeliverer makes a deliverer whose HTTP client is the policy's
// callback client; Close stops it. clk stamps the journal events.
func NewDeliverer(clk clock.Clock, policy *outbound.Policy, limits DeliveryLimits) *Deliverer {
	ctx, cancel := context.WithCancel(context.Background())
	return &Deliverer{
		ctx: ctx, cancel: cancel, clock: clk,
		client:  policy.Client(outbound.Callback),
		limit:   outbound.NewLimiter(limits.Global, limits.PerCredential),
		queue:   max(limits.Queue, 0),
		total:   max(limits.QueueTotal, 0),
		waiting: map[string]int{},
	}
}

// Delivery is one callback to send.
type Delivery struct {
	Journal *journal.Journal
	Entry   uint64 // the journal entry of the request that asked for it
	Key     string // vendor and credential: the unit of fair share
	Retry   Retry
	// Build makes the request, once per try.
	Build func(context.Context) (*http.Request, error)
	// RedactURL, when set, is how the journal's events show the URL: the
	// asking call's secret fingerprints (its secret query parameters
	// and passwords), as its callback_url field shows them. nil:
	// url.URL.Redacted, which hides passwords only.
	RedactURL func(string) string
}

// Dropped counts deliveries given up without a 2xx and without using all
// their tries: queue full or the mock shutting down.
func (d *Deliverer) Dropped() int64 { return d.dropped.Load() }

// Delivered counts deliveries a receiver answered with a 2xx; Failed
// those that used every try without one.
func (d *Deliverer) Delivered() int64 { return d.delivered.Load() }

// Failed: see Delivered.
func (d *Deliverer) Failed() int64 { return d.failed.Load() }

func (d *Deliverer) event(x Delivery, ok bool, format string, args ...any) {
	x.Journal.AddEvent(x.Entry, journal.Event{Time: d.clock.Now(), Kind: "callback", Detail: fmt.Sprintf(format, args...), OK: ok})
}

func (d *Deliverer) drop(x Delivery, format string, args ...any) {
	d.dropped.Add(1)
	d.event(x, false, "dropped: "+format, args...)
}

// Deliver queues x; a 2xx answer ends it.
func (d *Deliverer) Deliver(x Delivery) {
	d.mu.Lock()
	switch {
	case d.closed:
		d.mu.Unlock()
		d.drop(x, "the mock is shut down")
		return
	case d.waiting[x.Key] >= d.queue:
		n := d.waiting[x.Key]
		d.mu.Unlock()
		d.drop(x, "%d callbacks of this credential already wait for a slot (queue full)", n)
		return
	case d.queued >= d.total:
		n := d.queued
		d.mu.Unlock()
		d.drop(x, "%d callbacks of all credentials already wait for a slot (queue full)", n)
		return
	}
	d.waiting[x.Key]++
	d.queued++
	d.wg.Add(1)
	d.mu.Unlock()
	go d.run(x)
}

func (d *Deliverer) run(x Delivery) {
	defer d.wg.Done()
	release, err := d.limit.Acquire(d.ctx, x.Key)
	d.mu.Lock()
	if d.waiting[x.Key]--; d.waiting[x.Key] == 0 {
		delete(d.waiting, x.Key)
	}
	d.queued--
	d.mu.Unlock()
	if err == nil && d.ctx.Err() != nil {
		// A slot freed by the cancellation itself can win Acquire's race
		// with ctx.Done: a delivery not yet sent stays unsent.
		release()
		err = d.ctx.Err()
	}
	if err != nil {
		d.drop(x, "the mock shut down before it was sent")
		return
	}
	defer release()
	wait := x.Retry.Backoff
	for try := 1; try <= x.Retry.Tries; try++ {
		what, status, err := d.send(x)
		ok := err == nil && status >= 200 && status < 300
		detail := fmt.Sprintf("try %d/%d %s -> %d", try, x.Retry.Tries, what, status)
		if err != nil {
			detail = fmt.Sprintf("try %d/%d %s -> %s", try, x.Retry.Tries, what, outbound.Describe(err))
		}
		d.event(x, ok, "%s", detail)
		switch {
		case ok:
			d.delivered.Add(1)
			return
		case d.ctx.Err() != nil:
			d.drop(x, "the mock shut down after try %d/%d", try, x.Retry.Tries)
			return
		case try == x.Retry.Tries:
			d.failed.Add(1)
			return
		case !d.sleep(wait):
			d.drop(x, "the mock shut down after try %d/%d", try, x.Retry.Tries)
			return
		}
		wait *= 2
	}
}

// sleep waits w unless the deliverer stops first (false then).
func (d *Deliverer) sleep(w time.Duration) bool {
	t := time.NewTimer(w)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-d.ctx.Done():
		return false
	}
}

func (d *Deliverer) send(x Delivery) (string, int, error) {
	ctx, cancel := context.WithTimeout(d.ctx, x.Retry.Timeout)
	defer cancel()
	req, err := x.Build(ctx)
	if err != nil {
		return "request", 0, err
	}
	shown := req.URL.Redacted()
	if x.RedactURL != nil {
		shown = x.RedactURL(req.URL.String())
	}
	what := req.Method + " " + shown
	resp, err := d.client.Do(req)
	if err != nil {
		return what, 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return what, resp.StatusCode, nil
}

// Close stops taking deliveries, lets those queued and running finish
// until ctx ends, then cancels the rest (each journaled as dropped) and
// waits for them. It returns how many deliveries were dropped in all.
func (d *Deliverer) Close(ctx context.Context) int64 {
	d.mu.Lock()
	d.closed = true
	d.mu.Unlock()
	done := make(chan struct{})
	go func() { d.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	d.cancel()
	<-done
	return d.dropped.Load()
}
