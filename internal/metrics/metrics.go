// Package metrics is what GET /__admin/metrics serves: the mock's traffic
// in the Prometheus text format, through the Prometheus client library
// (github.com/prometheus/client_golang), which keeps the exposition format,
// the histogram buckets and the registry right so that the mock does not
// have to.
//
// Every server has a registry of its own, never the library's global
// default: the mock is also a library, and a test process runs many
// servers side by side.
//
// Whatever clients send, the number of series stays bounded: vendor,
// endpoint and code labels take only values of the catalogue (a path that
// is no endpoint is endpoint="unrouted", a code the catalogue lacks
// code="other"), status one of the 500 HTTP statuses, and credential only
// a configured credential (any other is credential="unknown").
package metrics

import (
	"net/http"
	"strconv"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/ledger"
	"github.com/mockekyc/mockekyc/internal/scenario"
)

// Fixed label values.
const (
	Unrouted = "unrouted" // endpoint of a request that matched no endpoint
	Other    = "other"    // code (or fault) the catalogue does not know
	None     = "none"     // code of the mock's own answers; status when no answer went out
	Unknown  = "unknown"  // credential the config does not list
)

// Buckets are the latency histogram's upper bounds in seconds: the mock
// answers in well under a millisecond to tens of milliseconds (a large
// image), and scenario delays reach MaxDelay (5 minutes).
var Buckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300}

// Options are what the metrics read. Each function is called at scrape
// time, never on a request.
type Options struct {
	Catalogue *emulate.Catalogue
	// Known reports whether a credential is configured (ledger.Lookup).
	Known func(vendor, id string) bool
	// Accounts are the configured credentials and their spend.
	Accounts func() []ledger.AccountState
	// Journal is the journal whose size is shown.
	Journal func() *journal.Journal
	// Callbacks are the callback deliveries so far: delivered (a 2xx),
	// failed (every try used) and dropped (queue full, shutdown).
	Callbacks func() (delivered, failed, dropped int64)
	// Workspaces is how many workspaces exist; nil: 1, the default one.
	Workspaces func() int
}

// Metrics counts one server's traffic. It is an emulate.Observer.
type Metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	faults    *prometheus.CounterVec
	creds     *credentials
	endpoints map[string]map[string]*series // vendor → operationId (and Unrouted) → its series
	codes     map[string]map[string]bool    // vendor → documented codes
	faultSet  map[string]bool
	opts      Options
}

var _ emulate.Observer = (*Metrics)(nil)

// statuses are the status labels, made once: strconv on the hot path
// would allocate for every status ≥ 100.
var statuses = func() [600]string {
	var s [600]string
	for i := 100; i < 600; i++ {
		s[i] = strconv.Itoa(i)
	}
	return s
}()

