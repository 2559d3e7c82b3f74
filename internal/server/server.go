// Package server builds the mock's http.Handler: vendor selection by Host or
// /<vendor>/ path prefix, one router per vendor with the vendor's exact
// paths, and /__admin. It is the only package that imports every vendor.
package server

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/mux"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/clock"
	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/accuauth"
	"github.com/mockekyc/mockekyc/internal/emulate/advance"
	"github.com/mockekyc/mockekyc/internal/emulate/ekycpro"
	"github.com/mockekyc/mockekyc/internal/emulate/izidata"
	"github.com/mockekyc/mockekyc/internal/emulate/verihubs"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/ledger"
	"github.com/mockekyc/mockekyc/internal/metrics"
	"github.com/mockekyc/mockekyc/internal/outbound"
	"github.com/mockekyc/mockekyc/internal/phone"
	"github.com/mockekyc/mockekyc/internal/reqspec"
	"github.com/mockekyc/mockekyc/internal/scenario"
	"github.com/mockekyc/mockekyc/internal/thumbs"
	"github.com/mockekyc/mockekyc/internal/workspace"
	"github.com/mockekyc/mockekyc/scenarios"
	"github.com/mockekyc/mockekyc/specs"
)

// Options configure a Server.
type Options struct {
	Config *config.Config // nil = config.Default()
	// Clock is the base clock (nil = the system clock); the server wraps it
	// in an adjustable clock that the admin API moves.
	Clock clock.Clock
	// ScenarioDir, when set, is loaded and watched for changes.
	ScenarioDir string
	// ReloadInterval is how often ScenarioDir is polled (default 1s).
	ReloadInterval time.Duration
	Log            *slog.Logger
	Version        string
	// Limits bound what one client may hold (zero fields: DefaultLimits).
	Limits Limits
	// Requests validates requests against specs/ (nil: the request sides
	// compiled by go generate, internal/reqspec).
	Requests emulate.RequestContract
	// Responses and ResponseViolation, when both set, check every answer
	// against specs/: ResponseViolation is told of each that does not
	// validate (tests set them, with internal/contract).
	Responses         emulate.ResponseContract
	ResponseViolation func(vendor, operationID string, status int, body []byte, err error)
	// CACertPEM is the certificate of the CA behind the HTTPS listener,
	// served at /__admin/ca.pem; nil when HTTPS is off.
	CACertPEM []byte

	// Outbound is the policy of the connections the mock opens itself
	// (callbacks, image URLs): allow-lists, empty = any destination the
	// fixed refusals leave (see package outbound).
	Outbound outbound.Options
	// Deliveries bound callback deliveries (zero fields: the defaults of
	// emulate.DefaultDeliveryLimits).
	Deliveries emulate.DeliveryLimits
	// ImageFetches bound image URL fetches: Global at once, PerCredential
	// of one credential (zero: DefaultImageFetches).
	ImageFetches FetchLimits

	// AdminToken, when set, is the bearer token every /__admin call but
	// /__admin/health must send.
	AdminToken string
	// Workspaces bound the workspaces (zero fields: the defaults of
	// package workspace).
	Workspaces workspace.Options
	// Admin bounds the admin calls that hold memory or a goroutine:
	// fixtures made at once, journal streams, runtime credentials (zero
	// fields: admin.DefaultLimits).
	Admin admin.Limits
	// SeparateAdmin takes /__admin off ServeHTTP (which then answers it
	// with the plain 404): the caller serves AdminHandler on a listener of
	// its own, loopback only for instance.
	SeparateAdmin bool
}

// FetchLimits bound image URL fetches.
type FetchLimits struct{ Global, PerCredential int }

// DefaultImageFetches: each fetch may hold up to 5 MB (Verihubs' cap), so
// 16 at once keep a flood of URLs near the mock's memory budget; 4 per
// credential leave 12 to the others while one suite's image host is slow.
// A fetch that finds no slot waits, within the vendor's fetch timeout.
var DefaultImageFetches = FetchLimits{Global: 16, PerCredential: 4}

