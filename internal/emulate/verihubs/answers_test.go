package verihubs_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/verihubs"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

const testConfig = `
seed: 7
vendors:
  verihubs:
    credentials:
      - {id: app, secret: key}
      - {id: other-app, secret: other-key, mode: live}
      - {id: sandbox-app, secret: sandbox-key, mode: sandbox}
      - {id: test-app, secret: test-key, mode: testing, quota: 1}
      - {id: live-quota, secret: live-key, quota: 1}
      - {id: rate-app, secret: rate-key, rate_limit: 1}
      - {id: off-app, secret: off-key, disabled: true}
      - {id: old-app, secret: old-key, expires: "2020-01-01T00:00:00Z"}
    settings:
      image_url: {timeout: 1m}
      callback: {tries: 2, timeout: 2s, backoff: 10ms, auth: {other-app: {username: hook-user, password: hook-pass}}}
`

// The image URL timeout of testConfig is long (a fetch under load must not
// time out); the timeout cases use slowURLConfig, whose fetch gives up at
// once, against a server that never answers.
var slowURLConfig = strings.Replace(testConfig, "image_url: {timeout: 1m}", "image_url: {timeout: 1ms}", 1)

// req is one request to Verihubs.
type req struct {
	method, path, body string
	app, key           string
	admin              bool   // path is under /__admin (a clock move between requests)
	ctype              string // Content-Type of a POST; "" = application/json
}

// endpoints is the vendor's own route table, by operationId.
var endpoints = func() map[string]*emulate.Endpoint {
	v, err := verihubs.New(config.Vendor{})
	if err != nil {
		panic(err)
	}
	m := map[string]*emulate.Endpoint{}
	for _, ep := range v.Endpoints() {
		m[ep.OperationID] = ep
	}
	return m
}()

// paths are the endpoints' paths, by operationId.
var paths = func() map[string]string {
	m := map[string]string{}
	for op, ep := range endpoints {
		m[op] = ep.Path
	}
	return m
}()

func post(op, body string) req {
	return req{method: http.MethodPost, path: paths[op], body: body, app: "app", key: "key"}
}

func (r req) as(app, key string) req { r.app, r.key = app, key; return r }

func (r req) Send(h *mocktest.Harness) mocktest.Result {
	h.T.Helper()
	var hdr = http.Header{}
	if r.method == http.MethodPost {
		hdr.Set("Content-Type", "application/json")
		if r.ctype != "" {
			hdr.Set("Content-Type", r.ctype)
		}
	}
	if r.app != "" {
		hdr.Set("App-ID", r.app)
	}
	if r.key != "" {
		hdr.Set("API-Key", r.key)
	}
	method := r.method
	if method == "" {
		method = http.MethodPost
	}
	if r.admin {
		return h.Do(h.Request(method, "/__admin"+r.path, strings.NewReader(r.body), nil))
	}
	return h.Do(h.Request(method, "/verihubs"+r.path, strings.NewReader(r.body), hdr))
}

func js(kv ...any) string {
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		v := kv[i+1]
		if s, ok := v.(string); ok {
			v = fmt.Sprintf("%q", s)
		}
		fmt.Fprintf(&b, "%q:%v", kv[i], v)
	}
	b.WriteByte('}')
	return b.String()
}

// answerCase triggers one documented answer through HTTP; its Message and
// Status are the catalogue's.
type answerCase = mocktest.Case[req]

func rule(op, code string) string { return mocktest.Rule("verihubs", op, code, "") }

// silentServer is the URL of an image on a server that does not answer: it
// holds each request until the client gives up. A mock that never gave up
// would, after a minute, get an empty answer (no image), so that the test
// fails instead of hanging.
func silentServer(t testing.TB) string {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(time.Minute):
		}
	}))
	t.Cleanup(s.Close)
	return s.URL + "/ktp.jpg"
}

