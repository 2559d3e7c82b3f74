package emulate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mockekyc/mockekyc/internal/journal"
)

// Handler serves one endpoint of one vendor: the request flow of DESIGN.md
// (auth, admission, spec validation, handler), then the one adapter that
// writes the answer, journals it and charges the ledger.
func (d *Deps) Handler(v Vendor, ep *Endpoint) http.Handler {
	secrets := newSecretSet(v)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		c := &Call{Req: r, Vendor: v, Endpoint: ep, Deps: d, Now: d.Clock.Now(), why: WhyNatural, secrets: secrets}
		defer d.recoverAnswer(w, c, start)
		defer c.reservation.Release() // a no-op once finish committed it
		defer func() { d.Bodies.give(c.bodyHeld) }()
		resp := d.run(c)
		d.finish(w, c, resp, start)
	})
}

// Unrouted serves a request that matched no endpoint of the vendor with the
// vendor's own not-found / method-not-allowed answer, journaled.
func (d *Deps) Unrouted(v Vendor, methodNotAllowed bool) http.Handler {
	secrets := newSecretSet(v)
	ep := UnroutedEndpoint(v)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		c := &Call{Req: r, Vendor: v, Endpoint: ep, Deps: d, Now: d.Clock.Now(), why: WhyRouting, secrets: secrets}
		defer d.recoverAnswer(w, c, start)
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, v.MaxBody()))
		var resp Response
		var err error
		if c.directives, err = readDirectives(r.Header); err != nil {
			c.Note("mock_header", err.Error())
			resp = badDirective(err)
		} else if methodNotAllowed {
			resp = v.MethodNotAllowed(c)
		} else {
			resp = v.NotFound(c)
		}
		d.finish(w, c, resp, start)
	})
}

func (d *Deps) run(c *Call) (resp Response) {
	defer func() {
		if p := recover(); p != nil {
			d.Log.Error("handler panicked", "vendor", c.Vendor.Name(), "endpoint", c.Endpoint.OperationID, "panic", p, "stack", string(debug.Stack()))
			resp = c.Vendor.Internal(c)
			resp.Why = WhyPanic
		}
	}()
	// The mock's own headers first: they apply whatever the vendor would
	// answer (fault.go).
	var err error
	if c.directives, err = readDirectives(c.Req.Header); err != nil {
		c.Note("mock_header", err.Error())
		return badDirective(err)
	}
	if n := headerBytes(c.Req); d.MaxHeaderBytes > 0 && n > d.MaxHeaderBytes {
		// Refused before the body and the credentials, as the gateway in
		// front of the vendor refuses it; in the vendor's own words.
		c.Note("header_too_large", fmt.Sprintf("request line and headers of %d bytes, over the %d the mock takes (-max-header-bytes)", n, d.MaxHeaderBytes))
		return c.Vendor.Invalid(c, errHeaderTooLarge)
	}
	body, held, err := readBody(c.Req, c.Vendor.MaxBody(), d.Bodies)
	c.Body, c.bodyHeld = body, held
	if err != nil {
		if errors.Is(err, errTooLarge) {
			return c.Vendor.TooLarge(c)
		}
		if errors.Is(err, errBusy) {
			c.Note("body_budget", fmt.Sprintf("%s (%d bytes)", err, d.Bodies.Size()))
			return busy()
		}
		c.Note("body_error", err.Error())
		return c.Vendor.Invalid(c, err)
	}
	r := c.Vendor.Authenticate(c)
	c.bind()
	if r != nil {
		r.Why = WhyAuth
		return *r
	}
	if d.Ledger != nil {
		// Admission holds what the call may spend until finish commits
		// its answer: quota and balance then hold under concurrency.
		verdict, res := d.Ledger.Reserve(c.Vendor.Name(), c.Credential, c.Endpoint.OperationID, c.Endpoint.Metered())
		c.reservation = res
		if r := c.Vendor.Admit(c, verdict); r != nil {
			r.Why = WhyAdmission
			return *r
		}
	}
	if d.Contract != nil {
		// Hand the contract the body parsed once: parsing it again
		// doubled the cost of large forms, multipart uploads and JSON.
		if err := d.Contract.ValidateRequest(c.Vendor.Name(), c.Endpoint.OperationID, c.Req, c.Body, c.Parsed()); err != nil {
			c.Note("spec_violation", firstLine(err.Error()))
			return c.Vendor.Invalid(c, err)
		}
	}
	return c.Endpoint.Handle(c)
}

// panicHook, when set (tests only, through export_test.go), runs at the
// stages of answering: "encode" (before the body is encoded), "write"
// (nothing sent yet), "written" (the answer is out), so that tests can
// make each panic.
var panicHook atomic.Pointer[func(stage string, r *http.Request)]

