package metrics_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/mocktest"
	"github.com/mockekyc/mockekyc/internal/server"
)

const config = `
seed: 7
vendors:
  ekycpro:
    credentials:
      - {id: AbcdEfgh, price: 2.5, balance: 100}
  verihubs:
    credentials:
      - {id: app, secret: key}
    settings:
      callback: {tries: 1, timeout: 5s, backoff: 10ms}
`

// scrape fetches /__admin/metrics and parses it with the Prometheus text
// parser.
func scrape(t *testing.T, h *mocktest.Harness, header http.Header) map[string]*dto.MetricFamily {
	t.Helper()
	res := h.Do(h.Request(http.MethodGet, "/__admin/metrics", nil, header))
	if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("metrics: HTTP %d %s\n%s", res.Status, res.Header.Get("Content-Type"), res.Body)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatalf("parsing the metrics: %v\n%s", err, res.Body)
	}
	return fams
}

// value is the value of the series of name with exactly labels (a
// histogram's sample count); ok false when there is no such series.
func value(fams map[string]*dto.MetricFamily, name string, labels map[string]string) (float64, bool) {
	f := fams[name]
	if f == nil {
		return 0, false
	}
	for _, m := range f.GetMetric() {
		if len(m.GetLabel()) != len(labels) {
			continue
		}
		same := true
		for _, l := range m.GetLabel() {
			if labels[l.GetName()] != l.GetValue() {
				same = false
			}
		}
		if !same {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

func ekycpro(t *testing.T, h *mocktest.Harness, path, key string, extra http.Header) mocktest.Result {
	t.Helper()
	hdr := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	if key != "" {
		hdr.Set("X-API-Key", key)
	}
	for k, v := range extra {
		hdr[k] = v
	}
	return h.Do(h.Request(http.MethodPost, "/ekycpro"+path, strings.NewReader("id=3171024302821001"), hdr))
}

// TestScrape: after known traffic, the scrape parses and each series
// holds what the traffic did.
func TestScrape(t *testing.T) {
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer ok.Close()
	dead := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) }))
	defer dead.Close()
	h := mocktest.New(t, mocktest.WithConfig(config))

	for range 2 {
		if res := ekycpro(t, h, "/v1/ididinquiries", "AbcdEfgh", nil); res.Status != 200 {
			t.Fatalf("inquiry: %d %s", res.Status, res.Body)
		}
	}
	if res := ekycpro(t, h, "/v1/ididinquiries", "AbcdEfgh", http.Header{"X-Mockekyc-Fault": {"http_503"}}); res.Status != 503 {
		t.Fatalf("fault: %d", res.Status)
	}
	if res := ekycpro(t, h, "/v1/ididinquiries", "wrong-key", nil); res.Status != 401 {
		t.Fatalf("wrong key: %d", res.Status)
	}
	if res := ekycpro(t, h, "/v1/no-such-thing", "AbcdEfgh", nil); res.Status != 404 {
		t.Fatalf("unrouted: %d", res.Status)
	}
	for _, cb := range []string{ok.URL, dead.URL} {
		hdr := http.Header{"Content-Type": {"application/json"}, "App-Id": {"app"}, "Api-Key": {"key"}}
		body := fmt.Sprintf(`{"image":%q,"callback_url":%q}`, mocktest.ImageB64(t, imagecheck.FixtureSpec{}), cb+"/hook")
		if res := h.Do(h.Request(http.MethodPost, "/verihubs/ktp/id/extract-async", strings.NewReader(body), hdr)); res.Status != 200 {
			t.Fatalf("extract-async: %d %s", res.Status, res.Body)
		}
	}
	// The tests wait on events; the guard only turns a hang into a failure.
	d := h.Server.Deps().Deliver
	for guard := time.Now().Add(time.Minute); d.Delivered()+d.Failed() < 2 && time.Now().Before(guard); {
		time.Sleep(5 * time.Millisecond)
	}

	fams := scrape(t, h, nil)
	fp := journal.Fingerprint("AbcdEfgh")
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"mockekyc_requests_total", map[string]string{"vendor": "ekycpro", "endpoint": "idInquiries", "code": "OK", "status": "200"}, 2},
		// The fault's answer was OK; the client got the proxy's 503.
		{"mockekyc_requests_total", map[string]string{"vendor": "ekycpro", "endpoint": "idInquiries", "code": "OK", "status": "503"}, 1},
		{"mockekyc_requests_total", map[string]string{"vendor": "ekycpro", "endpoint": "idInquiries", "code": "NO_AUTHORIZATION", "status": "401"}, 1},
		{"mockekyc_requests_total", map[string]string{"vendor": "ekycpro", "endpoint": "unrouted", "code": "INVALID_REQUEST", "status": "404"}, 1},
		{"mockekyc_requests_total", map[string]string{"vendor": "verihubs", "endpoint": "ktpExtractAsync", "code": "ACCEPTED", "status": "200"}, 2},
		{"mockekyc_request_duration_seconds", map[string]string{"vendor": "ekycpro", "endpoint": "idInquiries"}, 4},
		{"mockekyc_request_duration_seconds", map[string]string{"vendor": "ekycpro", "endpoint": "unrouted"}, 1},
		{"mockekyc_faults_total", map[string]string{"vendor": "ekycpro", "fault": "http_503"}, 1},
		// eKYCPro's key is its secret: the label is its fingerprint.
		// An unrouted request's key is never read: unknown, as the wrong key.
		{"mockekyc_credential_requests_total", map[string]string{"vendor": "ekycpro", "credential": fp}, 3},
		{"mockekyc_credential_requests_total", map[string]string{"vendor": "ekycpro", "credential": "unknown"}, 2},
		{"mockekyc_credential_requests_total", map[string]string{"vendor": "verihubs", "credential": "app"}, 2},
		// The faulted answer is not charged.
		{"mockekyc_credential_charged_calls", map[string]string{"vendor": "ekycpro", "credential": fp}, 2},
		{"mockekyc_credential_spent", map[string]string{"vendor": "ekycpro", "credential": fp}, 5},
		{"mockekyc_credential_balance_remaining", map[string]string{"vendor": "ekycpro", "credential": fp}, 95},
		{"mockekyc_callbacks_total", map[string]string{"outcome": "delivered"}, 1},
		{"mockekyc_callbacks_total", map[string]string{"outcome": "failed"}, 1},
		{"mockekyc_callbacks_total", map[string]string{"outcome": "dropped"}, 0},
		{"mockekyc_journal_entries", nil, 7},
		{"mockekyc_journal_capacity", nil, 1000},
		{"mockekyc_workspaces", nil, 1},
	} {
		got, found := value(fams, c.name, c.labels)
		if !found || got != c.want {
			t.Errorf("%s%v = %v (found %v), want %v", c.name, c.labels, got, found, c.want)
		}
	}
	// The ledger agrees with the spend series.
	var acc admin.Accounts
	if res := h.Do(h.Request(http.MethodGet, "/__admin/accounts", nil, nil)); res.Status != 200 || json.Unmarshal(res.Body, &acc) != nil {
		t.Fatalf("accounts: %d %s", res.Status, res.Body)
	}
	for _, a := range acc.Accounts {
		if a.Vendor == "ekycpro" && a.Spent != 5 {
			t.Errorf("ledger spent %v", a.Spent)
		}
	}
	// A secret never shows whole.
	res := h.Do(h.Request(http.MethodGet, "/__admin/metrics", nil, nil))
	if bytes.Contains(res.Body, []byte("AbcdEfgh")) {
		t.Error("the metrics show eKYCPro's key")
	}
	if _, found := value(fams, "go_goroutines", nil); !found {
		t.Error("no Go runtime metrics")
	}
}

