package verihubs

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// callbacks POSTs extract-async results to callback_url with HTTP Basic
// auth (VENDORS.md §4.1, §4.3) through the server's emulate.Deliverer: a
// timeout per try, bounded retries with doubling backoff, a fair share per
// App-ID, and every try an event on the request's journal entry.
type callbacks struct {
	retry     emulate.Retry
	httpsOnly bool
	auth      map[string]BasicAuth
}

func newCallbacks(s Settings) *callbacks {
	return &callbacks{
		retry:     emulate.Retry{Tries: s.Callback.Tries, Timeout: s.Callback.Timeout, Backoff: s.Callback.Backoff},
		httpsOnly: s.Callback.HTTPSOnly,
		auth:      s.Callback.Auth,
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

func (cb *callbacks) deliver(c *emulate.Call, target, user, pass string, body []byte) {
	c.DeliverAfter(cb.retry, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.SetBasicAuth(user, pass)
		return req, nil
	})
}
