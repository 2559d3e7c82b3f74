// Package mocktest runs a whole mockekyc behind httptest for vendor tests:
// real HTTP, a fixed clock and seed, and every response checked against
// specs/ (a response that does not validate fails the test).
package mocktest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/clock"
	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/contract"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/reqspec"
	"github.com/mockekyc/mockekyc/internal/server"
	"github.com/mockekyc/mockekyc/specs"
)

// Epoch is the fixed time tests run at.
var Epoch = time.Date(2026, 3, 19, 10, 30, 0, 0, time.UTC)

// Harness is a running mock.
type Harness struct {
	T      testing.TB
	Server *server.Server
	HTTP   *httptest.Server
	Client *http.Client

	bound atomic.Pointer[testing.TB] // see Bind
}

// Option changes the server options before the server is built.
type Option func(*server.Options)

// WithConfig replaces the embedded default config with YAML text.
func WithConfig(yamlText string) Option {
	return func(o *server.Options) {
		cfg, err := config.Parse("test-config.yaml", []byte(yamlText))
		if err != nil {
			panic(err)
		}
		o.Config = cfg
	}
}

// WithOptions changes the server options directly (outbound policy,
// delivery limits).
func WithOptions(f func(*server.Options)) Option { return Option(f) }

// WithScenarioDir watches a scenario directory.
func WithScenarioDir(dir string) Option {
	return func(o *server.Options) { o.ScenarioDir = dir }
}

// kinValidator is kin-openapi's validator over the embedded specs, shared
// by the process's harnesses (a spec is parsed once, when first needed).
var kinValidator = sync.OnceValue(func() *contract.Validator {
	return contract.Lazy(specs.FS, config.VendorNames()...)
})

var compactValidators = sync.OnceValues(func() (*reqspec.Validator, error) {
	return reqspec.Load(specs.FS, config.VendorNames()...)
})

func compactValidator(t testing.TB) *reqspec.Validator {
	v, err := compactValidators()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// New starts a mock with a fixed clock at Epoch and reproducible ids
// (unless the config says ids: unique). Every response is validated
// against specs/; a violation fails the test.
func New(t testing.TB, opts ...Option) *Harness {
	t.Helper()
	h := &Harness{T: t}
	o := server.Options{
		Clock: clock.Fixed(Epoch),
		Requests: contract.Differential{
			Kin: kinValidator(), Compact: compactValidator(t),
			Disagree: func(vendor, op string, kinErr, compactErr error) {
				h.reportTo().Errorf("%s %s: kin-openapi and internal/reqspec disagree on a request: kin-openapi %v; reqspec %v", vendor, op, kinErr, compactErr)
			},
		},
		Responses: kinValidator(),
		ResponseViolation: func(vendor, op string, status int, body []byte, err error) {
			h.reportTo().Errorf("response of %s %s (HTTP %d) violates specs/%s.yaml: %v\nbody: %.400s", vendor, op, status, vendor, err, body)
		},
	}
	for _, opt := range opts {
		opt(&o)
	}
	// Goldens compare ids byte for byte: a test gets reproducible ids
	// unless its config names ids itself.
	if o.Config == nil {
		o.Config = config.Default()
		o.Config.IDs = ""
	}
	if o.Config.IDs == "" {
		o.Config.IDs = config.IDsReproducible
	}
	ctx, cancel := context.WithCancel(context.Background())
	s, err := server.New(ctx, o)
	if err != nil {
		cancel()
		t.Fatalf("server.New: %v", err)
	}
	ts := httptest.NewServer(s)
	s.AddListener(ts.Listener.Addr())
	// Background work (callback deliveries) ends with the test: what is
	// still queued or running is cancelled and journaled as dropped.
	t.Cleanup(func() {
		s.Drain()
		ts.Close()
		done, stop := context.WithCancel(context.Background())
		stop()
		_ = s.Close(done)
		cancel()
	})
	h.Server, h.HTTP, h.Client = s, ts, ts.Client()
	return h
}

// Bind reports the violations of the requests that follow to t until the
// returned function is called. A fuzz target shares one Harness between
// its iterations and must bind each iteration's t: the Harness's own T is
// the *testing.F, whose Errorf inside the fuzz function panics, and a
// failure reported there fails the run without saving the input.
func (h *Harness) Bind(t testing.TB) (unbind func()) {
	h.bound.Store(&t)
	return func() { h.bound.Store(nil) }
}

func (h *Harness) reportTo() testing.TB {
	if t := h.bound.Load(); t != nil {
		return *t
	}
	return h.T
}

// Result is an answer as a client sees it.
type Result struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic value, failing the test when it is
// not JSON.
func (r Result) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.Body)
	}
	return m
}

