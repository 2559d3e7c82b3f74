// Package loadkinds holds the request kinds of issue 6's load benchmark, so
// the load program (cmd/loadbench) and the in-process benchmarks send the
// same requests.
package loadkinds

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate/izidata"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

// Kind is one request the benchmark sends to both servers.
type Kind struct {
	Name     string
	BodySize int
	// Request builds a fresh request to the server at base.
	Request func(base string) (*http.Request, error)
	// Check tells whether an answer is the expected success.
	Check func(status int, body []byte) error
}

func fixture(f imagecheck.Format, w, h, size int) []byte {
	b, err := imagecheck.MakeFixture(imagecheck.FixtureSpec{Format: f, Width: w, Height: h, Bytes: size})
	if err != nil {
		panic(err)
	}
	return b
}

// Kinds builds the request kinds of the issue, for the vendors the running
// mock at base URL mock serves (GET /__admin/health).
func Kinds(mock string) ([]Kind, error) {
	served, err := vendors(mock)
	if err != nil {
		return nil, err
	}
	var out []Kind
	form := func(name, path string, body []byte, header http.Header, check func(int, []byte) error) Kind {
		return Kind{Name: name, BodySize: len(body), Check: check, Request: func(base string) (*http.Request, error) {
			req, err := http.NewRequest(http.MethodPost, base+path, bytes.NewReader(body))
			if err != nil {
				return nil, err
			}
			for k, v := range header {
				req.Header[k] = v
			}
			return req, nil
		}}
	}
	formHeader := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "X-Api-Key": {"AbcdEfgh"}}

	if served["ekycpro"] {
		small := []byte(url.Values{"img": {base64.StdEncoding.EncodeToString(fixture(imagecheck.PNG, 12, 8, 0))}}.Encode())
		big := []byte(url.Values{"img": {base64.StdEncoding.EncodeToString(fixture(imagecheck.JPEG, 1000, 630, 210_000))}}.Encode())
		out = append(out,
			form("ekycpro KTP OCR, small image", "/ekycpro/v1/id_ocr/general", small, formHeader, statusIs("status", "OK")),
			form("ekycpro KTP OCR, 280 KB body", "/ekycpro/v1/id_ocr/general", big, formHeader, statusIs("status", "OK")))
	}
	if served["izidata"] {
		// Signed once, as the Go SDK signs (expire 1800 s covers the run):
		// signing cost stays out of both servers' figures alike.
		sign := func(path string, body []byte) (http.Header, error) {
			req, _ := http.NewRequest(http.MethodPost, "http://mock/izidata"+path, nil)
			if err := izidata.Sign(req, body, "YOUR_ACCESS_KEY", "YOUR_SECRET_KEY", time.Now(), izidata.FamilyGoJava); err != nil {
				return nil, err
			}
			return req.Header, nil
		}
		ocr := []byte(url.Values{"img": {base64.StdEncoding.EncodeToString(fixture(imagecheck.JPEG, 1000, 630, 200_000))}}.Encode())
		h, err := sign("/v1/id_ocr/general", ocr)
		if err != nil {
			return nil, err
		}
		out = append(out, form("izidata KTP OCR, signed (Go SDK), 200 KB image", "/izidata/v1/id_ocr/general", ocr, h, statusIs("status", "OK")))
		phone := []byte("number=83899575175&country=ID")
		if h, err = sign("/v1/phone", phone); err != nil {
			return nil, err
		}
		out = append(out, form("izidata /v1/phone, signed", "/izidata/v1/phone", phone, h, statusIs("status", "ok")))
		// The same with a new number each time, more numbers than the
		// mock's lookup memo holds: libphonenumber's parse every time.
		many, err := manyNumbers(sign, 10_000)
		if err != nil {
			return nil, err
		}
		out = append(out, many)
	}
	if served["advance"] {
		token, err := AdvanceToken(mock)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		part, _ := mw.CreatePart(textproto.MIMEHeader{
			"Content-Disposition": {`form-data; name="ocrImage"; filename="kk.png"`}, "Content-Type": {"image/png"}})
		_, _ = part.Write(fixture(imagecheck.PNG, 1200, 800, 150_000))
		_ = mw.Close()
		h := http.Header{"Content-Type": {mw.FormDataContentType()}, "X-Access-Token": {token}}
		out = append(out, form("advance KK OCR, multipart, token", "/advance/openapi/face-identity/v1/ocr-kk-check", buf.Bytes(), h, statusIs("code", "SUCCESS")))
	}
	if served["verihubs"] {
		body, _ := json.Marshal(map[string]any{"image": base64.StdEncoding.EncodeToString(fixture(imagecheck.JPEG, 1000, 630, 770_000))})
		h := http.Header{"Content-Type": {"application/json"}, "App-Id": {"demo-app-id"}, "Api-Key": {"demo-api-key"}}
		// The fixture is a clean KTP: FRG-1 without an error_code and
		// forgery false. FRG-1 is a billing item, not the verdict: "forgery
		// detected" is FRG-1 with FAIL_ON_2 (docs/vendors/verihubs.md#s4-2).
		clean := statusIs("status_code", "FRG-1")
		out = append(out, form("verihubs ID forgery, JSON, 1 MB base64", "/verihubs/v2/ktp/idforgery", body, h, func(code int, b []byte) error {
			if err := clean(code, b); err != nil {
				return err
			}
			var r struct {
				ErrorCode *string `json:"error_code"`
				Data      struct {
					Forgery *bool `json:"forgery"`
				} `json:"data"`
			}
			if err := json.Unmarshal(b, &r); err != nil || r.ErrorCode != nil || r.Data.Forgery == nil || *r.Data.Forgery {
				return fmt.Errorf("not a clean FRG-1: %.120s", b)
			}
			return nil
		}))
	}
	return out, nil
}

