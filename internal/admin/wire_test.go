package admin_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/mocktest"
	"github.com/mockekyc/mockekyc/internal/server"
)

// The round-trip tests: each /__admin endpoint is called through the real
// server and its answer decoded strictly into its wire type, so a key the
// handler sends that the type lacks (or a type that no longer matches the
// value) fails here.

// call sends method path (under /__admin) with body and checks the status
// and the JSON content type.
func call(t *testing.T, h *mocktest.Harness, method, path, body string, want int) mocktest.Result {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	res := h.Do(h.Request(method, "/__admin"+path, r, nil))
	if res.Status != want {
		t.Fatalf("%s %s: HTTP %d, want %d: %s", method, path, res.Status, want, res.Body)
	}
	return res
}

// decode reads the answer strictly into T: no unknown key, nothing after
// the one JSON value, and a JSON content type.
func decode[T any](t *testing.T, res mocktest.Result) T {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type %q, want application/json: %s", ct, res.Body)
	}
	var v T
	dec := json.NewDecoder(bytes.NewReader(res.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding into %T: %v\n%s", v, err, res.Body)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		t.Fatalf("more after the %T: %v\n%s", v, err, res.Body)
	}
	return v
}

// get calls and decodes in one step.
func get[T any](t *testing.T, h *mocktest.Harness, method, path, body string, want int) T {
	t.Helper()
	return decode[T](t, call(t, h, method, path, body, want))
}

// failing sends an answer that must be the admin Error type with a
// message containing wantMsg.
func failing(t *testing.T, h *mocktest.Harness, method, path, body string, want int, wantMsg string) {
	t.Helper()
	e := get[admin.Error](t, h, method, path, body, want)
	if !strings.Contains(e.Error, wantMsg) {
		t.Errorf("%s %s: error %q, want it to contain %q", method, path, e.Error, wantMsg)
	}
}

// badKey makes one journaled eKYCPro call that fails its API key.
func badKey(t *testing.T, h *mocktest.Harness) {
	t.Helper()
	hdr := http.Header{"X-Api-Key": {"wrong"}, "Content-Type": {"application/x-www-form-urlencoded"}}
	if res := h.Do(h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader("a=b"), hdr)); res.Status != 401 {
		t.Fatalf("a wrong key: HTTP %d %s", res.Status, res.Body)
	}
}

const rule = `{"name":"wire-rule","vendor":"ekycpro","endpoint":"idOcr","respond":{"code":"FAIL"},"times":2}`

func TestWireHealth(t *testing.T) {
	h := mocktest.New(t, mocktest.WithOptions(func(o *server.Options) { o.Version = "v9.9.9-test" }))
	got := get[admin.Health](t, h, http.MethodGet, "/health", "", 200)
	if got.Status != "ok" || got.Version != "v9.9.9-test" || got.Now != mocktest.Epoch.UTC().Format(time.RFC3339Nano) || got.UptimeSeconds < 0 {
		t.Errorf("health %+v", got)
	}
	names := map[string]bool{}
	for _, v := range got.Vendors {
		names[v.Name] = v.PathPrefix != "" && v.Title != ""
	}
	for _, want := range []string{"izidata", "advance", "accuauth", "verihubs", "ekycpro"} {
		if !names[want] {
			t.Errorf("health lists no %s with a prefix and title: %+v", want, got.Vendors)
		}
	}
}

func TestWireRequests(t *testing.T) {
	h := mocktest.New(t)
	badKey(t, h)
	badKey(t, h)
	got := get[admin.RequestList](t, h, http.MethodGet, "/requests?vendor=ekycpro&limit=1", "", 200)
	if got.Count != 1 || len(got.Requests) != 1 || got.Capacity <= 0 {
		t.Fatalf("requests %+v", got)
	}
	e := got.Requests[0]
	if e.Vendor != "ekycpro" || e.Status != 401 || e.Why != "auth" || e.Credential != journal.Fingerprint("wrong") {
		t.Errorf("entry %+v", e)
	}
	failing(t, h, http.MethodGet, "/requests?limit=x", "", 400, `limit must be a whole number, got "x"`)
	failing(t, h, http.MethodGet, "/requests?since=-1", "", 400, `since must be a request id`)
}

func TestWireRequest(t *testing.T) {
	h := mocktest.New(t)
	badKey(t, h)
	list := get[admin.RequestList](t, h, http.MethodGet, "/requests", "", 200)
	if list.Count != 1 {
		t.Fatalf("requests %+v", list)
	}
	id := list.Requests[0].ID
	got := get[admin.Entry](t, h, http.MethodGet, "/requests/"+jsonNumber(id), "", 200)
	if got.ID != id || got.Endpoint != list.Requests[0].Endpoint || got.Status != 401 {
		t.Errorf("request %d: %+v", id, got)
	}
	failing(t, h, http.MethodGet, "/requests/999999", "", 404, "no request 999999 in the journal")
}

