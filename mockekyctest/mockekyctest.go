// Package mockekyctest runs the whole mockekyc mock inside a Go test:
// the five vendors (iziData, ADVANCE.AI, AccuAuth, Verihubs, eKYCPro) on
// loopback, over plain HTTP and over HTTPS with a CA made in memory, with
// helpers to force answers, read the journal and move the clock. It is to
// eKYC vendor clients what httptest is to HTTP handlers.
//
//	func TestBalance(t *testing.T) {
//		srv := mockekyctest.New(t)
//		req, _ := http.NewRequest("GET", "https://api.ekycpro.com/v1/balance", nil)
//		req.Header.Set("X-API-Key", "AbcdEfgh")
//		resp, err := srv.Client().Do(req) // the vendor's own URL reaches the mock
//		...
//	}
//
// Client code with hard-coded vendor URLs runs unchanged when handed
// srv.Client() (or srv.Transport()); code that takes a base URL gets
// srv.URL("ekycpro"), which any client reaches. Every server is its own:
// servers in one test binary share nothing but the parsed (embedded,
// immutable) vendor specs, so parallel tests each start one. New stops it
// when the test ends.
//
// The helpers (AddRule, ExpectAnswer, Requests, Advance, ...) report
// failures to the test given to New; Admin gives the same calls with
// errors returned. The types are package mockekycadmin's, aliased here.
package mockekyctest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/clock"
	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/server"
	"github.com/mockekyc/mockekyc/internal/tlsca"
	"github.com/mockekyc/mockekyc/mockekycadmin"
)

// Option configures New.
type Option func(*options)

type options struct {
	seed        *int64
	configYAML  []byte
	configFile  string
	scenarios   [][]byte
	scenarioDir string
	start       *time.Time
	running     bool // start moves with the machine's clock
	log         *slog.Logger
}

// WithSeed sets the seed of the fake people and ids (default: the
// config's, 20260319 in the embedded one). The same seed gives the same
// people and the same answers.
func WithSeed(seed int64) Option { return func(o *options) { o.seed = &seed } }

// WithConfig replaces the embedded default config (credentials, balances,
// quotas, vendor settings) with YAML text, in the format of the mock's
// -config file (README.md#config).
func WithConfig(yaml []byte) Option { return func(o *options) { o.configYAML = yaml } }

// WithConfigFile is WithConfig with the YAML read from a file.
func WithConfigFile(path string) Option { return func(o *options) { o.configFile = path } }

// WithScenarios adds scenario rules, YAML in the format of the scenario
// files (README.md#scenarios). It may be given more than once. The rules
// stay across Reset, as the files of a scenario directory do.
func WithScenarios(yaml []byte) Option {
	return func(o *options) { o.scenarios = append(o.scenarios, yaml) }
}

// WithScenarioDir loads and watches a directory of scenario *.yaml files,
// as the mock's -scenarios flag does. It cannot be combined with
// WithScenarios.
func WithScenarioDir(dir string) Option { return func(o *options) { o.scenarioDir = dir } }

// WithTime starts the mock's clock at t and holds it there: it moves only
// when the test moves it (Advance, SetClock), so answers that carry the
// time, token expiry and daily quotas are the same on every run. Without
// it the mock's clock is the machine's.
func WithTime(t time.Time) Option { return func(o *options) { o.start, o.running = &t, false } }

// WithStartTime starts the mock's clock at t and lets it run with the
// machine's: for tests that wait for real (a callback's retry) at a date
// of their choosing.
func WithStartTime(t time.Time) Option { return func(o *options) { o.start, o.running = &t, true } }

// WithLogger sends the mock's log (warnings such as a callback that could
// not be delivered) to log; by default it is discarded.
func WithLogger(log *slog.Logger) Option { return func(o *options) { o.log = log } }

// Server is a running mock. Its methods are safe for concurrent use.
type Server struct {
	tb      testing.TB // noTest for Start's
	srv     *server.Server
	tmp     string // WithScenarios' directory
	hs      *http.Server
	plain   net.Listener
	tlsLn   net.Listener
	base    string
	caPEM   []byte
	vendors []string
	hosts   map[string]bool
	tr      *http.Transport
	admin   *mockekycadmin.Client

	serving   sync.WaitGroup
	closeOnce sync.Once
}

// New starts a mock for the test and stops it when the test ends. A bad
// option (a config or scenario that does not load) fails the test with the
// mock's own file:line error.
func New(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s, err := Start(opts...)
	if err != nil {
		tb.Fatalf("mockekyctest.New: %v", err)
	}
	s.tb = tb
	tb.Cleanup(s.Close)
	return s
}

