// Package admin serves /__admin: health, the request journal, scenario rules,
// accounts, reset, the catalogue of documented answers, coverage, the clock,
// the specs and the identity behind a NIK.
package admin

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gorilla/mux"

	"github.com/mockekyc/mockekyc/internal/clock"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/scenario"
	"github.com/mockekyc/mockekyc/internal/workspace"
	"github.com/mockekyc/mockekyc/mockekycadmin"
)

// VendorInfo says where a vendor answers.
type VendorInfo = mockekycadmin.VendorInfo

// Options are what the admin API reads and moves.
type Options struct {
	Deps      *emulate.Deps
	Catalogue *emulate.Catalogue
	Clock     *clock.Adjustable
	Specs     fs.FS
	Version   string
	Started   time.Time
	Reset     func()
	BasePaths func() []VendorInfo
	// CACertPEM is the certificate of the CA that signs the HTTPS
	// listener's certificates; nil when HTTPS is off.
	CACertPEM []byte
	// Token, when set, is the bearer token every admin call but health
	// must send (Authorization: Bearer <token>).
	Token string
	// Done is closed when the server drains: long-lived answers (the
	// journal stream) end then. nil: never.
	Done <-chan struct{}
	// Metrics serves GET /__admin/metrics (package metrics); nil: no
	// such endpoint.
	Metrics http.Handler
	// Workspaces, when set, serves /__admin/workspaces (workspaces.go).
	Workspaces *workspace.Manager
	// Limits bound the calls that hold memory or a goroutine (zero
	// fields: DefaultLimits).
	Limits Limits
}

// api is the admin API of one workspace: ws "" is the default one, whose
// Deps, Clock and Reset are the Options'; a workspace's api has its
// journal, rules, clock and reset instead (workspaces.go).
type api struct {
	Options
	ws    string
	gates *gates // shared by every workspace's api
}

// HealthPath is the one admin path that needs no token: container health
// checks and `mockekyc healthcheck` call it without one.
const HealthPath = "/__admin/health"

// New builds the /__admin handler: the token check (when Options.Token is
// set), then the admin routes, all under one panic guard.
func New(o Options) http.Handler {
	a := &api{Options: o, gates: newGates(o.Limits)}
	r := mux.NewRouter().PathPrefix("/__admin").Subrouter()
	r.HandleFunc("/health", a.health).Methods(http.MethodGet)
	a.scoped(r)
	r.HandleFunc("/accounts", a.addAccount).Methods(http.MethodPost)
	r.HandleFunc("/accounts/{vendor}/{cred}", a.removeAccount).Methods(http.MethodDelete)
	r.HandleFunc("/catalogue", a.catalogue).Methods(http.MethodGet)
	if o.Workspaces != nil {
		a.workspaceRoutes(r)
	}
	r.HandleFunc("/specs", a.specList).Methods(http.MethodGet)
	r.HandleFunc("/specs/{vendor}", a.spec).Methods(http.MethodGet)
	r.HandleFunc("/identity/{nik}", a.identity).Methods(http.MethodGet)
	r.HandleFunc("/ca.pem", a.caPEM).Methods(http.MethodGet)
	r.HandleFunc("/otp", a.otps).Methods(http.MethodGet)
	r.HandleFunc("/fixture", a.fixture).Methods(http.MethodGet)
	r.HandleFunc("/thumbs/{digest:[0-9a-f]{64}}", a.thumb).Methods(http.MethodGet)
	r.Handle("/ui", http.RedirectHandler(UIPath, http.StatusMovedPermanently)).Methods(http.MethodGet)
	r.PathPrefix("/ui/").Handler(uiHandler()).Methods(http.MethodGet)
	if o.Metrics != nil {
		r.Handle("/metrics", o.Metrics).Methods(http.MethodGet)
	}
	notFound(r)
	var h http.Handler = r
	if o.Token != "" {
		h = a.authorize(h)
	}
	return a.guard(h)
}