func TestWireClearRequests(t *testing.T) {
	h := mocktest.New(t)
	badKey(t, h)
	if res := call(t, h, http.MethodDelete, "/requests", "", 204); len(res.Body) != 0 {
		t.Errorf("DELETE /requests answered a body: %s", res.Body)
	}
	if got := get[admin.RequestList](t, h, http.MethodGet, "/requests", "", 200); got.Count != 0 || got.Requests == nil {
		t.Errorf("after clearing: %+v (want an empty, non-null list)", got)
	}
}

func TestWireScenarios(t *testing.T) {
	h := mocktest.New(t)
	before := get[admin.ScenarioList](t, h, http.MethodGet, "/scenarios", "", 200)
	if before.Count != len(before.Scenarios) || len(adminRules(before)) != 0 {
		t.Errorf("before adding: %+v", before)
	}
	h.AddRules(rule)
	got := get[admin.ScenarioList](t, h, http.MethodGet, "/scenarios", "", 200)
	added := adminRules(got)
	if got.Count != before.Count+1 || got.Count != len(got.Scenarios) || len(added) != 1 || added[0].Name != "wire-rule" || added[0].Endpoint != "idOcr" || added[0].Respond.Code != "FAIL" {
		t.Errorf("one admin rule added: %+v", added)
	}
}

func TestWireAddScenario(t *testing.T) {
	h := mocktest.New(t)
	st := decode[admin.ScenarioStatus](t, call(t, h, http.MethodPost, "/scenarios", rule, 201))
	if st.ID == "" || st.Group != "admin" || st.Name != "wire-rule" || st.Hits != 0 || st.Remaining == nil || *st.Remaining != 2 {
		t.Errorf("added rule %+v", st)
	}
	failing(t, h, http.MethodPost, "/scenarios", `{}`, 400, `missing required key "name"`)
}

func TestWireRemoveScenario(t *testing.T) {
	h := mocktest.New(t)
	st := decode[admin.ScenarioStatus](t, call(t, h, http.MethodPost, "/scenarios", rule, 201))
	if res := call(t, h, http.MethodDelete, "/scenarios/"+st.ID, "", 204); len(res.Body) != 0 {
		t.Errorf("DELETE answered a body: %s", res.Body)
	}
	if got := adminRules(get[admin.ScenarioList](t, h, http.MethodGet, "/scenarios", "", 200)); len(got) != 0 {
		t.Errorf("after removing: %+v", got)
	}
	failing(t, h, http.MethodDelete, "/scenarios/"+st.ID, "", 404, `no admin rule "`+st.ID+`"`)
}

func TestWireAccounts(t *testing.T) {
	h := mocktest.New(t)
	got := get[admin.Accounts](t, h, http.MethodGet, "/accounts", "", 200)
	found := false
	for _, a := range got.Accounts {
		found = found || (a.Vendor == "ekycpro" && a.ID == "AbcdEfgh")
	}
	if !found {
		t.Errorf("accounts lack eKYCPro's default key: %+v", got)
	}
}

func TestWireReset(t *testing.T) {
	h := mocktest.New(t)
	badKey(t, h)
	h.AddRules(rule)
	got := get[admin.Reset](t, h, http.MethodPost, "/reset", "", 200)
	if got.Status != "reset" || got.Now == "" {
		t.Errorf("reset %+v", got)
	}
	if l := adminRules(get[admin.ScenarioList](t, h, http.MethodGet, "/scenarios", "", 200)); len(l) != 0 {
		t.Errorf("the admin rule outlived the reset: %+v", l)
	}
	if l := get[admin.RequestList](t, h, http.MethodGet, "/requests", "", 200); l.Count != 0 {
		t.Errorf("the journal outlived the reset: %+v", l)
	}
}

func TestWireCatalogue(t *testing.T) {
	h := mocktest.New(t)
	got := get[admin.Catalogue](t, h, http.MethodGet, "/catalogue?vendor=ekycpro", "", 200)
	if len(got.Endpoints) != 11 {
		t.Fatalf("catalogue lists %d eKYCPro endpoints, want 11", len(got.Endpoints))
	}
	for _, ep := range got.Endpoints {
		if ep.Vendor != "ekycpro" || ep.OperationID == "" || ep.Method == "" || !strings.HasPrefix(ep.Path, "/") || len(ep.Answers) == 0 {
			t.Errorf("catalogue endpoint %+v", ep)
		}
	}
	all := get[admin.Catalogue](t, h, http.MethodGet, "/catalogue", "", 200)
	if len(all.Endpoints) <= len(got.Endpoints) {
		t.Errorf("the whole catalogue has %d endpoints, eKYCPro alone %d", len(all.Endpoints), len(got.Endpoints))
	}
	failing(t, h, http.MethodGet, "/catalogue?vendor=nope", "", 400, `unknown vendor "nope"`)
}

