package mockekycadmin_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
	"github.com/mockekyc/mockekyc/internal/scenario"
	"github.com/mockekyc/mockekyc/internal/server"
	"github.com/mockekyc/mockekyc/mockekycadmin"
)

// Every method of the Client against a real mock (the harness: a fixed
// clock at mocktest.Epoch), each decoding the mock's answer.

func newClient(t *testing.T, opts ...mocktest.Option) (*mocktest.Harness, *mockekycadmin.Client) {
	t.Helper()
	h := mocktest.New(t, opts...)
	c, err := mockekycadmin.New(h.HTTP.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	return h, c
}

// must(v, err)(t) is v, or the test fails with err.
func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func badKey(t *testing.T, h *mocktest.Harness) {
	t.Helper()
	req := h.Request(http.MethodGet, "/ekycpro/v1/balance", nil, http.Header{"X-Api-Key": {"wrong"}})
	if res := h.Do(req); res.Status != 401 {
		t.Fatalf("wrong key: HTTP %d", res.Status)
	}
}

func TestClientJournal(t *testing.T) {
	h, c := newClient(t)
	ctx := context.Background()
	badKey(t, h)
	badKey(t, h)
	es := must(c.Requests(ctx, mockekycadmin.Filter{Vendor: "ekycpro", Endpoint: "balance", Code: "NO_AUTHORIZATION", Status: 401, Limit: 1}))(t)
	if len(es) != 1 || es[0].Why != "auth" || es[0].ID != 2 {
		t.Fatalf("requests %+v", es)
	}
	if got := must(c.Requests(ctx, mockekycadmin.Filter{Since: 1}))(t); len(got) != 1 || got[0].ID != 2 {
		t.Errorf("since 1: %+v", got)
	}
	if e := must(c.Request(ctx, 1))(t); e.ID != 1 || e.Status != 401 {
		t.Errorf("request 1 %+v", e)
	}
	if err := c.ClearRequests(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := c.Request(ctx, 1)
	var re *mockekycadmin.ResponseError
	if !errors.As(err, &re) || re.StatusCode != 404 || re.Path != "/__admin/requests/1" || !strings.Contains(re.Error(), "no request 1 in the journal") || !mockekycadmin.IsNotFound(err) {
		t.Errorf("a cleared request: %v", err)
	}
	_, err = c.Requests(ctx, mockekycadmin.Filter{Limit: -1})
	if !errors.As(err, &re) || re.StatusCode != 400 {
		t.Errorf("a negative limit: %v", err)
	}
}

func TestClientRules(t *testing.T) {
	h, c := newClient(t)
	ctx := context.Background()
	st := must(c.AddRule(ctx, mockekycadmin.Rule{
		Name: "slow and down", Vendor: "ekycpro", Endpoint: "balance",
		Match:   mockekycadmin.Match{Header: map[string]string{"X-Test": "1"}},
		Respond: mockekycadmin.Respond{Code: "INNER_ERROR", Delay: 10 * time.Millisecond, Set: map[string]any{}}, Times: 3,
	}))(t)
	if st.ID == "" || st.Source != "admin" || st.Respond.Delay != 10*time.Millisecond || *st.Remaining != 3 {
		t.Errorf("added %+v", st)
	}
	req := h.Request(http.MethodGet, "/ekycpro/v1/balance", nil, http.Header{"X-Api-Key": {"AbcdEfgh"}, "X-Test": {"1"}})
	if res := h.Do(req); res.Status != 500 {
		t.Errorf("the rule did not apply: HTTP %d", res.Status)
	}
	var found bool
	for _, r := range must(c.Rules(ctx))(t) {
		if r.ID == st.ID {
			found = r.Hits == 1 && *r.Remaining == 2 && r.Match.Header["X-Test"] == "1"
		}
	}
	if !found {
		t.Error("the rule is not listed with one hit")
	}
	if err := c.RemoveRule(ctx, st.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.RemoveRule(ctx, st.ID); !mockekycadmin.IsNotFound(err) {
		t.Errorf("removing twice: %v", err)
	}
	_, err := c.AddRule(ctx, mockekycadmin.Rule{Name: "x", Vendor: "ekycpro", Endpoint: "balance", Respond: mockekycadmin.Respond{Code: "NOPE"}})
	var re *mockekycadmin.ResponseError
	if !errors.As(err, &re) || re.StatusCode != 400 || !strings.Contains(re.Message, "NOPE") {
		t.Errorf("an undocumented code: %v", err)
	}
}

func TestClientState(t *testing.T) {
	h, c := newClient(t)
	ctx := context.Background()
	hl := must(c.Health(ctx))(t)
	if hl.Status != "ok" || len(hl.Vendors) != 5 {
		t.Errorf("health %+v", hl)
	}
	if now := must(c.Now(ctx))(t); !now.Equal(mocktest.Epoch) {
		t.Errorf("now %s", now)
	}
	if now := must(c.AdvanceClock(ctx, time.Hour))(t); !now.Equal(mocktest.Epoch.Add(time.Hour)) {
		t.Errorf("advanced %s", now)
	}
	if now := must(c.SetClock(ctx, mocktest.Epoch.Add(48*time.Hour)))(t); !now.Equal(mocktest.Epoch.Add(48 * time.Hour)) {
		t.Errorf("set %s", now)
	}
	if now := must(c.ResetClock(ctx))(t); !now.Equal(mocktest.Epoch) {
		t.Errorf("reset clock %s", now)
	}
	badKey(t, h)
	cov := must(c.Coverage(ctx, "ekycpro", ""))(t)
	if cov.Answered != 1 || len(cov.Endpoints) == 0 {
		t.Errorf("coverage %+v", cov)
	}
	// An unknown credential is a 400 that names it, not an empty report.
	var re *mockekycadmin.ResponseError
	if _, err := c.Coverage(ctx, "", "nobody"); !errors.As(err, &re) || re.StatusCode != 400 || !strings.Contains(re.Message, `unknown credential "nobody"`) {
		t.Errorf("coverage of nobody: %v", err)
	}
	if err := c.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if es := must(c.Requests(ctx, mockekycadmin.Filter{}))(t); len(es) != 0 {
		t.Errorf("journal after reset: %d", len(es))
	}
	var key bool
	for _, a := range must(c.Accounts(ctx))(t) {
		key = key || (a.Vendor == "ekycpro" && a.ID == "AbcdEfgh")
	}
	if !key {
		t.Error("no eKYCPro account")
	}
	eps := must(c.Catalogue(ctx, "ekycpro"))(t)
	if len(eps) == 0 || eps[0].Vendor != "ekycpro" || len(eps[0].Answers) == 0 || eps[0].Evidence == "" {
		t.Errorf("catalogue %+v", eps)
	}
	if all := must(c.Catalogue(ctx, ""))(t); len(all) <= len(eps) {
		t.Errorf("whole catalogue %d endpoints", len(all))
	}
	if p := must(c.Person(ctx, "3171234567890003"))(t); p.NIK != "3171234567890003" || p.Name == "" {
		t.Errorf("person %+v", p)
	}
	if spec := must(c.Spec(ctx, "ekycpro"))(t); !strings.HasPrefix(string(spec), "openapi: 3") {
		t.Errorf("spec %.40s", spec)
	}
	if _, err := c.CACertPEM(ctx); !mockekycadmin.IsNotFound(err) {
		t.Errorf("ca.pem without HTTPS: %v", err)
	}
}

func TestClientToken(t *testing.T) {
	h := mocktest.New(t, mocktest.WithOptions(func(o *server.Options) { o.AdminToken = "s3cret" }))
	without := must(mockekycadmin.New(h.HTTP.URL))(t)
	if _, err := without.Accounts(context.Background()); err == nil || !strings.Contains(err.Error(), "HTTP 401") {
		t.Errorf("without the token: %v", err)
	}
	with := must(mockekycadmin.New(h.HTTP.URL, mockekycadmin.WithToken("s3cret"), mockekycadmin.WithHTTPClient(h.Client)))(t)
	if _, err := with.Accounts(context.Background()); err != nil {
		t.Errorf("with the token: %v", err)
	}
}

func TestClientNotTheMock(t *testing.T) {
	h := mocktest.New(t)
	// A vendor's base URL is not the mock's root: the answer is the
	// vendor's 404, which the error shows.
	c := must(mockekycadmin.New(h.HTTP.URL + "/ekycpro"))(t)
	_, err := c.Health(context.Background())
	var re *mockekycadmin.ResponseError
	if !errors.As(err, &re) || re.StatusCode != 404 || re.Message == "" {
		t.Errorf("health at a vendor's URL: %v", err)
	}
	for _, bad := range []string{"", "127.0.0.1:8080", "ftp://x", "http://"} {
		if _, err := mockekycadmin.New(bad); err == nil {
			t.Errorf("New(%q) took it", bad)
		}
	}
}

func TestVendorTransportArguments(t *testing.T) {
	for _, r := range []mockekycadmin.Routes{
		{},
		{HTTPAddr: "127.0.0.1:1"},
		{HTTPAddr: "127.0.0.1:1", HTTPSAddr: "127.0.0.1:2", Hosts: []string{"api.ekycpro.com"}, CACertPEM: []byte("not pem")},
	} {
		if _, err := mockekycadmin.VendorTransport(r); err == nil {
			t.Errorf("VendorTransport(%+v) took it", r)
		}
	}
	tr := must(mockekycadmin.VendorTransport(mockekycadmin.Routes{HTTPAddr: "127.0.0.1:1", Hosts: []string{"api.ekycpro.com"}}))(t)
	_, err := (&http.Client{Transport: tr}).Get("https://api.ekycpro.com/v1/balance")
	if err == nil || !strings.Contains(err.Error(), "no HTTPS listener") {
		t.Errorf("https without an HTTPS listener: %v", err)
	}
}

// TestClientFixtureYAMLAndOTPs: the fixture image, scenario files as YAML
// (all or none) and the OTP list.
func TestClientFixtureYAMLAndOTPs(t *testing.T) {
	h, c := newClient(t)
	ctx := context.Background()
	img := must(c.Fixture(ctx, "3171024302821001", "scenario=FAIL", "png", 320, 200))(t)
	if info := imagecheck.Inspect(img); info.Format != imagecheck.PNG || info.Width != 320 || info.Marker["nik"] != "3171024302821001" || info.Marker["scenario"] != "FAIL" {
		t.Errorf("fixture %+v", info)
	}
	var re *mockekycadmin.ResponseError
	if _, err := c.Fixture(ctx, "", "", "heic", 0, 0); !errors.As(err, &re) || re.StatusCode != 400 {
		t.Errorf("bad format: %v", err)
	}
	rules := must(c.AddRulesYAML(ctx, []byte("scenarios:\n  - name: y1\n    vendor: ekycpro\n    respond: {code: RETRY_LATER}\n  - name: y2\n    vendor: ekycpro\n    respond: {code: INNER_ERROR}\n")))(t)
	if len(rules) != 2 || rules[0].Name != "y1" || rules[1].Group != "admin" {
		t.Errorf("rules %+v", rules)
	}
	if _, err := c.AddRulesYAML(ctx, []byte("scenarios:\n  - name: bad\n    vendor: ekycpro\n    respond: {code: NOPE}\n")); !errors.As(err, &re) || !strings.HasPrefix(re.Message, "admin:4:") {
		t.Errorf("bad file: %v", err)
	}
	if otps := must(c.OTPs(ctx, "verihubs", "", ""))(t); len(otps) != 0 {
		t.Errorf("OTPs before any send: %+v", otps)
	}
	hdr := http.Header{"App-Id": {"demo-app-id"}, "Api-Key": {"demo-api-key"}, "Content-Type": {"application/json"}}
	if res := h.Do(h.Request(http.MethodPost, "/verihubs/v1/whatsapp/otp/send", strings.NewReader(`{"msisdn":"6281234567890","lang_code":"id","challenge":"login"}`), hdr)); res.Status != http.StatusCreated {
		t.Fatalf("send: HTTP %d %s", res.Status, res.Body)
	}
	if otps := must(c.OTPs(ctx, "verihubs", "demo-app-id", "6281234567890"))(t); len(otps) != 1 || len(otps[0].OTP) < 4 || otps[0].Challenge != "login" {
		t.Errorf("OTPs after a send: %+v", otps)
	}
}

// TestRespondMatchesTheMock: the public Respond and its fault names are a
// copy of the mock's own (scenario.Respond), kept as a public type; this
// holds the copy to the original: the same faults, and one value's JSON
// read by each side the same.
func TestRespondMatchesTheMock(t *testing.T) {
	public := []string{mockekycadmin.FaultConnectionReset, mockekycadmin.FaultTimeout, mockekycadmin.FaultEmptyBody, mockekycadmin.FaultMalformedBody,
		mockekycadmin.FaultHTTP500, mockekycadmin.FaultHTTP502, mockekycadmin.FaultHTTP503, mockekycadmin.FaultHTTP504}
	if got := scenario.Faults(); !slices.Equal(got, public) {
		t.Errorf("the mock's faults %v, the public ones %v", got, public)
	}
	want := mockekycadmin.Respond{Code: "RETRY_LATER", Message: "m", Set: map[string]any{"data.x": "y"}, Delay: 1500 * time.Millisecond, Fault: mockekycadmin.FaultHTTP503}
	data, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var mock scenario.Respond
	if err := json.Unmarshal(data, &mock); err != nil {
		t.Fatalf("the mock cannot read the public form %s: %v", data, err)
	}
	back, err := json.Marshal(mock)
	if err != nil {
		t.Fatal(err)
	}
	if string(back) != string(data) {
		t.Errorf("the mock writes %s, the public type %s", back, data)
	}
}
