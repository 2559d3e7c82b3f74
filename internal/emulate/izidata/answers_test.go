package izidata_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/izidata"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

const testConfig = `
seed: 7
vendors:
  izidata:
    credentials:
      - {id: YOUR_ACCESS_KEY, secret: YOUR_SECRET_KEY}
      - {id: rate-ak, secret: rate-sk, rate_limit: 1}
      - {id: day-ak, secret: day-sk, quota: 1, quota_period: day}
      - {id: poor-ak, secret: poor-sk, balance: 1, price: 1}
      - {id: off-ak, secret: off-sk, disabled: true}
      - {id: old-ak, secret: old-sk, expires: "2020-01-01T00:00:00Z"}
    settings:
      callback: {tries: 2, timeout: 2s, backoff: 10ms}
`

// knownOnlyConfig makes md5 mode resolve only the declared people.
const knownOnlyConfig = `
vendors:
  izidata:
    credentials: [{id: YOUR_ACCESS_KEY, secret: YOUR_SECRET_KEY}]
    settings:
      known_only: true
      people: {niks: ["3171024302821001"], phones: ["+62895806600002"]}
`

const (
	ak, sk = "YOUR_ACCESS_KEY", "YOUR_SECRET_KEY"
)

// call is one request to iziData, signed as an SDK signs it.
type call struct {
	path   string
	form   url.Values
	ak, sk string
	family izidata.Family
	ts     time.Time
	host   string              // "" = reach the mock by the /izidata prefix
	mutate func(*http.Request) // tampering after signing
	raw    *string             // body sent instead of the form
}

func post(path string, kv ...string) call {
	f := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return call{path: path, form: f, ak: ak, sk: sk, ts: mocktest.Epoch}
}

func (c call) with(fn func(*call)) call { fn(&c); return c }

func (c call) send(h *mocktest.Harness) mocktest.Result {
	h.T.Helper()
	body := c.form.Encode()
	path := "/izidata" + c.path
	if c.host != "" {
		path = c.path
	}
	req := h.Request(http.MethodPost, path, strings.NewReader(body), nil)
	if c.host != "" {
		req.Host = c.host
	}
	if c.ak != "" {
		if err := izidata.Sign(req, []byte(body), c.ak, c.sk, c.ts, c.family); err != nil {
			h.T.Fatal(err)
		}
	} else {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c.raw != nil {
		req.Body = http.NoBody
		req = h.Request(http.MethodPost, path, strings.NewReader(*c.raw), req.Header)
		req.ContentLength = int64(len(*c.raw))
	}
	if c.mutate != nil {
		c.mutate(req)
	}
	return h.Do(req)
}

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

type answerCase struct {
	name, op, code, message string
	charged                 bool
	why                     string
	config                  string
	rules                   []string
	before                  []call
	send                    func(t testing.TB) call
}

func rule(op, code, message string) string {
	return fmt.Sprintf(`{"name":"t","vendor":"izidata","endpoint":%q,"respond":{"code":%q,"message":%q}}`, op, code, message)
}

const (
	msgInvalid     = "check request params"
	msgInner       = "Inner error, please retry later"
	msgInvalidNIK  = "Invalid ID number, please check the NIK format"
	msgInvalidTel  = "Invalid phone number, please check your phone number format"
	msgServiceDown = "Service is not available right now, please try again later"
	msgNotFoundMD5 = "This md5 can't be found in our system"
)

// valid is a request each endpoint answers OK.
func valid(t testing.TB, op string) call {
	switch op {
	case "faceCompare":
		return post("/v1/facecompare", "img1", img(t, imagecheck.FixtureSpec{}), "img2", img(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 640, Height: 480}))
	case "phone":
		return post("/v1/phone", "number", "83899575175", "country", "ID")
	case "isWhatsapp":
		return post("/v1/iswhatsapp", "number", "+6281311659428")
	case "idInquiries":
		return post("/v1/idinquiries", "id", "3171024302821001")
	case "phoneInquiries":
		return post("/v1/phoneinquiries", "phone", "+6282299999999")
	case "creditScore":
		return post("/v1/creditscore", "phone", "+62895806600002", "id", "3171024302821001", "name", "HELLO NAME")
	case "fraud":
		return post("/v1/fraud", "phone", "+62895806600002", "id", "3171024302821001")
	case "salary":
		return post("/v1/salary", "id", "3171024302821001")
	}
	return post(map[string]string{"idOcr": "/v1/id_ocr/general", "npwpOcr": "/v1/npwp_ocr/general", "antiFake": "/v1/id_card/antifake",
		"pictureLive": "/v1/picturelive", "idHolding": "/v1/idholding"}[op], "img", img(t, imagecheck.FixtureSpec{}))
}