// Server is the mock.
type Server struct {
	deps      *emulate.Deps
	clock     *clock.Adjustable
	catalogue *emulate.Catalogue
	vendors   []emulate.Vendor
	byHost    map[string]emulate.Vendor
	routers   map[string]http.Handler
	admin     http.Handler
	// adminHere: /__admin is served by ServeHTTP (no separate listener).
	adminHere bool
	reloader  *scenario.Reloader
	log       *slog.Logger
	metrics   *metrics.Metrics
	spaces    *workspace.Manager

	// stop ends the server's own goroutines (the scenario watcher);
	// draining is Deps.Draining, closed once by Drain.
	stop      context.CancelFunc
	work      sync.WaitGroup
	draining  chan struct{}
	drainOnce sync.Once
	closeOnce sync.Once
	limits    Limits
	// warmed is closed when the warm-up goroutine has ended.
	warmed chan struct{}
}

// sharedRequests is the one request validator of the process: the
// request sides of the embedded specs, which never change (the tests build
// hundreds of servers, and mockekyctest one a test). They are compiled by
// go generate, and TestRequestSidesMatchRoutes checks them against every
// route. Nothing else of a Server is shared.
var sharedRequests = sync.OnceValues(func() (*reqspec.Validator, error) {
	return reqspec.Load(specs.FS, config.VendorNames()...)
})