func hook(stage string, r *http.Request) {
	if f := panicHook.Load(); f != nil {
		(*f)(stage, r)
	}
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
			if len(o.Set) > 0 && resp.Set == nil && !resp.SetApplied {
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
	// The request's own fault and delay headers win over a rule's.
	if c.directives.delay > 0 {
		resp.Delay = c.directives.delay
	}
	if c.directives.fault != "" {
		resp.Fault = c.directives.fault
	}
	hook("encode", c.Req)
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
	if d.WriteTimeout > 0 {
		// The deadline counts from now, not from the request: a delay of
		// minutes is the scenario's, the write is the client's.
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(d.WriteTimeout))
	}
	hook("write", c.Req)
	c.answered = true
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
		c.sent = &sentAnswer{resp, body}
		hook("written", c.Req)
		if d.ResponseViolation != nil && d.Responses != nil && c.Endpoint.OperationID != "" && resp.Why != WhyMock {
			if err := d.Responses.ValidateResponse(c.Vendor.Name(), c.Endpoint.OperationID, c.Req, resp.Status, h, body); err != nil {
				d.ResponseViolation(c.Vendor.Name(), c.Endpoint.OperationID, resp.Status, body, err)
			}
		}
	}
	charged := resp.Charged && resp.Fault == ""
	if d.Ledger != nil && resp.Code != "" && resp.Fault == "" {
		if c.reservation != nil {
			c.reservation.Commit(c.Endpoint.OperationID, resp.Code, charged)
		} else {
			d.Ledger.Record(c.Vendor.Name(), c.Credential, c.Endpoint.OperationID, resp.Code, charged)
		}
	}
	c.reservation.Release()
	var id uint64
	if j := c.journal(); j != nil {
		c.journaled = true
		id = j.Append(d.entry(c, resp, body, charged, start))
	}
	d.observe(c, resp, start)
	if resp.Fault == "" {
		for _, fn := range c.after {
			fn(id)
		}
	}
}

// recoverAnswer is the guard of the whole request: a panic past the
// handler (encoding or writing the answer, the journal, the ledger) is
// logged with its stack, and when nothing has been written yet the client
// gets the vendor's internal-error answer, journaled with why "panic". An
// answer already sent stays as sent. The server keeps serving either way.
func (d *Deps) recoverAnswer(w http.ResponseWriter, c *Call, start time.Time) {
	p := recover()
	if p == nil {
		return
	}
	if p == http.ErrAbortHandler {
		panic(p)
	}
	d.Log.Error("answer panicked", "vendor", c.Vendor.Name(), "endpoint", c.Endpoint.OperationID,
		"answered", c.answered, "panic", p, "stack", string(debug.Stack()))
	c.Note("panic", fmt.Sprint(p))
	defer func() {
		// The vendor's own internal answer failed too: a bare 500 then.
		if p := recover(); p != nil {
			d.Log.Error("internal answer panicked", "vendor", c.Vendor.Name(), "panic", p)
			if !c.answered {
				http.Error(w, "500 internal server error", http.StatusInternalServerError)
			}
		}
	}()
	if c.answered {
		if j := c.journal(); c.sent != nil && j != nil && !c.journaled {
			c.journaled = true
			j.Append(d.entry(c, c.sent.resp, c.sent.body, false, start))
			d.observe(c, c.sent.resp, start)
		}
		return
	}
	clear(w.Header())
	resp := c.Vendor.Internal(c)
	resp.Why = WhyPanic
	body, _ := encodeBody(resp)
	for k, vs := range resp.Header {
		w.Header()[k] = vs
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	c.answered = true
	w.WriteHeader(resp.Status)
	_, _ = w.Write(body)
	if j := c.journal(); j != nil && !c.journaled {
		c.journaled = true
		j.Append(d.entry(c, resp, body, false, start))
	}
	d.observe(c, resp, start)
}

// sentAnswer is what went out, for the journal when a panic came after.
type sentAnswer struct {
	resp Response
	body []byte
}

func (d *Deps) entry(c *Call, resp Response, body []byte, charged bool, start time.Time) journal.Entry {
	r := c.Req
	headers := make(map[string]string, len(r.Header))
	for k, vs := range r.Header {
		if len(vs) > 0 {
			headers[k] = vs[0]
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
		NIK:            c.nik,
		Phone:          c.phone,
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
	// A body the adapter encoded is JSON; only raw bytes (a stored
	// answer) need the check. The journal checks again on
	// packing, when it keeps a copy.
	if _, raw := resp.Body.([]byte); resp.Fault == "" && (!raw || json.Valid(body)) {
		e.Response = json.RawMessage(body)
	}
	if c.secrets != nil {
		c.secrets.redactEntry(&e)
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

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