func ops() []string {
	return []string{"idOcr", "npwpOcr", "antiFake", "pictureLive", "faceCompare", "idHolding", "phone", "isWhatsapp",
		"idInquiries", "phoneInquiries", "creditScore", "fraud", "salary"}
}

func cases(t testing.TB) []answerCase {
	var out []answerCase
	add := func(c answerCase) {
		if c.why == "" {
			c.why = emulate.WhyNatural
		}
		out = append(out, c)
	}
	jpeg := func(spec imagecheck.FixtureSpec) string { return img(t, spec) }
	big2 := jpeg(imagecheck.FixtureSpec{Bytes: 1_600_000})
	big4 := jpeg(imagecheck.FixtureSpec{Bytes: 3_200_000})
	truncated := jpeg(imagecheck.FixtureSpec{Truncate: 300})
	gif := jpeg(imagecheck.FixtureSpec{Format: imagecheck.GIF, Width: 300, Height: 200})

	for _, ep := range []struct{ op, path, size, big string }{
		{"idOcr", "/v1/id_ocr/general", "image larger than 4M", big4},
		{"npwpOcr", "/v1/npwp_ocr/general", "image larger than 2M", big2},
		{"antiFake", "/v1/id_card/antifake", "image larger than 2M", big2},
		{"pictureLive", "/v1/picturelive", "image larger than 2M", big2},
	} {
		ep := ep
		add(answerCase{name: "ok", op: ep.op, code: "OK", charged: true, send: func(t testing.TB) call { return valid(t, ep.op) }})
		add(answerCase{name: "corrupt", op: ep.op, code: "FAIL", message: "check input image and retry", charged: true, send: func(testing.TB) call { return post(ep.path, "img", truncated) }})
		add(answerCase{name: "missing img", op: ep.op, code: "INVALID_REQUEST", message: msgInvalid, send: func(testing.TB) call { return post(ep.path) }})
		add(answerCase{name: "gif", op: ep.op, code: "IMAGE_INVALID_FORMAT", message: "image format not support", send: func(testing.TB) call { return post(ep.path, "img", gif) }})
		add(answerCase{name: "too big", op: ep.op, code: "IMAGE_INVALID_SIZE", message: ep.size, send: func(testing.TB) call { return post(ep.path, "img", ep.big) }})
		add(answerCase{name: "scenario", op: ep.op, code: "INNER_ERROR", message: msgInner, why: emulate.WhyScenario, rules: []string{rule(ep.op, "INNER_ERROR", "")},
			send: func(t testing.TB) call { return valid(t, ep.op) }})
	}
	// Liveness countries: the iziData page lists only ID (empty is ID,
	// docs/vendors/izidata.md#iz-23); MX, IN and TH are eKYCPro's list.
	for _, cc := range []string{"ID", "id", ""} {
		cc := cc
		add(answerCase{name: "country " + cc, op: "pictureLive", code: "OK", charged: true, send: func(t testing.TB) call {
			return valid(t, "pictureLive").with(func(c *call) { c.form.Set("country", cc) })
		}})
	}
	for _, cc := range []string{"TH", "MX", "IN", "US"} {
		cc := cc
		add(answerCase{name: "country " + cc, op: "pictureLive", code: "INVALID_REQUEST", message: msgInvalid, send: func(t testing.TB) call {
			return valid(t, "pictureLive").with(func(c *call) { c.form.Set("country", cc) })
		}})
	}
	// docs/vendors/izidata.md#iz-6: fields before the image, so a country outside the list is
	// refused before a bad image is looked at.
	for _, img := range []struct{ name, b64 string }{{"gif", gif}, {"over 2M", big2}, {"not base64", "%%%"}} {
		add(answerCase{name: "country MX, " + img.name, op: "pictureLive", code: "INVALID_REQUEST", message: msgInvalid, send: func(testing.TB) call {
			return post("/v1/picturelive", "img", img.b64, "country", "MX")
		}})
	}
	add(answerCase{name: "2.1M of base64 is under KTP OCR's 4M", op: "idOcr", code: "OK", charged: true, send: func(testing.TB) call { return post("/v1/id_ocr/general", "img", big2) }})
	// The limits at their edges (docs/vendors/izidata.md#iz-8: counted on the base64 text, M =
	// 2^20): 3M of image is exactly 4M of base64, 1.5M exactly 2M.
	at4M, over4M := jpeg(imagecheck.FixtureSpec{Bytes: 3 << 20}), jpeg(imagecheck.FixtureSpec{Bytes: 3<<20 + 1})
	at2M, over2M := jpeg(imagecheck.FixtureSpec{Bytes: 3 << 19}), jpeg(imagecheck.FixtureSpec{Bytes: 3<<19 + 1})
	if len(at4M) != 4<<20 || len(over4M) != 4<<20+4 || len(at2M) != 2<<20 || len(over2M) != 2<<20+4 {
		t.Fatalf("edge fixtures of %d, %d, %d, %d base64 characters", len(at4M), len(over4M), len(at2M), len(over2M))
	}
	add(answerCase{name: "exactly 4M of base64", op: "idOcr", code: "OK", charged: true, send: func(testing.TB) call { return post("/v1/id_ocr/general", "img", at4M) }})
	add(answerCase{name: "4M and 4 characters", op: "idOcr", code: "IMAGE_INVALID_SIZE", message: "image larger than 4M", send: func(testing.TB) call { return post("/v1/id_ocr/general", "img", over4M) }})
	add(answerCase{name: "exactly 2M of base64", op: "npwpOcr", code: "OK", charged: true, send: func(testing.TB) call { return post("/v1/npwp_ocr/general", "img", at2M) }})
	add(answerCase{name: "2M and 4 characters", op: "npwpOcr", code: "IMAGE_INVALID_SIZE", message: "image larger than 2M", send: func(testing.TB) call { return post("/v1/npwp_ocr/general", "img", over2M) }})

	for _, ep := range []struct{ op, retry string }{{"faceCompare", "IMAGE_FACE_DETECT_FAILED"}, {"idHolding", "error not idholding image"}} {
		ep := ep
		form := func(a string) call {
			if ep.op == "faceCompare" {
				return post("/v1/facecompare", "img1", a, "img2", jpeg(imagecheck.FixtureSpec{}))
			}
			return post("/v1/idholding", "img", a)
		}
		add(answerCase{name: "ok", op: ep.op, code: "OK", charged: true, send: func(t testing.TB) call { return valid(t, ep.op) }})
		add(answerCase{name: "no face", op: ep.op, code: "RETRY_LATER", message: ep.retry, charged: true, send: func(testing.TB) call { return form(truncated) }})
		add(answerCase{name: "not an image", op: ep.op, code: "INVALID_REQUEST", message: msgInvalid, send: func(testing.TB) call { return form(gif) }})
		add(answerCase{name: "too big", op: ep.op, code: "IMAGE_INVALID_SIZE", message: "image larger than 2M", send: func(testing.TB) call { return form(big2) }})
		add(answerCase{name: "scenario", op: ep.op, code: "INNER_ERROR", message: msgInner, why: emulate.WhyScenario, rules: []string{rule(ep.op, "INNER_ERROR", "")},
			send: func(t testing.TB) call { return valid(t, ep.op) }})
	}
	// facecompare checks both images step by step (docs/vendors/izidata.md#iz-6: required fields,
	// then size, base64, format, and last the charged face detection), so
	// the answer does not depend on which image is img1, and an empty img2
	// is answered as a missing one.
	notBase64 := "%%%not base64%%%"
	for _, p := range []struct {
		name, a, b, code, msg string
		charged               bool
	}{
		{"too big, empty", big2, "", "INVALID_REQUEST", msgInvalid, false},
		{"too big, missing", big2, "-", "INVALID_REQUEST", msgInvalid, false},
		{"no face, empty", truncated, "", "INVALID_REQUEST", msgInvalid, false},
		{"no face, missing", truncated, "-", "INVALID_REQUEST", msgInvalid, false},
		{"no face, gif", truncated, gif, "INVALID_REQUEST", msgInvalid, false},
		{"no face, not base64", truncated, notBase64, "INVALID_REQUEST", msgInvalid, false},
		{"no face, too big", truncated, big2, "IMAGE_INVALID_SIZE", "image larger than 2M", false},
		{"not base64, too big", notBase64, big2, "IMAGE_INVALID_SIZE", "image larger than 2M", false},
		{"gif, too big", gif, big2, "IMAGE_INVALID_SIZE", "image larger than 2M", false},
	} {
		for _, swap := range []bool{false, true} {
			p := p
			img1, img2, name := p.a, p.b, "img1 "+p.name
			if swap {
				img1, img2, name = p.b, p.a, "img2 "+p.name
			}
			add(answerCase{name: name, op: "faceCompare", code: p.code, message: p.msg, charged: p.charged, send: func(testing.TB) call {
				c := post("/v1/facecompare")
				for k, v := range map[string]string{"img1": img1, "img2": img2} {
					if v != "-" {
						c.form.Set(k, v)
					}
				}
				return c
			}})
		}
	}

	add(answerCase{name: "docs example", op: "phone", code: "ok", charged: true, send: func(t testing.TB) call { return valid(t, "phone") }})
	// A forced ok for a number that does not parse still has the documented
	// shape (the harness validates it against specs/izidata.yaml).
	add(answerCase{name: "forced ok, no number", op: "phone", code: "ok", charged: true, why: emulate.WhyScenario, rules: []string{rule("phone", "ok", "")},
		send: func(testing.TB) call { return post("/v1/phone", "number", "abc", "country", "ID") }})
	for _, f := range []struct{ number, country, msg string }{
		{"", "ID", "The phone number supplied is not a number."},
		{"083899575175", "", "Missing or invalid default region."},
		{"+99912345", "", "Could not interpret numbers after plus-sign."},
		{"00999123456", "ID", "Country calling code supplied was not recognised."},
		{"01112", "US", "Phone number had an IDD, but after this was not long enough to be a viable phone number."},
		{"+62 8", "", "The string supplied is too short to be a phone number."},
		{"12345678901234567890", "ID", "The string supplied is too long to be a phone number."},
	} {
		f := f
		add(answerCase{name: "fail " + f.msg, op: "phone", code: "fail", message: f.msg, send: func(testing.TB) call { return post("/v1/phone", "number", f.number, "country", f.country) }})
	}

	add(answerCase{name: "sync", op: "isWhatsapp", code: "OK", charged: true, send: func(t testing.TB) call { return valid(t, "isWhatsapp") }})
	add(answerCase{name: "checking", op: "isWhatsapp", code: "OK", charged: false, send: func(testing.TB) call { return post("/v1/iswhatsapp", "number", "+6281311650000") }})
	add(answerCase{name: "bad callback", op: "isWhatsapp", code: "FAIL", message: "invalid query", send: func(testing.TB) call {
		return post("/v1/iswhatsapp", "number", "+6281311659428", "callback", "ftp://example.com/x")
	}})
	add(answerCase{name: "bad number", op: "isWhatsapp", code: "INVALID_INPUT", message: msgInvalidTel, send: func(testing.TB) call { return post("/v1/iswhatsapp", "number", "12") }})
	add(answerCase{name: "scenario", op: "isWhatsapp", code: "RETRY_LATER", message: msgServiceDown, why: emulate.WhyScenario, rules: []string{rule("isWhatsapp", "RETRY_LATER", msgServiceDown)},
		send: func(t testing.TB) call { return valid(t, "isWhatsapp") }})
	add(answerCase{name: "unknown md5", op: "isWhatsapp", code: "NOT_FOUND_MD5", message: msgNotFoundMD5, config: knownOnlyConfig, send: func(testing.TB) call {
		return post("/v1/iswhatsapp", "number", "06e520b08f649558ae43fe3ff025b7fb", "md5", "1")
	}})

	add(answerCase{name: "nik", op: "idInquiries", code: "OK", charged: true, send: func(t testing.TB) call { return valid(t, "idInquiries") }})
	add(answerCase{name: "declared md5", op: "idInquiries", code: "OK", charged: true, config: knownOnlyConfig, send: func(testing.TB) call {
		return post("/v1/idinquiries", "id", "F207821365C0485257481E9EB0020AE7", "md5", "1")
	}})
	add(answerCase{name: "bad nik", op: "idInquiries", code: "INVALID_ID_NUMBER", message: msgInvalidNIK, send: func(testing.TB) call { return post("/v1/idinquiries", "id", "+6282299999999") }})
	add(answerCase{name: "scenario", op: "idInquiries", code: "RETRY_LATER", message: msgServiceDown, why: emulate.WhyScenario, rules: []string{rule("idInquiries", "RETRY_LATER", msgServiceDown)},
		send: func(t testing.TB) call { return valid(t, "idInquiries") }})
	add(answerCase{name: "unknown md5", op: "idInquiries", code: "NOT_FOUND_MD5", message: msgNotFoundMD5, config: knownOnlyConfig, send: func(testing.TB) call {
		return post("/v1/idinquiries", "id", "f207821365c0485257481e9eb0020ae8", "md5", "1")
	}})

	add(answerCase{name: "phone", op: "phoneInquiries", code: "OK", charged: true, send: func(t testing.TB) call { return valid(t, "phoneInquiries") }})
	add(answerCase{name: "bad phone", op: "phoneInquiries", code: "FAIL", message: msgInvalidTel, send: func(testing.TB) call { return post("/v1/phoneinquiries", "phone", "abc") }})
	add(answerCase{name: "scenario", op: "phoneInquiries", code: "RETRY_LATER", message: msgServiceDown, why: emulate.WhyScenario, rules: []string{rule("phoneInquiries", "RETRY_LATER", msgServiceDown)},
		send: func(t testing.TB) call { return valid(t, "phoneInquiries") }})
	add(answerCase{name: "unknown md5", op: "phoneInquiries", code: "NOT_FOUND_MD5", message: msgNotFoundMD5, config: knownOnlyConfig, send: func(testing.TB) call {
		return post("/v1/phoneinquiries", "phone", "926799cb75a5d93c1c0fca56ba2b265e", "md5", "1")
	}})

	for _, op := range []string{"creditScore", "fraud"} {
		op := op
		path := map[string]string{"creditScore": "/v1/creditscore", "fraud": "/v1/fraud"}[op]
		add(answerCase{name: "ok", op: op, code: "OK", charged: true, send: func(t testing.TB) call { return valid(t, op) }})
		add(answerCase{name: "bad nik", op: op, code: "INVALID_INPUT", message: msgInvalidNIK, send: func(testing.TB) call { return post(path, "phone", "+62895806600002", "id", "123") }})
		add(answerCase{name: "bad phone", op: op, code: "INVALID_INPUT", message: msgInvalidTel, send: func(testing.TB) call { return post(path, "id", "3171024302821001") }})
		add(answerCase{name: "unknown md5", op: op, code: "NOT_FOUND_MD5", message: msgNotFoundMD5, config: knownOnlyConfig, send: func(testing.TB) call {
			return post(path, "phone", "4b5c890525ed9f0faef12d193345bbfd", "id", "f207821365c0485257481e9eb0020ae7", "md5", "1", "name", "Desi angin")
		}})
		add(answerCase{name: "scenario", op: op, code: "RETRY_LATER", message: msgServiceDown, why: emulate.WhyScenario, rules: []string{rule(op, "RETRY_LATER", msgServiceDown)},
			send: func(t testing.TB) call { return valid(t, op) }})
	}

	// creditscore's name is not optional (the page marks only md5 so); the
	// status table's "invalid input" is the answer (docs/vendors/izidata.md#iz-16).
	for _, name := range []string{"", "-", "  "} {
		name := name
		add(answerCase{name: "name " + strconv.Quote(name), op: "creditScore", code: "INVALID_INPUT", message: "invalid input", send: func(t testing.TB) call {
			return valid(t, "creditScore").with(func(c *call) {
				c.form.Set("name", name)
				if name == "-" {
					c.form.Del("name")
				}
			})
		}})
	}
	add(answerCase{name: "ok", op: "salary", code: "OK", charged: true, send: func(t testing.TB) call { return valid(t, "salary") }})
	add(answerCase{name: "bad nik", op: "salary", code: "INVALID_ID_NUMBER", message: msgInvalidNIK, send: func(testing.TB) call { return post("/v1/salary") }})
	add(answerCase{name: "no such district", op: "salary", code: "PERSON_NOT_FOUND", message: "This person can't be found in our system", send: func(testing.TB) call {
		return post("/v1/salary", "id", "9999994302821001")
	}})
	add(answerCase{name: "scenario", op: "salary", code: "RETRY_LATER", message: msgServiceDown, why: emulate.WhyScenario, rules: []string{rule("salary", "RETRY_LATER", msgServiceDown)},
		send: func(t testing.TB) call { return valid(t, "salary") }})

	// Auth and account answers, on every endpoint.
	const noAuth = "authentication failed, user doesn't exist or invalid ak/sk"
	for _, op := range ops() {
		op := op
		for _, a := range []struct {
			name, code, msg, why string
			edit                 func(*call)
		}{
			{"unsigned", "NO_AUTHORIZATION", noAuth, emulate.WhyAuth, func(c *call) { c.ak = "" }},
			{"wrong sk", "NO_AUTHORIZATION", noAuth, emulate.WhyAuth, func(c *call) { c.sk = "nope" }},
			{"unknown ak", "NO_AUTHORIZATION", noAuth, emulate.WhyAuth, func(c *call) { c.ak = "NOBODY" }},
			{"tampered body", "NO_AUTHORIZATION", noAuth, emulate.WhyAuth, func(c *call) { s := c.form.Encode() + "&x=1"; c.raw = &s }},
			{"disabled ak", "NO_AUTHORIZATION", noAuth, emulate.WhyAdmission, func(c *call) { c.ak, c.sk = "off-ak", "off-sk" }},
			{"expired ak", "NO_AUTHORIZATION", noAuth, emulate.WhyAdmission, func(c *call) { c.ak, c.sk = "old-ak", "old-sk" }},
			{"old request", "EXPIRED_REQUEST", "expired request, please try again", emulate.WhyAuth, func(c *call) { c.ts = c.ts.Add(-31 * time.Minute) }},
			{"future request", "EXPIRED_REQUEST", "expired request, please try again", emulate.WhyAuth, func(c *call) { c.ts = c.ts.Add(6 * time.Minute) }},
			{"bad ts", "INVALID_PARAMETER_ERROR", "request parameters invalid", emulate.WhyAuth, func(c *call) {
				c.mutate = func(r *http.Request) {
					r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "2026-03-19T10:30:00Z", "yesterday", 1))
				}
			}},
		} {
			a := a
			add(answerCase{name: a.name, op: op, code: a.code, message: a.msg, why: a.why, send: func(t testing.TB) call { return valid(t, op).with(a.edit) }})
		}
		add(answerCase{name: "rate", op: op, code: "RETRY_LATER", message: "system error", why: emulate.WhyAdmission,
			before: []call{valid(t, op).with(func(c *call) { c.ak, c.sk = "rate-ak", "rate-sk" })},
			send:   func(t testing.TB) call { return valid(t, op).with(func(c *call) { c.ak, c.sk = "rate-ak", "rate-sk" }) }})
		add(answerCase{name: "balance", op: op, code: "INSUFFICIENT_BALANCE", message: "insufficient balance", why: emulate.WhyAdmission,
			before: []call{valid(t, op).with(func(c *call) { c.ak, c.sk = "poor-ak", "poor-sk" })},
			send:   func(t testing.TB) call { return valid(t, op).with(func(c *call) { c.ak, c.sk = "poor-ak", "poor-sk" }) }})
		add(answerCase{name: "day quota", op: op, code: "INSUFFICIENT_BALANCE", message: "insufficient balance", why: emulate.WhyAdmission,
			before: []call{valid(t, op).with(func(c *call) { c.ak, c.sk = "day-ak", "day-sk" })},
			send:   func(t testing.TB) call { return valid(t, op).with(func(c *call) { c.ak, c.sk = "day-ak", "day-sk" }) }})
	}
	return out
}

