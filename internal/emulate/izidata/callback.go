package izidata

import (
	"fmt"
	"net/url"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// callbackRetry: /v1/iswhatsapp results are delivered as GET
// {callback}?number=&whatsapp= (§1.4.5), unsigned, with bounded retries and
// doubling backoff (IZ-10), through the server's emulate.Deliverer.
func callbackRetry(s Settings) emulate.Retry {
	return emulate.Retry{Tries: s.Callback.Tries, Timeout: s.Callback.Timeout, Backoff: s.Callback.Backoff}
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
