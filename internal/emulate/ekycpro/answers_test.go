package ekycpro_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// accessConfig has one key for each account limit.
const accessConfig = `
seed: 7
vendors:
  ekycpro:
    credentials:
      - {id: AbcdEfgh, name: docs example}
      - {id: rate-key, rate_limit: 1}
      - {id: day-key, quota: 1, quota_period: day}
      - {id: poor-key, balance: 1, price: 1}
      - {id: off-key, disabled: true}
      - {id: old-key, expires: "2020-01-01T00:00:00Z"}
`

const demoKey = "AbcdEfgh"

// call is one request to eKYCPro.
type call struct {
	method, path string
	form         url.Values
	key          string
	contentType  string // default form-urlencoded
	raw          string // a raw body instead of form
}

func (c call) send(h *mocktest.Harness) mocktest.Result {
	h.T.Helper()
	body := c.raw
	if c.form != nil {
		body = c.form.Encode()
	}
	hdr := http.Header{}
	if c.key != "" {
		hdr.Set("X-API-Key", c.key)
	}
	req := h.Request(c.method, "/ekycpro"+c.path, strings.NewReader(body), hdr)
	if c.method == http.MethodPost {
		ct := c.contentType
		if ct == "" {
			ct = "application/x-www-form-urlencoded"
		}
		req.Header.Set("Content-Type", ct)
	}
	return h.Do(req)
}

func post(path string, kv ...string) call {
	f := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return call{method: http.MethodPost, path: path, form: f, key: demoKey}
}

func (c call) withKey(k string) call { c.key = k; return c }

func img(t testing.TB, spec imagecheck.FixtureSpec) string {
	t.Helper()
	if spec.Format == "" {
		spec.Format = imagecheck.JPEG
	}
	if spec.Width == 0 {
		spec.Width, spec.Height = 1000, 630
	}
	return mocktest.B64(mocktest.Image(t, spec))
}

// endpoint describes one eKYCPro operation for the table below.
type endpoint struct {
	op, path string
	valid    func(t testing.TB) call
}

func endpoints() []endpoint {
	single := func(path string) func(t testing.TB) call {
		return func(t testing.TB) call { return post(path, "img", img(t, imagecheck.FixtureSpec{})) }
	}
	return []endpoint{
		{"idOcr", "/v1/id_ocr/general", single("/v1/id_ocr/general")},
		{"antiFake", "/v1/id_card/antifake", single("/v1/id_card/antifake")},
		{"pictureLive", "/v1/picturelive", single("/v1/picturelive")},
		{"faceCompare", "/v1/facecompare", func(t testing.TB) call {
			return post("/v1/facecompare", "img1", img(t, imagecheck.FixtureSpec{}), "img2", img(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 640, Height: 480}))
		}},
		{"idHolding", "/v1/idholding", single("/v1/idholding")},
		{"idInquiries", "/v1/ididinquiries", func(testing.TB) call { return post("/v1/ididinquiries", "id", "3171024302821001") }},
		{"phoneInquiries", "/v1/ididphoneinquiries", func(testing.TB) call { return post("/v1/ididphoneinquiries", "phone", "+628958000001") }},
		{"indiaIdInquiries", "/v1/inidinquiries", func(testing.TB) call { return post("/v1/inidinquiries", "id", "802113820739") }},
		{"mexicoIdInquiries", "/v1/mxidinquiries", func(testing.TB) call { return post("/v1/mxidinquiries", "id", "LOPA001007MZSPRLD5") }},
		{"idCheck", "/v1/ididcheck", func(testing.TB) call { return post("/v1/ididcheck", "id", "3171024302821001") }},
		{"balance", "/v1/balance", func(testing.TB) call { return call{method: http.MethodGet, path: "/v1/balance", key: demoKey} }},
	}
}

