// Package admin serves /__admin: health, the request journal, scenario rules,
// accounts, reset, the catalogue of documented answers, coverage, the clock,
// the specs and the identity behind a NIK.
package admin

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/mockekyc/mockekyc/internal/clock"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/scenario"
)

// VendorInfo says where a vendor answers.
type VendorInfo struct {
	Name       string   `json:"name"`
	Title      string   `json:"title"`
	PathPrefix string   `json:"path_prefix"`
	Hosts      []string `json:"hosts"`
}

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
}

type api struct{ Options }

// New builds the /__admin handler.
func New(o Options) http.Handler {
	a := &api{o}
	r := mux.NewRouter().PathPrefix("/__admin").Subrouter()
	r.HandleFunc("/health", a.health).Methods(http.MethodGet)
	r.HandleFunc("/requests", a.requests).Methods(http.MethodGet)
	r.HandleFunc("/requests", a.clearRequests).Methods(http.MethodDelete)
	r.HandleFunc("/requests/{id:[0-9]+}", a.request).Methods(http.MethodGet)
	r.HandleFunc("/scenarios", a.scenarios).Methods(http.MethodGet)
	r.HandleFunc("/scenarios", a.addScenario).Methods(http.MethodPost)
	r.HandleFunc("/scenarios/{id}", a.removeScenario).Methods(http.MethodDelete)
	r.HandleFunc("/accounts", a.accounts).Methods(http.MethodGet)
	r.HandleFunc("/reset", a.reset).Methods(http.MethodPost)
	r.HandleFunc("/catalogue", a.catalogue).Methods(http.MethodGet)
	r.HandleFunc("/coverage", a.coverage).Methods(http.MethodGet)
	r.HandleFunc("/clock", a.getClock).Methods(http.MethodGet)
	r.HandleFunc("/clock", a.moveClock).Methods(http.MethodPost)
	r.HandleFunc("/specs", a.specList).Methods(http.MethodGet)
	r.HandleFunc("/specs/{vendor}", a.spec).Methods(http.MethodGet)
	r.HandleFunc("/identity/{nik}", a.identity).Methods(http.MethodGet)
	r.HandleFunc("/ca.pem", a.caPEM).Methods(http.MethodGet)
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fail(w, http.StatusNotFound, "no admin endpoint %s %s; see README.md#admin-api", r.Method, r.URL.Path)
	})
	r.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fail(w, http.StatusMethodNotAllowed, "%s is not allowed on %s", r.Method, r.URL.Path)
	})
	return r
}

func write(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func fail(w http.ResponseWriter, status int, format string, args ...any) {
	write(w, status, map[string]string{"error": fmt.Sprintf(format, args...)})
}

func (a *api) health(w http.ResponseWriter, _ *http.Request) {
	write(w, http.StatusOK, map[string]any{
		"status":         "ok",
		"version":        a.Version,
		"uptime_seconds": int64(time.Since(a.Started).Seconds()),
		"now":            a.Clock.Now().UTC().Format(time.RFC3339Nano),
		"vendors":        a.BasePaths(),
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

func (a *api) requests(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := journal.Filter{Vendor: q.Get("vendor"), Endpoint: q.Get("endpoint"), Code: q.Get("code"), Credential: q.Get("credential")}
	for key, dst := range map[string]*int{"status": &f.Status, "limit": &f.Limit} {
		if s := q.Get(key); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				fail(w, http.StatusBadRequest, "%s must be a whole number, got %q", key, s)
				return
			}
			*dst = n
		}
	}
	if s := q.Get("since"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			fail(w, http.StatusBadRequest, "since must be a request id, got %q", s)
			return
		}
		f.SinceID = n
	}
	entries := a.Deps.Journal.List(f)
	if entries == nil {
		entries = []journal.Entry{}
	}
	write(w, http.StatusOK, map[string]any{"count": len(entries), "capacity": a.Deps.Journal.Cap(), "requests": entries})
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
	write(w, http.StatusOK, map[string]any{"count": len(rules), "scenarios": rules})
}

func (a *api) addScenario(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		fail(w, http.StatusBadRequest, "reading the rule: %v", err)
		return
	}
	rule, err := scenario.ParseJSONRule(data, a.Catalogue)
	if err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	st, err := a.Deps.Scenarios.Add(rule)
	if err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	write(w, http.StatusCreated, st)
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
	write(w, http.StatusOK, map[string]any{"accounts": a.Deps.Ledger.Accounts()})
}

