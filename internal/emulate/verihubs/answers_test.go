package verihubs_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
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
      image_url: {timeout: 300ms}
      callback: {tries: 2, timeout: 2s, backoff: 10ms, auth: {other-app: {username: hook-user, password: hook-pass}}}
`

// req is one request to Verihubs.
type req struct {
	method, path, body string
	app, key           string
}

var paths = map[string]string{
	"idForgery": "/v2/ktp/idforgery", "ktpExtract": "/v2/ktp/extract",
	"ktpExtractAsync": "/ktp/id/extract-async", "ktpExtractAsyncResult": "/ktp/id/extract-async/result",
	"faceCompare": "/v1/face/compare", "faceLiveness": "/v1/face/liveness",
}

func post(op, body string) req {
	return req{method: http.MethodPost, path: paths[op], body: body, app: "app", key: "key"}
}

func (r req) as(app, key string) req { r.app, r.key = app, key; return r }

func (r req) send(h *mocktest.Harness) mocktest.Result {
	h.T.Helper()
	var hdr = http.Header{}
	if r.method == http.MethodPost {
		hdr.Set("Content-Type", "application/json")
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
	return h.Do(h.Request(method, "/verihubs"+r.path, strings.NewReader(r.body), hdr))
}

func b64(t testing.TB, spec imagecheck.FixtureSpec) string {
	t.Helper()
	if spec.Format == "" {
		spec.Format = imagecheck.JPEG
	}
	if spec.Width == 0 {
		spec.Width, spec.Height = 1000, 630
	}
	return mocktest.B64(mocktest.Image(t, spec))
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

type answerCase struct {
	name, op, code string
	charged        bool
	why            string
	rules          []string
	before         []req
	send           func(t testing.TB) req
}

func rule(op, code string) string {
	return fmt.Sprintf(`{"name":"t","vendor":"verihubs","endpoint":%q,"respond":{"code":%q}}`, op, code)
}

// slowServer answers after wait, or when the client gives up.
func slowServer(t testing.TB, wait time.Duration, body []byte) string {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(wait):
		case <-r.Context().Done():
			return
		}
		_, _ = w.Write(body)
	}))
	t.Cleanup(s.Close)
	return s.URL + "/ktp.jpg"
}

func cases(t testing.TB) []answerCase {
	var out []answerCase
	add := func(c answerCase) {
		if c.why == "" {
			c.why = emulate.WhyNatural
		}
		out = append(out, c)
	}
	img := b64(t, imagecheck.FixtureSpec{})
	mark := func(m string) string { return b64(t, imagecheck.FixtureSpec{Marker: m}) }
	valid := func(op string) req {
		switch op {
		case "ktpExtractAsyncResult":
			return req{method: http.MethodGet, path: paths[op] + "?reference_id=ref-1", app: "app", key: "key"}
		case "faceCompare":
			return post(op, js("image_1", img, "image_2", img))
		}
		return post(op, js("image", img))
	}
	withRef := func(op string) []req { return []req{post("ktpExtract", js("image", img, "reference_id", "ref-1"))} }

	add(answerCase{name: "clean", op: "idForgery", code: "FRG-1", charged: true, send: func(testing.TB) req { return valid("idForgery") }})
	add(answerCase{name: "sandbox dummy (docs/vendors/verihubs.md#vh-6)", op: "idForgery", code: "FRG-1", send: func(testing.TB) req {
		return post("idForgery", js("image", "KTP", "is_quality", true)).as("sandbox-app", "sandbox-key")
	}})
	add(answerCase{name: "validated", op: "idForgery", code: "FRG-3", charged: true, send: func(testing.TB) req {
		return post("idForgery", js("image", img, "is_quality", true, "validate_quality", true))
	}})
	add(answerCase{name: "blurred", op: "idForgery", code: "FAIL_ON_1", charged: true, send: func(testing.TB) req {
		return post("idForgery", js("image", mark("blur=true"), "is_quality", true, "validate_quality", true))
	}})
	add(answerCase{name: "forged", op: "idForgery", code: "FAIL_ON_2", charged: true, send: func(testing.TB) req {
		return post("idForgery", js("image", mark("forgery=true")))
	}})

	add(answerCase{name: "extracted", op: "ktpExtract", code: "EXT-1", charged: true, send: func(testing.TB) req { return valid("ktpExtract") }})
	add(answerCase{name: "validated", op: "ktpExtract", code: "EXT-3", charged: true, send: func(testing.TB) req {
		return post("ktpExtract", js("image", img, "is_quality", true, "validate_quality", true))
	}})
	add(answerCase{name: "dark", op: "ktpExtract", code: "FAIL_ON_1", charged: true, send: func(testing.TB) req {
		return post("ktpExtract", js("image", mark("dark=80"), "is_quality", true, "validate_quality", true))
	}})
	add(answerCase{name: "no ktp", op: "ktpExtract", code: "KTP_NOT_DETECTED", send: func(testing.TB) req {
		return post("ktpExtract", js("image", mark("ktp=none")))
	}})
	add(answerCase{name: "sandbox no ktp", op: "ktpExtract", code: "KTP_NOT_DETECTED", send: func(testing.TB) req {
		return post("ktpExtract", js("image", "NO_KTP_DETECTED")).as("sandbox-app", "sandbox-key")
	}})
	add(answerCase{name: "accepted", op: "ktpExtractAsync", code: "ACCEPTED", charged: true, send: func(testing.TB) req { return valid("ktpExtractAsync") }})
	add(answerCase{name: "bad callback", op: "ktpExtractAsync", code: "INVALID_PAYLOAD_CALLBACK_URL", send: func(testing.TB) req {
		return post("ktpExtractAsync", js("image", img, "callback_url", "ftp://example.com/hook"))
	}})
	add(answerCase{name: "stored", op: "ktpExtractAsyncResult", code: "OK", before: withRef("ktpExtract"), send: func(testing.TB) req { return valid("ktpExtractAsyncResult") }})
	// The pull is free and unmetered: a testing app whose quota the
	// extract used up still pulls its result.
	add(answerCase{name: "stored, quota spent", op: "ktpExtractAsyncResult", code: "OK",
		before: []req{withRef("ktpExtract")[0].as("test-app", "test-key")},
		send:   func(testing.TB) req { return valid("ktpExtractAsyncResult").as("test-app", "test-key") }})
	add(answerCase{name: "no reference_id", op: "ktpExtractAsyncResult", code: "INVALID_PAYLOAD", send: func(testing.TB) req {
		return req{method: http.MethodGet, path: paths["ktpExtractAsyncResult"], app: "app", key: "key"}
	}})
	add(answerCase{name: "unknown reference_id", op: "ktpExtractAsyncResult", code: "INVALID_PAYLOAD_REFERENCE_ID", send: func(testing.TB) req { return valid("ktpExtractAsyncResult") }})
	add(answerCase{name: "sandbox id", op: "ktpExtractAsyncResult", code: "INVALID_SANDBOX_CODE", send: func(testing.TB) req {
		return valid("ktpExtractAsyncResult").as("sandbox-app", "sandbox-key")
	}})

	huge := b64(t, imagecheck.FixtureSpec{Bytes: MaxImage + 1000})
	small := b64(t, imagecheck.FixtureSpec{Width: 640, Height: 400})
	gif := b64(t, imagecheck.FixtureSpec{Format: imagecheck.GIF, Width: 1000, Height: 630})
	truncated := b64(t, imagecheck.FixtureSpec{Truncate: 300})
	jpeg := mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 1000, Height: 630})
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
			{"validate alone", "INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY", js("image", img, "validate_quality", true)},
		} {
			add(answerCase{name: c.name, op: op, code: c.code, send: func(testing.TB) req { return post(op, c.body) }})
		}
		add(answerCase{name: "url 404", op: op, code: "INVALID_PAYLOAD_IMAGE_FORMAT", send: func(t testing.TB) req {
			s := httptest.NewServer(http.NotFoundHandler())
			t.Cleanup(s.Close)
			return post(op, js("image", s.URL+"/ktp.jpg"))
		}})
		add(answerCase{name: "url slower than the timeout", op: op, code: "INVALID_PAYLOAD_IMAGE_TIMEOUT", send: func(t testing.TB) req {
			return post(op, js("image", slowServer(t, 5*time.Second, jpeg)))
		}})
		add(answerCase{name: "scenario", op: op, code: "INTERNAL_SERVER_ERROR", why: emulate.WhyScenario, rules: []string{rule(op, "INTERNAL_SERVER_ERROR")},
			send: func(testing.TB) req { return valid(op) }})
		if op != "idForgery" {
			add(answerCase{name: "bad reference_id", op: op, code: "INVALID_PAYLOAD_REFERENCE_ID", send: func(testing.TB) req {
				return post(op, js("image", img, "reference_id", "has space"))
			}})
			add(answerCase{name: "sandbox too long", op: op, code: "INVALID_PAYLOAD_REFERENCE_ID", send: func(testing.TB) req {
				return post(op, js("image", "KTP", "reference_id", "REFERENCE_ID_TOO_LONG")).as("sandbox-app", "sandbox-key")
			}})
			add(answerCase{name: "used reference_id", op: op, code: "INVALID_PAYLOAD_REFERENCE_ID_EXISTS", before: withRef(op), send: func(testing.TB) req {
				return post(op, js("image", img, "reference_id", "ref-1"))
			}})
			add(answerCase{name: "sandbox exist", op: op, code: "INVALID_PAYLOAD_REFERENCE_ID_EXISTS", send: func(testing.TB) req {
				return post(op, js("image", "KTP", "reference_id", "REFERENCE_ID_EXIST")).as("sandbox-app", "sandbox-key")
			}})
			add(answerCase{name: "sandbox image", op: op, code: "INVALID_SANDBOX_CODE", send: func(testing.TB) req {
				return post(op, js("image", img)).as("sandbox-app", "sandbox-key")
			}})
			add(answerCase{name: "sandbox too big", op: op, code: "INVALID_PAYLOAD_IMAGE_SIZE", send: func(testing.TB) req {
				return post(op, js("image", "IMAGE_SIZE_EXCEED_LIMIT")).as("sandbox-app", "sandbox-key")
			}})
		}
	}

	for _, c := range faceCases(t) {
		add(c)
	}
	for _, op := range []string{"faceCompare", "faceLiveness"} {
		add(answerCase{name: "scenario", op: op, code: "INTERNAL_SERVER_ERROR", why: emulate.WhyScenario, rules: []string{rule(op, "INTERNAL_SERVER_ERROR")},
			send: func(testing.TB) req { return valid(op) }})
	}
	for op := range paths {
		for _, a := range []struct{ name, app, key, why string }{
			{"no headers", "", "", emulate.WhyAuth},
			{"wrong key", "app", "nope", emulate.WhyAuth},
			{"unknown app", "nobody", "key", emulate.WhyAuth},
			{"disabled", "off-app", "off-key", emulate.WhyAdmission},
			{"expired", "old-app", "old-key", emulate.WhyAdmission},
		} {
			add(answerCase{name: a.name, op: op, code: "AUTHORIZATION_FAILED", why: a.why, send: func(testing.TB) req { return valid(op).as(a.app, a.key) }})
		}
		if op == "ktpExtractAsyncResult" {
			add(answerCase{name: "rate", op: op, code: "TOO_MANY_REQUESTS", why: emulate.WhyAdmission,
				send: func(testing.TB) req { return valid(op).as("rate-app", "rate-key") }, before: []req{valid(op).as("rate-app", "rate-key")}})
			add(answerCase{name: "scenario", op: op, code: "INTERNAL_SERVER_ERROR", why: emulate.WhyScenario, rules: []string{rule(op, "INTERNAL_SERVER_ERROR")},
				send: func(testing.TB) req { return valid(op) }})
			continue
		}
		add(answerCase{name: "rate", op: op, code: "TOO_MANY_REQUESTS", why: emulate.WhyAdmission,
			before: []req{valid(op).as("rate-app", "rate-key")}, send: func(testing.TB) req { return valid(op).as("rate-app", "rate-key") }})
		add(answerCase{name: "testing quota", op: op, code: "INSUFFICIENT_QUOTA", why: emulate.WhyAdmission,
			before: []req{valid(op).as("test-app", "test-key")}, send: func(testing.TB) req { return valid(op).as("test-app", "test-key") }})
	}
	return out
}

// MaxImage mirrors verihubs.MaxImage (5 MB) for the fixtures.
const MaxImage = 5 << 20

// TestAnswers triggers every documented answer through HTTP and checks the
// HTTP status, the code where the body carries it, the body shape
// (specs/verihubs.yaml, through the harness) and the billing.
func TestAnswers(t *testing.T) {
	for _, tc := range cases(t) {
		t.Run(tc.op+"/"+tc.code+"/"+tc.name, func(t *testing.T) {
			h := mocktest.New(t, mocktest.WithConfig(testConfig))
			h.AddRules(tc.rules...)
			for _, b := range tc.before {
				if res := b.send(h); res.Status >= http.StatusUnauthorized {
					t.Fatalf("request before: %d %s", res.Status, res.Body)
				}
			}
			ep, _ := h.Server.Catalogue().Endpoint("verihubs", tc.op)
			want, ok := ep.Answer(tc.code, "")
			if !ok {
				t.Fatalf("%s has no answer %s", tc.op, tc.code)
			}
			res := tc.send(t).send(h)
			if res.Status != want.HTTP {
				t.Fatalf("HTTP %d, want %d: %.300s", res.Status, want.HTTP, res.Body)
			}
			body := res.JSON(t)
			if tc.code != "OK" && body["message"] != want.Message { // OK on the result pull is the stored result's own message
				t.Errorf("message %v, want %q", body["message"], want.Message)
			}
			switch {
			case tc.code == "AUTHORIZATION_FAILED" || tc.code == "INTERNAL_SERVER_ERROR":
				if len(body) != 1 {
					t.Errorf("body %s, want only a message", res.Body)
				}
			case strings.HasPrefix(tc.code, "FRG-") || strings.HasPrefix(tc.code, "EXT-"):
				if body["status_code"] != tc.code || body["error_code"] != nil {
					t.Errorf("status_code %v error_code %v, want %s and none", body["status_code"], body["error_code"], tc.code)
				}
			case tc.code == "ACCEPTED" || tc.code == "OK":
				if body["error_code"] != nil {
					t.Errorf("error_code %v on %s", body["error_code"], tc.code)
				}
			default:
				if body["error_code"] != tc.code {
					t.Errorf("error_code %v, want %s", body["error_code"], tc.code)
				}
			}
			e := h.LastEntry()
			if e.Code != tc.code || e.Charged != tc.charged || e.Why != tc.why {
				t.Errorf("journal: code %s charged %v why %s; want %s %v %s (notes %v)", e.Code, e.Charged, e.Why, tc.code, tc.charged, tc.why, e.Notes)
			}
		})
	}
}

// TestEveryAnswerHasACase fails when the catalogue documents an answer that
// TestAnswers never triggers.
func TestEveryAnswerHasACase(t *testing.T) {
	have := map[mocktest.AnswerKey]bool{}
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	for _, c := range cases(t) {
		ep, _ := h.Server.Catalogue().Endpoint("verihubs", c.op)
		a, _ := ep.Answer(c.code, "")
		have[mocktest.AnswerKey{Op: c.op, Code: c.code, Message: a.Message, Charged: c.charged}] = true
	}
	h.CheckEveryAnswer("verihubs", have)
}
