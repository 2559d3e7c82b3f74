package server_test

import (
	"encoding/json"
	"net/http"
	stdslices "slices"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestUnroutedAnswersAreTheVendors: an unknown path and a wrong method get
// the vendor's own JSON error, never a plain-text page a client cannot
// decode (docs/vendors/README.md#x-1, docs/vendors/README.md#x-2), with the vendor's HTTP status; the
// journal records it with its code, and the admin catalogue lists it among
// the vendor's unrouted answers.
func TestUnroutedAnswersAreTheVendors(t *testing.T) {
	h := mocktest.New(t)
	var cat admin.Catalogue
	res := h.Do(h.Request(http.MethodGet, "/__admin/catalogue", nil, nil))
	if err := json.Unmarshal(res.Body, &cat); res.Status != http.StatusOK || err != nil {
		t.Fatalf("catalogue: HTTP %d %v", res.Status, err)
	}
	for _, tc := range []struct {
		vendor, method, path string
		status               int
		code, message        string
		body                 []string // the body's keys, in order
	}{
		{"izidata", http.MethodPost, "/v1/no/such/api", 404, "INVALID_REQUEST", "api not found", []string{"status", "message"}},
		{"izidata", http.MethodGet, "/v1/id_ocr/general", 405, "INVALID_REQUEST", "method not allowed", []string{"status", "message"}},
		{"ekycpro", http.MethodPost, "/v1/phone", 404, "INVALID_REQUEST", "api not found", []string{"status", "message"}},
		{"ekycpro", http.MethodPut, "/v1/balance", 405, "INVALID_REQUEST", "method not allowed", []string{"status", "message"}},
		{"verihubs", http.MethodPost, "/v2/ktp/nothing", 404, "NOT_FOUND", "Not Found", []string{"message"}},
		{"verihubs", http.MethodGet, "/v2/ktp/extract", 405, "METHOD_NOT_ALLOWED", "Method Not Allowed", []string{"message"}},
		{"accuauth", http.MethodPost, "/face/v9/nothing", 404, "NOT_FOUND", "Requested API cannot be found", []string{"status", "reason", "request_id"}},
		{"accuauth", http.MethodGet, "/ocr/idcard", 404, "NOT_FOUND", "Requested API cannot be found", []string{"status", "reason", "request_id"}},
		{"advance", http.MethodPost, "/openapi/no/such/api", 200, "CLIENT_ERROR", "HTTP 404 - Not Found", []string{"code", "message", "data", "extra", "transactionId", "pricingStrategy"}},
		{"advance", http.MethodGet, "/openapi/face-recognition/v4/check", 200, "CLIENT_ERROR", "HTTP 405 - Method Not Allowed", []string{"code", "message", "data", "extra", "transactionId", "pricingStrategy"}},
	} {
		name := tc.vendor + " " + tc.method + " " + tc.path
		res := h.Do(h.Request(tc.method, "/"+tc.vendor+tc.path, strings.NewReader("x=1"), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}))
		if res.Status != tc.status || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s: HTTP %d %s %s, want %d JSON", name, res.Status, res.Header.Get("Content-Type"), res.Body, tc.status)
			continue
		}
		if keys := objectKeys(t, res.Body); !stdslices.Equal(keys, tc.body) {
			t.Errorf("%s: body keys %v, want %v: %s", name, keys, tc.body, res.Body)
		}
		body := res.JSON(t)
		if !stdslices.Contains([]any{body["status"], body["code"], body["message"]}, any(tc.message)) && body["reason"] != tc.message {
			t.Errorf("%s: body %s lacks %q", name, res.Body, tc.message)
		}
		if c, ok := body["status"]; ok && tc.vendor != "verihubs" && c != tc.code {
			t.Errorf("%s: status %v, want %s", name, c, tc.code)
		}
		e := h.LastEntry()
		if e.Endpoint != "" || e.Code != tc.code || e.Message != tc.message || e.Status != tc.status || e.Why != emulate.WhyRouting || e.Charged {
			t.Errorf("%s: journal %q %s %q HTTP %d why %s charged %v", name, e.Endpoint, e.Code, e.Message, e.Status, e.Why, e.Charged)
		}
		listed := false
		for _, ep := range cat.Unrouted {
			if ep.Vendor != tc.vendor {
				continue
			}
			if ep.OperationID != "" || ep.Method != "*" || ep.Path != "*" || !stdslices.Contains(emulate.Evidences, ep.Evidence) {
				t.Errorf("%s: catalogue entry %+v", name, ep)
			}
			for _, a := range ep.Answers {
				listed = listed || a.Code == tc.code && a.HTTP == tc.status && a.Message == tc.message && !a.Charged && a.Evidence != ""
			}
		}
		if !listed {
			t.Errorf("%s: %d %s %q is not among the catalogue's unrouted answers", name, tc.status, tc.code, tc.message)
		}
	}
	vendors := map[string]bool{}
	for _, ep := range cat.Unrouted {
		vendors[ep.Vendor] = true
	}
	if len(vendors) != 5 || len(cat.Unrouted) != 5 {
		t.Errorf("the catalogue lists unrouted answers of %d vendors in %d entries, want 5", len(vendors), len(cat.Unrouted))
	}
}

// objectKeys are the keys of a JSON object in the order they were written.
func objectKeys(t *testing.T, body []byte) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(body)))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not a JSON object: %s", body)
	}
	var keys []string
	for dec.More() {
		k, _ := dec.Token()
		keys = append(keys, k.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}