// scoped registers the endpoints every workspace has, the default one's
// at /__admin/..., a workspace's under /__admin/workspaces/{id}/...
func (a *api) scoped(r *mux.Router) {
	r.HandleFunc("/requests", a.requests).Methods(http.MethodGet)
	r.HandleFunc("/requests/stream", a.stream).Methods(http.MethodGet)
	r.HandleFunc("/requests", a.clearRequests).Methods(http.MethodDelete)
	r.HandleFunc("/requests/count", a.countRequests).Methods(http.MethodGet)
	r.HandleFunc("/requests/{id:[0-9]+}", a.request).Methods(http.MethodGet)
	r.HandleFunc("/verify", a.verify).Methods(http.MethodPost)
	r.HandleFunc("/scenarios", a.scenarios).Methods(http.MethodGet)
	r.HandleFunc("/scenarios", a.addScenario).Methods(http.MethodPost)
	r.HandleFunc("/scenarios/{id}", a.removeScenario).Methods(http.MethodDelete)
	r.HandleFunc("/accounts", a.accounts).Methods(http.MethodGet)
	r.HandleFunc("/accounts/{vendor}/{cred}", a.accountState).Methods(http.MethodGet)
	r.HandleFunc("/accounts/{vendor}/{cred}", a.updateAccount).Methods(http.MethodPatch)
	r.HandleFunc("/reset", a.reset).Methods(http.MethodPost)
	r.HandleFunc("/coverage", a.coverage).Methods(http.MethodGet)
	r.HandleFunc("/clock", a.getClock).Methods(http.MethodGet)
	r.HandleFunc("/clock", a.moveClock).Methods(http.MethodPost)
}

// notFound answers what r does not route: a wrong method (mux reports it
// on a subrouter as not found, so the routes are asked which methods the
// path takes) or no endpoint.
func notFound(r *mux.Router) {
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if allowed := allowedMethods(r, req); len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			fail(w, http.StatusMethodNotAllowed, "%s is not allowed on %s (allowed: %s)", req.Method, req.URL.Path, strings.Join(allowed, ", "))
			return
		}
		fail(w, http.StatusNotFound, "no admin endpoint %s %s; see README.md#admin-api", req.Method, req.URL.Path)
	})
	r.MethodNotAllowedHandler = r.NotFoundHandler
}

// allowedMethods are the methods r routes req's path with.
func allowedMethods(r *mux.Router, req *http.Request) []string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete} {
		if m == req.Method {
			continue
		}
		var match mux.RouteMatch
		probe := req.Clone(req.Context())
		probe.Method = m
		if r.Match(probe, &match) && match.MatchErr == nil {
			out = append(out, m)
		}
	}
	return out
}

// authorize lets through health and the calls that carry the token. The
// token is compared through its SHA-256 in constant time, so neither its
// content nor its length can be timed.
func (a *api) authorize(next http.Handler) http.Handler {
	want := sha256.Sum256([]byte(a.Token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == HealthPath || isUIAsset(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		auth := r.Header.Get("Authorization")
		scheme, token, _ := strings.Cut(auth, " ")
		got := sha256.Sum256([]byte(strings.TrimSpace(token)))
		if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare(want[:], got[:]) != 1 {
			challenge := `Bearer realm="mockekyc admin"`
			msg := "the admin API needs Authorization: Bearer <MOCKEKYC_ADMIN_TOKEN>"
			if auth != "" {
				challenge += `, error="invalid_token"`
				msg = "wrong admin token: send Authorization: Bearer <MOCKEKYC_ADMIN_TOKEN>"
			}
			w.Header().Set("WWW-Authenticate", challenge)
			fail(w, http.StatusUnauthorized, "%s", msg)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// guard turns a panic in any admin handler into a logged HTTP 500 with
// the admin API's JSON error, and the server keeps serving. When the
// answer had already been sent there is nothing left to change: the panic
// is logged.
func (a *api) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tw := &trackingWriter{ResponseWriter: w}
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler {
				panic(p)
			}
			if a.Deps != nil && a.Deps.Log != nil {
				a.Deps.Log.Error("admin handler panicked", "method", r.Method, "path", r.URL.Path, "panic", p, "answered", tw.wrote, "stack", string(debug.Stack()))
			}
			if !tw.wrote {
				clear(w.Header())
				send(w, http.StatusInternalServerError, encode(Error{
					Error: fmt.Sprintf("the admin API failed on %s %s (a mockekyc bug; the panic is in the log)", r.Method, r.URL.Path),
				}))
			}
		}()
		next.ServeHTTP(tw, r)
	})
}

// trackingWriter remembers whether the answer has begun.
type trackingWriter struct {
	http.ResponseWriter
	wrote bool
}

func (t *trackingWriter) WriteHeader(status int) {
	t.wrote = true
	t.ResponseWriter.WriteHeader(status)
}

func (t *trackingWriter) Write(b []byte) (int, error) {
	t.wrote = true
	return t.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's Flush and
// deadlines (the journal stream needs both).
func (t *trackingWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }

// panicHook, when set (tests only, through export_test.go), runs at the
// named stages of writing an answer ("write": encoded, nothing sent yet;
// "written": sent), so that tests can make a handler panic there.
var panicHook atomic.Pointer[func(stage string)]

func hook(stage string) {
	if f := panicHook.Load(); f != nil {
		(*f)(stage)
	}
}

// write encodes v before writing anything: an encoding failure then still
// leaves the status to choose.
func write(w http.ResponseWriter, status int, v any) {
	body := encode(v)
	hook("write")
	send(w, status, body)
	hook("written")
}

func encode(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("admin: encoding the answer: %v", err))
	}
	return buf.Bytes()
}

