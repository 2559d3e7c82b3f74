package emulate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/contract"
	"github.com/mockekyc/mockekyc/internal/journal"
)

// Handler serves one endpoint of one vendor: the request flow of DESIGN.md
// (auth, admission, spec validation, handler), then the one adapter that
// writes the answer, journals it and charges the ledger.
func (d *Deps) Handler(v Vendor, ep *Endpoint) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		c := &Call{Req: r, Vendor: v, Endpoint: ep, Deps: d, Now: d.Clock.Now(), why: WhyNatural}
		resp := d.run(c)
		d.finish(w, c, resp, start)
	})
}

// Unrouted serves a request that matched no endpoint of the vendor with the
// vendor's own not-found / method-not-allowed answer, journaled.
func (d *Deps) Unrouted(v Vendor, methodNotAllowed bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ep := &Endpoint{OperationID: ""}
		c := &Call{Req: r, Vendor: v, Endpoint: ep, Deps: d, Now: d.Clock.Now(), why: WhyRouting}
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, v.MaxBody()))
		var resp Response
		if methodNotAllowed {
			resp = v.MethodNotAllowed(r)
		} else {
			resp = v.NotFound(r)
		}
		d.finish(w, c, resp, start)
	})
}

func (d *Deps) run(c *Call) (resp Response) {
	defer func() {
		if p := recover(); p != nil {
			d.Log.Error("handler panicked", "vendor", c.Vendor.Name(), "endpoint", c.Endpoint.OperationID, "panic", p)
			resp = c.Vendor.Internal(c)
			resp.Why = WhyPanic
		}
	}()
	body, err := readBody(c.Req, c.Vendor.MaxBody())
	c.Body = body
	if err != nil {
		if errors.Is(err, errTooLarge) {
			return c.Vendor.TooLarge(c)
		}
		c.Note("body_error", err.Error())
		return c.Vendor.Invalid(c, err)
	}
	if r := c.Vendor.Authenticate(c); r != nil {
		r.Why = WhyAuth
		return *r
	}
	if d.Ledger != nil {
		if r := c.Vendor.Admit(c, d.Ledger.Admit(c.Vendor.Name(), c.Credential, c.Endpoint.OperationID, c.Endpoint.Metered())); r != nil {
			r.Why = WhyAdmission
			return *r
		}
	}
	if d.Contract != nil {
		// Hand the contract the body parsed once: kin-openapi parsing it
		// again doubled the cost of large forms, multipart uploads and JSON.
		parsed := contract.Parsed{MediaType: c.MediaType()}
		switch parsed.MediaType {
		case "application/x-www-form-urlencoded":
			parsed.Form, _ = c.Form()
		case "multipart/form-data":
			if mf, err := c.Multipart(); err == nil {
				parsed.Form = url.Values{}
				for k, vs := range mf.Value {
					parsed.Form[k] = vs
				}
				// File parts are present as fields; their bytes are the
				// handler's to judge (format "binary" is not validated).
				for k := range mf.File {
					parsed.Form[k] = append(parsed.Form[k], "")
				}
			}
		case "application/json":
			// Broken JSON is left to kin-openapi, whose message the
			// journal shows.
			if v, err := c.JSON(); err == nil {
				parsed.JSON, parsed.IsJSON = v, true
			}
		}
		if err := d.Contract.ValidateRequest(c.Vendor.Name(), c.Endpoint.OperationID, c.Req, c.Body, parsed); err != nil {
			c.Note("spec_violation", firstLine(err.Error()))
			return c.Vendor.Invalid(c, err)
		}
	}
	return c.Endpoint.Handle(c)
}

var errTooLarge = errors.New("request body too large")

