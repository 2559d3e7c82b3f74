package mockekyctest_test

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/mockekycadmin"
	"github.com/mockekyc/mockekyc/mockekyctest"
)

const ekycproKey = "AbcdEfgh" // the embedded config's eKYCPro key

// get sends GET url with the eKYCPro key through c and decodes the JSON
// answer.
func get(t *testing.T, c *http.Client, url string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-API-Key", ekycproKey)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("GET %s: HTTP %d, body not JSON: %v", url, resp.StatusCode, err)
	}
	return resp.StatusCode, body
}

// TestDoneMeans is the check: the vendor's own URL through
// srv.Client(), and srv.URL through http.DefaultClient.
func TestDoneMeans(t *testing.T) {
	srv := mockekyctest.New(t)
	for _, c := range []struct {
		name   string
		client *http.Client
		url    string
	}{
		{"vendor URL via srv.Client()", srv.Client(), "https://api.ekycpro.com/v1/balance"},
		{"srv.URL via http.DefaultClient", http.DefaultClient, srv.URL("ekycpro") + "/v1/balance"},
	} {
		status, body := get(t, c.client, c.url)
		if status != 200 || body["status"] != "OK" {
			t.Errorf("%s: HTTP %d %v, want 200 {\"status\":\"OK\",...}", c.name, status, body)
		}
	}
	got := srv.Requests(mockekyctest.Filter{Vendor: "ekycpro", Endpoint: "balance"})
	// Newest first.
	if len(got) != 2 || got[1].Host != "api.ekycpro.com" || got[0].Path != "/ekycpro/v1/balance" || got[0].Code != "OK" {
		t.Errorf("journal: %+v", got)
	}
}

// TestClientRoutesEveryHost: every hostname the mock answers as a vendor,
// over http:// and https://, reaches that vendor on this mock (the
// journal says so), and the mock's own addresses work too.
func TestClientRoutesEveryHost(t *testing.T) {
	srv := mockekyctest.New(t)
	c := srv.Client()
	hosts := srv.Hosts()
	if len(hosts) < 10 {
		t.Fatalf("hosts %v: want every vendor's API hosts and <vendor>.localhost", hosts)
	}
	for _, h := range hosts {
		for _, scheme := range []string{"http", "https"} {
			resp, err := c.Get(scheme + "://" + h + "/no/such/path")
			if err != nil {
				t.Errorf("%s://%s: %v", scheme, h, err)
				continue
			}
			resp.Body.Close()
			e := srv.LastRequest(mockekyctest.Filter{})
			if e.Host != h || e.Path != "/no/such/path" {
				t.Errorf("%s://%s reached the mock as host %q path %q", scheme, h, e.Host, e.Path)
			}
		}
	}
	for _, u := range []string{srv.BaseURL() + "/__admin/health", srv.HTTPSBaseURL() + "/__admin/health"} {
		resp, err := c.Get(u)
		if err != nil {
			t.Errorf("%s: %v", u, err)
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s: HTTP %d", u, resp.StatusCode)
		}
	}
}

// TestClientRefusesOtherHosts: a host the mock does not answer fails at
// once and says why; nothing goes to the network.
func TestClientRefusesOtherHosts(t *testing.T) {
	srv := mockekyctest.New(t)
	for _, u := range []string{"https://example.com/", "http://api.ekycpro.com.evil.test/", "http://127.0.0.2:1/"} {
		_, err := srv.Client().Get(u)
		if err == nil || !strings.Contains(err.Error(), "is not the mock") || !strings.Contains(err.Error(), "api.verihubs.com") {
			t.Errorf("GET %s: %v, want a refusal naming the hosts the client reaches", u, err)
		}
	}
}

// TestTransportTrustsOnlyTheMocksCA: the mock's certificate is signed by
// this server's own CA, which CACertPEM gives, and not by another
// server's.
func TestTransportTrustsOnlyTheMocksCA(t *testing.T) {
	a, b := mockekyctest.New(t), mockekyctest.New(t)
	if bytes.Equal(a.CACertPEM(), b.CACertPEM()) {
		t.Fatal("two servers share a CA")
	}
	trusting := func(caPEM []byte) *http.Client {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(caPEM) {
			t.Fatal("CACertPEM is not a PEM certificate")
		}
		return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	}
	resp, err := trusting(b.CACertPEM()).Get(b.HTTPSBaseURL() + "/__admin/health")
	if err != nil {
		t.Fatalf("a client trusting b's CA: %v", err)
	}
	resp.Body.Close()
	if _, err := trusting(a.CACertPEM()).Get(b.HTTPSBaseURL() + "/__admin/health"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("a client trusting a's CA reached b over HTTPS: %v", err)
	}
}

