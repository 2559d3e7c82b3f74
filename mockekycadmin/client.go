package mockekycadmin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Client drives the admin API (/__admin) of a running mockekyc: in a
// container, in another process, or in the test process (mockekyctest
// uses it). Its methods are safe for concurrent use.
type Client struct {
	base  string
	http  *http.Client
	token string
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sends the admin calls through hc (default: a client of
// its own with a 30 s timeout).
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.http = hc } }

// WithToken sends Authorization: Bearer token, for a mock started with
// MOCKEKYC_ADMIN_TOKEN.
func WithToken(token string) Option { return func(c *Client) { c.token = token } }

// New is a client of the mock whose admin API is at baseURL/__admin
// (baseURL: "http://127.0.0.1:8080", the mock's root, or the -admin-addr
// listener's).
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("mockekycadmin: base URL %q: %w", baseURL, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("mockekycadmin: base URL %q: want http://host:port or https://host:port", baseURL)
	}
	c := &Client{base: strings.TrimSuffix(baseURL, "/"), http: &http.Client{Timeout: 30 * time.Second}}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// BaseURL is the mock's root URL the client was made with.
func (c *Client) BaseURL() string { return c.base }

// ResponseError is an answer of the admin API other than the one
// expected: its HTTP status and the message of its Error body.
type ResponseError struct {
	Method, Path string
	StatusCode   int
	// Message is the answer's {"error": ...}, or the start of the body
	// when it is not the admin API's Error (a proxy's page, a vendor's 404
	// because the URL is a vendor's and not the mock's root).
	Message string
}

func (e *ResponseError) Error() string {
	return fmt.Sprintf("mockekyc admin %s %s: HTTP %d: %s", e.Method, e.Path, e.StatusCode, e.Message)
}

// IsNotFound tells whether err is an admin answer of HTTP 404 (no such
// request, rule, vendor or endpoint).
func IsNotFound(err error) bool {
	var re *ResponseError
	return errors.As(err, &re) && re.StatusCode == http.StatusNotFound
}

// do sends method path with in (JSON-encoded when not nil), expects want
// and decodes the answer into out (when not nil).
func (c *Client) do(ctx context.Context, method, path string, in any, want int, out any) error {
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("mockekyc admin %s %s: encoding the request: %w", method, path, err)
		}
		body = bytes.NewReader(data)
	}
	data, err := c.raw(ctx, method, path, body, want)
	if err != nil || out == nil {
		return err
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("mockekyc admin %s %s: decoding the answer: %w", method, path, err)
	}
	return nil
}

// raw sends the request (a body as JSON) and returns the body of an answer
// with status want.
func (c *Client) raw(ctx context.Context, method, path string, body io.Reader, want int) ([]byte, error) {
	return c.rawAs(ctx, method, path, body, "application/json", want)
}

// rawAs is raw with the body's content type.
func (c *Client) rawAs(ctx context.Context, method, path string, body io.Reader, contentType string, want int) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+"/__admin"+path, body)
	if err != nil {
		return nil, fmt.Errorf("mockekyc admin %s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("mockekyc admin %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("mockekyc admin %s %s: reading the answer: %w", method, path, err)
	}
	if resp.StatusCode != want {
		re := &ResponseError{Method: method, Path: "/__admin" + path, StatusCode: resp.StatusCode}
		var e Error
		if json.Unmarshal(data, &e) == nil && e.Error != "" {
			re.Message = e.Error
		} else {
			re.Message = strings.TrimSpace(string(data[:min(len(data), 300)]))
		}
		return nil, re
	}
	return data, nil
}

// Health is GET /__admin/health, the one call that needs no token.
func (c *Client) Health(ctx context.Context) (Health, error) {
	var h Health
	return h, c.do(ctx, http.MethodGet, "/health", nil, http.StatusOK, &h)
}

// Filter selects journal entries; zero fields match everything.
type Filter struct {
	Vendor     string // "ekycpro"
	Endpoint   string // an operationId, "balance"
	Code       string // the vendor's code, "9003"
	Credential string // a credential, or its fingerprint for a secret one
	Status     int    // the HTTP status
	Since      uint64 // only entries with a larger ID
	Limit      int    // at most this many (the newest); 0: all
}