// TestWireCatalogueEvidence: every endpoint and every answer of the
// catalogue says where it comes from, and an answer marked inferred is
// shown as inferred whatever its endpoint's evidence.
func TestWireCatalogueEvidence(t *testing.T) {
	h := mocktest.New(t)
	all := get[admin.Catalogue](t, h, http.MethodGet, "/catalogue", "", 200)
	inferred := 0
	for _, ep := range all.Endpoints {
		if !slices.Contains(emulate.Evidences, ep.Evidence) {
			t.Errorf("%s %s: endpoint evidence %q", ep.Vendor, ep.OperationID, ep.Evidence)
		}
		for _, a := range ep.Answers {
			if !slices.Contains(emulate.Evidences, a.Evidence) {
				t.Errorf("%s %s %s: answer evidence %q", ep.Vendor, ep.OperationID, a.Code, a.Evidence)
			}
			if a.Inferred {
				inferred++
				if a.Evidence != emulate.EvidenceInferred {
					t.Errorf("%s %s %s is inferred but its evidence is %q", ep.Vendor, ep.OperationID, a.Code, a.Evidence)
				}
			}
		}
	}
	if inferred == 0 {
		t.Error("no answer of the catalogue is marked inferred; the test checks nothing")
	}
}

func TestWireCoverage(t *testing.T) {
	h := mocktest.New(t)
	badKey(t, h)
	got := get[admin.Coverage](t, h, http.MethodGet, "/coverage?vendor=ekycpro", "", 200)
	if got.Credential != "" || got.Documented == 0 || got.Answered != 1 || got.Percent <= 0 || len(got.Endpoints) != 11 {
		t.Errorf("coverage %+v", got)
	}
	for _, ep := range got.Endpoints {
		if ep.OperationID == "idOcr" && ep.Answered["NO_AUTHORIZATION"] != 1 {
			t.Errorf("idOcr coverage %+v", ep)
		}
		if len(ep.Missing)+len(ep.Answered) < len(ep.Documented) {
			t.Errorf("coverage of %s: documented %v, answered %v, missing %v", ep.OperationID, ep.Documented, ep.Answered, ep.Missing)
		}
	}
	other := get[admin.Coverage](t, h, http.MethodGet, "/coverage?vendor=ekycpro&credential=AbcdEfgh", "", 200)
	if other.Credential != "AbcdEfgh" || other.Answered != 0 || other.Percent != 0 {
		t.Errorf("another credential's coverage %+v", other)
	}
	failing(t, h, http.MethodGet, "/coverage?vendor=nope", "", 400, `unknown vendor "nope"`)
}

func TestWireGetClock(t *testing.T) {
	h := mocktest.New(t)
	got := get[admin.Clock](t, h, http.MethodGet, "/clock", "", 200)
	if got.Now != mocktest.Epoch.UTC().Format(time.RFC3339Nano) || got.Offset != "0s" {
		t.Errorf("clock %+v", got)
	}
}

func TestWireMoveClock(t *testing.T) {
	h := mocktest.New(t)
	move, err := json.Marshal(admin.ClockMove{Advance: "90m"})
	if err != nil {
		t.Fatal(err)
	}
	got := get[admin.Clock](t, h, http.MethodPost, "/clock", string(move), 200)
	want := mocktest.Epoch.Add(90 * time.Minute).UTC().Format(time.RFC3339Nano)
	if got.Now != want || got.Offset != "1h30m0s" {
		t.Errorf("clock after advancing 90m: %+v, want now %s", got, want)
	}
	got = get[admin.Clock](t, h, http.MethodPost, "/clock", `{"reset":true}`, 200)
	if got.Offset != "0s" {
		t.Errorf("clock after reset: %+v", got)
	}
	failing(t, h, http.MethodPost, "/clock", `{"backwards":"1h"}`, 400, `want {"advance":"90m"}`)
	failing(t, h, http.MethodPost, "/clock", `{"advance":"soon"}`, 400, "advance: ")
}

func TestWireSpecList(t *testing.T) {
	h := mocktest.New(t)
	got := get[admin.SpecList](t, h, http.MethodGet, "/specs", "", 200)
	if len(got.Specs) != 5 {
		t.Fatalf("specs %+v, want 5 vendors", got)
	}
	for _, s := range got.Specs {
		if s.URL != "/__admin/specs/"+s.Vendor {
			t.Errorf("spec %+v", s)
		}
		res := h.Do(h.Request(http.MethodGet, s.URL, nil, nil))
		if res.Status != 200 || !strings.HasPrefix(string(res.Body), "openapi: 3") {
			t.Errorf("%s: HTTP %d %.40s", s.URL, res.Status, res.Body)
		}
	}
}