// New registers the mock's metrics, and Go's and the process's, on a
// registry of their own.
func New(o Options) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mockekyc_requests_total",
			Help: "Vendor requests answered, by vendor, endpoint (operationId; unrouted: no endpoint), the vendor's code (none: the mock's own answer; other: not in the catalogue) and the HTTP status the client got (none: the connection was cut).",
		}, []string{"vendor", "endpoint", "code", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "mockekyc_request_duration_seconds",
			Help:    "Time to answer a vendor request, scenario delays included, by vendor and endpoint.",
			Buckets: Buckets,
		}, []string{"vendor", "endpoint"}),
		faults: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mockekyc_faults_total",
			Help: "Answers replaced by a fault (a scenario rule's or X-Mockekyc-Fault), by vendor and fault.",
		}, []string{"vendor", "fault"}),
		endpoints: map[string]map[string]*series{},
		codes:     map[string]map[string]bool{},
		faultSet:  map[string]bool{"client_gone": true},
		opts:      o,
	}
	for _, f := range scenario.Faults() {
		m.faultSet[f] = true
	}
	secret := map[string]bool{}
	for _, v := range o.Catalogue.Vendors() {
		name := v.Name()
		m.endpoints[name] = map[string]*series{Unrouted: {vendor: name, endpoint: Unrouted}}
		for _, op := range o.Catalogue.Endpoints(name) {
			m.endpoints[name][op] = &series{vendor: name, endpoint: op}
		}
		m.codes[name] = map[string]bool{}
		for _, c := range o.Catalogue.Codes(name, "") {
			m.codes[name][c] = true
		}
		for _, a := range emulate.UnroutedEndpoint(v).Answers { // the vendor's 404/405
			m.codes[name][a.Code] = true
		}
		secret[name] = v.Secrets().CredentialIsSecret
	}
	m.creds = newCredentials(o, secret)
	m.reg.MustRegister(m.requests, m.latency, m.faults, m.creds,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if o.Journal != nil {
		m.reg.MustRegister(
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mockekyc_journal_entries", Help: "Requests the journal holds."},
				func() float64 { return float64(o.Journal().Len()) }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mockekyc_journal_capacity", Help: "Requests the journal keeps at most."},
				func() float64 { return float64(o.Journal().Cap()) }))
	}
	if o.Callbacks != nil {
		for i, outcome := range []string{"delivered", "failed", "dropped"} {
			m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name:        "mockekyc_callbacks_total",
				Help:        "Vendor callbacks by outcome: delivered (a 2xx), failed (every try used), dropped (queue full or the mock shutting down).",
				ConstLabels: prometheus.Labels{"outcome": outcome},
			}, func() float64 {
				d, f, x := o.Callbacks()
				return float64([]int64{d, f, x}[i])
			}))
		}
	}
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mockekyc_workspaces", Help: "Workspaces, the default one included."},
		func() float64 {
			if o.Workspaces == nil {
				return 1
			}
			return float64(o.Workspaces())
		}))
	return m
}

// Registry is the server's registry (a test gathers it; a program that
// embeds the mock may register its own collectors on it).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// Answered counts one answered request (emulate.Observer).
func (m *Metrics) Answered(o emulate.Observation) {
	eps := m.endpoints[o.Vendor]
	ep := eps[o.Endpoint]
	if ep == nil {
		ep = eps[Unrouted]
	}
	if ep == nil { // not a vendor of the catalogue: no vendor routes it
		return
	}
	code := o.Code
	switch {
	case code == "":
		code = None
	case !m.codes[o.Vendor][code]:
		code = Other
	}
	ep.counter(m, code, o.Status).Inc()
	ep.observer(m).Observe(o.Elapsed.Seconds())
	if o.Fault != "" {
		fault := o.Fault
		if !m.faultSet[fault] {
			fault = Other
		}
		m.faults.WithLabelValues(o.Vendor, fault).Inc()
	}
	m.creds.answered(o.Vendor, o.Credential)
}

// series are one endpoint's children of the request counter and the
// latency histogram, looked up by label values once (the first request
// that needs each), then kept: hashing four label values on every request
// is most of what the metrics would cost the hot path.
type series struct {
	vendor, endpoint string
	once             sync.Once
	latency          prometheus.Observer
	counts           sync.Map // answerKey → prometheus.Counter
}

// answerKey is a code and a status, both already bounded.
type answerKey struct {
	code   string
	status int
}

func (s *series) observer(m *Metrics) prometheus.Observer {
	s.once.Do(func() { s.latency = m.latency.WithLabelValues(s.vendor, s.endpoint) })
	return s.latency
}

func (s *series) counter(m *Metrics, code string, status int) prometheus.Counter {
	if status < 100 || status >= 600 {
		status = 0
	}
	k := answerKey{code, status}
	if c, ok := s.counts.Load(k); ok {
		return c.(prometheus.Counter)
	}
	lbl := None
	if status != 0 {
		lbl = statuses[status]
	}
	c := m.requests.WithLabelValues(s.vendor, s.endpoint, code, lbl)
	s.counts.Store(k, c)
	return c
}

