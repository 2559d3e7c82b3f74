package main

import (
	"bytes"
	"encoding/json"
	"mime"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/contract"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/mocktest"
	"github.com/mockekyc/mockekyc/internal/reqspec"
	"github.com/mockekyc/mockekyc/specs"
)

// TestClassify holds the hostile run's judgement of an answer to what the
// catalogue and docs/vendors/README.md#x-1 and docs/vendors/README.md#x-2 document.
func TestClassify(t *testing.T) {
	cat := newCatalogue([]admin.CatalogueEndpoint{{Vendor: "ekycpro", OperationID: "idOcr", Answers: []emulate.Answer{
		{Code: "OK", HTTP: 200}, {Code: "NO_AUTHORIZATION", HTTP: 401}}}},
		[]admin.CatalogueEndpoint{
			{Vendor: "ekycpro", Answers: []emulate.Answer{{Code: "INVALID_REQUEST", HTTP: 404}, {Code: "INVALID_REQUEST", HTTP: 405}}},
			{Vendor: "verihubs", Answers: []emulate.Answer{{Code: "NOT_FOUND", HTTP: 404}, {Code: "METHOD_NOT_ALLOWED", HTTP: 405}}},
			{Vendor: "advance", Answers: []emulate.Answer{{Code: "CLIENT_ERROR", HTTP: 200}}},
			{Vendor: "accuauth", Answers: []emulate.Answer{{Code: "NOT_FOUND", HTTP: 404}}},
		})
	entry := func(vendor, endpoint string, status int, code, why string) *admin.Entry {
		return &admin.Entry{Vendor: vendor, Endpoint: endpoint, Status: status, Code: code, Why: why}
	}
	js := "application/json"
	for _, c := range []struct {
		name string
		a    answer
		want bool
	}{
		{"documented code", answer{status: 200, contentType: js, body: []byte(`{"status":"OK"}`), entry: entry("ekycpro", "idOcr", 200, "OK", "natural")}, true},
		{"documented 401", answer{status: 401, contentType: js, body: []byte(`{"status":"NO_AUTHORIZATION"}`), entry: entry("ekycpro", "idOcr", 401, "NO_AUTHORIZATION", "auth")}, true},
		{"code not in the catalogue", answer{status: 200, contentType: js, body: []byte(`{}`), entry: entry("ekycpro", "idOcr", 200, "WHATEVER", "natural")}, false},
		{"documented code, wrong status", answer{status: 500, contentType: js, body: []byte(`{}`), entry: entry("ekycpro", "idOcr", 500, "OK", "natural")}, false},
		{"undocumented 5xx", answer{status: 502, contentType: js, body: []byte(`{}`), entry: entry("ekycpro", "idOcr", 502, "", "natural")}, false},
		{"status differs from the journal's", answer{status: 200, contentType: js, body: []byte(`{}`), entry: entry("ekycpro", "idOcr", 401, "NO_AUTHORIZATION", "auth")}, false},
		{"documented code in a body that is no JSON", answer{status: 200, contentType: "text/plain", body: []byte(`OK`), entry: entry("ekycpro", "idOcr", 200, "OK", "natural")}, false},
		{"JSON array, not the vendor's object", answer{status: 200, contentType: js, body: []byte(`[]`), entry: entry("ekycpro", "idOcr", 200, "OK", "natural")}, false},
		{"eKYCPro unknown path", answer{status: 404, contentType: js, body: []byte(`{"status":"INVALID_REQUEST"}`), entry: entry("ekycpro", "", 404, "INVALID_REQUEST", "routing")}, true},
		{"Verihubs wrong method", answer{status: 405, contentType: js, body: []byte(`{"message":"Method Not Allowed"}`), entry: entry("verihubs", "", 405, "METHOD_NOT_ALLOWED", "routing")}, true},
		{"plain 404 of eKYCPro", answer{status: 404, contentType: "text/plain", body: []byte("404 page not found\n"), entry: entry("ekycpro", "", 404, "", "routing")}, false},
		{"plain 405 of Verihubs", answer{status: 405, contentType: "text/plain", body: []byte("405 method not allowed\n"), entry: entry("verihubs", "", 405, "", "routing")}, false},
		{"JSON 404 of eKYCPro without a code", answer{status: 404, contentType: js, body: []byte(`{}`), entry: entry("ekycpro", "", 404, "", "routing")}, false},
		{"ADVANCE unknown path", answer{status: 200, contentType: js, body: []byte(`{"code":"CLIENT_ERROR"}`), entry: entry("advance", "", 200, "CLIENT_ERROR", "routing")}, true},
		{"ADVANCE plain 404", answer{status: 404, contentType: "text/plain", body: []byte("404 page not found\n"), entry: entry("advance", "", 404, "", "routing")}, false},
		{"AccuAuth NOT_FOUND", answer{status: 404, contentType: js, body: []byte(`{"status":"NOT_FOUND"}`), entry: entry("accuauth", "", 404, "NOT_FOUND", "routing")}, true},
		{"AccuAuth plain 404", answer{status: 404, contentType: "text/plain", body: []byte("404 page not found\n"), entry: entry("accuauth", "", 404, "", "routing")}, false},
		{"no vendor: JSON 404", answer{status: 404, contentType: js, body: []byte(`{"error":"x"}`), entry: entry("", "", 404, "", "routing")}, true},
		{"busy gateway page", answer{status: 503, contentType: "text/html", body: []byte("<html>"), entry: entry("izidata", "idOcr", 503, "", "busy")}, true},
		{"busy as JSON", answer{status: 503, contentType: js, body: []byte("{}"), entry: entry("izidata", "idOcr", 503, "", "busy")}, false},
		{"Go's bare 431, not journaled", answer{status: 431, contentType: "text/plain", body: []byte("431 Request Header Fields Too Large")}, true},
		{"Go's 400, not journaled", answer{status: 400, contentType: "text/plain", body: []byte("400 Bad Request")}, false},
		{"a 301 redirect, not journaled", answer{status: 301, contentType: "text/html", body: []byte("<a>")}, false},
	} {
		if got, why := classify(cat, c.a); got != c.want {
			t.Errorf("%s: documented = %v (%s), want %v", c.name, got, why, c.want)
		}
	}
}