func TestAddRuleForcesACodeAndExpectAnswerExplains(t *testing.T) {
	srv := mockekyctest.New(t)
	st := srv.AddRule(mockekyctest.Rule{
		Name: "balance fails", Vendor: "ekycpro", Endpoint: "balance",
		Respond: mockekyctest.Respond{Code: "INNER_ERROR"}, Times: 1,
	})
	if st.ID == "" || st.Group != "admin" || st.Remaining == nil || *st.Remaining != 1 {
		t.Fatalf("rule status %+v", st)
	}
	status, body := get(t, srv.Client(), "https://api.ekycpro.com/v1/balance")
	if status != 500 || body["status"] != "INNER_ERROR" {
		t.Fatalf("forced: HTTP %d %v", status, body)
	}
	e := srv.ExpectAnswer(mockekyctest.Filter{Vendor: "ekycpro"}, "INNER_ERROR")
	if e.Why != "scenario" || e.Rule != "balance fails" {
		t.Errorf("entry %+v", e)
	}
	// Spent after one: the next call is the natural answer.
	if status, _ := get(t, srv.Client(), "https://api.ekycpro.com/v1/balance"); status != 200 {
		t.Errorf("after the rule was spent: HTTP %d", status)
	}
	// A failed expectation says what the mock answered and why.
	msg := fatal(t, func(tb testing.TB) {
		mockekyctest.New(tb) // another server: its own journal
		srv2 := mockekyctest.New(tb)
		get(t, srv2.Client(), "https://api.ekycpro.com/v1/balance")
		srv2.ExpectAnswer(mockekyctest.Filter{Vendor: "ekycpro"}, "INNER_ERROR")
	})
	for _, want := range []string{"answered OK, not INNER_ERROR", "HTTP 200", "why: natural", "api.ekycpro.com/v1/balance"} {
		if !strings.Contains(msg, want) {
			t.Errorf("failure message lacks %q:\n%s", want, msg)
		}
	}
	// An undocumented code is refused by the mock, with its reason.
	msg = fatal(t, func(tb testing.TB) {
		srv3 := mockekyctest.New(tb)
		srv3.AddRule(mockekyctest.Rule{Name: "x", Vendor: "ekycpro", Endpoint: "balance", Respond: mockekyctest.Respond{Code: "NOPE"}})
	})
	if !strings.Contains(msg, "HTTP 400") || !strings.Contains(msg, "NOPE") {
		t.Errorf("an undocumented code: %s", msg)
	}
	srv.RemoveRule(st.ID)
	if msg := fatal(t, func(tb testing.TB) { mockekyctest.New(tb).RemoveRule("nope") }); !strings.Contains(msg, `no admin rule "nope"`) {
		t.Errorf("removing an unknown rule: %q", msg)
	}
}

func TestLastRequestOnEmptyJournal(t *testing.T) {
	msg := fatal(t, func(tb testing.TB) {
		mockekyctest.New(tb).LastRequest(mockekyctest.Filter{Vendor: "verihubs"})
	})
	if !strings.Contains(msg, "no request matching {vendor=verihubs}") || !strings.Contains(msg, "journal is empty") {
		t.Errorf("message: %s", msg)
	}
}

func TestOptions(t *testing.T) {
	start := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	srv := mockekyctest.New(t,
		mockekyctest.WithSeed(7),
		mockekyctest.WithTime(start),
		mockekyctest.WithScenarios([]byte(`
scenarios:
  - name: balance is down
    vendor: ekycpro
    endpoint: balance
    respond: {code: RETRY_LATER}
`)),
		mockekyctest.WithConfig([]byte(`
seed: 1
vendors:
  ekycpro:
    credentials:
      - {id: MyOwnKey1}
`)),
	)
	if got := srv.Now(); !got.Equal(start) {
		t.Errorf("clock %s, want %s", got, start)
	}
	if got := srv.Advance(90 * time.Minute); !got.Equal(start.Add(90 * time.Minute)) {
		t.Errorf("advanced clock %s", got)
	}
	if got := srv.SetClock(start.Add(time.Hour)); !got.Equal(start.Add(time.Hour)) {
		t.Errorf("set clock %s", got)
	}
	const nik = "3171234567890003"
	p7 := srv.Person(nik)
	if other := mockekyctest.New(t, mockekyctest.WithSeed(8)).Person(nik); other.Name == p7.Name && other.Address == p7.Address {
		t.Errorf("seeds 7 and 8 give the same person %+v", p7)
	}
	if again := mockekyctest.New(t, mockekyctest.WithSeed(7)).Person(nik); again != p7 {
		t.Errorf("seed 7 twice: %+v and %+v", p7, again)
	}
	found := false
	for _, a := range srv.Accounts() {
		found = found || (a.Vendor == "ekycpro" && a.ID == "MyOwnKey1")
	}
	if !found {
		t.Errorf("the config's key is not an account: %+v", srv.Accounts())
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL("ekycpro")+"/v1/balance", nil)
	req.Header.Set("X-API-Key", "MyOwnKey1")
	for range 2 {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		srv.ExpectAnswer(mockekyctest.Filter{Endpoint: "balance"}, "RETRY_LATER")
		srv.Reset() // the YAML rules stay, as a directory's do
	}
	if !srv.Now().Equal(start) {
		t.Errorf("reset did not put the clock back to %s", start)
	}
}