// credentials are the per-credential series: requests counted as they are
// answered, spend read from the ledger at scrape time. A credential the
// config does not list counts as credential="unknown"; a credential that
// is no longer configured (removed at run time) leaves at the next scrape.
type credentials struct {
	opts     Options
	secret   map[string]bool // vendors whose credential id is the secret
	requests *prometheus.CounterVec
	spent    *prometheus.Desc
	charged  *prometheus.Desc
	balance  *prometheus.Desc

	// label maps a configured (vendor, id) to its label (the id, or its
	// fingerprint where the id is the secret: eKYCPro's API key) and its
	// counter.
	label sync.Map // credKey → credSeries
	// unknown is each vendor's credential="unknown" counter.
	unknown map[string]prometheus.Counter
}

type credSeries struct {
	label   string
	counter prometheus.Counter
}

type credKey struct{ vendor, id string }

func newCredentials(o Options, secret map[string]bool) *credentials {
	labels := []string{"vendor", "credential"}
	c := &credentials{
		opts:   o,
		secret: secret,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mockekyc_credential_requests_total",
			Help: "Vendor requests answered by credential (configured credentials; unknown: any other, and none sent or read, as on an unrouted request). A secret id shows as its fingerprint.",
		}, labels),
		spent:   prometheus.NewDesc("mockekyc_credential_spent", "What a configured credential has spent since the last reset (price × charged calls).", labels, nil),
		charged: prometheus.NewDesc("mockekyc_credential_charged_calls", "Charged calls of a configured credential since the last reset.", labels, nil),
		balance: prometheus.NewDesc("mockekyc_credential_balance_remaining", "Balance a configured credential has left (only credentials with a balance).", labels, nil),
		unknown: map[string]prometheus.Counter{},
	}
	// Made up front: a vendor's unknown series shows 0 before any such
	// request, and the hot path needs no lock to find it.
	for vendor := range secret {
		c.unknown[vendor] = c.requests.WithLabelValues(vendor, Unknown)
	}
	return c
}

func (c *credentials) answered(vendor, id string) {
	if id != "" {
		k := credKey{vendor, id}
		if v, ok := c.label.Load(k); ok {
			v.(credSeries).counter.Inc()
			return
		}
		if c.opts.Known != nil && c.opts.Known(vendor, id) {
			lbl := c.labelOf(vendor, id)
			cs := credSeries{lbl, c.requests.WithLabelValues(vendor, lbl)}
			c.label.Store(k, cs)
			cs.counter.Inc()
			return
		}
	}
	if u := c.unknown[vendor]; u != nil { // nil: not a vendor of the catalogue
		u.Inc()
	}
}

func (c *credentials) labelOf(vendor, id string) string {
	if c.secret[vendor] {
		return journal.Fingerprint(id)
	}
	return id
}

func (c *credentials) Describe(ch chan<- *prometheus.Desc) {
	c.requests.Describe(ch)
	ch <- c.spent
	ch <- c.charged
	ch <- c.balance
}

// Collect drops the series of credentials no longer configured, then
// sends the rest and the spend of each configured credential.
func (c *credentials) Collect(ch chan<- prometheus.Metric) {
	var accounts []ledger.AccountState
	if c.opts.Accounts != nil {
		accounts = c.opts.Accounts()
	}
	configured := map[credKey]bool{}
	for _, a := range accounts {
		configured[credKey{a.Vendor, c.labelOf(a.Vendor, a.ID)}] = true
	}
	c.label.Range(func(k, v any) bool {
		key, lbl := k.(credKey), v.(credSeries).label
		if !configured[credKey{key.vendor, lbl}] {
			c.label.Delete(k)
			c.requests.DeleteLabelValues(key.vendor, lbl)
		}
		return true
	})
	c.requests.Collect(ch)
	// Accounts come sorted by vendor, then id.
	for _, a := range accounts {
		lbl := c.labelOf(a.Vendor, a.ID)
		ch <- prometheus.MustNewConstMetric(c.spent, prometheus.GaugeValue, a.Spent, a.Vendor, lbl)
		ch <- prometheus.MustNewConstMetric(c.charged, prometheus.GaugeValue, float64(a.ChargedCalls), a.Vendor, lbl)
		if a.Remaining != nil {
			ch <- prometheus.MustNewConstMetric(c.balance, prometheus.GaugeValue, *a.Remaining, a.Vendor, lbl)
		}
	}
}