func send(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func fail(w http.ResponseWriter, status int, format string, args ...any) {
	write(w, status, Error{Error: fmt.Sprintf(format, args...)})
}

func (a *api) health(w http.ResponseWriter, _ *http.Request) {
	write(w, http.StatusOK, Health{
		Status:        "ok",
		Version:       a.Version,
		UptimeSeconds: int64(time.Since(a.Started).Seconds()),
		Now:           a.Clock.Now().UTC().Format(time.RFC3339Nano),
		Vendors:       a.BasePaths(),
	})
}

// caPEM serves the CA certificate clients trust for HTTPS.
func (a *api) caPEM(w http.ResponseWriter, _ *http.Request) {
	if a.CACertPEM == nil {
		fail(w, http.StatusNotFound, "HTTPS is off, so there is no CA: start mockekyc with -tls-addr :8443 (MOCKEKYC_TLS_ADDR); see README.md#https-for-the-vendors-real-hostnames")
		return
	}
	w.Header().Set("Content-Type", "application/x-pem-file")
	w.Header().Set("Content-Disposition", `attachment; filename="mockekyc-ca.pem"`)
	_, _ = w.Write(a.CACertPEM)
}

func (a *api) request(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseUint(mux.Vars(r)["id"], 10, 64)
	e, ok := a.Deps.Journal.Get(id)
	if !ok {
		fail(w, http.StatusNotFound, "no request %d in the journal (cleared, or evicted past its capacity of %d)", id, a.Deps.Journal.Cap())
		return
	}
	write(w, http.StatusOK, e)
}

func (a *api) clearRequests(w http.ResponseWriter, _ *http.Request) {
	a.Deps.Journal.Clear()
	w.WriteHeader(http.StatusNoContent)
}

func (a *api) scenarios(w http.ResponseWriter, _ *http.Request) {
	rules := a.Deps.Scenarios.List()
	if rules == nil {
		rules = []scenario.RuleStatus{}
	}
	write(w, http.StatusOK, scenarioList{Count: len(rules), Scenarios: rules})
}

func (a *api) addScenario(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		fail(w, http.StatusBadRequest, "reading the rule: %v", err)
		return
	}
	if isYAML(r.Header.Get("Content-Type")) {
		a.addScenarioYAML(w, data)
		return
	}
	rule, err := scenario.ParseJSONRule(data, a.Catalogue)
	if err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	st, err := a.Deps.Scenarios.Add(rule)
	if err != nil {
		fail(w, ruleStatus(err), "%v", err)
		return
	}
	write(w, http.StatusCreated, st)
}

// ruleStatus is the HTTP status of Set.Add's error: 429 at the admin
// rules' bound, 404 when the workspace went meanwhile, else 400 (the rule
// is wrong).
func ruleStatus(err error) int {
	switch {
	case errors.Is(err, scenario.ErrAdminRulesFull):
		return http.StatusTooManyRequests
	case errors.Is(err, scenario.ErrClosed):
		return http.StatusNotFound
	}
	return http.StatusBadRequest
}

