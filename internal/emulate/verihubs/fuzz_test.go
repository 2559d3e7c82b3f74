package verihubs_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// fuzzConfig keeps fuzzed image URLs and callbacks off the network: only
// a host that does not exist may be fetched, and callbacks need https to a
// host that does not resolve either.
const fuzzConfig = `
vendors:
  verihubs:
    credentials:
      - {id: app, secret: key}
      - {id: sandbox-app, secret: sandbox-key, mode: sandbox}
    settings:
      image_url: {timeout: 50ms, allow_hosts: [fuzz.invalid]}
      callback: {tries: 1, timeout: 50ms, https_only: true}
`

// FuzzRequest: arbitrary bodies to every endpoint go through the whole
// server in-process; the answer is a documented status with a JSON body
// that validates against specs/verihubs.yaml (the harness checks).
func FuzzRequest(f *testing.F) {
	f.Add(uint8(0), false, []byte(`{"image":"/9j/4AAQ","is_quality":true}`))
	f.Add(uint8(1), true, []byte(`{"image":"KTP_BD","is_quality":true,"validate_quality":true,"reference_id":"REFERENCE_ID"}`))
	f.Add(uint8(2), false, []byte(`{"image":"http://fuzz.invalid/x.jpg","callback_url":"https://fuzz.invalid/hook"}`))
	f.Add(uint8(3), true, []byte(`REFERENCE_ID_KTP_B_V`))
	f.Add(uint8(0), false, []byte(`{"image":"","reference_id":""}`))
	f.Add(uint8(1), false, []byte(`[1,2]`))
	f.Add(uint8(4), false, []byte(`{"image_1":"/9j/4AAQ","image_2":"","validate_liveness":true,"is_liveness":false}`))
	f.Add(uint8(5), false, []byte(`{"image":"iVBORw0KGgo=","validate_attribute":true}`))
	f.Add(uint8(6), false, []byte(`{"nik":"3171024302821001","name":"A B","birth_date":"01-01-1990","email":"a@b.c","phone":"628123456789","selfie_photo":"/9j/","ktp_photo":"/9j/"}`))
	f.Add(uint8(7), false, []byte(`{"msisdn":"6281234567890","otp":"1234","otp_length":"6","time_limit":60,"challenge":"x","callback_url":"https://fuzz.invalid/h"}`))
	f.Add(uint8(8), false, []byte(`{"msisdn":"6281234567890","otp":"1234"}`))
	f.Add(uint8(10), true, []byte(`{"msisdn":"6282123060004"}`))
	f.Add(uint8(11), false, []byte(`{"msisdn":"6281234567890","lang_code":"id","content":[1],"time_limit":"1e3"}`))
	f.Add(uint8(12), false, []byte(`{"image":"/9j/4AAQ","subject_id":"s-1","validate_liveness":true}`))
	f.Add(uint8(13), false, []byte(`{"image":"/9j/4AAQ","limit":"3","threshold":1e2,"return_image":true}`))
	h := mocktest.New(f, mocktest.WithConfig(fuzzConfig))
	paths := []string{"/v2/ktp/idforgery", "/v2/ktp/extract", "/ktp/id/extract-async", "/ktp/id/extract-async/result",
		"/v1/face/compare", "/v1/face/liveness", "/data-verification/certificate-electronic/verify",
		"/v2/otp/send", "/v1/whatsapp/otp/verify", "/v1/flashcall/send", "/v1/whatsapp/otp/send/sandbox", "/v2/whatsapp/otp/send",
		"/v1/face/enroll", "/v1/face/search", "/ocr/npwp"}
	f.Fuzz(func(t *testing.T, which uint8, sandbox bool, body []byte) {
		// The harness is shared: its spec check must fail this iteration
		// (saving the input), not the *testing.F, which fails the run
		// without saving anything.
		defer h.Bind(t)()
		if offHost(body) {
			t.Skip("callback_url to a host other than fuzz.invalid: the mock would send it traffic in the background")
		}
		path := paths[int(which)%len(paths)]
		var r *http.Request
		if strings.HasSuffix(path, "/result") {
			r = httptest.NewRequest(http.MethodGet, "/verihubs"+path, nil)
			q := r.URL.Query()
			q.Set("reference_id", string(body))
			r.URL.RawQuery = q.Encode()
		} else {
			r = httptest.NewRequest(http.MethodPost, "/verihubs"+path, bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
		}
		r.Header.Set("App-ID", "app")
		r.Header.Set("API-Key", "key")
		if sandbox {
			r.Header.Set("App-ID", "sandbox-app")
			r.Header.Set("API-Key", "sandbox-key")
		}
		rec := httptest.NewRecorder()
		h.Server.ServeHTTP(rec, r)
		var m map[string]any
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusCreated, http.StatusNotFound, http.StatusConflict,
			http.StatusUnprocessableEntity, http.StatusTooManyRequests:
		case http.StatusUnauthorized, http.StatusForbidden:
			if !strings.Contains(path, "sandbox") { // the sandbox numbers …003 and …004
				t.Fatalf("HTTP %d %q for %s %q", rec.Code, rec.Body, path, body)
			}
		default:
			t.Fatalf("HTTP %d %q for %s %q", rec.Code, rec.Body, path, body)
		}
		if json.Unmarshal(rec.Body.Bytes(), &m) != nil || m["message"] == nil {
			t.Fatalf("HTTP %d %q for %s %q", rec.Code, rec.Body, path, body)
		}
	})
}

// offHost reports a callback_url whose host is not fuzz.invalid. The
// callback is sent in the background after the iteration ends; to a host
// the fuzzer made up it would reach the network or another process's
// loopback port, and make iterations depend on what answers there.
func offHost(body []byte) bool {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return false
	}
	raw, ok := m["callback_url"].(string)
	if !ok {
		return false
	}
	u, err := url.Parse(raw)
	return err == nil && u.Host != "" && !strings.EqualFold(u.Hostname(), "fuzz.invalid")
}
