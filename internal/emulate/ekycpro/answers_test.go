package ekycpro_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
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

func (c call) Send(h *mocktest.Harness) mocktest.Result {
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
	return call{method: http.MethodPost, path: path, form: mocktest.Pairs(kv...), key: demoKey}
}

func (c call) withKey(k string) call { c.key = k; return c }

// endpoint describes one eKYCPro operation for the table below.
type endpoint struct {
	op, path string
	valid    func(t testing.TB) call
}

func endpoints() []endpoint {
	single := func(path string) func(t testing.TB) call {
		return func(t testing.TB) call { return post(path, "img", mocktest.ImageB64(t, imagecheck.FixtureSpec{})) }
	}
	return []endpoint{
		{"idOcr", "/v1/id_ocr/general", single("/v1/id_ocr/general")},
		{"antiFake", "/v1/id_card/antifake", single("/v1/id_card/antifake")},
		{"pictureLive", "/v1/picturelive", single("/v1/picturelive")},
		{"faceCompare", "/v1/facecompare", func(t testing.TB) call {
			return post("/v1/facecompare", "img1", mocktest.ImageB64(t, imagecheck.FixtureSpec{}), "img2", mocktest.ImageB64(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 640, Height: 480}))
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

// answerCase triggers one documented answer through HTTP; Message is ""
// for success objects.
type answerCase = mocktest.Case[call]

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

func rule(op, code, message string) string { return mocktest.Rule("ekycpro", op, code, message) }

func cases(t testing.TB) []answerCase {
	var out []answerCase
	add := func(c answerCase) { out = append(out, c) }
	jpeg := func(spec imagecheck.FixtureSpec) string { return mocktest.ImageB64(t, spec) }
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
		add(answerCase{Name: "ok", Op: ep.op, Code: "OK", Charged: true, Send: func(t testing.TB) call { return post(p, "img", jpeg(imagecheck.FixtureSpec{})) }})
		add(answerCase{Name: "corrupt jpeg", Op: ep.op, Code: "FAIL", Message: msgFail, Charged: true, Send: func(testing.TB) call { return post(p, "img", truncated) }})
		add(answerCase{Name: "marker FAIL", Op: ep.op, Code: "FAIL", Message: msgFail, Charged: true, Why: emulate.WhyMarker,
			Send: func(t testing.TB) call { return post(p, "img", jpeg(imagecheck.FixtureSpec{Marker: "scenario=FAIL"})) }})
		add(answerCase{Name: "missing img", Op: ep.op, Code: "INVALID_REQUEST", Message: msgInvalid, Send: func(testing.TB) call { return post(p) }})
		add(answerCase{Name: "not base64", Op: ep.op, Code: "INVALID_REQUEST", Message: msgInvalid, Send: func(testing.TB) call { return post(p, "img", "not*base64!") }})
		add(answerCase{Name: "json body", Op: ep.op, Code: "INVALID_REQUEST", Message: msgInvalid, Send: func(testing.TB) call {
			return call{method: http.MethodPost, path: p, key: demoKey, contentType: "application/json", raw: `{"img":"aGVsbG8="}`}
		}})
		add(answerCase{Name: "gif", Op: ep.op, Code: "IMAGE_INVALID_FORMAT", Message: msgFormat, Send: func(testing.TB) call { return post(p, "img", gif) }})
		add(answerCase{Name: "pdf", Op: ep.op, Code: "IMAGE_INVALID_FORMAT", Message: msgFormat, Send: func(t testing.TB) call {
			return post(p, "img", jpeg(imagecheck.FixtureSpec{Format: imagecheck.PDF, Width: 600, Height: 400}))
		}})
		add(answerCase{Name: "over 2M", Op: ep.op, Code: "IMAGE_INVALID_SIZE", Message: msgSize, Send: func(testing.TB) call { return post(p, "img", big) }})
		add(answerCase{Name: "scenario", Op: ep.op, Code: "INNER_ERROR", Message: ep.inner, Why: emulate.WhyScenario, Rules: []string{rule(ep.op, "INNER_ERROR", "")},
			Send: func(t testing.TB) call { return post(p, "img", jpeg(imagecheck.FixtureSpec{})) }})
	}
	for _, cc := range []string{"MX", "IN", "th", " ID "} { // the eKYCPro page's list
		cc := cc
		add(answerCase{Name: "country " + cc, Op: "pictureLive", Code: "OK", Charged: true, Send: func(t testing.TB) call {
			return post("/v1/picturelive", "img", jpeg(imagecheck.FixtureSpec{}), "country", cc)
		}})
	}
	add(answerCase{Name: "bad country", Op: "pictureLive", Code: "INVALID_REQUEST", Message: msgInvalid, Send: func(t testing.TB) call {
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
		add(answerCase{Name: "ok", Op: ep.op, Code: "OK", Charged: true, Send: func(t testing.TB) call { return form(good(t), good(t)) }})
		add(answerCase{Name: "no face", Op: ep.op, Code: "RETRY_LATER", Message: ep.retry, Charged: true, Send: func(t testing.TB) call { return form(truncated, good(t)) }})
		add(answerCase{Name: "missing", Op: ep.op, Code: "INVALID_REQUEST", Message: msgInvalid, Send: func(testing.TB) call { return post(p) }})
		add(answerCase{Name: "not an image", Op: ep.op, Code: "INVALID_REQUEST", Message: msgInvalid, Send: func(t testing.TB) call { return form(gif, good(t)) }})
		add(answerCase{Name: "over 2M", Op: ep.op, Code: "IMAGE_INVALID_SIZE", Message: msgSize, Send: func(t testing.TB) call { return form(big, good(t)) }})
		add(answerCase{Name: "scenario", Op: ep.op, Code: "INNER_ERROR", Message: msgInner, Why: emulate.WhyScenario, Rules: []string{rule(ep.op, "INNER_ERROR", "")},
			Send: func(t testing.TB) call { return form(good(t), good(t)) }})
	}
	// Each check on both images before the next (the shared docs/vendors/izidata.md#iz-6 order): an
	// empty img2 is a missing one, and a free problem of img2 comes before
	// the charged "no face" of img1.
	add(answerCase{Name: "no face, img2 empty", Op: "faceCompare", Code: "INVALID_REQUEST", Message: msgInvalid, Send: func(testing.TB) call {
		return post("/v1/facecompare", "img1", truncated, "img2", "")
	}})
	add(answerCase{Name: "no face, img2 over 2M", Op: "faceCompare", Code: "IMAGE_INVALID_SIZE", Message: msgSize, Send: func(testing.TB) call {
		return post("/v1/facecompare", "img1", truncated, "img2", big)
	}})

	add(answerCase{Name: "nik", Op: "idInquiries", Code: "OK", Charged: true, Send: func(testing.TB) call { return post("/v1/ididinquiries", "id", "3171024302821001") }})
	add(answerCase{Name: "md5", Op: "idInquiries", Code: "OK", Charged: true, Send: func(testing.TB) call {
		return post("/v1/ididinquiries", "id", "F207821365C0485257481E9EB0020AE7", "md5", "1")
	}})
	add(answerCase{Name: "15 digits", Op: "idInquiries", Code: "INVALID_ID_NUMBER", Message: msgInvalidNIK, Send: func(testing.TB) call { return post("/v1/ididinquiries", "id", "317102430282100") }})
	add(answerCase{Name: "md5 not hex", Op: "idInquiries", Code: "INVALID_ID_NUMBER", Message: msgInvalidNIK, Send: func(testing.TB) call {
		return post("/v1/ididinquiries", "id", "3171024302821001", "md5", "1")
	}})
	add(answerCase{Name: "scenario", Op: "idInquiries", Code: "RETRY_LATER", Message: msgServiceDown, Why: emulate.WhyScenario, Rules: []string{rule("idInquiries", "RETRY_LATER", msgServiceDown)},
		Send: func(testing.TB) call { return post("/v1/ididinquiries", "id", "3171024302821001") }})
	add(answerCase{Name: "scenario", Op: "idInquiries", Code: "NOT_FOUND_MD5", Message: msgNotFoundMD5, Why: emulate.WhyScenario, Rules: []string{rule("idInquiries", "NOT_FOUND_MD5", "")},
		Send: func(testing.TB) call {
			return post("/v1/ididinquiries", "id", "f207821365c0485257481e9eb0020ae7", "md5", "1")
		}})

	add(answerCase{Name: "phone", Op: "phoneInquiries", Code: "OK", Charged: true, Send: func(testing.TB) call { return post("/v1/ididphoneinquiries", "phone", "+628958000001") }})
	add(answerCase{Name: "md5", Op: "phoneInquiries", Code: "OK", Charged: true, Send: func(testing.TB) call {
		return post("/v1/ididphoneinquiries", "phone", "926799cb75a5d93c1c0fca56ba2b265d", "md5", "1")
	}})
	add(answerCase{Name: "bad phone", Op: "phoneInquiries", Code: "FAIL", Message: msgInvalidPhone, Send: func(testing.TB) call { return post("/v1/ididphoneinquiries", "phone", "12345") }})
	add(answerCase{Name: "scenario", Op: "phoneInquiries", Code: "RETRY_LATER", Message: msgServiceDown, Why: emulate.WhyScenario, Rules: []string{rule("phoneInquiries", "RETRY_LATER", msgServiceDown)},
		Send: func(testing.TB) call { return post("/v1/ididphoneinquiries", "phone", "+628958000001") }})
	add(answerCase{Name: "scenario", Op: "phoneInquiries", Code: "NOT_FOUND_MD5", Message: msgNotFoundMD5, Why: emulate.WhyScenario, Rules: []string{rule("phoneInquiries", "NOT_FOUND_MD5", "")},
		Send: func(testing.TB) call { return post("/v1/ididphoneinquiries", "phone", "+628958000001") }})

	for _, ep := range []struct{ op, path, good, bad string }{
		{"indiaIdInquiries", "/v1/inidinquiries", "802113820739", "102113820739"},
		{"mexicoIdInquiries", "/v1/mxidinquiries", "LOPA001007MZSPRLD5", "LOPA001007"},
	} {
		ep := ep
		add(answerCase{Name: "ok", Op: ep.op, Code: "OK", Charged: true, Send: func(testing.TB) call { return post(ep.path, "id", ep.good) }})
		add(answerCase{Name: "bad id", Op: ep.op, Code: "INVALID_ID_NUMBER", Message: msgInvalidNIK, Send: func(testing.TB) call { return post(ep.path, "id", ep.bad) }})
		add(answerCase{Name: "scenario", Op: ep.op, Code: "RETRY_LATER", Message: msgServiceDown, Why: emulate.WhyScenario, Rules: []string{rule(ep.op, "RETRY_LATER", msgServiceDown)},
			Send: func(testing.TB) call { return post(ep.path, "id", ep.good) }})
	}

	add(answerCase{Name: "no name", Op: "idCheck", Code: "OK", Charged: true, Send: func(testing.TB) call { return post("/v1/ididcheck", "id", "3171024302821001") }})
	add(answerCase{Name: "other name", Op: "idCheck", Code: "NOT", Charged: true, Send: func(testing.TB) call {
		return post("/v1/ididcheck", "id", "3171024302821001", "name", "QWERTY ZXCVB")
	}})
	add(answerCase{Name: "no such district", Op: "idCheck", Code: "PERSON_NOT_FOUND", Message: msgPersonMissing, Send: func(testing.TB) call {
		return post("/v1/ididcheck", "id", "9999994302821001")
	}})
	add(answerCase{Name: "curl sample", Op: "idCheck", Code: "INVALID_ID_NUMBER", Message: msgInvalidNIK, Send: func(testing.TB) call {
		return post("/v1/ididcheck", "name", "NAME&id=3171024309991001")
	}})
	add(answerCase{Name: "scenario", Op: "idCheck", Code: "RETRY_LATER", Message: msgServiceDown, Why: emulate.WhyScenario, Rules: []string{rule("idCheck", "RETRY_LATER", "")},
		Send: func(testing.TB) call { return post("/v1/ididcheck", "id", "3171024302821001") }})

	add(answerCase{Name: "ok", Op: "balance", Code: "OK", Send: func(testing.TB) call { return call{method: http.MethodGet, path: "/v1/balance", key: demoKey} }})
	// The balance never charges: a key whose day's quota or balance is
	// spent still reads it.
	for _, key := range []string{"day-key", "poor-key"} {
		add(answerCase{Name: "ok, " + key + " spent", Op: "balance", Code: "OK",
			Before: []call{post("/v1/ididinquiries", "id", "3171024302821001").withKey(key)},
			Send:   func(testing.TB) call { return call{method: http.MethodGet, path: "/v1/balance", key: key} }})
	}
	add(answerCase{Name: "scenario", Op: "balance", Code: "INNER_ERROR", Message: msgInner, Status: 500, Why: emulate.WhyScenario, Rules: []string{rule("balance", "INNER_ERROR", "")},
		Send: func(testing.TB) call { return call{method: http.MethodGet, path: "/v1/balance", key: demoKey} }})

	// Access answers, on every endpoint.
	for _, ep := range endpoints() {
		ep := ep
		paid := ep.op != "balance"
		for _, k := range []struct{ name, key, why string }{
			{"no key", "", emulate.WhyAuth}, {"unknown key", "nope", emulate.WhyAuth},
			{"disabled key", "off-key", emulate.WhyAdmission}, {"expired key", "old-key", emulate.WhyAdmission},
		} {
			k := k
			add(answerCase{Name: k.name, Op: ep.op, Code: "NO_AUTHORIZATION", Message: "invalid api key", Status: 401, Why: k.why,
				Send: func(t testing.TB) call { return ep.valid(t).withKey(k.key) }})
		}
		add(answerCase{Name: "rate", Op: ep.op, Code: "RETRY_LATER", Message: "too many requests, please try again later", Status: 429, Why: emulate.WhyAdmission,
			Before: []call{ep.valid(t).withKey("rate-key")}, Send: func(t testing.TB) call { return ep.valid(t).withKey("rate-key") }})
		if paid {
			add(answerCase{Name: "day quota", Op: ep.op, Code: "RETRY_LATER", Message: "daily limit exceeded, please try again after reset_time", Status: 429, Why: emulate.WhyAdmission,
				Before: []call{ep.valid(t).withKey("day-key")}, Send: func(t testing.TB) call { return ep.valid(t).withKey("day-key") }})
			add(answerCase{Name: "balance", Op: ep.op, Code: "INSUFFICIENT_BALANCE", Message: "insufficient balance", Why: emulate.WhyAdmission,
				Before: []call{ep.valid(t).withKey("poor-key")}, Send: func(t testing.TB) call { return ep.valid(t).withKey("poor-key") }})
		}
	}
	return out
}

// answers is the table with the checks of the iziData family's envelope
// (a success's message is an object, except the balance's).
func answers(t testing.TB) mocktest.Answers[call] {
	return mocktest.Answers[call]{
		Vendor: "ekycpro", Config: accessConfig, Cases: cases(t),
		Check: func(t *testing.T, _ *mocktest.Harness, tc answerCase, res mocktest.Result) {
			mocktest.CheckStatusMessage(t, res, tc.Code, tc.Message, tc.Op != "balance")
		},
	}
}

// TestAnswers triggers every documented answer through HTTP and checks the
// HTTP status, the code, the message, the body shape (specs/ekycpro.yaml,
// through the harness) and the billing.
func TestAnswers(t *testing.T) { answers(t).Run(t) }

func TestEveryAnswerHasACase(t *testing.T) { answers(t).CheckCoverage(t) }

func TestGolden(t *testing.T) { answers(t).Golden(t) }

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
		res := call{method: http.MethodPost, path: ep.path, key: demoKey, contentType: "application/json", raw: `{"id":"3171024302821001"}`}.Send(h)
		body := res.JSON(t)
		if w := want[ep.op]; res.Status != http.StatusOK || body["status"] != w[0] || body["message"] != w[1] {
			t.Errorf("%s: HTTP %d %s, want %v", ep.op, res.Status, res.Body, w)
		}
	}
	if n != len(want) {
		t.Errorf("%d endpoints, %d expected answers", n, len(want))
	}
}