func (f Filter) query() string {
	q := url.Values{}
	for k, v := range map[string]string{"vendor": f.Vendor, "endpoint": f.Endpoint, "code": f.Code, "credential": f.Credential} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Status != 0 {
		q.Set("status", strconv.Itoa(f.Status))
	}
	if f.Since != 0 {
		q.Set("since", strconv.FormatUint(f.Since, 10))
	}
	if f.Limit != 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// Requests is GET /__admin/requests: the journal's entries that match f,
// newest first.
func (c *Client) Requests(ctx context.Context, f Filter) ([]Entry, error) {
	var l RequestList
	err := c.do(ctx, http.MethodGet, "/requests"+f.query(), nil, http.StatusOK, &l)
	return l.Requests, err
}

// Request is GET /__admin/requests/{id}.
func (c *Client) Request(ctx context.Context, id uint64) (Entry, error) {
	var e Entry
	return e, c.do(ctx, http.MethodGet, "/requests/"+strconv.FormatUint(id, 10), nil, http.StatusOK, &e)
}

// ClearRequests is DELETE /__admin/requests: the journal alone is emptied.
func (c *Client) ClearRequests(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/requests", nil, http.StatusNoContent, nil)
}

// Rules is GET /__admin/scenarios: every rule, shipped, from files and
// added.
func (c *Client) Rules(ctx context.Context) ([]RuleStatus, error) {
	var l ScenarioList
	err := c.do(ctx, http.MethodGet, "/scenarios", nil, http.StatusOK, &l)
	return l.Scenarios, err
}

// AddRule is POST /__admin/scenarios: the rule applies from the next
// request until it is removed, spent (Times) or the mock is reset. An
// invalid rule is a *ResponseError whose message names the problem (an
// undocumented code lists the documented ones).
func (c *Client) AddRule(ctx context.Context, r Rule) (RuleStatus, error) {
	var st RuleStatus
	return st, c.do(ctx, http.MethodPost, "/scenarios", r, http.StatusCreated, &st)
}

// RemoveRule is DELETE /__admin/scenarios/{id}, for a rule AddRule added.
func (c *Client) RemoveRule(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, "/scenarios/"+url.PathEscape(id), nil, http.StatusNoContent, nil)
}

// Accounts is GET /__admin/accounts: every configured credential with
// its balance, quota and counts.
func (c *Client) Accounts(ctx context.Context) ([]Account, error) {
	var a Accounts
	err := c.do(ctx, http.MethodGet, "/accounts", nil, http.StatusOK, &a)
	return a.Accounts, err
}

// Reset is POST /__admin/reset: the journal, balances and quotas, added
// rules and rule counters, request ids, the clock and what vendors
// remember go back to start.
func (c *Client) Reset(ctx context.Context) error {
	return c.do(ctx, http.MethodPost, "/reset", nil, http.StatusOK, nil)
}

// Catalogue is GET /__admin/catalogue: every endpoint and its documented
// answers, of one vendor ("" for all).
func (c *Client) Catalogue(ctx context.Context, vendor string) ([]CatalogueEndpoint, error) {
	var cat Catalogue
	path := "/catalogue"
	if vendor != "" {
		path += "?vendor=" + url.QueryEscape(vendor)
	}
	err := c.do(ctx, http.MethodGet, path, nil, http.StatusOK, &cat)
	return cat.Endpoints, err
}

// Coverage is GET /__admin/coverage: which documented codes of vendor
// ("" for all) the requests of credential ("" for all) have met since the
// last reset.
func (c *Client) Coverage(ctx context.Context, vendor, credential string) (Coverage, error) {
	q := url.Values{}
	if vendor != "" {
		q.Set("vendor", vendor)
	}
	if credential != "" {
		q.Set("credential", credential)
	}
	path := "/coverage"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var cov Coverage
	return cov, c.do(ctx, http.MethodGet, path, nil, http.StatusOK, &cov)
}

// Now is the mock's clock.
func (c *Client) Now(ctx context.Context) (time.Time, error) {
	var clk Clock
	if err := c.do(ctx, http.MethodGet, "/clock", nil, http.StatusOK, &clk); err != nil {
		return time.Time{}, err
	}
	return clk.time()
}

// AdvanceClock moves the mock's clock by d (back when negative) and
// returns its new time: token expiry and daily quotas without waiting.
func (c *Client) AdvanceClock(ctx context.Context, d time.Duration) (time.Time, error) {
	return c.moveClock(ctx, ClockMove{Advance: d.String()})
}