// Start starts a mock outside a test (TestMain, an Example, a program):
// the caller closes it. Its helpers have no test to fail: a helper that
// fails panics with the message it would have sent to the test, so use
// Admin, whose methods return errors, with a server made by Start.
func Start(opts ...Option) (*Server, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	cfg := config.Default()
	switch {
	case o.configYAML != nil && o.configFile != "":
		return nil, errors.New("WithConfig and WithConfigFile both given: give one")
	case o.configFile != "":
		data, err := os.ReadFile(o.configFile)
		if err != nil {
			return nil, err
		}
		if cfg, err = config.Parse(o.configFile, data); err != nil {
			return nil, err
		}
	case o.configYAML != nil:
		var err error
		if cfg, err = config.Parse("WithConfig", o.configYAML); err != nil {
			return nil, err
		}
	}
	if o.seed != nil {
		cfg.Seed = *o.seed
	}
	dir, tmp := o.scenarioDir, ""
	if len(o.scenarios) > 0 {
		if dir != "" {
			return nil, errors.New("WithScenarios and WithScenarioDir both given: put the YAML in the directory, or give each rule with WithScenarios")
		}
		// The loader of the scenario directory reads them, so their
		// errors are the same file:line errors.
		var err error
		if tmp, err = os.MkdirTemp("", "mockekyctest-scenarios-"); err != nil {
			return nil, err
		}
		dir = tmp
		for i, y := range o.scenarios {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("WithScenarios-%d.yaml", i+1)), y, 0o600); err != nil {
				os.RemoveAll(tmp)
				return nil, err
			}
		}
	}
	log := o.log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var clk clock.Clock
	switch {
	case o.start != nil && o.running:
		start, t0 := *o.start, time.Now()
		clk = clock.Func(func() time.Time { return start.Add(time.Since(t0)) })
	case o.start != nil:
		clk = clock.Fixed(*o.start)
	}
	ca, err := tlsca.Generate(time.Now())
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	srv, err := server.New(context.Background(), server.Options{
		Config: cfg, Clock: clk, ScenarioDir: dir, Log: log, Version: "mockekyctest",
		CACertPEM: ca.CertPEM(),
	})
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	s := &Server{tb: noTest{}, srv: srv, tmp: tmp, caPEM: ca.CertPEM(), hosts: map[string]bool{}}
	names := []string{"localhost"}
	for _, v := range srv.Catalogue().Vendors() {
		s.vendors = append(s.vendors, v.Name())
		for _, h := range server.Hosts(v) {
			s.hosts[h] = true
			names = append(names, h)
		}
	}
	iss, err := ca.NewIssuer(tlsca.IssuerOptions{NoSNINames: names, Log: log})
	if err != nil {
		s.closeServer()
		return nil, err
	}
	if s.plain, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		s.closeServer()
		return nil, err
	}
	if s.tlsLn, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		s.plain.Close()
		s.closeServer()
		return nil, err
	}
	srv.AddListener(s.plain.Addr())
	srv.AddListener(s.tlsLn.Addr())
	s.hs = srv.HTTPServer(srv, log)
	s.hs.TLSConfig = iss.TLSConfig()
	s.serving.Go(func() { _ = s.hs.Serve(s.plain) })
	s.serving.Go(func() { _ = s.hs.ServeTLS(s.tlsLn, "", "") })
	s.base = "http://" + s.plain.Addr().String()
	if s.tr, err = s.newTransport(); err != nil {
		_ = s.hs.Close()
		s.serving.Wait()
		s.closeServer()
		return nil, err
	}
	// The admin calls go straight to the plain listener, on a transport of
	// their own: the test's use of Client() does not queue behind them.
	s.admin, err = mockekycadmin.New(s.base, mockekycadmin.WithHTTPClient(&http.Client{
		Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 4},
		Timeout:   time.Minute,
	}))
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close stops the mock: requests in flight end (scenario delays and
// timeout faults answer at once), callback deliveries still queued or
// running are cancelled and journaled as dropped, and Close returns when
// every goroutine the server started has ended. New registers it with
// t.Cleanup; calling it earlier is allowed, and later calls do nothing.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.srv.Drain()
		// The transport's spare connections, dialed but never used, are
		// new to the server, which Shutdown would wait 5 s to call idle.
		s.tr.CloseIdleConnections()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.hs.Shutdown(ctx); err != nil {
			_ = s.hs.Close()
		}
		s.serving.Wait()
		s.closeServer()
		s.tr.CloseIdleConnections()
	})
}

// closeServer ends the server's own work at once: a test does not wait
// out a grace for callbacks.
func (s *Server) closeServer() {
	done, stop := context.WithCancel(context.Background())
	stop()
	_ = s.srv.Close(done)
	if s.tmp != "" {
		_ = os.RemoveAll(s.tmp)
	}
}

// BaseURL is the mock's root, http://127.0.0.1:PORT: the admin API is
// BaseURL()+"/__admin", and BaseURL()+"/<vendor>" is URL(vendor).
func (s *Server) BaseURL() string { return s.base }

// URL is the base URL of a vendor on the mock, http://127.0.0.1:PORT/<vendor>:
// append the vendor's own paths ("/v1/balance"). Any HTTP client reaches
// it. The vendors are izidata, advance, accuauth, verihubs and ekycpro; an
// unknown name fails the test.
func (s *Server) URL(vendor string) string {
	if !slices.Contains(s.vendors, vendor) {
		s.tb.Helper()
		s.tb.Fatalf("mockekyctest: no vendor %q (the mock has %s)", vendor, strings.Join(s.vendors, ", "))
	}
	return s.base + "/" + vendor
}

// HTTPSBaseURL is the mock's HTTPS root, https://127.0.0.1:PORT; its
// certificate is signed by CACertPEM.
func (s *Server) HTTPSBaseURL() string { return "https://" + s.tlsLn.Addr().String() }

// CACertPEM is the certificate of the CA (made for this server alone)
// that signs the HTTPS certificates, PEM-encoded.
func (s *Server) CACertPEM() []byte { return slices.Clone(s.caPEM) }

// Hosts are the hostnames the mock answers as a vendor: the vendors' API
// hosts (api.verihubs.com, api.ekycpro.com, ...) and <vendor>.localhost.
func (s *Server) Hosts() []string {
	var out []string
	for h := range s.hosts {
		out = append(out, h)
	}
	slices.Sort(out)
	return out
}

// Admin is the admin API client of this server, for the calls the
// helpers do not cover or when an error is to be checked, not failed on.
func (s *Server) Admin() *mockekycadmin.Client { return s.admin }