func cases(t testing.TB) []answerCase {
	var out []answerCase
	add := func(c answerCase) {
		a, ok := endpoints[c.Op].Answer(c.Code, "")
		if !ok {
			t.Fatalf("%s has no answer %s", c.Op, c.Code)
		}
		c.Message, c.Status = a.Message, a.HTTP
		out = append(out, c)
	}
	img := mocktest.ImageB64(t, imagecheck.FixtureSpec{})
	mark := func(m string) string { return mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: m}) }
	valid := func(op string) req {
		switch op {
		case "ktpExtractAsyncResult":
			return req{method: http.MethodGet, path: paths[op] + "?reference_id=ref-1", app: "app", key: "key"}
		case "faceCompare":
			return post(op, js("image_1", img, "image_2", img))
		case "certificateElectronicVerify":
			return post(op, sertelBody(t))
		}
		if b, ok := otpValid(op); ok {
			return post(op, b)
		}
		if op == "ocrNpwp" {
			return npwpReq(t, mocktest.Image(t, imagecheck.FixtureSpec{}))
		}
		if op == "faceEnrollDelete" {
			return req{method: http.MethodDelete, path: paths[op] + "?subject_id=s-1", app: "app", key: "key"}
		}
		return post(op, js("image", img))
	}
	withRef := func(op string) []req { return []req{post("ktpExtract", js("image", img, "reference_id", "ref-1"))} }

	add(answerCase{Name: "clean", Op: "idForgery", Code: "FRG-1", Charged: true, Send: func(testing.TB) req { return valid("idForgery") }})
	add(answerCase{Name: "sandbox dummy (docs/vendors/verihubs.md#vh-6)", Op: "idForgery", Code: "FRG-1", Send: func(testing.TB) req {
		return post("idForgery", js("image", "KTP", "is_quality", true)).as("sandbox-app", "sandbox-key")
	}})
	add(answerCase{Name: "validated", Op: "idForgery", Code: "FRG-3", Charged: true, Send: func(testing.TB) req {
		return post("idForgery", js("image", img, "is_quality", true, "validate_quality", true))
	}})
	add(answerCase{Name: "blurred", Op: "idForgery", Code: "FAIL_ON_1", Charged: true, Send: func(testing.TB) req {
		return post("idForgery", js("image", mark("blur=true"), "is_quality", true, "validate_quality", true))
	}})
	add(answerCase{Name: "forged", Op: "idForgery", Code: "FAIL_ON_2", Charged: true, Send: func(testing.TB) req {
		return post("idForgery", js("image", mark("forgery=true")))
	}})

	add(answerCase{Name: "extracted", Op: "ktpExtract", Code: "EXT-1", Charged: true, Send: func(testing.TB) req { return valid("ktpExtract") }})
	add(answerCase{Name: "validated", Op: "ktpExtract", Code: "EXT-3", Charged: true, Send: func(testing.TB) req {
		return post("ktpExtract", js("image", img, "is_quality", true, "validate_quality", true))
	}})
	add(answerCase{Name: "dark", Op: "ktpExtract", Code: "FAIL_ON_1", Charged: true, Send: func(testing.TB) req {
		return post("ktpExtract", js("image", mark("dark=80"), "is_quality", true, "validate_quality", true))
	}})
	add(answerCase{Name: "no ktp", Op: "ktpExtract", Code: "KTP_NOT_DETECTED", Send: func(testing.TB) req {
		return post("ktpExtract", js("image", mark("ktp=none")))
	}})
	add(answerCase{Name: "sandbox no ktp", Op: "ktpExtract", Code: "KTP_NOT_DETECTED", Send: func(testing.TB) req {
		return post("ktpExtract", js("image", "NO_KTP_DETECTED")).as("sandbox-app", "sandbox-key")
	}})
	add(answerCase{Name: "accepted", Op: "ktpExtractAsync", Code: "ACCEPTED", Charged: true, Send: func(testing.TB) req { return valid("ktpExtractAsync") }})
	add(answerCase{Name: "bad callback", Op: "ktpExtractAsync", Code: "INVALID_PAYLOAD_CALLBACK_URL", Send: func(testing.TB) req {
		return post("ktpExtractAsync", js("image", img, "callback_url", "ftp://example.com/hook"))
	}})
	add(answerCase{Name: "stored", Op: "ktpExtractAsyncResult", Code: "OK", Before: withRef("ktpExtract"), Send: func(testing.TB) req { return valid("ktpExtractAsyncResult") }})
	// The pull is free and unmetered: a testing app whose quota the
	// extract used up still pulls its result.
	add(answerCase{Name: "stored, quota spent", Op: "ktpExtractAsyncResult", Code: "OK",
		Before: []req{withRef("ktpExtract")[0].as("test-app", "test-key")},
		Send:   func(testing.TB) req { return valid("ktpExtractAsyncResult").as("test-app", "test-key") }})
	add(answerCase{Name: "no reference_id", Op: "ktpExtractAsyncResult", Code: "INVALID_PAYLOAD", Send: func(testing.TB) req {
		return req{method: http.MethodGet, path: paths["ktpExtractAsyncResult"], app: "app", key: "key"}
	}})
	add(answerCase{Name: "unknown reference_id", Op: "ktpExtractAsyncResult", Code: "INVALID_PAYLOAD_REFERENCE_ID", Send: func(testing.TB) req { return valid("ktpExtractAsyncResult") }})
	add(answerCase{Name: "sandbox id", Op: "ktpExtractAsyncResult", Code: "INVALID_SANDBOX_CODE", Send: func(testing.TB) req {
		return valid("ktpExtractAsyncResult").as("sandbox-app", "sandbox-key")
	}})

	huge := mocktest.ImageB64(t, imagecheck.FixtureSpec{Bytes: MaxImage + 1000})
	small := mocktest.ImageB64(t, imagecheck.FixtureSpec{Width: 640, Height: 400})
	gif := mocktest.ImageB64(t, imagecheck.FixtureSpec{Format: imagecheck.GIF, Width: 1000, Height: 630})
	truncated := mocktest.ImageB64(t, imagecheck.FixtureSpec{Truncate: 300})
	for _, op := range []string{"idForgery", "ktpExtract", "ktpExtractAsync"} {
		for _, c := range []struct{ name, code, body string }{
			{"empty object", "INVALID_PAYLOAD", `{}`},
			{"not json", "INVALID_PAYLOAD", `image=abc`},
			{"wrong type", "INVALID_PAYLOAD", `{"image":"abc","is_quality":"yes"}`},
			{"two empty strings", "INVALID_PAYLOAD", `{"image":"","reference_id":""}`},
			{"no image", "MISSING_PAYLOAD_IMAGE", `{"is_quality":true}`},
			{"empty image", "INVALID_PAYLOAD_IMAGE_MISSING", `{"image":""}`},
			{"not base64", "INVALID_PAYLOAD_IMAGE_MISSING", `{"image":"%%%not base64%%%"}`},
			{"ftp url", "INVALID_PAYLOAD_IMAGE_MISSING", `{"image":"ftp://example.com/ktp.jpg"}`},
			{"over 5 MB", "INVALID_PAYLOAD_IMAGE_SIZE", js("image", huge)},
			{"under 720x480", "INVALID_PAYLOAD_IMAGE_SIZE", js("image", small)},
			{"gif", "INVALID_PAYLOAD_IMAGE_FORMAT", js("image", gif)},
			{"truncated", "INVALID_PAYLOAD_IMAGE_FORMAT", js("image", truncated)},
			{"validate without quality", "INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY", js("image", img, "is_quality", false, "validate_quality", true)},
		} {
			add(answerCase{Name: c.name, Op: op, Code: c.code, Send: func(testing.TB) req { return post(op, c.body) }})
		}
		add(answerCase{Name: "url 404", Op: op, Code: "INVALID_PAYLOAD_IMAGE_FORMAT", Send: func(t testing.TB) req {
			s := httptest.NewServer(http.NotFoundHandler())
			t.Cleanup(s.Close)
			return post(op, js("image", s.URL+"/ktp.jpg"))
		}})
		add(answerCase{Name: "url slower than the timeout", Op: op, Code: "INVALID_PAYLOAD_IMAGE_TIMEOUT", Config: slowURLConfig, Send: func(t testing.TB) req {
			return post(op, js("image", silentServer(t)))
		}})
		add(answerCase{Name: "scenario", Op: op, Code: "INTERNAL_SERVER_ERROR", Why: emulate.WhyScenario, Rules: []string{rule(op, "INTERNAL_SERVER_ERROR")},
			Send: func(testing.TB) req { return valid(op) }})
		if op != "idForgery" {
			add(answerCase{Name: "bad reference_id", Op: op, Code: "INVALID_PAYLOAD_REFERENCE_ID", Send: func(testing.TB) req {
				return post(op, js("image", img, "reference_id", "has space"))
			}})
			add(answerCase{Name: "sandbox too long", Op: op, Code: "INVALID_PAYLOAD_REFERENCE_ID", Send: func(testing.TB) req {
				return post(op, js("image", "KTP", "reference_id", "REFERENCE_ID_TOO_LONG")).as("sandbox-app", "sandbox-key")
			}})
			add(answerCase{Name: "used reference_id", Op: op, Code: "INVALID_PAYLOAD_REFERENCE_ID_EXISTS", Before: withRef(op), Send: func(testing.TB) req {
				return post(op, js("image", img, "reference_id", "ref-1"))
			}})
			add(answerCase{Name: "sandbox exist", Op: op, Code: "INVALID_PAYLOAD_REFERENCE_ID_EXISTS", Send: func(testing.TB) req {
				return post(op, js("image", "KTP", "reference_id", "REFERENCE_ID_EXIST")).as("sandbox-app", "sandbox-key")
			}})
			add(answerCase{Name: "sandbox image", Op: op, Code: "INVALID_SANDBOX_CODE", Send: func(testing.TB) req {
				return post(op, js("image", img)).as("sandbox-app", "sandbox-key")
			}})
			add(answerCase{Name: "sandbox too big", Op: op, Code: "INVALID_PAYLOAD_IMAGE_SIZE", Send: func(testing.TB) req {
				return post(op, js("image", "IMAGE_SIZE_EXCEED_LIMIT")).as("sandbox-app", "sandbox-key")
			}})
		}
	}

	for _, c := range faceCases(t) {
		add(c)
	}
	for _, c := range sertelCases(t) {
		add(c)
	}
	for _, c := range otpCases(t) {
		add(c)
	}
	for _, c := range enrollCases(t) {
		add(c)
	}
	for _, c := range npwpCases(t) {
		add(c)
	}
	for _, op := range []string{"faceCompare", "faceLiveness"} {
		add(answerCase{Name: "scenario", Op: op, Code: "INTERNAL_SERVER_ERROR", Why: emulate.WhyScenario, Rules: []string{rule(op, "INTERNAL_SERVER_ERROR")},
			Send: func(testing.TB) req { return valid(op) }})
	}
	for op := range paths {
		for _, a := range []struct{ name, app, key, why string }{
			{"no headers", "", "", emulate.WhyAuth},
			{"wrong key", "app", "nope", emulate.WhyAuth},
			{"unknown app", "nobody", "key", emulate.WhyAuth},
			{"disabled", "off-app", "off-key", emulate.WhyAdmission},
			{"expired", "old-app", "old-key", emulate.WhyAdmission},
		} {
			add(answerCase{Name: a.name, Op: op, Code: "AUTHORIZATION_FAILED", Why: a.why, Send: func(testing.TB) req { return valid(op).as(a.app, a.key) }})
		}
		if !endpoints[op].Metered() { // the ledger holds it to the rate limit only
			add(answerCase{Name: "rate", Op: op, Code: "TOO_MANY_REQUESTS", Why: emulate.WhyAdmission,
				Send: func(testing.TB) req { return valid(op).as("rate-app", "rate-key") }, Before: []req{valid(op).as("rate-app", "rate-key")}})
			add(answerCase{Name: "scenario", Op: op, Code: "INTERNAL_SERVER_ERROR", Why: emulate.WhyScenario, Rules: []string{rule(op, "INTERNAL_SERVER_ERROR")},
				Send: func(testing.TB) req { return valid(op) }})
			continue
		}
		if strings.Contains(op, "Otp") { // a send
			add(answerCase{Name: "scenario", Op: op, Code: "INTERNAL_SERVER_ERROR", Why: emulate.WhyScenario, Rules: []string{rule(op, "INTERNAL_SERVER_ERROR")},
				Send: func(testing.TB) req { return valid(op) }})
		}
		add(answerCase{Name: "rate", Op: op, Code: "TOO_MANY_REQUESTS", Why: emulate.WhyAdmission,
			Before: []req{valid(op).as("rate-app", "rate-key")}, Send: func(testing.TB) req { return valid(op).as("rate-app", "rate-key") }})
		quota := "INSUFFICIENT_QUOTA"
		if q, ok := map[string]string{"faceEnroll": "INSUFFICIENT_QUOTA_ENROLL", "faceSearch": "INSUFFICIENT_QUOTA_SEARCH", "ocrNpwp": "OCR_40004",
			"faceLiveness": "INSUFFICIENT_QUOTA_LIVENESS"}[op]; ok {
			quota = q // the product's own code (docs/vendors/verihubs.md#b3-5)
		}
		add(answerCase{Name: "testing quota", Op: op, Code: quota, Why: emulate.WhyAdmission,
			Before: []req{valid(op).as("test-app", "test-key")}, Send: func(testing.TB) req { return valid(op).as("test-app", "test-key") }})
	}
	return out
}