func (a *api) removeScenario(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	if !a.Deps.Scenarios.Remove(id) {
		fail(w, http.StatusNotFound, "no admin rule %q (file rules are removed by editing their file)", id)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *api) accounts(w http.ResponseWriter, _ *http.Request) {
	write(w, http.StatusOK, Accounts{Accounts: a.Deps.Ledger.WorkspaceAccounts(a.ws)})
}

// reset puts the whole mock back to its start. It takes no parameters: a
// scoped reset is a workspace's (POST /__admin/workspaces/{id}/reset), and
// a parameter it ignored (reset?credential=...) would wipe every suite's
// state while the caller believed it scoped, so any query is refused.
func (a *api) reset(w http.ResponseWriter, r *http.Request) {
	if r.URL.RawQuery != "" {
		fail(w, http.StatusBadRequest, "POST /__admin/reset takes no parameters (got %q) and resets the whole mock; to reset one suite's state give it a workspace: POST /__admin/workspaces, then POST /__admin/workspaces/{id}/reset (README.md#workspaces-parallel-suites)", r.URL.RawQuery)
		return
	}
	a.Reset()
	write(w, http.StatusOK, Reset{Status: "reset", Now: a.Clock.Now().UTC().Format(time.RFC3339Nano)})
}

func (a *api) catalogue(w http.ResponseWriter, r *http.Request) {
	want := r.URL.Query().Get("vendor")
	if err := a.checkVendor(want); err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	var out, unrouted []CatalogueEndpoint
	for _, v := range a.Catalogue.Vendors() {
		if want != "" && v.Name() != want {
			continue
		}
		for _, ep := range v.Endpoints() {
			out = append(out, catalogueEndpoint(v, ep))
		}
		unrouted = append(unrouted, catalogueEndpoint(v, emulate.UnroutedEndpoint(v)))
	}
	write(w, http.StatusOK, Catalogue{Endpoints: out, Unrouted: unrouted})
}

// catalogueEndpoint is ep of v with every answer's evidence filled in.
func catalogueEndpoint(v emulate.Vendor, ep *emulate.Endpoint) CatalogueEndpoint {
	answers := make([]emulate.Answer, len(ep.Answers))
	for i, ans := range ep.Answers {
		ans.Evidence = ep.EvidenceOf(ans)
		answers[i] = ans
	}
	return CatalogueEndpoint{Vendor: v.Name(), OperationID: ep.OperationID, Method: ep.Method, Path: ep.Path, Summary: ep.Summary,
		Evidence: ep.EndpointEvidence(), Source: ep.Source, Answers: answers}
}

// coverage tells which documented codes a client's suite has met since the
// last reset: a contract-testing report, per credential when asked.
func (a *api) coverage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	vendor, cred := q.Get("vendor"), q.Get("credential")
	if err := a.checkFilters(vendor, "", cred); err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	var eps []CoverageEndpoint
	documented, answered := 0, 0
	for _, v := range a.Catalogue.Vendors() {
		if vendor != "" && v.Name() != vendor {
			continue
		}
		seen := a.Deps.Ledger.WorkspaceCoverage(a.ws, v.Name(), cred)
		for _, ep := range v.Endpoints() {
			ce := CoverageEndpoint{Vendor: v.Name(), OperationID: ep.OperationID, Documented: a.Catalogue.Codes(v.Name(), ep.OperationID), Answered: map[string]int{}, Missing: []string{}}
			for code, n := range seen[ep.OperationID] {
				ce.Answered[code] = n
			}
			for _, code := range ce.Documented {
				documented++
				if ce.Answered[code] > 0 {
					answered++
				} else {
					ce.Missing = append(ce.Missing, code)
				}
			}
			eps = append(eps, ce)
		}
	}
	pct := 0.0
	if documented > 0 {
		pct = float64(answered*1000/documented) / 10
	}
	write(w, http.StatusOK, Coverage{
		Credential: cred, Documented: documented, Answered: answered, Percent: pct, Endpoints: eps,
	})
}

func (a *api) clockState() Clock {
	return Clock{Now: a.Clock.Now().UTC().Format(time.RFC3339Nano), Offset: a.Clock.Offset().String()}
}

func (a *api) getClock(w http.ResponseWriter, _ *http.Request) {
	write(w, http.StatusOK, a.clockState())
}