// TestCardinalityBounded: many distinct bogus paths and credentials add
// no series: the labels take only catalogue and configured values.
func TestCardinalityBounded(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(config))
	series := func() int {
		n := 0
		for name, f := range scrape(t, h, nil) {
			if strings.HasPrefix(name, "mockekyc_") {
				n += len(f.GetMetric())
			}
		}
		return n
	}
	bogus := func(from, to int) {
		for i := from; i < to; i++ {
			ekycpro(t, h, fmt.Sprintf("/v1/bogus-%d", i), fmt.Sprintf("bogus-key-%d", i), nil)
			ekycpro(t, h, "/v1/ididinquiries", fmt.Sprintf("other-key-%d", i), nil)
			h.Do(h.Request(http.MethodPost, fmt.Sprintf("/verihubs/%d/x", i), strings.NewReader("{}"),
				http.Header{"App-Id": {fmt.Sprintf("app-%d", i)}, "Api-Key": {"k"}, "Content-Type": {"application/json"}}))
		}
	}
	bogus(0, 3)
	before := series()
	bogus(3, 300)
	if after := series(); after != before {
		t.Errorf("series grew from %d to %d with 891 more bogus requests", before, after)
	}
	fams := scrape(t, h, nil)
	if got, _ := value(fams, "mockekyc_credential_requests_total", map[string]string{"vendor": "ekycpro", "credential": "unknown"}); got != 600 {
		t.Errorf("unknown eKYCPro credentials counted %v times, want 600", got)
	}
	if got, _ := value(fams, "mockekyc_requests_total", map[string]string{"vendor": "verihubs", "endpoint": "unrouted", "code": "NOT_FOUND", "status": "404"}); got != 300 {
		t.Errorf("unrouted Verihubs requests %v, want 300", got)
	}
}