// answerCase triggers one documented answer through HTTP.
type answerCase struct {
	name    string
	op      string
	code    string
	message string // the documented message; "" for success objects
	status  int
	charged bool
	why     string
	config  string   // config YAML; "" = accessConfig
	rules   []string // admin scenario rules (JSON) added first
	before  []call   // requests sent first (to use up a limit)
	send    func(t testing.TB) call
}

const (
	msgFail          = "check input image and retry"
	msgInvalid       = "check request params"
	msgFormat        = "image format not support"
	msgSize          = "image larger than 2M"
	msgServiceDown   = "Service is not available right now, please try again later"
	msgInner         = "Inner error, please retry later"
	msgInvalidNIK    = "Invalid ID number, please check the NIK format"
	msgInvalidPhone  = "Invalid phone number, please check your phone number format"
	msgNotFoundMD5   = "This md5 can't be found in our system"
	msgPersonMissing = "This person can’t be found in our system"
)

func rule(op, code, message string) string {
	if message != "" {
		return fmt.Sprintf(`{"name":"t","vendor":"ekycpro","endpoint":%q,"respond":{"code":%q,"message":%q}}`, op, code, message)
	}
	return fmt.Sprintf(`{"name":"t","vendor":"ekycpro","endpoint":%q,"respond":{"code":%q}}`, op, code)
}