// moveClock takes {"advance":"90m"}, {"set":"2030-01-01T00:00:00Z"} or
// {"reset":true}: token expiry and daily quotas are tested without waiting.
func (a *api) moveClock(w http.ResponseWriter, r *http.Request) {
	var req ClockMove
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<16))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, `want {"advance":"90m"}, {"set":"2030-01-01T00:00:00Z"} or {"reset":true}: %v`, err)
		return
	}
	switch {
	case req.Reset:
		a.Clock.Reset()
	case req.Advance != "":
		d, err := time.ParseDuration(req.Advance)
		if err != nil {
			fail(w, http.StatusBadRequest, "advance: %v", err)
			return
		}
		if _, err := a.Clock.Advance(d); err != nil {
			fail(w, http.StatusBadRequest, "advance: %v", err)
			return
		}
	case req.Set != "":
		t, err := time.Parse(time.RFC3339Nano, req.Set)
		if err != nil {
			fail(w, http.StatusBadRequest, "set: want RFC 3339: %v", err)
			return
		}
		if err := a.Clock.Set(t); err != nil {
			fail(w, http.StatusBadRequest, "set: %v", err)
			return
		}
	default:
		fail(w, http.StatusBadRequest, `want {"advance":"90m"}, {"set":"2030-01-01T00:00:00Z"} or {"reset":true}`)
		return
	}
	write(w, http.StatusOK, a.clockState())
}

func (a *api) specList(w http.ResponseWriter, _ *http.Request) {
	var out []Spec
	for _, v := range a.Catalogue.Vendors() {
		out = append(out, Spec{Vendor: v.Name(), URL: "/__admin/specs/" + v.Name()})
	}
	write(w, http.StatusOK, SpecList{Specs: out})
}

func (a *api) spec(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSuffix(mux.Vars(r)["vendor"], ".yaml")
	if _, ok := a.Catalogue.Vendor(name); !ok {
		fail(w, http.StatusNotFound, "no vendor %q", name)
		return
	}
	data, err := fs.ReadFile(a.Specs, name+".yaml")
	if err != nil {
		fail(w, http.StatusNotFound, "no spec for %q", name)
		return
	}
	w.Header().Set("Content-Type", "application/yaml")
	_, _ = w.Write(data)
}

// identity shows the person the mock generates for a NIK, so a test can
// send the name that /v1/ididcheck will find matching.
// otps lists the OTPs of every vendor that sends them (emulate.OTPSender);
// vendor, credential and phone narrow the list. An unknown vendor, or one
// that sends none, is a 400 (a bad filter, as issue 13 asks of every admin
// filter).
func (a *api) otps(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	vendor, cred, phone := q.Get("vendor"), q.Get("credential"), q.Get("phone")
	if vendor != "" {
		v, ok := a.Catalogue.Vendor(vendor)
		if !ok {
			fail(w, http.StatusBadRequest, "unknown vendor %q", vendor)
			return
		}
		if _, sends := v.(emulate.OTPSender); !sends {
			fail(w, http.StatusBadRequest, "vendor %q sends no OTPs", vendor)
			return
		}
	}
	now := a.Clock.Now()
	list := OTPList{OTPs: []OTP{}}
	for _, v := range a.Catalogue.Vendors() {
		s, ok := v.(emulate.OTPSender)
		if !ok || vendor != "" && v.Name() != vendor {
			continue
		}
		for _, o := range s.SentOTPs(cred, phone) {
			list.OTPs = append(list.OTPs, OTP{Vendor: v.Name(), Credential: o.Credential, Channel: o.Channel, MSISDN: o.MSISDN,
				Challenge: o.Challenge, OTP: o.OTP, SessionID: o.SessionID, SentAt: o.SentAt.UTC().Format(time.RFC3339Nano),
				ExpiresAt: o.ExpiresAt.UTC().Format(time.RFC3339Nano), Expired: !now.Before(o.ExpiresAt),
				TryCount: o.TryCount, WrongTries: o.WrongTries, Verified: o.Verified})
		}
	}
	list.Count = len(list.OTPs)
	write(w, http.StatusOK, list)
}

func (a *api) identity(w http.ResponseWriter, r *http.Request) {
	nik := mux.Vars(r)["nik"]
	p, err := a.Deps.People.PersonByNIK(nik)
	if err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	write(w, http.StatusOK, p)
}