// answers is the table with the checks of this vendor's answers.
func answers(t testing.TB) mocktest.Answers[req] {
	return mocktest.Answers[req]{Vendor: "verihubs", Config: testConfig, Cases: cases(t), Check: checkAnswer,
		BeforeOK: func(_ testing.TB, res mocktest.Result) bool {
			// An OTP verify that finds nothing, a delete of no subject:
			// requests served too.
			return res.Status < http.StatusUnauthorized || res.Status == http.StatusNotFound && strings.Contains(string(res.Body), "OTP_NOT_FOUND") ||
				strings.Contains(string(res.Body), "INVALID_PAYLOAD_SUBJECT_ID_MISSING")
		}}
}

// MaxImage mirrors verihubs.MaxImage (5 MB) for the fixtures.
const MaxImage = 5 << 20

// TestAnswers triggers every documented answer through HTTP and checks the
// HTTP status, the code where the body carries it, the body shape
// (specs/verihubs.yaml, through the harness) and the billing.
func TestAnswers(t *testing.T) { answers(t).Run(t) }

func TestEveryAnswerHasACase(t *testing.T) { answers(t).CheckCoverage(t) }

func TestGolden(t *testing.T) { answers(t).Golden(t) }

func checkAnswer(t *testing.T, _ *mocktest.Harness, tc answerCase, res mocktest.Result) {
	body := res.JSON(t)
	if tc.Code != "OK" && body["message"] != tc.Message { // OK on the result pull is the stored result's own message
		t.Errorf("message %v, want %q", body["message"], tc.Message)
	}
	switch {
	case tc.Code == "AUTHORIZATION_FAILED" || tc.Code == "INTERNAL_SERVER_ERROR":
		if len(body) != 1 {
			t.Errorf("body %s, want only a message", res.Body)
		}
	case strings.HasPrefix(tc.Code, "FRG-") || strings.HasPrefix(tc.Code, "EXT-"):
		if body["status_code"] != tc.Code || body["error_code"] != nil {
			t.Errorf("status_code %v error_code %v, want %s and none", body["status_code"], body["error_code"], tc.Code)
		}
	case tc.Code == "verified" || tc.Code == "not_verified":
		d, _ := body["data"].(map[string]any)
		rf, _ := d["reject_field"].([]any)
		if body["error_code"] != nil || d["status"] != tc.Code || (len(rf) == 0) != (tc.Code == "verified") {
			t.Errorf("%s: %s", tc.Code, res.Body)
		}
	case tc.Code == "ACCEPTED" || tc.Code == "OK" || tc.Code == "OTP_SENT" || tc.Code == "OTP_VERIFIED":
		if body["error_code"] != nil {
			t.Errorf("error_code %v on %s", body["error_code"], tc.Code)
		}
	default:
		if body["error_code"] != tc.Code {
			t.Errorf("error_code %v, want %s", body["error_code"], tc.Code)
		}
	}
}