func cases(t testing.TB) []answerCase {
	var out []answerCase
	add := func(c answerCase) {
		if c.status == 0 {
			c.status = http.StatusOK
		}
		if c.why == "" {
			c.why = emulate.WhyNatural
		}
		out = append(out, c)
	}
	jpeg := func(spec imagecheck.FixtureSpec) string { return img(t, spec) }
	// 2M of base64 is 1,572,864 bytes: a 1.6 MB image is over it.
	big := jpeg(imagecheck.FixtureSpec{Bytes: 1_600_000})
	truncated := jpeg(imagecheck.FixtureSpec{Truncate: 300})
	gif := jpeg(imagecheck.FixtureSpec{Format: imagecheck.GIF, Width: 300, Height: 200})

	for _, ep := range []struct{ op, path, inner string }{
		{"idOcr", "/v1/id_ocr/general", msgServiceDown},
		{"antiFake", "/v1/id_card/antifake", msgInner},
		{"pictureLive", "/v1/picturelive", msgInner},
	} {
		p := ep.path
		add(answerCase{name: "ok", op: ep.op, code: "OK", charged: true, send: func(t testing.TB) call { return post(p, "img", jpeg(imagecheck.FixtureSpec{})) }})
		add(answerCase{name: "corrupt jpeg", op: ep.op, code: "FAIL", message: msgFail, charged: true, send: func(testing.TB) call { return post(p, "img", truncated) }})
		add(answerCase{name: "marker FAIL", op: ep.op, code: "FAIL", message: msgFail, charged: true, why: emulate.WhyMarker,
			send: func(t testing.TB) call { return post(p, "img", jpeg(imagecheck.FixtureSpec{Marker: "scenario=FAIL"})) }})
		add(answerCase{name: "missing img", op: ep.op, code: "INVALID_REQUEST", message: msgInvalid, send: func(testing.TB) call { return post(p) }})
		add(answerCase{name: "not base64", op: ep.op, code: "INVALID_REQUEST", message: msgInvalid, send: func(testing.TB) call { return post(p, "img", "not*base64!") }})
		add(answerCase{name: "json body", op: ep.op, code: "INVALID_REQUEST", message: msgInvalid, send: func(testing.TB) call {
			return call{method: http.MethodPost, path: p, key: demoKey, contentType: "application/json", raw: `{"img":"aGVsbG8="}`}
		}})
		add(answerCase{name: "gif", op: ep.op, code: "IMAGE_INVALID_FORMAT", message: msgFormat, send: func(testing.TB) call { return post(p, "img", gif) }})
		add(answerCase{name: "pdf", op: ep.op, code: "IMAGE_INVALID_FORMAT", message: msgFormat, send: func(t testing.TB) call {
			return post(p, "img", jpeg(imagecheck.FixtureSpec{Format: imagecheck.PDF, Width: 600, Height: 400}))
		}})
		add(answerCase{name: "over 2M", op: ep.op, code: "IMAGE_INVALID_SIZE", message: msgSize, send: func(testing.TB) call { return post(p, "img", big) }})
		add(answerCase{name: "scenario", op: ep.op, code: "INNER_ERROR", message: ep.inner, why: emulate.WhyScenario, rules: []string{rule(ep.op, "INNER_ERROR", "")},
			send: func(t testing.TB) call { return post(p, "img", jpeg(imagecheck.FixtureSpec{})) }})
	}
	for _, cc := range []string{"MX", "IN", "th", " ID "} { // the eKYCPro page's list
		cc := cc
		add(answerCase{name: "country " + cc, op: "pictureLive", code: "OK", charged: true, send: func(t testing.TB) call {
			return post("/v1/picturelive", "img", jpeg(imagecheck.FixtureSpec{}), "country", cc)
		}})
	}
	add(answerCase{name: "bad country", op: "pictureLive", code: "INVALID_REQUEST", message: msgInvalid, send: func(t testing.TB) call {
		return post("/v1/picturelive", "img", jpeg(imagecheck.FixtureSpec{}), "country", "US")
	}})

	for _, ep := range []struct{ op, path, retry string }{
		{"faceCompare", "/v1/facecompare", "image detect face fail"},
		{"idHolding", "/v1/idholding", "error not idholding image"},
	} {
		p, two := ep.path, ep.op == "faceCompare"
		form := func(a, b string) call {
			if two {
				return post(p, "img1", a, "img2", b)
			}
			return post(p, "img", a)
		}
		good := func(t testing.TB) string { return jpeg(imagecheck.FixtureSpec{}) }
		add(answerCase{name: "ok", op: ep.op, code: "OK", charged: true, send: func(t testing.TB) call { return form(good(t), good(t)) }})
		add(answerCase{name: "no face", op: ep.op, code: "RETRY_LATER", message: ep.retry, charged: true, send: func(t testing.TB) call { return form(truncated, good(t)) }})
		add(answerCase{name: "missing", op: ep.op, code: "INVALID_REQUEST", message: msgInvalid, send: func(testing.TB) call { return post(p) }})
		add(answerCase{name: "not an image", op: ep.op, code: "INVALID_REQUEST", message: msgInvalid, send: func(t testing.TB) call { return form(gif, good(t)) }})
		add(answerCase{name: "over 2M", op: ep.op, code: "IMAGE_INVALID_SIZE", message: msgSize, send: func(t testing.TB) call { return form(big, good(t)) }})
		add(answerCase{name: "scenario", op: ep.op, code: "INNER_ERROR", message: msgInner, why: emulate.WhyScenario, rules: []string{rule(ep.op, "INNER_ERROR", "")},
			send: func(t testing.TB) call { return form(good(t), good(t)) }})
	}
	// Each check on both images before the next (the shared docs/vendors/izidata.md#iz-6 order): an
	// empty img2 is a missing one, and a free problem of img2 comes before
	// the charged "no face" of img1.
	add(answerCase{name: "no face, img2 empty", op: "faceCompare", code: "INVALID_REQUEST", message: msgInvalid, send: func(testing.TB) call {
		return post("/v1/facecompare", "img1", truncated, "img2", "")
	}})
	add(answerCase{name: "no face, img2 over 2M", op: "faceCompare", code: "IMAGE_INVALID_SIZE", message: msgSize, send: func(testing.TB) call {
		return post("/v1/facecompare", "img1", truncated, "img2", big)
	}})

	add(answerCase{name: "nik", op: "idInquiries", code: "OK", charged: true, send: func(testing.TB) call { return post("/v1/ididinquiries", "id", "3171024302821001") }})
	add(answerCase{name: "md5", op: "idInquiries", code: "OK", charged: true, send: func(testing.TB) call {
		return post("/v1/ididinquiries", "id", "F207821365C0485257481E9EB0020AE7", "md5", "1")
	}})
	add(answerCase{name: "15 digits", op: "idInquiries", code: "INVALID_ID_NUMBER", message: msgInvalidNIK, send: func(testing.TB) call { return post("/v1/ididinquiries", "id", "317102430282100") }})
	add(answerCase{name: "md5 not hex", op: "idInquiries", code: "INVALID_ID_NUMBER", message: msgInvalidNIK, send: func(testing.TB) call {
		return post("/v1/ididinquiries", "id", "3171024302821001", "md5", "1")
	}})
	add(answerCase{name: "scenario", op: "idInquiries", code: "RETRY_LATER", message: msgServiceDown, why: emulate.WhyScenario, rules: []string{rule("idInquiries", "RETRY_LATER", msgServiceDown)},
		send: func(testing.TB) call { return post("/v1/ididinquiries", "id", "3171024302821001") }})
	add(answerCase{name: "scenario", op: "idInquiries", code: "NOT_FOUND_MD5", message: msgNotFoundMD5, why: emulate.WhyScenario, rules: []string{rule("idInquiries", "NOT_FOUND_MD5", "")},
		send: func(testing.TB) call {
			return post("/v1/ididinquiries", "id", "f207821365c0485257481e9eb0020ae7", "md5", "1")
		}})

	add(answerCase{name: "phone", op: "phoneInquiries", code: "OK", charged: true, send: func(testing.TB) call { return post("/v1/ididphoneinquiries", "phone", "+628958000001") }})
	add(answerCase{name: "md5", op: "phoneInquiries", code: "OK", charged: true, send: func(testing.TB) call {
		return post("/v1/ididphoneinquiries", "phone", "926799cb75a5d93c1c0fca56ba2b265d", "md5", "1")
	}})
	add(answerCase{name: "bad phone", op: "phoneInquiries", code: "FAIL", message: msgInvalidPhone, send: func(testing.TB) call { return post("/v1/ididphoneinquiries", "phone", "12345") }})
	add(answerCase{name: "scenario", op: "phoneInquiries", code: "RETRY_LATER", message: msgServiceDown, why: emulate.WhyScenario, rules: []string{rule("phoneInquiries", "RETRY_LATER", msgServiceDown)},
		send: func(testing.TB) call { return post("/v1/ididphoneinquiries", "phone", "+628958000001") }})
	add(answerCase{name: "scenario", op: "phoneInquiries", code: "NOT_FOUND_MD5", message: msgNotFoundMD5, why: emulate.WhyScenario, rules: []string{rule("phoneInquiries", "NOT_FOUND_MD5", "")},
		send: func(testing.TB) call { return post("/v1/ididphoneinquiries", "phone", "+628958000001") }})

	for _, ep := range []struct{ op, path, good, bad string }{
		{"indiaIdInquiries", "/v1/inidinquiries", "802113820739", "102113820739"},
		{"mexicoIdInquiries", "/v1/mxidinquiries", "LOPA001007MZSPRLD5", "LOPA001007"},
	} {
		ep := ep
		add(answerCase{name: "ok", op: ep.op, code: "OK", charged: true, send: func(testing.TB) call { return post(ep.path, "id", ep.good) }})
		add(answerCase{name: "bad id", op: ep.op, code: "INVALID_ID_NUMBER", message: msgInvalidNIK, send: func(testing.TB) call { return post(ep.path, "id", ep.bad) }})
		add(answerCase{name: "scenario", op: ep.op, code: "RETRY_LATER", message: msgServiceDown, why: emulate.WhyScenario, rules: []string{rule(ep.op, "RETRY_LATER", msgServiceDown)},
			send: func(testing.TB) call { return post(ep.path, "id", ep.good) }})
	}

	add(answerCase{name: "no name", op: "idCheck", code: "OK", charged: true, send: func(testing.TB) call { return post("/v1/ididcheck", "id", "3171024302821001") }})
	add(answerCase{name: "other name", op: "idCheck", code: "NOT", charged: true, send: func(testing.TB) call {
		return post("/v1/ididcheck", "id", "3171024302821001", "name", "QWERTY ZXCVB")
	}})
	add(answerCase{name: "no such district", op: "idCheck", code: "PERSON_NOT_FOUND", message: msgPersonMissing, send: func(testing.TB) call {
		return post("/v1/ididcheck", "id", "9999994302821001")
	}})
	add(answerCase{name: "curl sample", op: "idCheck", code: "INVALID_ID_NUMBER", message: msgInvalidNIK, send: func(testing.TB) call {
		return post("/v1/ididcheck", "name", "NAME&id=3171024309991001")
	}})
	add(answerCase{name: "scenario", op: "idCheck", code: "RETRY_LATER", message: msgServiceDown, why: emulate.WhyScenario, rules: []string{rule("idCheck", "RETRY_LATER", "")},
		send: func(testing.TB) call { return post("/v1/ididcheck", "id", "3171024302821001") }})

	add(answerCase{name: "ok", op: "balance", code: "OK", send: func(testing.TB) call { return call{method: http.MethodGet, path: "/v1/balance", key: demoKey} }})
	// The balance never charges: a key whose day's quota or balance is
	// spent still reads it.
	for _, key := range []string{"day-key", "poor-key"} {
		add(answerCase{name: "ok, " + key + " spent", op: "balance", code: "OK",
			before: []call{post("/v1/ididinquiries", "id", "3171024302821001").withKey(key)},
			send:   func(testing.TB) call { return call{method: http.MethodGet, path: "/v1/balance", key: key} }})
	}
	add(answerCase{name: "scenario", op: "balance", code: "INNER_ERROR", message: msgInner, status: 500, why: emulate.WhyScenario, rules: []string{rule("balance", "INNER_ERROR", "")},
		send: func(testing.TB) call { return call{method: http.MethodGet, path: "/v1/balance", key: demoKey} }})

	// Access answers, on every endpoint.
	for _, ep := range endpoints() {
		ep := ep
		paid := ep.op != "balance"
		for _, k := range []struct{ name, key, why string }{
			{"no key", "", emulate.WhyAuth}, {"unknown key", "nope", emulate.WhyAuth},
			{"disabled key", "off-key", emulate.WhyAdmission}, {"expired key", "old-key", emulate.WhyAdmission},
		} {
			k := k
			add(answerCase{name: k.name, op: ep.op, code: "NO_AUTHORIZATION", message: "invalid api key", status: 401, why: k.why,
				send: func(t testing.TB) call { return ep.valid(t).withKey(k.key) }})
		}
		add(answerCase{name: "rate", op: ep.op, code: "RETRY_LATER", message: "too many requests, please try again later", status: 429, why: emulate.WhyAdmission,
			before: []call{ep.valid(t).withKey("rate-key")}, send: func(t testing.TB) call { return ep.valid(t).withKey("rate-key") }})
		if paid {
			add(answerCase{name: "day quota", op: ep.op, code: "RETRY_LATER", message: "daily limit exceeded, please try again after reset_time", status: 429, why: emulate.WhyAdmission,
				before: []call{ep.valid(t).withKey("day-key")}, send: func(t testing.TB) call { return ep.valid(t).withKey("day-key") }})
			add(answerCase{name: "balance", op: ep.op, code: "INSUFFICIENT_BALANCE", message: "insufficient balance", why: emulate.WhyAdmission,
				before: []call{ep.valid(t).withKey("poor-key")}, send: func(t testing.TB) call { return ep.valid(t).withKey("poor-key") }})
		}
	}
	return out
}

