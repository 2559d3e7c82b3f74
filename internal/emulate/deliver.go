package emulate

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/mockekyc/mockekyc/internal/journal"
)

// Deliverer sends vendor callbacks (iziData's iswhatsapp GET, Verihubs'
// extract-async POST) in the background: a timeout per try, bounded retries
// with doubling backoff, and a bound on deliveries in flight, so a slow or
// dead callback never blocks a request or the server. Every try is an event
// on the request's journal entry.
type Deliverer struct {
	client   *http.Client
	timeout  time.Duration
	tries    int
	backoff  time.Duration
	inFlight chan struct{}
}

// maxInFlight bounds the deliveries running at once; more are not sent.
const maxInFlight = 64

// NewDeliverer makes a deliverer; redirects are not followed (a callback
// answers for itself). timeout bounds each try, through its context.
func NewDeliverer(timeout time.Duration, tries int, backoff time.Duration) *Deliverer {
	return &Deliverer{
		client:   &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		timeout:  timeout,
		tries:    tries,
		backoff:  backoff,
		inFlight: make(chan struct{}, maxInFlight),
	}
}

// Deliver sends the request build makes (once per try) and records each
// try on journal entry id; a 2xx answer ends it.
func (d *Deliverer) Deliver(j *journal.Journal, id uint64, build func(context.Context) (*http.Request, error)) {
	select {
	case d.inFlight <- struct{}{}:
	default:
		j.AddEvent(id, journal.Event{Time: time.Now(), Kind: "callback", Detail: fmt.Sprintf("not sent: %d deliveries already in flight", maxInFlight)})
		return
	}
	go func() {
		defer func() { <-d.inFlight }()
		wait := d.backoff
		for try := 1; try <= d.tries; try++ {
			what, status, err := d.send(build)
			ok := err == nil && status >= 200 && status < 300
			detail := fmt.Sprintf("try %d/%d %s -> %d", try, d.tries, what, status)
			if err != nil {
				detail = fmt.Sprintf("try %d/%d %s -> %v", try, d.tries, what, err)
			}
			j.AddEvent(id, journal.Event{Time: time.Now(), Kind: "callback", Detail: detail, OK: ok})
			if ok || try == d.tries {
				return
			}
			time.Sleep(wait)
			wait *= 2
		}
	}()
}

func (d *Deliverer) send(build func(context.Context) (*http.Request, error)) (string, int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d.timeout)
	defer cancel()
	req, err := build(ctx)
	if err != nil {
		return "request", 0, err
	}
	what := req.Method + " " + req.URL.String()
	resp, err := d.client.Do(req)
	if err != nil {
		return what, 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return what, resp.StatusCode, nil
}