// SetClock sets the mock's clock to t.
func (c *Client) SetClock(ctx context.Context, t time.Time) (time.Time, error) {
	return c.moveClock(ctx, ClockMove{Set: t.Format(time.RFC3339Nano)})
}

// ResetClock puts the mock's clock back on its base clock.
func (c *Client) ResetClock(ctx context.Context) (time.Time, error) {
	return c.moveClock(ctx, ClockMove{Reset: true})
}

func (c *Client) moveClock(ctx context.Context, m ClockMove) (time.Time, error) {
	var clk Clock
	if err := c.do(ctx, http.MethodPost, "/clock", m, http.StatusOK, &clk); err != nil {
		return time.Time{}, err
	}
	return clk.time()
}

func (c Clock) time() (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, c.Now)
	if err != nil {
		return time.Time{}, fmt.Errorf("mockekyc admin /clock: now %q: %w", c.Now, err)
	}
	return t, nil
}

// Person is GET /__admin/identity/{nik}: the person the mock generates for
// nik, whose name, birth date and address its identity checks find.
func (c *Client) Person(ctx context.Context, nik string) (Person, error) {
	var p Person
	return p, c.do(ctx, http.MethodGet, "/identity/"+url.PathEscape(nik), nil, http.StatusOK, &p)
}

// Spec is GET /__admin/specs/{vendor}: the vendor's OpenAPI document, YAML.
func (c *Client) Spec(ctx context.Context, vendor string) ([]byte, error) {
	return c.raw(ctx, http.MethodGet, "/specs/"+url.PathEscape(vendor), nil, http.StatusOK)
}

// CACertPEM is GET /__admin/ca.pem: the certificate of the CA behind the
// mock's HTTPS listener (a *ResponseError of HTTP 404 when HTTPS is off).
func (c *Client) CACertPEM(ctx context.Context) ([]byte, error) {
	return c.raw(ctx, http.MethodGet, "/ca.pem", nil, http.StatusOK)
}

// OTPs is GET /__admin/otp: the one-time passwords vendors "sent" (Verihubs'
// SMS, WhatsApp and flash call), oldest first; "" filters nothing. A test
// reads the OTP a user would have received and verifies it.
func (c *Client) OTPs(ctx context.Context, vendor, credential, phone string) ([]OTP, error) {
	q := url.Values{}
	for k, v := range map[string]string{"vendor": vendor, "credential": credential, "phone": phone} {
		if v != "" {
			q.Set(k, v)
		}
	}
	var l OTPList
	err := c.do(ctx, http.MethodGet, "/otp?"+q.Encode(), nil, http.StatusOK, &l)
	return l.OTPs, err
}

// Fixture is GET /__admin/fixture: a test image (JPEG, 1000×630, unless
// format, width and height say otherwise; 0 and "" keep the defaults) that
// the mock reads as the person of nik, with marker ("scenario=FAIL") for
// the answers a marker decides.
func (c *Client) Fixture(ctx context.Context, nik, marker, format string, width, height int) ([]byte, error) {
	q := url.Values{}
	for k, v := range map[string]string{"nik": nik, "marker": marker, "format": format} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if width > 0 {
		q.Set("width", strconv.Itoa(width))
	}
	if height > 0 {
		q.Set("height", strconv.Itoa(height))
	}
	return c.raw(ctx, http.MethodGet, "/fixture?"+q.Encode(), nil, http.StatusOK)
}

// AddRulesYAML is POST /__admin/scenarios with a scenario file (the format
// of -scenarios files: `scenarios: [...]`): every rule is added, or none,
// with the messages `mockekyc validate` gives ("admin:LINE: reason").
func (c *Client) AddRulesYAML(ctx context.Context, yaml []byte) ([]RuleStatus, error) {
	data, err := c.rawAs(ctx, http.MethodPost, "/scenarios", bytes.NewReader(yaml), "application/yaml", http.StatusCreated)
	if err != nil {
		return nil, err
	}
	var l ScenarioList
	if err := json.Unmarshal(data, &l); err != nil {
		return nil, fmt.Errorf("mockekyc admin POST /scenarios: decoding the answer: %w", err)
	}
	return l.Scenarios, nil
}