func TestWireSpec(t *testing.T) {
	h := mocktest.New(t)
	res := call(t, h, http.MethodGet, "/specs/ekycpro.yaml", "", 200)
	if res.Header.Get("Content-Type") != "application/yaml" || !strings.HasPrefix(string(res.Body), "openapi: 3") {
		t.Errorf("spec: %s %.40s", res.Header.Get("Content-Type"), res.Body)
	}
	failing(t, h, http.MethodGet, "/specs/nope", "", 404, `no vendor "nope"`)
}

func TestWireIdentity(t *testing.T) {
	h := mocktest.New(t)
	const nik = "3171234567890003"
	got := get[admin.Identity](t, h, http.MethodGet, "/identity/"+nik, "", 200)
	if got.NIK != nik || got.Name == "" || got.BirthDate.IsZero() || !strings.HasPrefix(got.Phone, "+628") {
		t.Errorf("identity %+v", got)
	}
	failing(t, h, http.MethodGet, "/identity/12", "", 400, "")
}

func TestWireCAPEM(t *testing.T) {
	pem := []byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
	h := mocktest.New(t, mocktest.WithOptions(func(o *server.Options) { o.CACertPEM = pem }))
	res := call(t, h, http.MethodGet, "/ca.pem", "", 200)
	if res.Header.Get("Content-Type") != "application/x-pem-file" || !bytes.Equal(res.Body, pem) {
		t.Errorf("ca.pem: %s %q", res.Header.Get("Content-Type"), res.Body)
	}
	failing(t, mocktest.New(t), http.MethodGet, "/ca.pem", "", 404, "HTTPS is off")
}

// TestWireErrorRoutes: the router's own answer to an unknown path, and
// the token check's, are the Error type too.
func TestWireErrorRoutes(t *testing.T) {
	h := mocktest.New(t, mocktest.WithOptions(func(o *server.Options) { o.AdminToken = "s3cret" }))
	failing(t, h, http.MethodGet, "/accounts", "", 401, "needs Authorization: Bearer")
	h = mocktest.New(t)
	failing(t, h, http.MethodGet, "/nothing", "", 404, "no admin endpoint GET /__admin/nothing")
}

// adminRules are the rules of the admin group (the shipped ones are
// always listed too).
func adminRules(l admin.ScenarioList) []admin.ScenarioStatus {
	var out []admin.ScenarioStatus
	for _, r := range l.Scenarios {
		if r.Group == "admin" {
			out = append(out, r)
		}
	}
	return out
}

func jsonNumber(n uint64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestWireOTP: GET /__admin/otp shows the OTP a Verihubs send answered,
// narrowed by vendor, credential and phone; an unknown vendor or one that
// sends no OTPs is a 400.
func TestWireOTP(t *testing.T) {
	h := mocktest.New(t)
	hdr := http.Header{"App-Id": {"demo-app-id"}, "Api-Key": {"demo-api-key"}, "Content-Type": {"application/json"}}
	res := h.Do(h.Request(http.MethodPost, "/verihubs/v1/whatsapp/otp/send", strings.NewReader(`{"msisdn":"6281234567890","lang_code":"id","challenge":"login"}`), hdr))
	if res.Status != http.StatusCreated {
		t.Fatalf("send: HTTP %d %s", res.Status, res.Body)
	}
	sent := res.JSON(t)
	got := get[admin.OTPList](t, h, http.MethodGet, "/otp?vendor=verihubs&credential=demo-app-id&phone=6281234567890", "", 200)
	if got.Count != 1 || len(got.OTPs) != 1 {
		t.Fatalf("otp list %+v", got)
	}
	o := got.OTPs[0]
	if o.OTP != sent["otp"] || o.SessionID != sent["session_id"] || o.Vendor != "verihubs" || o.Channel != "whatsapp" ||
		o.Challenge != "login" || o.TryCount != 1 || o.Expired || o.Verified || o.SentAt == "" || o.ExpiresAt <= o.SentAt {
		t.Errorf("otp %+v, sent %v", o, sent)
	}
	if l := get[admin.OTPList](t, h, http.MethodGet, "/otp?phone=6289999999999", "", 200); l.Count != 0 || l.OTPs == nil {
		t.Errorf("another phone: %+v", l)
	}
	failing(t, h, http.MethodGet, "/otp?vendor=ekycpro", "", 400, `vendor "ekycpro" sends no OTPs`)
	failing(t, h, http.MethodGet, "/otp?vendor=nope", "", 400, `unknown vendor "nope"`)
}
