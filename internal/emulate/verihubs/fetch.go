package verihubs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/outbound"
)

// fetcher gets `image` URLs the way the vendor does (VH-8): http and https
// only, an optional host allow-list (settings.image_url.allow_hosts, on top
// of the server's outbound policy, which every connection obeys), a
// timeout (15 s, the vendor's own) that also bounds the wait for a fetch
// slot (Deps.Fetches: a global cap and a fair share per App-ID), and a
// size cap read to cap+1 so that "too large" is known without reading
// more.
type fetcher struct {
	timeout time.Duration
	max     int
	allow   map[string]bool
}

func newFetcher(s Settings) *fetcher {
	f := &fetcher{timeout: s.ImageURL.Timeout, max: s.ImageURL.MaxBytes}
	if len(s.ImageURL.AllowHosts) > 0 {
		f.allow = map[string]bool{}
		for _, h := range s.ImageURL.AllowHosts {
			f.allow[strings.ToLower(h)] = true
		}
	}
	return f
}

// client is the policy's image client, following up to 5 redirects that
// pass allowed.
func (f *fetcher) client(p *outbound.Policy) *http.Client {
	cl := *p.Client(outbound.Image)
	cl.CheckRedirect = func(r *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return redirectRefused{errors.New("too many redirects")}
		}
		if err := f.allowed(r.URL); err != nil {
			return redirectRefused{err}
		}
		return nil
	}
	return &cl
}

// isURL tells an http(s) URL from base64 by its scheme, case-insensitively.
// Only the prefix is looked at: image is usually a megabyte of base64.
func isURL(s string) bool {
	s = strings.TrimLeft(s, " \t\r\n")
	return hasPrefixFold(s, "http://") || hasPrefixFold(s, "https://")
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func (f *fetcher) allowed(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" || u.Hostname() == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL", u.Redacted())
	}
	if f.allow != nil && !f.allow[strings.ToLower(u.Hostname())] {
		return fmt.Errorf("host %s is not in settings.image_url.allow_hosts", u.Hostname())
	}
	return nil
}

// get returns the bytes, or the documented code of the failure with a
// reason for the journal (outbound.Describe's words: a policy refusal says
// so, a network failure tells no more than the answer's code does).
func (f *fetcher) get(c *emulate.Call, raw string) (data []byte, code, reason string) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, ImageFormat, "unparsable URL"
	}
	if err := f.allowed(u); err != nil {
		return nil, ImageFormat, err.Error()
	}
	ctx, cancel := context.WithTimeout(c.Req.Context(), f.timeout)
	defer cancel()
	release, err := c.Deps.Fetches.Acquire(ctx, c.Share())
	if err != nil {
		return nil, ImageTimeout, "no image URL fetch slot free within image_url.timeout (too many fetches at once)"
	}
	defer release()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, ImageFormat, err.Error()
	}
	resp, err := f.client(c.Deps.Outbound).Do(req)
	if err != nil {
		return nil, timeoutOr(ctx, err), describe(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, ImageFormat, fmt.Sprintf("image URL answered HTTP %d", resp.StatusCode)
	}
	data, err = io.ReadAll(io.LimitReader(resp.Body, int64(f.max)+1))
	if err != nil {
		return nil, timeoutOr(ctx, err), "reading the image: " + outbound.Describe(err)
	}
	if len(data) > f.max {
		return nil, ImageSize, fmt.Sprintf("image URL sent more than %d bytes", f.max)
	}
	return data, "", ""
}

// redirectRefused is a redirect the fetcher does not follow.
type redirectRefused struct{ error }

// describe is the journal's text of a failed fetch: a refused redirect as
// it is, anything else in outbound's words.
func describe(err error) string {
	var rr redirectRefused
	if errors.As(err, &rr) {
		return "redirect not followed: " + rr.Error()
	}
	return outbound.Describe(err)
}

func timeoutOr(ctx context.Context, err error) string {
	var ne net.Error
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return ImageTimeout
	}
	return ImageFormat
}