// readBody reads the whole body up to limit. Reading one byte past the limit
// tells "too large" without buffering an unbounded body. A body of known
// length is read into one buffer of that length plus the byte that finds
// its end (a bytes.Buffer grown to the length doubled it to look for more).
func readBody(r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	if r.ContentLength > limit {
		return nil, errTooLarge
	}
	size := int64(512)
	if r.ContentLength > 0 {
		size = r.ContentLength + 1
	}
	buf := make([]byte, 0, min(size, limit+1))
	lr := io.LimitReader(r.Body, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // grow (a body longer than declared, or chunked)
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(len(buf)) > limit {
		return nil, errTooLarge
	}
	return buf, nil
}

func (d *Deps) finish(w http.ResponseWriter, c *Call, resp Response, start time.Time) {
	if resp.Why == "" {
		resp.Why = c.why
	}
	if o := c.outcome; o != nil {
		if resp.Why == WhyScenario || resp.Why == WhyMarker || o.Code == "" {
			resp.Rule = o.Rule
			if o.RuleID != "" && o.Rule == "" {
				resp.Rule = o.RuleID
			}
			if len(o.Set) > 0 && resp.Set == nil {
				resp.Set = o.Set
			}
			if o.Delay > 0 {
				resp.Delay = o.Delay
			}
			if o.Fault != "" {
				resp.Fault = o.Fault
			}
		}
	}
	body, err := encodeBody(resp)
	if err != nil {
		d.Log.Error("encoding response", "vendor", c.Vendor.Name(), "endpoint", c.Endpoint.OperationID, "err", err)
		resp = c.Vendor.Internal(c)
		resp.Why = WhyPanic
		body, _ = encodeBody(resp)
	}
	if resp.Delay > 0 && !sleep(c.Req, d.Draining, resp.Delay) {
		resp.Fault = faultClientGone
	}
	written := writeFault(w, c.Req, d.Draining, resp.Fault, body)
	if !written {
		h := w.Header()
		for k, vs := range resp.Header {
			h[k] = vs
		}
		if h.Get("Content-Type") == "" {
			h.Set("Content-Type", "application/json")
		}
		w.WriteHeader(resp.Status)
		_, _ = w.Write(body)
		if d.ResponseViolation != nil && d.Contract != nil && c.Endpoint.OperationID != "" {
			if err := d.Contract.ValidateResponse(c.Vendor.Name(), c.Endpoint.OperationID, c.Req, resp.Status, h, body); err != nil {
				d.ResponseViolation(c.Vendor.Name(), c.Endpoint.OperationID, resp.Status, body, err)
			}
		}
	}
	charged := resp.Charged && resp.Fault == ""
	if d.Ledger != nil && resp.Code != "" && resp.Fault == "" {
		d.Ledger.Record(c.Vendor.Name(), c.Credential, c.Endpoint.OperationID, resp.Code, charged)
	}
	var id uint64
	if d.Journal != nil {
		id = d.Journal.Append(d.entry(c, resp, body, charged, start))
	}
	if resp.Fault == "" {
		for _, fn := range c.after {
			fn(id)
		}
	}
}

func (d *Deps) entry(c *Call, resp Response, body []byte, charged bool, start time.Time) journal.Entry {
	r := c.Req
	headers := make(map[string]string, len(r.Header))
	for k, vs := range r.Header {
		if len(vs) > 0 {
			headers[k] = redact(k, vs[0])
		}
	}
	e := journal.Entry{
		Time:           c.Now,
		DurationMS:     float64(time.Since(start).Microseconds()) / 1000,
		Vendor:         c.Vendor.Name(),
		Endpoint:       c.Endpoint.OperationID,
		Method:         r.Method,
		Host:           r.Host,
		Path:           OriginalPath(r),
		Query:          r.URL.RawQuery,
		RemoteAddr:     r.RemoteAddr,
		Credential:     c.Credential,
		RequestHeaders: headers,
		Fields:         c.fields,
		Images:         c.images,
		BodyBytes:      len(c.Body),
		Status:         resp.Status,
		Code:           resp.Code,
		Message:        resp.Message,
		Charged:        charged,
		Why:            resp.Why,
		Rule:           resp.Rule,
		Fault:          resp.Fault,
		Notes:          c.notes,
	}
	// A body the adapter encoded is JSON; only raw bytes (a plain 404
	// page, a stored answer) need the check. The journal checks again on
	// packing, when it keeps a copy.
	if _, raw := resp.Body.([]byte); resp.Fault == "" && (!raw || json.Valid(body)) {
		e.Response = json.RawMessage(body)
	}
	return e
}

// Marshal is json.Marshal as the vendors encode: without HTML escaping
// (they send `&` and `<` as is). Every answer body goes through it.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := encodeValue(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// encodeBody marshals the body without HTML escaping (vendors send `&` and
// `<` as is) and applies a scenario's field overrides.
func encodeBody(resp Response) ([]byte, error) {
	var body []byte
	switch b := resp.Body.(type) {
	case nil:
		body = nil
	case []byte:
		body = b
	default:
		var err error
		if body, err = Marshal(b); err != nil {
			return nil, err
		}
	}
	if len(resp.Set) > 0 {
		return SetFields(body, resp.Set)
	}
	return body, nil
}

// sleep waits d or until the client goes away; false when it went away.
// When the server starts shutting down (draining closes) the wait ends
// early and the answer is written: the client gets what it would have got,
// sooner, instead of a connection cut at the end of the grace.
func sleep(r *http.Request, draining <-chan struct{}, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-draining:
		return true
	case <-r.Context().Done():
		return false
	}
}

// originalPathKey is the context key under which the server keeps the path
// as received, before a /<vendor>/ prefix was stripped: signatures are
// computed over the path the client sent.
type originalPathKey struct{}

// WithOriginalPath remembers the path as the client sent it.
func WithOriginalPath(r *http.Request, path string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), originalPathKey{}, path))
}

// OriginalPath is the request path as the client sent it.
func OriginalPath(r *http.Request) string {
	if p, ok := r.Context().Value(originalPathKey{}).(string); ok {
		return p
	}
	return r.URL.Path
}

// redact shortens the headers that carry a static secret (AccuAuth's X-DF-API-SECRET,
// Verihubs' API-Key). The journal is served by the admin API, so it keeps
// only enough of them to tell which secret was sent. Public key ids and
// signatures stay whole: they are what a user debugging auth needs.
func redact(name, value string) string {
	switch http.CanonicalHeaderKey(name) {
	case "X-Df-Api-Secret", "Api-Key":
	default:
		return value
	}
	if len(value) <= 4 {
		return fmt.Sprintf("…(%d chars)", len(value))
	}
	return fmt.Sprintf("%s…(%d chars)", value[:4], len(value))
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