// New builds the server. ctx bounds the scenario directory watcher.
func New(ctx context.Context, opts Options) (*Server, error) {
	cfg := opts.Config
	if cfg == nil {
		cfg = config.Default()
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	vendors, err := buildVendors(cfg)
	if err != nil {
		return nil, err
	}
	requests := opts.Requests
	if requests == nil {
		v, err := sharedRequests()
		if err != nil {
			return nil, err
		}
		requests = v
	}
	clk := clock.NewAdjustable(opts.Clock)
	led, err := ledger.New(clk, cfg.Credentials())
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	cat := emulate.NewCatalogue(vendors...)
	set := scenario.NewSet(cat)
	shipped, err := scenario.LoadFS(scenarios.FS, ".", cat)
	if err != nil {
		return nil, fmt.Errorf("shipped scenarios: %w", err)
	}
	if err := set.SetGroup(scenario.GroupShipped, shipped); err != nil {
		return nil, fmt.Errorf("shipped scenarios: %w", err)
	}
	ctx, stop := context.WithCancel(ctx)
	s := &Server{
		clock:     clk,
		catalogue: cat,
		vendors:   vendors,
		byHost:    map[string]emulate.Vendor{},
		routers:   map[string]http.Handler{},
		log:       opts.Log,
		stop:      stop,
		limits:    opts.Limits.withDefaults(),
		draining:  make(chan struct{}),
	}
	policy := outbound.New(opts.Outbound)
	limits := emulate.DefaultDeliveryLimits()
	if opts.Deliveries.Global > 0 {
		limits.Global = opts.Deliveries.Global
	}
	if opts.Deliveries.PerCredential > 0 {
		limits.PerCredential = opts.Deliveries.PerCredential
	}
	if opts.Deliveries.Queue > 0 {
		limits.Queue = opts.Deliveries.Queue
	}
	if opts.Deliveries.QueueTotal > 0 {
		limits.QueueTotal = opts.Deliveries.QueueTotal
	}
	fetches := DefaultImageFetches
	if opts.ImageFetches.Global > 0 {
		fetches.Global = opts.ImageFetches.Global
	}
	if opts.ImageFetches.PerCredential > 0 {
		fetches.PerCredential = opts.ImageFetches.PerCredential
	}
	s.deps = &emulate.Deps{
		Seed:              cfg.Seed,
		IDs:               emulate.NewIDs(cfg.Seed, cfg.ReproducibleIDs()),
		Clock:             clk,
		People:            identity.NewGenerator(cfg.Seed),
		Scenarios:         set,
		Journal:           journal.New(cfg.Journal.Capacity),
		Ledger:            led,
		Contract:          requests,
		Responses:         opts.Responses,
		Log:               opts.Log,
		ResponseViolation: opts.ResponseViolation,
		Outbound:          policy,
		Deliver:           emulate.NewDeliverer(clk, policy, limits),
		Fetches:           outbound.NewLimiter(fetches.Global, fetches.PerCredential),
		Draining:          s.draining,
		Bodies:            emulate.NewBodyBudget(s.limits.BodyBudget, s.limits.BodyTimeout),
		WriteTimeout:      s.limits.WriteTimeout,
		MaxHeaderBytes:    s.limits.MaxHeaderBytes,
		Thumbs:            thumbs.New(),
	}
	// The warm-up: iziData's /v1/phone tables (~25 ms, once per process),
	// in one goroutine of this server's, leaving the other core to the
	// first requests. Close waits for it; a server closed before it began
	// leaves it to the next.
	s.warmed = make(chan struct{})
	s.work.Go(func() {
		defer close(s.warmed)
		if ctx.Err() == nil {
			phone.Warm()
		}
	})
	s.spaces = workspace.New(workspace.Config{
		Options: opts.Workspaces, Base: opts.Clock, Seed: cfg.Seed, Ledger: led, Catalog: cat,
		Shipped: shipped, Vendors: vendors, Rules: set.Bounds(),
	})
	s.deps.Scope = s.spaces.Scope
	if opts.ScenarioDir != "" {
		// A broken directory at start-up stops the server: better than
		// serving without the rules the user asked for. Later breakage is
		// logged and the previous rules stay.
		s.reloader = scenario.NewReloader(opts.ScenarioDir, cat, set, opts.Log)
		if _, err := s.reloader.Check(); err != nil {
			stop()
			s.work.Wait()
			return nil, fmt.Errorf("scenarios: %w", err)
		}
		s.work.Go(func() { s.reloader.Run(ctx, opts.ReloadInterval) })
	}
	for _, v := range vendors {
		for _, h := range Hosts(v) {
			s.byHost[h] = v
		}
		s.routers[v.Name()] = s.vendorRouter(v)
	}
	s.metrics = metrics.New(metrics.Options{
		Catalogue: cat,
		Known:     func(vendor, id string) bool { _, ok := s.deps.Ledger.Lookup(vendor, id); return ok },
		Accounts:  func() []ledger.AccountState { return s.deps.Ledger.Accounts() },
		Journal:   func() *journal.Journal { return s.deps.Journal },
		Callbacks: func() (int64, int64, int64) {
			return s.deps.Deliver.Delivered(), s.deps.Deliver.Failed(), s.deps.Deliver.Dropped()
		},
		// The default workspace and the ones created through the admin API.
		Workspaces: func() int { return 1 + s.spaces.Len() },
	})
	s.deps.Observe = s.metrics
	s.admin = admin.New(admin.Options{
		Deps: s.deps, Catalogue: cat, Clock: clk, Specs: specs.FS, Version: opts.Version,
		Started: time.Now(), Reset: s.Reset, BasePaths: s.basePaths, CACertPEM: opts.CACertPEM, Token: opts.AdminToken,
		Done:       s.draining,
		Metrics:    s.metrics.Handler(),
		Workspaces: s.spaces,
		Limits:     opts.Admin,
	})
	s.adminHere = !opts.SeparateAdmin
	return s, nil
}

// buildVendors makes each vendor from its config section.
func buildVendors(cfg *config.Config) ([]emulate.Vendor, error) {
	var out []emulate.Vendor
	for _, b := range []struct {
		name string
		new  func(config.Vendor) (emulate.Vendor, error)
	}{
		// One line a vendor.
		{advance.Name, func(c config.Vendor) (emulate.Vendor, error) { return advance.New(c) }},
		{izidata.Name, func(c config.Vendor) (emulate.Vendor, error) { return izidata.New(c) }},
		{verihubs.Name, func(c config.Vendor) (emulate.Vendor, error) { return verihubs.New(c) }},
		{ekycpro.Name, func(c config.Vendor) (emulate.Vendor, error) { return ekycpro.New(c) }},
		{accuauth.Name, func(c config.Vendor) (emulate.Vendor, error) { return accuauth.New(c) }},
	} {
		v, err := b.new(cfg.Vendors[b.name])
		if err != nil {
			if cfg.File != "" {
				// A vendor's settings errors give lines, not the file.
				err = fmt.Errorf("%s: %w", cfg.File, err)
			}
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *Server) vendorRouter(v emulate.Vendor) http.Handler {
	r := mux.NewRouter()
	// Vendors do not redirect //v1/x to /v1/x; an unclean path is unknown.
	r.SkipClean(true)
	for _, ep := range v.Endpoints() {
		route := r.Handle(ep.Path, s.deps.Handler(v, ep)).Methods(ep.Method)
		if len(ep.Hosts) > 0 {
			// Another of the vendor's hosts does not serve the path: it is
			// unknown there (NotFoundHandler), whatever the method.
			route.MatcherFunc(func(req *http.Request, _ *mux.RouteMatch) bool {
				h := hostname(req.Host)
				return slices.Contains(ep.Hosts, h) || !slices.Contains(v.Hosts(), h)
			})
		}
	}
	r.NotFoundHandler = s.deps.Unrouted(v, false)
	r.MethodNotAllowedHandler = s.deps.Unrouted(v, true)
	return r
}

// AddListener tells the server an address it serves on: no callback or
// image URL may connect there (a callback to /__admin/reset would reset
// the mock). serve and mocktest call it for each listener.
func (s *Server) AddListener(addr net.Addr) { s.deps.Outbound.AddListener(addr) }

// Drain starts the shutdown: scenario delays and timeout faults in
// progress end now and answer (a delay its answer, a timeout its reset)
// instead of being cut when the grace runs out. Idempotent; Close calls it.
func (s *Server) Drain() { s.drainOnce.Do(func() { close(s.draining) }) }

// Close ends the server's background work: it drains, lets queued and
// running callback deliveries finish until ctx ends, then cancels the rest
// (each journaled as dropped) and the scenario watcher, and waits for all
// of them. Call it after http.Server.Shutdown; a cancelled ctx stops at
// once (tests). Later calls do nothing.
func (s *Server) Close(ctx context.Context) error {
	s.closeOnce.Do(func() {
		s.Drain()
		before := s.deps.Deliver.Dropped()
		if n := s.deps.Deliver.Close(ctx) - before; n > 0 {
			s.log.Warn("callback deliveries dropped at shutdown (see the journal)", "dropped", n)
		}
		s.stop()
		s.work.Wait()
		s.deps.Outbound.CloseIdle()
		s.deps.Thumbs.Wait()
	})
	return nil
}

// Warmed is closed when the server's warm-up (the specs' request sides and
// the phone tables, parsed once per process) has ended, done or stopped by
// Close. The mockekyc command returns the warm-up's garbage to the OS then;
// a library leaves the process's memory to its owner.
func (s *Server) Warmed() <-chan struct{} { return s.warmed }

// Deps exposes the shared machinery (tests, the load program).
func (s *Server) Deps() *emulate.Deps { return s.deps }

// Clock is the adjustable clock the admin API moves.
func (s *Server) Clock() *clock.Adjustable { return s.clock }

// Metrics are the server's Prometheus metrics (GET /__admin/metrics), on
// a registry of the server's own.
func (s *Server) Metrics() *metrics.Metrics { return s.metrics }

// Catalogue is every documented answer.
func (s *Server) Catalogue() *emulate.Catalogue { return s.catalogue }

// Reloader is the scenario directory's reloader (nil without -scenarios).
func (s *Server) Reloader() *scenario.Reloader { return s.reloader }

// Reset puts the default workspace back to start: journal, ledger, scenario
// rules added at runtime and rule counters, request ids, the clock, and
// what vendors remember themselves. Workspaces are left alone.
func (s *Server) Reset() {
	s.deps.Journal.Clear()
	s.deps.Ledger.Reset()
	s.deps.Scenarios.Reset()
	s.deps.IDs.Reset()
	s.deps.Thumbs.Reset()
	s.clock.Reset()
	s.spaces.ResetDefault()
}

// Workspaces is the workspace manager.
func (s *Server) Workspaces() *workspace.Manager { return s.spaces }

// ServeHTTP selects the vendor by Host, else by /<vendor>/ prefix. Only a
// request addressed to no vendor reaches /__admin: a vendor's Host or
// prefix gets that vendor's own unknown-path answer for /__admin/reset, so
// neither a client configured with a vendor's URL nor a vendor callback
// aimed at the mock can drive the admin API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.guard(w, r) {
		return
	}
	if v, ok := s.byHost[hostname(r.Host)]; ok {
		s.routers[v.Name()].ServeHTTP(w, r)
		return
	}
	name, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if router, ok := s.routers[name]; ok {
		orig := r.URL.Path
		r2 := emulate.WithOriginalPath(r, orig)
		u := *r.URL
		u.Path = "/" + rest
		if u.RawPath != "" {
			_, rawRest, _ := strings.Cut(strings.TrimPrefix(u.RawPath, "/"), "/")
			u.RawPath = "/" + rawRest
		}
		r2.URL = &u
		router.ServeHTTP(w, r2)
		return
	}
	if s.adminHere && isAdmin(r.URL.Path) {
		s.admin.ServeHTTP(w, r)
		return
	}
	if s.adminHere && wantsUI(r) {
		http.Redirect(w, r, admin.UIPath, http.StatusFound)
		return
	}
	s.notFound(w, r)
}

// wantsUI: a browser opening the mock's root (GET / asking for HTML) is
// sent to the web UI; an API client gets the JSON 404 that says where the
// vendors are.
func wantsUI(r *http.Request) bool {
	return r.URL.Path == "/" && (r.Method == http.MethodGet || r.Method == http.MethodHead) &&
		strings.Contains(r.Header.Get("Accept"), "text/html")
}

func isAdmin(path string) bool {
	return path == "/__admin" || strings.HasPrefix(path, "/__admin/")
}

// AdminHandler is the /__admin API alone, for a listener of its own
// (Options.SeparateAdmin): GET / redirects to the web UI, every other
// path outside /__admin is its JSON 404.
func (s *Server) AdminHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.guard(w, r) {
			return
		}
		if r.URL.Path == "/" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			http.Redirect(w, r, admin.UIPath, http.StatusFound)
			return
		}
		s.admin.ServeHTTP(w, r)
	})
}