// TestAnswers triggers every documented answer through HTTP with requests
// signed as the Go SDK signs, and checks HTTP 200, the status, the message,
// the body shape (specs/izidata.yaml, through the harness) and the billing.
func TestAnswers(t *testing.T) {
	for _, tc := range cases(t) {
		t.Run(tc.op+"/"+tc.code+"/"+tc.name, func(t *testing.T) {
			cfg := tc.config
			if cfg == "" {
				cfg = testConfig
			}
			h := mocktest.New(t, mocktest.WithConfig(cfg))
			h.AddRules(tc.rules...)
			for _, b := range tc.before {
				if res := b.send(h); res.JSON(t)["status"] != map[bool]string{true: "ok", false: "OK"}[tc.op == "phone"] {
					t.Fatalf("request before: %s", res.Body)
				}
			}
			res := tc.send(t).send(h)
			if res.Status != http.StatusOK {
				t.Fatalf("HTTP %d, want 200 (docs/vendors/izidata.md#iz-1): %s", res.Status, res.Body)
			}
			body := res.JSON(t)
			if got := body["status"]; got != tc.code {
				t.Fatalf("status %v, want %s: %.300s", got, tc.code, res.Body)
			}
			if tc.message != "" && body["message"] != tc.message {
				t.Errorf("message %q, want %q", body["message"], tc.message)
			}
			if tc.message == "" && tc.op != "creditScore" {
				if _, ok := body["message"].(map[string]any); !ok {
					t.Errorf("message is %T, want an object: %s", body["message"], res.Body)
				}
			}
			last := h.Server.Deps().Journal.List(journal.Filter{Limit: 1})
			if e := last[0]; e.Code != tc.code || e.Charged != tc.charged || e.Why != tc.why {
				t.Errorf("journal: code %s charged %v why %s; want %s %v %s (notes %v)", e.Code, e.Charged, e.Why, tc.code, tc.charged, tc.why, e.Notes)
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
	mocktest.New(t).CheckEveryAnswer("izidata", have)
}

// TestInvalidBodyOnEveryEndpoint: a body the spec refuses (a form sent as
// JSON, signed as the Python SDK signs, which leaves Content-Type out) is
// each endpoint's own bad-parameters answer, on every endpoint.
func TestInvalidBodyOnEveryEndpoint(t *testing.T) {
	want := map[string][2]string{
		"idOcr": {"INVALID_REQUEST", msgInvalid}, "npwpOcr": {"INVALID_REQUEST", msgInvalid}, "antiFake": {"INVALID_REQUEST", msgInvalid},
		"pictureLive": {"INVALID_REQUEST", msgInvalid}, "faceCompare": {"INVALID_REQUEST", msgInvalid}, "idHolding": {"INVALID_REQUEST", msgInvalid},
		"phone": {"fail", "The phone number supplied is not a number."}, "isWhatsapp": {"INVALID_INPUT", msgInvalidTel},
		"idInquiries": {"INVALID_ID_NUMBER", msgInvalidNIK}, "phoneInquiries": {"FAIL", msgInvalidTel},
		"creditScore": {"INVALID_INPUT", msgInvalidNIK}, "fraud": {"INVALID_INPUT", msgInvalidNIK}, "salary": {"INVALID_ID_NUMBER", msgInvalidNIK},
	}
	h := mocktest.New(t)
	for _, op := range ops() {
		c := valid(t, op).with(func(c *call) {
			c.family = izidata.FamilyPythonPHP
			c.mutate = func(r *http.Request) { r.Header.Set("Content-Type", "application/json") }
		})
		res := c.send(h)
		body := res.JSON(t)
		if w := want[op]; res.Status != http.StatusOK || body["status"] != w[0] || body["message"] != w[1] {
			t.Errorf("%s: HTTP %d %s, want %v", op, res.Status, res.Body, w)
		}
		if e := h.LastEntry(); e.Notes["spec_violation"] == "" {
			t.Errorf("%s: not refused by the spec check: %v", op, e.Notes)
		}
	}
	if len(want) != len(ops()) {
		t.Errorf("%d endpoints, %d expected answers", len(ops()), len(want))
	}
}