// TestOpShape reads the request side of operations of each body kind from
// specs/compiled/requests.
func TestOpShape(t *testing.T) {
	for _, c := range []struct {
		vendor, op, ct, field string
		query                 bool
	}{
		{"ekycpro", "idOcr", "application/x-www-form-urlencoded", "img", false},
		{"advance", "kkOcr", "multipart/form-data", "ocrImage", false},
		{"verihubs", "ktpExtractAsync", "application/json", "callback_url", false},
		{"verihubs", "ktpExtractAsyncResult", "", "", true},
	} {
		cts, fields, query, err := opShape(c.vendor, c.op)
		if err != nil {
			t.Fatal(err)
		}
		if c.ct != "" && (len(cts) == 0 || !strings.Contains(strings.Join(cts, " "), c.ct)) {
			t.Errorf("%s %s: content types %v, want %s", c.vendor, c.op, cts, c.ct)
		}
		found := c.field == ""
		for _, f := range fields {
			found = found || f.name == c.field
		}
		if !found {
			t.Errorf("%s %s: fields %v, want %s among them", c.vendor, c.op, fields, c.field)
		}
		if c.query != (len(query) > 0) {
			t.Errorf("%s %s: query %v", c.vendor, c.op, query)
		}
	}
}

// TestEncodeBody: each content type carries the fields, images base64 in
// form and JSON bodies and as files in multipart.
func TestEncodeBody(t *testing.T) {
	fields := []field{{name: "image", typ: "string"}, {name: "nik", typ: "string"}}
	values := map[string]any{"image": []byte{0xff, 0xd8}, "nik": "1"}
	body, ct := encodeBody("application/x-www-form-urlencoded", fields, values)
	if q, _ := url.ParseQuery(string(body)); q.Get("image") != "/9g=" || q.Get("nik") != "1" || ct != "application/x-www-form-urlencoded" {
		t.Errorf("form: %s", body)
	}
	body, _ = encodeBody("application/json", fields, values)
	var m map[string]string
	if err := json.Unmarshal(body, &m); err != nil || m["image"] != "/9g=" || m["nik"] != "1" {
		t.Errorf("json: %s", body)
	}
	body, ct = encodeBody("multipart/form-data", fields, values)
	_, params, _ := mime.ParseMediaType(ct)
	form, err := multipart.NewReader(bytes.NewReader(body), params["boundary"]).ReadForm(1 << 20)
	if err != nil || len(form.File["image"]) != 1 || form.Value["nik"][0] != "1" {
		t.Errorf("multipart: %v %v", form, err)
	}
}

// TestBadRequestsForEveryOperation: the hostile run builds its bad
// requests from every operation of every vendor's spec; none may trip the
// builder (a schema property named "content" once did), and the mock's
// request validator (internal/reqspec) judges each as kin-openapi does.
func TestBadRequestsForEveryOperation(t *testing.T) {
	h := mocktest.New(t)
	kin, err := contract.Load(specs.FS, config.VendorNames()...)
	if err != nil {
		t.Fatal(err)
	}
	compact, err := reqspec.Load(specs.FS, config.VendorNames()...)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	defer func() { t.Logf("%d bad requests, kin-openapi and reqspec agreeing on each", n) }()
	for _, v := range h.Server.Catalogue().Vendors() {
		for _, ep := range v.Endpoints() {
			reqs, err := badRequests(admin.CatalogueEndpoint{Vendor: v.Name(), OperationID: ep.OperationID, Method: ep.Method, Path: ep.Path})
			if err != nil || len(reqs) == 0 {
				t.Errorf("%s %s: %d bad requests, %v", v.Name(), ep.OperationID, len(reqs), err)
			}
			// The mock's request validator and kin-openapi's give each
			// the same verdict.
			for _, b := range reqs {
				r := httptest.NewRequest(b.method, b.path, bytes.NewReader(b.body))
				r.Header = b.header.Clone()
				if b.ct != "" {
					r.Header.Set("Content-Type", b.ct)
				}
				parsed := (&emulate.Call{Req: r, Body: b.body}).Parsed()
				kerr := kin.ValidateRequest(v.Name(), ep.OperationID, r, b.body, parsed)
				cerr := compact.ValidateRequest(v.Name(), ep.OperationID, r, b.body, parsed)
				n++
				if (kerr == nil) != (cerr == nil) {
					t.Errorf("%s %s, %s: kin-openapi %v; reqspec %v", v.Name(), ep.OperationID, b.what, kerr, cerr)
				}
			}
		}
	}
}
