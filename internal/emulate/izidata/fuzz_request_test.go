package izidata_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate/izidata"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// FuzzRequest: arbitrary bodies to every endpoint, signed as the Python SDK
// signs (it does not sign the body, so any body reaches the handler), go
// through the whole server in-process: the answer is always HTTP 200 in the
// vendor's envelope and validates against the spec (the harness checks).
func FuzzRequest(f *testing.F) {
	f.Add(uint8(0), []byte("img=%2F9j%2F4AAQ"))
	f.Add(uint8(6), []byte("number=83899575175&country=ID"))
	f.Add(uint8(7), []byte("number=0895806600002&md5=1&callback=http%3A%2F%2F127.0.0.1%3A1"))
	f.Add(uint8(10), []byte("phone=%2B62895806600002&id=3171024302821001&md5=1"))
	f.Add(uint8(12), []byte("id"))
	f.Add(uint8(15), []byte("name=X&id=3171024302821001&phone=%2B6281234567890&md5=0"))
	f.Add(uint8(18), []byte("phone=0812&id=3171024302821001"))
	f.Add(uint8(19), []byte("img=%2F9j%2F4AAQ&nik=3171024302821001&dob=01-01-1990"))
	f.Add(uint8(20), []byte("id=3171024302821001&name=A&pob=B&dob=01-01-1990&mother_name=C"))
	h := mocktest.New(f)
	paths := []string{"/v1/id_ocr/general", "/v1/npwp_ocr/general", "/v1/id_card/antifake", "/v1/picturelive", "/v1/facecompare",
		"/v1/idholding", "/v1/phone", "/v1/iswhatsapp", "/v1/idinquiries", "/v1/phoneinquiries", "/v1/creditscore", "/v1/fraud", "/v1/salary",
		"/v2/phoneage", "/v3/phoneage", "/v1/blacklist", "/v2/identitycheck", "/v3/identitycheck", "/v1/phoneverify", "/v1/officialfacecompare", "/v1/bankidcheck"}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		path := paths[int(which)%len(paths)]
		if path == "/v1/iswhatsapp" {
			// A fuzzed callback would send real traffic: an empty first
			// callback (the one the handler reads) keeps every delivery off,
			// whatever else the body holds.
			body = append([]byte("callback=&"), body...)
		}
		req := httptest.NewRequest(http.MethodPost, "/izidata"+path, bytes.NewReader(body))
		if err := izidata.Sign(req, body, "YOUR_ACCESS_KEY", "YOUR_SECRET_KEY", mocktest.Epoch, izidata.FamilyPythonPHP); err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		h.Server.ServeHTTP(rec, req)
		var m map[string]any
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &m) != nil || m["status"] == nil {
			t.Fatalf("HTTP %d %q for %s %q", rec.Code, rec.Body, path, body)
		}
	})
}

// FuzzSandboxToken: arbitrary queries and Host headers on the sandbox's
// token auth: always HTTP 200 in the envelope, and OK only for the
// configured token.
func FuzzSandboxToken(f *testing.F) {
	f.Add("token=YOUR_SANDBOX_TOKEN", "api.sandbox.izidata.co.id")
	f.Add("token=%zz&token=YOUR_SANDBOX_TOKEN", "API.SANDBOX.IZIDATA.CO.ID:8443")
	f.Add("token=", "[::1]:80")
	h := mocktest.New(f)
	f.Fuzz(func(t *testing.T, query, host string) {
		body := []byte("id=3171024302821001")
		req := httptest.NewRequest(http.MethodPost, "/v1/idinquiries", bytes.NewReader(body))
		req.URL.RawQuery, req.Host = query, host
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.Server.ServeHTTP(rec, req)
		var m map[string]any
		if rec.Code == http.StatusOK && json.Unmarshal(rec.Body.Bytes(), &m) != nil {
			t.Fatalf("HTTP %d %q for %q on %q", rec.Code, rec.Body, query, host)
		}
		if m["status"] == "OK" && req.URL.Query().Get("token") != "YOUR_SANDBOX_TOKEN" {
			t.Fatalf("OK for %q on %q", query, host)
		}
	})
}