// Do sends a request and reads the whole answer.
func (h *Harness) Do(req *http.Request) Result {
	h.T.Helper()
	resp, err := h.Client.Do(req)
	if err != nil {
		h.T.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		h.T.Fatalf("reading %s %s: %v", req.Method, req.URL, err)
	}
	return Result{Status: resp.StatusCode, Header: resp.Header, Body: body}
}

// Request builds a request to path on the mock (path includes any
// /<vendor> prefix).
func (h *Harness) Request(method, path string, body io.Reader, header http.Header) *http.Request {
	h.T.Helper()
	req, err := http.NewRequest(method, h.HTTP.URL+path, body)
	if err != nil {
		h.T.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	return req
}

// PostForm sends an application/x-www-form-urlencoded body, encoded as
// curl --data-urlencode and the SDKs do.
func (h *Harness) PostForm(path string, form url.Values, header http.Header) Result {
	h.T.Helper()
	req := h.Request(http.MethodPost, path, strings.NewReader(form.Encode()), header)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return h.Do(req)
}

// Admin sends a request to the admin API and decodes its JSON answer.
func (h *Harness) Admin(method, path, body string) (int, map[string]any) {
	h.T.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := h.Request(method, "/__admin"+path, r, http.Header{"Content-Type": {"application/json"}})
	res := h.Do(req)
	if len(res.Body) == 0 {
		return res.Status, nil
	}
	return res.Status, res.JSON(h.T)
}

// Image makes a test image with imagecheck's fixture maker: a JPEG unless
// spec names a format, 1000×630 (a KTP scan's size) unless it names a width.
func Image(t testing.TB, spec imagecheck.FixtureSpec) []byte {
	t.Helper()
	if spec.Format == "" {
		spec.Format = imagecheck.JPEG
	}
	if spec.Width == 0 {
		spec.Width, spec.Height = 1000, 630
	}
	b, err := imagecheck.MakeFixture(spec)
	if err != nil {
		t.Fatalf("fixture %+v: %v", spec, err)
	}
	return b
}

// B64 is standard base64.
func B64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// ImageB64 is Image in standard base64, as the JSON and form APIs take it.
func ImageB64(t testing.TB, spec imagecheck.FixtureSpec) string {
	t.Helper()
	return B64(Image(t, spec))
}

// AnswerKey names one documented answer: endpoint, code, message.
type AnswerKey struct {
	Op, Code, Message string
	Charged           bool // two answers can differ only in billing (iziData iswhatsapp OK)
}

// CheckEveryAnswer fails the test for each catalogue answer of vendor that
// the vendor's answer table (have) does not trigger.
func (h *Harness) CheckEveryAnswer(vendor string, have map[AnswerKey]bool) {
	h.T.Helper()
	v, ok := h.Server.Catalogue().Vendor(vendor)
	if !ok {
		h.T.Fatalf("no vendor %q", vendor)
	}
	for _, ep := range v.Endpoints() {
		for _, a := range ep.Answers {
			if !have[AnswerKey{ep.OperationID, a.Code, a.Message, a.Charged}] {
				h.T.Errorf("%s %s %s %q has no test case", vendor, ep.OperationID, a.Code, a.Message)
			}
		}
	}
}

// AddRules adds admin scenario rules (JSON), failing the test on any refusal.
func (h *Harness) AddRules(rules ...string) {
	h.T.Helper()
	for _, r := range rules {
		if st, body := h.Admin(http.MethodPost, "/scenarios", r); st != http.StatusCreated {
			h.T.Fatalf("adding rule %s: %d %v", r, st, body)
		}
	}
}

// LastEntry is the newest journal entry, failing the test when there is none.
func (h *Harness) LastEntry() journal.Entry {
	h.T.Helper()
	last := h.Server.Deps().Journal.List(journal.Filter{Limit: 1})
	if len(last) == 0 {
		h.T.Fatal("the journal is empty")
	}
	return last[0]
}