func TestWithStartTimeRuns(t *testing.T) {
	start := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)
	srv := mockekyctest.New(t, mockekyctest.WithStartTime(start))
	first := srv.Now()
	if first.Before(start) || first.After(start.Add(time.Hour)) {
		t.Fatalf("clock %s, want just after %s", first, start)
	}
	for range 1000 {
		if srv.Now().After(first) {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Errorf("the clock stayed at %s", first)
}

func TestBadOptionsFailNew(t *testing.T) {
	for _, c := range []struct {
		name string
		opts []mockekyctest.Option
		want string
	}{
		{"config", []mockekyctest.Option{mockekyctest.WithConfig([]byte("seed: [1\n"))}, "WithConfig:"},
		{"config key", []mockekyctest.Option{mockekyctest.WithConfig([]byte("nope: 1\n"))}, "WithConfig:1"},
		{"scenario", []mockekyctest.Option{mockekyctest.WithScenarios([]byte("scenarios:\n  - name: x\n    vendor: ekycpro\n    respond: {code: NOPE}\n"))}, "WithScenarios-1.yaml:4"},
		{"both scenario kinds", []mockekyctest.Option{mockekyctest.WithScenarios([]byte("scenarios: []\n")), mockekyctest.WithScenarioDir(t.TempDir())}, "both given"},
		{"config file", []mockekyctest.Option{mockekyctest.WithConfigFile("/nonexistent/mockekyc.yaml")}, "no such file"},
	} {
		_, err := mockekyctest.Start(c.opts...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error containing %q", c.name, err, c.want)
		}
	}
}

func TestURLOfAnUnknownVendorFails(t *testing.T) {
	msg := fatal(t, func(tb testing.TB) { mockekyctest.New(tb).URL("nope") })
	if !strings.Contains(msg, `no vendor "nope"`) || !strings.Contains(msg, "ekycpro") {
		t.Errorf("message: %s", msg)
	}
}

func TestCoverageAndClearRequests(t *testing.T) {
	srv := mockekyctest.New(t)
	get(t, srv.Client(), "http://api.ekycpro.com/v1/balance")
	cov := srv.Coverage("ekycpro", "")
	if cov.Answered != 1 || cov.Documented < 10 {
		t.Errorf("coverage %+v", cov)
	}
	srv.ClearRequests()
	if n := len(srv.Requests(mockekyctest.Filter{})); n != 0 {
		t.Errorf("%d requests after clearing", n)
	}
	if len(srv.Rules()) == 0 {
		t.Error("no shipped rules listed")
	}
}

func TestImage(t *testing.T) {
	srv := mockekyctest.New(t)
	jpeg := srv.Image(mockekyctest.ImageSpec{Marker: "scenario=FAIL"})
	if !bytes.HasPrefix(jpeg, []byte{0xFF, 0xD8, 0xFF}) {
		t.Errorf("not a JPEG: % x", jpeg[:8])
	}
	png, err := mockekyctest.MakeImage(mockekyctest.ImageSpec{Format: "png", Width: 40, Height: 30, Bytes: 5000})
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) || len(png) < 4900 {
		t.Errorf("png: %d bytes, %v", len(png), err)
	}
	if _, err := mockekyctest.MakeImage(mockekyctest.ImageSpec{Format: "svg"}); err == nil {
		t.Error("an unknown format made an image")
	}
}

// TestParallelServers: servers in parallel tests share nothing: each has
// its own journal, rules and clock (go test -race checks the rest).
func TestParallelServers(t *testing.T) {
	for i := range 6 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			srv := mockekyctest.New(t, mockekyctest.WithTime(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)))
			if i%2 == 0 {
				srv.AddRule(mockekyctest.Rule{Name: "down", Vendor: "ekycpro", Endpoint: "balance", Respond: mockekyctest.Respond{Code: "INNER_ERROR"}})
			}
			srv.Advance(time.Duration(i) * time.Hour)
			var wg sync.WaitGroup
			for range 4 {
				wg.Go(func() {
					req, _ := http.NewRequest(http.MethodGet, "https://api.ekycpro.com/v1/balance", nil)
					req.Header.Set("X-API-Key", ekycproKey)
					if resp, err := srv.Client().Do(req); err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}
				})
			}
			wg.Wait()
			want := "OK"
			if i%2 == 0 {
				want = "INNER_ERROR"
			}
			es := srv.Requests(mockekyctest.Filter{})
			if len(es) != 4 {
				t.Fatalf("%d requests in this server's journal, want its own 4", len(es))
			}
			for _, e := range es {
				if e.Code != want {
					t.Errorf("server %d answered %s, want %s", i, e.Code, want)
				}
			}
			if got := srv.Now(); !got.Equal(time.Date(2030, 1, 1, i, 0, 0, 0, time.UTC)) {
				t.Errorf("server %d's clock %s", i, got)
			}
		})
	}
}