// TestRegistryPerServer: two servers in one process count apart (neither
// registers on the library's global registry, which would also panic on
// the second).
func TestRegistryPerServer(t *testing.T) {
	a := mocktest.New(t, mocktest.WithConfig(config))
	b := mocktest.New(t, mocktest.WithConfig(config))
	ekycpro(t, a, "/v1/ididinquiries", "AbcdEfgh", nil)
	labels := map[string]string{"vendor": "ekycpro", "endpoint": "idInquiries", "code": "OK", "status": "200"}
	if got, _ := value(scrape(t, a, nil), "mockekyc_requests_total", labels); got != 1 {
		t.Errorf("server a counted %v", got)
	}
	if got, found := value(scrape(t, b, nil), "mockekyc_requests_total", labels); found {
		t.Errorf("server b counted a's request: %v", got)
	}
	if a.Server.Metrics().Registry() == b.Server.Metrics().Registry() {
		t.Error("one registry for two servers")
	}
}

// TestMetricsToken: with an admin token the metrics need it, as every
// admin call but health (Prometheus sends it as authorization.credentials).
func TestMetricsToken(t *testing.T) {
	h := mocktest.New(t, mocktest.WithOptions(func(o *server.Options) { o.AdminToken = "s3cret" }))
	if res := h.Do(h.Request(http.MethodGet, "/__admin/metrics", nil, nil)); res.Status != 401 || res.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("without the token: HTTP %d %s", res.Status, res.Body)
	}
	if res := h.Do(h.Request(http.MethodGet, "/__admin/metrics", nil, http.Header{"Authorization": {"Bearer wrong"}})); res.Status != 401 {
		t.Errorf("a wrong token: HTTP %d", res.Status)
	}
	scrape(t, h, http.Header{"Authorization": {"Bearer s3cret"}})
	if res := h.Do(h.Request(http.MethodPost, "/__admin/metrics", nil, http.Header{"Authorization": {"Bearer s3cret"}})); res.Status != 405 {
		t.Errorf("POST: HTTP %d", res.Status)
	}
}

// TestConcurrent: requests and scrapes at once lose no count (run with
// -race: the series are looked up once and shared).
func TestConcurrent(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(config))
	const workers, each = 4, 25
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				key := "AbcdEfgh"
				if i%5 == 0 {
					key = fmt.Sprintf("bogus-%d-%d", w, i)
				}
				ekycpro(t, h, "/v1/ididinquiries", key, nil)
			}
		})
	}
	wg.Go(func() {
		for range 10 {
			scrape(t, h, nil)
		}
	})
	wg.Wait()
	fams := scrape(t, h, nil)
	// The balance of 100 at 2.5 a call pays for 40 of the 80 good-key calls.
	lbl := map[string]string{"vendor": "ekycpro", "endpoint": "idInquiries", "status": "200"}
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"mockekyc_requests_total", with(lbl, "code", "OK"), 40},
		{"mockekyc_requests_total", with(lbl, "code", "INSUFFICIENT_BALANCE"), 40},
		{"mockekyc_credential_requests_total", map[string]string{"vendor": "ekycpro", "credential": journal.Fingerprint("AbcdEfgh")}, workers * each * 4 / 5},
		{"mockekyc_credential_requests_total", map[string]string{"vendor": "ekycpro", "credential": "unknown"}, workers * each / 5},
		{"mockekyc_request_duration_seconds", map[string]string{"vendor": "ekycpro", "endpoint": "idInquiries"}, workers * each},
	} {
		if got, _ := value(fams, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
}

func with(m map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for a, b := range m {
		out[a] = b
	}
	return out
}