// TestAnswers triggers every documented answer through HTTP and checks the
// HTTP status, the code, the message, the body shape (specs/ekycpro.yaml,
// through the harness) and the billing.
func TestAnswers(t *testing.T) {
	for _, tc := range cases(t) {
		t.Run(tc.op+"/"+tc.code+"/"+tc.name, func(t *testing.T) {
			cfg := tc.config
			if cfg == "" {
				cfg = accessConfig
			}
			h := mocktest.New(t, mocktest.WithConfig(cfg))
			h.AddRules(tc.rules...)
			for _, b := range tc.before {
				if res := b.send(h); res.Status != http.StatusOK {
					t.Fatalf("request before: %d %s", res.Status, res.Body)
				}
			}
			res := tc.send(t).send(h)
			if res.Status != tc.status {
				t.Fatalf("HTTP %d, want %d: %s", res.Status, tc.status, res.Body)
			}
			body := res.JSON(t)
			if got := body["status"]; got != tc.code {
				t.Fatalf("status %v, want %s: %s", got, tc.code, res.Body)
			}
			if tc.message != "" {
				if got := body["message"]; got != tc.message {
					t.Errorf("message %q, want %q", got, tc.message)
				}
			} else if tc.op != "balance" {
				if _, ok := body["message"].(map[string]any); !ok {
					t.Errorf("message is %T, want an object: %s", body["message"], res.Body)
				}
			}
			last := h.Server.Deps().Journal.List(journal.Filter{Limit: 1})
			if len(last) != 1 {
				t.Fatal("no journal entry")
			}
			if e := last[0]; e.Code != tc.code || e.Charged != tc.charged || e.Why != tc.why {
				t.Errorf("journal: code %s charged %v why %s; want %s %v %s", e.Code, e.Charged, e.Why, tc.code, tc.charged, tc.why)
			}
		})
	}
}

