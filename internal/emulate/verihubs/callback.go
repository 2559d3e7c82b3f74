package verihubs

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/journal"
)

// callbacks POSTs extract-async results to callback_url with HTTP Basic
// auth (VENDORS.md §4.1, §4.3) in the background: a timeout per try,
// bounded retries with doubling backoff, a bound on deliveries in flight,
// and every try an event on the request's journal entry.
type callbacks struct {
	client    *http.Client
	tries     int
	backoff   time.Duration
	httpsOnly bool
	auth      map[string]BasicAuth
	inFlight  chan struct{}
}

func newCallbacks(s Settings) *callbacks {
	return &callbacks{
		client:    &http.Client{Timeout: s.Callback.Timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		tries:     s.Callback.Tries,
		backoff:   s.Callback.Backoff,
		httpsOnly: s.Callback.HTTPSOnly,
		auth:      s.Callback.Auth,
		inFlight:  make(chan struct{}, 64),
	}
}

// target checks callback_url: absolute http(s) (https only when set; the
// vendor asks for https, the mock takes http so local receivers work).
func (cb *callbacks) target(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Scheme != "https" && (cb.httpsOnly || u.Scheme != "http") {
		return "", fmt.Errorf("callback_url %q is not an absolute http(s) URL", raw)
	}
	return u.String(), nil
}

// callbackAuth is the app's configured Basic credentials, else its own
// App-ID and API-Key, which the client already holds to check them.
func (v *Vendor) callbackAuth(c *emulate.Call) (string, string) {
	if a, ok := v.callbacks.auth[c.Credential]; ok {
		return a.Username, a.Password
	}
	cred, _ := c.Deps.Ledger.Lookup(Name, c.Credential)
	return c.Credential, cred.Secret
}

func (cb *callbacks) deliver(j *journal.Journal, id uint64, target, user, pass string, body []byte) {
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
			status, err := cb.post(target, user, pass, body)
			ok := err == nil && status >= 200 && status < 300
			detail := fmt.Sprintf("try %d/%d POST %s -> %d", try, cb.tries, target, status)
			if err != nil {
				detail = fmt.Sprintf("try %d/%d POST %s -> %v", try, cb.tries, target, err)
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

func (cb *callbacks) post(target, user, pass string, body []byte) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), cb.client.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(user, pass)
	resp, err := cb.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}