func (a *api) reset(w http.ResponseWriter, _ *http.Request) {
	a.Reset()
	write(w, http.StatusOK, map[string]string{"status": "reset", "now": a.Clock.Now().UTC().Format(time.RFC3339Nano)})
}

type catalogueEndpoint struct {
	Vendor      string           `json:"vendor"`
	OperationID string           `json:"operation_id"`
	Method      string           `json:"method"`
	Path        string           `json:"path"`
	Summary     string           `json:"summary"`
	Answers     []emulate.Answer `json:"answers"`
}

func (a *api) catalogue(w http.ResponseWriter, r *http.Request) {
	want := r.URL.Query().Get("vendor")
	var out []catalogueEndpoint
	for _, v := range a.Catalogue.Vendors() {
		if want != "" && v.Name() != want {
			continue
		}
		for _, ep := range v.Endpoints() {
			out = append(out, catalogueEndpoint{Vendor: v.Name(), OperationID: ep.OperationID, Method: ep.Method, Path: ep.Path, Summary: ep.Summary, Answers: ep.Answers})
		}
	}
	if out == nil {
		fail(w, http.StatusNotFound, "no vendor %q", want)
		return
	}
	write(w, http.StatusOK, map[string]any{"endpoints": out})
}

type coverageEndpoint struct {
	Vendor      string         `json:"vendor"`
	OperationID string         `json:"operation_id"`
	Documented  []string       `json:"documented"`
	Answered    map[string]int `json:"answered"`
	Missing     []string       `json:"missing"`
}

// coverage tells which documented codes a client's suite has met since the
// last reset: a contract-testing report, per credential when asked.
func (a *api) coverage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	vendor, cred := q.Get("vendor"), q.Get("credential")
	if vendor != "" {
		if _, ok := a.Catalogue.Vendor(vendor); !ok {
			fail(w, http.StatusNotFound, "no vendor %q", vendor)
			return
		}
	}
	var eps []coverageEndpoint
	documented, answered := 0, 0
	for _, v := range a.Catalogue.Vendors() {
		if vendor != "" && v.Name() != vendor {
			continue
		}
		seen := a.Deps.Ledger.Coverage(v.Name(), cred)
		for _, ep := range v.Endpoints() {
			ce := coverageEndpoint{Vendor: v.Name(), OperationID: ep.OperationID, Documented: a.Catalogue.Codes(v.Name(), ep.OperationID), Answered: map[string]int{}, Missing: []string{}}
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
	write(w, http.StatusOK, map[string]any{
		"credential": cred, "documented": documented, "answered": answered, "percent": pct, "endpoints": eps,
	})
}

func (a *api) clockState() map[string]string {
	return map[string]string{"now": a.Clock.Now().UTC().Format(time.RFC3339Nano), "offset": a.Clock.Offset().String()}
}

func (a *api) getClock(w http.ResponseWriter, _ *http.Request) {
	write(w, http.StatusOK, a.clockState())
}

// moveClock takes {"advance":"90m"}, {"set":"2030-01-01T00:00:00Z"} or
// {"reset":true}: token expiry and daily quotas are tested without waiting.
func (a *api) moveClock(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Advance string `json:"advance"`
		Set     string `json:"set"`
		Reset   bool   `json:"reset"`
	}
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
		a.Clock.Advance(d)
	case req.Set != "":
		t, err := time.Parse(time.RFC3339Nano, req.Set)
		if err != nil {
			fail(w, http.StatusBadRequest, "set: want RFC 3339: %v", err)
			return
		}
		a.Clock.Set(t)
	default:
		fail(w, http.StatusBadRequest, `want {"advance":"90m"}, {"set":"2030-01-01T00:00:00Z"} or {"reset":true}`)
		return
	}
	write(w, http.StatusOK, a.clockState())
}

func (a *api) specList(w http.ResponseWriter, _ *http.Request) {
	var out []map[string]string
	for _, v := range a.Catalogue.Vendors() {
		out = append(out, map[string]string{"vendor": v.Name(), "url": "/__admin/specs/" + v.Name()})
	}
	write(w, http.StatusOK, map[string]any{"specs": out})
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
func (a *api) identity(w http.ResponseWriter, r *http.Request) {
	nik := mux.Vars(r)["nik"]
	p, err := a.Deps.People.PersonByNIK(nik)
	if err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	write(w, http.StatusOK, p)
}