// TestCloseLeavesNoGoroutine: after Close every goroutine the server
// started has ended (the warm-up, the scenario watcher, the listeners).
func TestCloseLeavesNoGoroutine(t *testing.T) {
	// A first server outside the count: the process-wide parse of the
	// specs is done once.
	mockekyctest.New(t)
	before := runtime.NumGoroutine()
	for range 3 {
		srv, err := mockekyctest.Start(mockekyctest.WithScenarios([]byte("scenarios: []\n")))
		if err != nil {
			t.Fatal(err)
		}
		get(t, srv.Client(), "https://api.ekycpro.com/v1/balance")
		get(t, http.DefaultClient, srv.URL("ekycpro")+"/v1/balance")
		srv.Close()
		srv.Close() // idempotent
	}
	http.DefaultClient.CloseIdleConnections()
	// Closed connections' goroutines end asynchronously: poll, bounded.
	var after int
	for range 200 {
		if after = runtime.NumGoroutine(); after <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	t.Errorf("%d goroutines before, %d after closing three servers:\n%s", before, after, buf[:runtime.Stack(buf, true)])
}

func TestStartedServerHelpersPanicWithTheMessage(t *testing.T) {
	srv, err := mockekyctest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	defer func() {
		p := recover()
		if s, ok := p.(string); !ok || !strings.Contains(s, "no request matching") {
			t.Errorf("panic %v", p)
		}
	}()
	srv.LastRequest(mockekyctest.Filter{Vendor: "ekycpro"})
}

func TestAdminErrors(t *testing.T) {
	srv := mockekyctest.New(t)
	_, err := srv.Admin().Request(t.Context(), 424242)
	var re *mockekycadmin.ResponseError
	if !errors.As(err, &re) || re.StatusCode != 404 || !strings.Contains(re.Message, "no request 424242") || !mockekycadmin.IsNotFound(err) {
		t.Errorf("error %#v", err)
	}
}

// fatal runs f with a testing.TB whose Fatalf stops f and is returned
// (Errorf too); "" when f did not fail. Cleanups run when fatal returns.
func fatal(t *testing.T, f func(tb testing.TB)) string {
	t.Helper()
	tb := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer tb.cleanup()
		f(tb)
	}()
	<-done
	return tb.msg
}

type recorder struct {
	testing.TB
	mu       sync.Mutex
	msg      string
	cleanups []func()
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msg += fmt.Sprintf(format, args...)
}

func (r *recorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }

func (r *recorder) cleanup() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

// TestCloseCancelsCallbacks: a Verihubs callback in flight to a receiver
// that never answers is cancelled by Close, which returns once the
// delivery has ended, and the connection the mock opened is closed: at
// once when the request had it, or when its dial ends if the receiver
// accepted before the dial had handed it over (the transport keeps such
// a dial running after the cancel; outbound's TestCloseIdleClosesALateDial).
func TestCloseCancelsCallbacks(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			accepted <- c // and never answer
		}
	}()
	srv, err := mockekyctest.Start()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]string{
		"image":        base64.StdEncoding.EncodeToString(srv.Image(mockekyctest.ImageSpec{})),
		"callback_url": "http://" + ln.Addr().String() + "/hook",
		"reference_id": "close-test",
	})
	req, _ := http.NewRequest(http.MethodPost, "https://api.verihubs.com/ktp/id/extract-async", bytes.NewReader(body))
	req.Header.Set("App-ID", "demo-app-id")
	req.Header.Set("API-Key", "demo-api-key")
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("async extract: HTTP %d", resp.StatusCode)
	}
	var conn net.Conn
	select {
	case conn = <-accepted:
	case <-time.After(30 * time.Second):
		t.Fatal("the mock never called back")
	}
	defer conn.Close()
	srv.Close()
	// Close has returned: the delivery was cancelled and its connection
	// is closed or closes as its dial ends, never left in the pool for
	// IdleConnTimeout (the deadline only bounds a bug).
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	buf := make([]byte, 64<<10)
	for {
		if _, err := conn.Read(buf); err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Fatal("the callback's connection is still open after Close")
			}
			return
		}
	}
}
