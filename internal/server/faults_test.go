package server_test

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestFaultHeaderEveryVendor: a request to any vendor forces a fault by
// header (README).
func TestFaultHeaderEveryVendor(t *testing.T) {
	ts, kinds := loadServer(t)
	var reqs []*http.Request
	for _, k := range kinds {
		if strings.Contains(k.Name, "numbers in turn") {
			continue
		}
		req, err := k.Request(ts.URL)
		if err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, req)
	}
	acc, _ := http.NewRequest(http.MethodPost, ts.URL+"/accuauth/verify/id_name", strings.NewReader(`{"id_number":"3171024302821001","name":"BUDI"}`))
	acc.Header = http.Header{"Content-Type": {"application/json"}, "X-Df-Api-Id": {"demo-api-id"}, "X-Df-Api-Secret": {"demo-api-secret"}}
	reqs = append(reqs, acc)
	vendors := map[string]bool{}
	for _, req := range reqs {
		vendors[strings.Split(req.URL.Path, "/")[1]] = true
		req.Header.Set("X-Mockekyc-Fault", "http_502")
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatalf("%s: %v", req.URL.Path, err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusBadGateway {
			t.Errorf("%s with X-Mockekyc-Fault: http_502: HTTP %d %s", req.URL.Path, res.StatusCode, body)
		}
	}
	if len(vendors) != 5 {
		t.Errorf("vendors tried: %v, want all five", vendors)
	}
}

// TestDelayHeaderAnyDuration: X-Mockekyc-Delay takes any Go duration up to
// emulate.MaxHeaderDelay, not only the literal "2s". Only lower bounds on
// the time taken are checked (the delay happened), never an upper one.
func TestDelayHeaderAnyDuration(t *testing.T) {
	h := mocktest.New(t)
	start := time.Now()
	res := ocr(h, t, "AbcdEfgh", http.Header{"X-Mockekyc-Delay": {"300ms"}})
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Errorf("X-Mockekyc-Delay: 300ms answered after %s", took)
	}
	if res.Status != http.StatusOK || res.JSON(t)["status"] != "OK" {
		t.Errorf("delayed answer: HTTP %d %s", res.Status, res.Body)
	}
	// 3s, against a client that waits 200ms: the client times out.
	c := *h.Client
	c.Timeout = 200 * time.Millisecond
	req := h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader(ocrForm(t)), http.Header{
		"X-Api-Key": {"AbcdEfgh"}, "Content-Type": {"application/x-www-form-urlencoded"}, "X-Mockekyc-Delay": {"3s"}})
	_, err := c.Do(req)
	var ue *url.Error
	if !errors.As(err, &ue) || !ue.Timeout() {
		t.Errorf("X-Mockekyc-Delay: 3s with a 200ms client: want a client timeout, got %v", err)
	}
}