// guard sets the connection limits' deadlines on every request, on
// every listener, and answers a request of the mock's own (a callback or
// image fetch that came back to it through a published port or a proxy)
// with 508, whatever the path.
func (s *Server) guard(w http.ResponseWriter, r *http.Request) bool {
	s.deadlines(w, r)
	if r.Header.Get(outbound.LoopHeader) != s.deps.Outbound.Token() {
		return false
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusLoopDetected)
	_, _ = w.Write([]byte(`{"error":"mockekyc does not answer its own callbacks and image fetches"}` + "\n"))
	return true
}

func hostname(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	return strings.ToLower(strings.TrimSuffix(h, "."))
}

// Hosts are the Host headers that select v: the vendor's own API hosts and
// <name>.localhost, which needs no /etc/hosts entry.
func Hosts(v emulate.Vendor) []string {
	return append(slices.Clone(v.Hosts()), v.Name()+".localhost")
}

// basePaths lists where each vendor answers.
func (s *Server) basePaths() []admin.VendorInfo {
	out := make([]admin.VendorInfo, 0, len(s.vendors))
	for _, v := range s.vendors {
		out = append(out, admin.VendorInfo{Name: v.Name(), Title: v.Title(), PathPrefix: "/" + v.Name() + "/", Hosts: Hosts(v)})
	}
	return out
}

// notFound answers a request outside any vendor: a plain JSON 404 that says
// where the vendors are.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	var prefixes []string
	for _, v := range s.basePaths() {
		prefixes = append(prefixes, v.PathPrefix)
	}
	sort.Strings(prefixes)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusNotFound)
	body := map[string]any{
		"error":   "no vendor at " + r.URL.Path,
		"hint":    "prefix the vendor's path with its name, or send the vendor's Host header (e.g. Host: api.ekycpro.com or ekycpro.localhost)",
		"vendors": prefixes,
	}
	if s.adminHere {
		body["admin"] = admin.HealthPath
	}
	_ = json.NewEncoder(w).Encode(body)
}

// NewCatalogue is the catalogue of the vendors a config builds, without a
// server: `mockekyc validate` checks scenario files against it.
func NewCatalogue(cfg *config.Config) (*emulate.Catalogue, error) {
	if cfg == nil {
		cfg = config.Default()
	}
	vendors, err := buildVendors(cfg)
	if err != nil {
		return nil, err
	}
	return emulate.NewCatalogue(vendors...), nil
}