// TestEveryAnswerHasACase fails when the catalogue documents an answer that
// TestAnswers never triggers.
func TestEveryAnswerHasACase(t *testing.T) {
	have := map[mocktest.AnswerKey]bool{}
	for _, c := range cases(t) {
		have[mocktest.AnswerKey{Op: c.op, Code: c.code, Message: c.message, Charged: c.charged}] = true
	}
	mocktest.New(t).CheckEveryAnswer("ekycpro", have)
}

// TestInvalidBodyOnEveryEndpoint: a JSON body, which the spec refuses, is
// each endpoint's own bad-parameters answer, on every endpoint that takes a
// body (the balance takes none: its entry is checked when the vendor is
// built).
func TestInvalidBodyOnEveryEndpoint(t *testing.T) {
	want := map[string][2]string{
		"idOcr": {"INVALID_REQUEST", msgInvalid}, "antiFake": {"INVALID_REQUEST", msgInvalid}, "pictureLive": {"INVALID_REQUEST", msgInvalid},
		"faceCompare": {"INVALID_REQUEST", msgInvalid}, "idHolding": {"INVALID_REQUEST", msgInvalid},
		"idInquiries": {"INVALID_ID_NUMBER", msgInvalidNIK}, "indiaIdInquiries": {"INVALID_ID_NUMBER", msgInvalidNIK},
		"mexicoIdInquiries": {"INVALID_ID_NUMBER", msgInvalidNIK}, "idCheck": {"INVALID_ID_NUMBER", msgInvalidNIK},
		"phoneInquiries": {"FAIL", msgInvalidPhone},
	}
	h := mocktest.New(t)
	n := 0
	for _, ep := range endpoints() {
		if ep.op == "balance" {
			continue
		}
		n++
		res := call{method: http.MethodPost, path: ep.path, key: demoKey, contentType: "application/json", raw: `{"id":"3171024302821001"}`}.send(h)
		body := res.JSON(t)
		if w := want[ep.op]; res.Status != http.StatusOK || body["status"] != w[0] || body["message"] != w[1] {
			t.Errorf("%s: HTTP %d %s, want %v", ep.op, res.Status, res.Body, w)
		}
	}
	if n != len(want) {
		t.Errorf("%d endpoints, %d expected answers", n, len(want))
	}
}