// manyNumbers is the /v1/phone request over n distinct Indonesian mobile
// numbers in turn, each body signed once beforehand.
func manyNumbers(sign func(string, []byte) (http.Header, error), n int) (Kind, error) {
	bodies := make([][]byte, n)
	headers := make([]http.Header, n)
	for i := range n {
		bodies[i] = []byte(fmt.Sprintf("number=8%010d&country=ID", 1_100_000_000+i*7919))
		h, err := sign("/v1/phone", bodies[i])
		if err != nil {
			return Kind{}, err
		}
		headers[i] = h
	}
	var next atomic.Uint64
	return Kind{
		Name: fmt.Sprintf("izidata /v1/phone, signed, %d numbers in turn", n), BodySize: len(bodies[0]),
		Check: statusIs("status", "ok"),
		Request: func(base string) (*http.Request, error) {
			i := int(next.Add(1) % uint64(n))
			req, err := http.NewRequest(http.MethodPost, base+"/izidata/v1/phone", bytes.NewReader(bodies[i]))
			if err != nil {
				return nil, err
			}
			for k, v := range headers[i] {
				req.Header[k] = v
			}
			return req, nil
		},
	}, nil
}

func vendors(mock string) (map[string]bool, error) {
	resp, err := http.Get(mock + "/__admin/health")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var h struct {
		Vendors []struct{ Name string } `json:"vendors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, v := range h.Vendors {
		out[v.Name] = true
	}
	return out, nil
}

// AdvanceToken fetches an X-ACCESS-TOKEN the way the docs' curl does.
func AdvanceToken(mock string) (string, error) {
	ts := strconv.FormatInt(time.Now().UnixMilli(), 10)
	sum := sha256.Sum256([]byte("sampleaccesskey" + "samplesecretkey" + ts))
	body, _ := json.Marshal(map[string]any{"accessKey": "sampleaccesskey", "timestamp": ts, "signature": hex.EncodeToString(sum[:]), "periodSecond": "3600"})
	resp, err := http.Post(mock+"/advance/openapi/auth/ticket/v1/generate-token", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var r struct {
		Code string `json:"code"`
		Data struct {
			Token string `json:"token"`
		} `json:"data"`
	}
	if err := json.Unmarshal(b, &r); err != nil || r.Code != "SUCCESS" {
		return "", fmt.Errorf("advance token: %s", b)
	}
	return r.Data.Token, nil
}

// statusIs checks an answer is HTTP 200 JSON whose field (status, code) is want.
func statusIs(field, want string) func(int, []byte) error {
	return func(code int, body []byte) error {
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			return fmt.Errorf("HTTP %d, not JSON: %.80s", code, body)
		}
		if code != 200 || (want != "" && m[field] != want) {
			return fmt.Errorf("HTTP %d %s=%v, want %s: %.120s", code, field, m[field], want, body)
		}
		return nil
	}
}