// TestBadDirectiveHeader: a fault or delay header the mock cannot use gets
// the mock's own HTTP 400 {"mockekyc_error": ...} naming the header and the
// value, before the vendor sees the request, journaled with why "mock".
func TestBadDirectiveHeader(t *testing.T) {
	h := mocktest.New(t)
	for _, tc := range []struct {
		header http.Header
		want   []string
	}{
		{http.Header{"X-Mockekyc-Delay": {"abc"}}, []string{"X-Mockekyc-Delay", `"abc"`, "500ms", "5m0s"}},
		{http.Header{"X-Mockekyc-Delay": {"2"}}, []string{"X-Mockekyc-Delay", `"2"`, "Go duration"}},
		{http.Header{"X-Mockekyc-Delay": {"-1s"}}, []string{"X-Mockekyc-Delay", "-1s", "out of range (0 to 5m0s)"}},
		{http.Header{"X-Mockekyc-Delay": {"10m"}}, []string{"X-Mockekyc-Delay", "10m0s", "out of range"}},
		{http.Header{"X-Mockekyc-Delay": {"1s", "2s"}}, []string{"X-Mockekyc-Delay", "sent 2 times"}},
		{http.Header{"X-Mockekyc-Fault": {"http_418"}}, []string{"X-Mockekyc-Fault", `"http_418"`, "connection_reset", "http_504"}},
		{http.Header{"X-Mockekyc-Fault": {"timeout"}, "X-Mockekyc-Delay": {"soon"}}, []string{"X-Mockekyc-Delay", `"soon"`}},
	} {
		// No credentials either: the header is read before the vendor's checks.
		req := h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader(ocrForm(t)), tc.header)
		res := h.Do(req)
		if res.Status != http.StatusBadRequest || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%v: HTTP %d %q %s, want the mock's 400", tc.header, res.Status, res.Header.Get("Content-Type"), res.Body)
			continue
		}
		body := res.JSON(t)
		msg, _ := body["mockekyc_error"].(string)
		if len(body) != 1 || msg == "" {
			t.Errorf("%v: body %s, want {\"mockekyc_error\": ...} alone", tc.header, res.Body)
		}
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%v: %q does not name %s", tc.header, msg, w)
			}
		}
		if e := h.LastEntry(); e.Why != "mock" || e.Status != http.StatusBadRequest || e.Code != "" {
			t.Errorf("%v: journal why %q status %d code %q, want mock 400 without code", tc.header, e.Why, e.Status, e.Code)
		}
	}
}

// TestFaultHeaderBeforeChecks: the fault and delay headers apply to every
// request to a vendor, read before the body, the credentials and the spec
// check: a request that fails any of them, or goes to no endpoint, still
// gets the fault it asked for.
func TestFaultHeaderBeforeChecks(t *testing.T) {
	h := mocktest.New(t)
	form := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	for _, tc := range []struct {
		name, method, path, body string
		header                   http.Header
	}{
		{"spec violation (no img)", http.MethodPost, "/ekycpro/v1/id_ocr/general", "colour=red", http.Header{"X-Api-Key": {"AbcdEfgh"}}},
		{"no credentials", http.MethodPost, "/ekycpro/v1/id_ocr/general", ocrForm(t), nil},
		{"unknown path", http.MethodPost, "/ekycpro/v1/nothing/here", "", http.Header{"X-Api-Key": {"AbcdEfgh"}}},
		{"wrong method", http.MethodGet, "/ekycpro/v1/id_ocr/general", "", http.Header{"X-Api-Key": {"AbcdEfgh"}}},
		{"ADVANCE, bad JSON", http.MethodPost, "/advance/openapi/face-recognition/v4/check", "{", http.Header{"X-Access-Token": {"nope"}, "Content-Type": {"application/json"}}},
	} {
		for _, fault := range []struct {
			value  string
			status int
			empty  bool
		}{{"http_502", http.StatusBadGateway, false}, {"empty_body", http.StatusOK, true}} {
			hdr := http.Header{"X-Mockekyc-Fault": {fault.value}}
			for k, v := range form {
				hdr[k] = v
			}
			for k, v := range tc.header {
				hdr[k] = v
			}
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			res := h.Do(h.Request(tc.method, tc.path, body, hdr))
			if res.Status != fault.status || (fault.empty && len(res.Body) != 0) {
				t.Errorf("%s with X-Mockekyc-Fault: %s: HTTP %d %.200s", tc.name, fault.value, res.Status, res.Body)
			}
			if e := h.LastEntry(); e.Fault != fault.value {
				t.Errorf("%s: journal fault %q, want %q", tc.name, e.Fault, fault.value)
			}
		}
	}
	// The delay too: a spec violation is held as long as asked.
	start := time.Now()
	res := h.Do(h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader("colour=red"), http.Header{
		"X-Api-Key": {"AbcdEfgh"}, "Content-Type": {"application/x-www-form-urlencoded"}, "X-Mockekyc-Delay": {"250ms"}}))
	if took := time.Since(start); took < 250*time.Millisecond || res.Status == http.StatusOK && res.JSON(t)["status"] == "OK" {
		t.Errorf("spec violation with X-Mockekyc-Delay: 250ms: after %s, HTTP %d %s", took, res.Status, res.Body)
	}
}
