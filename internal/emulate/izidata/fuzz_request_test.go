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
	h := mocktest.New(f)
	paths := []string{"/v1/id_ocr/general", "/v1/npwp_ocr/general", "/v1/id_card/antifake", "/v1/picturelive", "/v1/facecompare",
		"/v1/idholding", "/v1/phone", "/v1/iswhatsapp", "/v1/idinquiries", "/v1/phoneinquiries", "/v1/creditscore", "/v1/fraud", "/v1/salary"}
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
