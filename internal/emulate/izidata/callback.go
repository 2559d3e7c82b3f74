package izidata

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/mockekyc/mockekyc/internal/journal"
)

// callbacks delivers /v1/iswhatsapp results: GET {callback}?number=&whatsapp=
// (§1.4.5), unsigned, with a timeout per try and bounded retries with
// doubling backoff (IZ-10). Deliveries run in the background with a bound on
// how many are in flight, so a slow or dead callback never blocks a request
// or the server; each try is an event on the request's journal entry.
type callbacks struct {
	client   *http.Client
	tries    int
	backoff  time.Duration
	inFlight chan struct{}
}

func newCallbacks(s Settings) *callbacks {
	return &callbacks{
		client:   &http.Client{Timeout: s.Callback.Timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		tries:    s.Callback.Tries,
		backoff:  s.Callback.Backoff,
		inFlight: make(chan struct{}, 64),
	}
}

// callbackURL builds the delivery URL: path "/" when empty, query number
// and whatsapp added to what the callback already has (IZ-10).
func callbackURL(callback, number, whatsapp string) (string, error) {
	u, err := url.Parse(callback)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("callback %q is not an absolute http(s) URL", callback)
	}
	if u.Path == "" {
		u.Path = "/"
	}
	q := u.Query()
	q.Set("number", number)
	q.Set("whatsapp", whatsapp)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// deliver sends in the background and records every try on entry id.
func (cb *callbacks) deliver(j *journal.Journal, id uint64, target string) {
	select {
	case cb.inFlight <- struct{}{}:
	default:
		j.AddEvent(id, journal.Event{Time: time.Now(), Kind: "callback", Detail: "not sent: 64 deliveries already in flight"})
		return
	}
	go func() {
		defer func() { <-cb.inFlight }()
		wait := cb.backoff
		for try := 1; try <= cb.tries; try++ {
			status, err := cb.get(target)
			ok := err == nil && status >= 200 && status < 300
			detail := fmt.Sprintf("try %d/%d GET %s -> %d", try, cb.tries, target, status)
			if err != nil {
				detail = fmt.Sprintf("try %d/%d GET %s -> %v", try, cb.tries, target, err)
			}
			j.AddEvent(id, journal.Event{Time: time.Now(), Kind: "callback", Detail: detail, OK: ok})
			if ok || try == cb.tries {
				return
			}
			time.Sleep(wait)
			wait *= 2
		}
	}()
}

func (cb *callbacks) get(target string) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), cb.client.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return 0, err
	}
	resp, err := cb.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}
