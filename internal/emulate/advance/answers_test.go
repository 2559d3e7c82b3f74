package advance_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/advance"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

const (
	kkPath       = "/openapi/face-identity/v1/ocr-kk-check"
	ktpPath      = "/openapi/face-recognition/v3/ocr-ktp-check"
	facePath     = "/openapi/face-recognition/v4/check"
	forgeryPath  = "/openapi/face-identity/v2/id-forgery-detection"
	identityPath = "/openapi/anti-fraud/v3/identity-check"
)

// answerCase triggers one documented answer through HTTP.
type answerCase struct {
	name    string
	op      string
	code    string
	message string
	charged bool
	why     string
	rules   []string // admin scenario rules (JSON) added first
	before  []call   // requests sent first (to use up a limit)
	send    func(t testing.TB) call
}

func rule(op, code, message string) string {
	return fmt.Sprintf(`{"name":"t","vendor":"advance","endpoint":%q,"respond":{"code":%q,"message":%q}}`, op, code, message)
}

func identityCall(nik, name string) call {
	return call{path: identityPath, contentType: "application/json", body: []byte(fmt.Sprintf(`{"idNumber":%q,"name":%q}`, nik, name))}
}

// endpoint is one API operation with a valid (charged) request.
type endpoint struct {
	op    string
	valid func(t testing.TB) call
}

func endpoints() []endpoint {
	single := func(path, field string) func(t testing.TB) call {
		return func(t testing.TB) call { return upload(t, path, file(field, image(t, imagecheck.FixtureSpec{}))) }
	}
	return []endpoint{
		{"kkOcr", single(kkPath, "ocrImage")},
		{"ktpOcr", single(ktpPath, "ocrImage")},
		{"faceCompare", func(t testing.TB) call {
			return upload(t, facePath, file("firstImage", image(t, imagecheck.FixtureSpec{})),
				file("secondImage", image(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 640, Height: 480})))
		}},
		{"idForgery", single(forgeryPath, "cardImage")},
		{"identityCheck", func(testing.TB) call { return identityCall("3171024302821001", "BUDI") }},
	}
}

func cases(t testing.TB) []answerCase {
	var out []answerCase
	add := func(c answerCase) {
		if c.why == "" {
			c.why = emulate.WhyNatural
		}
		out = append(out, c)
	}
	jpeg := func(spec imagecheck.FixtureSpec) []byte { return image(t, spec) }
	good := jpeg(imagecheck.FixtureSpec{})
	tif := jpeg(imagecheck.FixtureSpec{Format: imagecheck.TIFF, Width: 800, Height: 600})
	truncated := jpeg(imagecheck.FixtureSpec{Truncate: 300})
	gif := jpeg(imagecheck.FixtureSpec{Format: imagecheck.GIF, Width: 600, Height: 400})
	small := jpeg(imagecheck.FixtureSpec{Width: 255, Height: 400})
	wide := jpeg(imagecheck.FixtureSpec{Width: 4097, Height: 300})
	big := jpeg(imagecheck.FixtureSpec{Bytes: 2 << 20}) // exactly 2 MiB: not "less than 2M"
	one := func(path, field string, img []byte) func(testing.TB) call {
		return func(t testing.TB) call { return upload(t, path, file(field, img)) }
	}
	marked := func(path, field, marker string) func(testing.TB) call {
		return func(t testing.TB) call {
			return upload(t, path, file(field, jpeg(imagecheck.FixtureSpec{Marker: marker})))
		}
	}
	empty := func(path string) func(testing.TB) call {
		return func(t testing.TB) call { return upload(t, path, part{field: "other", filename: "x.jpg", data: good}) }
	}

	// generate-token (docs/vendors/advance.md#s2-3-1): SUCCESS is free here.
	tok := "generateToken"
	add(answerCase{name: "ok", op: tok, code: "SUCCESS", message: "OK", send: func(testing.TB) call { return tokenCall(demoKey, nil) }})
	add(answerCase{name: "no signature", op: tok, code: "PARAMETER_ERROR", message: advance.MsgEmpty, why: emulate.WhyAuth,
		send: func(testing.TB) call { return tokenCall(demoKey, map[string]any{"signature": ""}) }})
	add(answerCase{name: "301 s late", op: tok, code: "PARAMETER_ERROR", message: advance.MsgTimestamp, why: emulate.WhyAuth,
		send: func(testing.TB) call {
			ts := fmt.Sprint(mocktest.Epoch.UnixMilli() - 301_000)
			return tokenCall(demoKey, map[string]any{"timestamp": ts, "signature": advance.Signature(demoKey, demoSecret, ts)})
		}})
	add(answerCase{name: "bad signature", op: tok, code: "PARAMETER_ERROR", message: advance.MsgSignature, why: emulate.WhyAuth,
		send: func(testing.TB) call {
			return tokenCall(demoKey, map[string]any{"signature": advance.Signature(demoKey, "wrong", "1")})
		}})
	add(answerCase{name: "disabled", op: tok, code: "ACCOUNT_DISABLED", message: advance.MsgAccountDisabled, why: emulate.WhyAdmission,
		send: func(testing.TB) call { return tokenCall("off-key", nil) }})
	add(answerCase{name: "not json", op: tok, code: "CLIENT_ERROR", message: advance.MsgBadRequest, why: emulate.WhyAuth,
		send: func(testing.TB) call {
			return call{path: tokenPath, contentType: "application/json", body: []byte(`{"accessKey":`), auth: viaNone}
		}})
	add(answerCase{name: "unknown key", op: tok, code: "IAM_FAILED", message: advance.MsgIAMKeyNotFound, why: emulate.WhyAuth,
		send: func(testing.TB) call { return tokenCall("nobody", nil) }})
	add(answerCase{name: "expired account", op: tok, code: "IAM_FAILED", message: advance.MsgIAMAccountExpire, why: emulate.WhyAdmission,
		send: func(testing.TB) call { return tokenCall("old-key", nil) }})
	add(answerCase{name: "rate", op: tok, code: "SERVICE_BUSY", message: advance.MsgRateLimit, why: emulate.WhyAdmission,
		before: []call{tokenCall("rate-key", nil)}, send: func(testing.TB) call { return tokenCall("rate-key", nil) }})
	// The token is no API use, so a key's apis list does not cover it,
	// but the rate limit does.
	add(answerCase{name: "rate, token not in apis", op: tok, code: "SERVICE_BUSY", message: advance.MsgRateLimit, why: emulate.WhyAdmission,
		before: []call{tokenCall("narrow-rate-key", nil)}, send: func(testing.TB) call { return tokenCall("narrow-rate-key", nil) }})
	add(answerCase{name: "scenario", op: tok, code: "ERROR", message: advance.MsgServerError, why: emulate.WhyScenario,
		rules: []string{rule(tok, "ERROR", "")}, send: func(testing.TB) call { return tokenCall(demoKey, nil) }})
	// The glossary's codes "could appear in all our API responses" (docs/vendors/advance.md#s2-2):
	// a scenario forces them on the token too.
	for _, g := range []struct{ code, msg string }{
		{"EMPTY_PARAMETER_ERROR", advance.MsgEmpty}, {"INSUFFICIENT_BALANCE", advance.MsgBalance},
		{"SERVICE_BUSY", advance.MsgDailyQuota}, {"RETRY_LATER", advance.MsgRetryLater},
		{"OVER_QUERY_LIMIT", advance.MsgOverQuota}, {"OVER_QUERY_LIMIT", advance.MsgOverQuotaT},
		{"IAM_FAILED", advance.MsgIAMDenied}, {"IAM_FAILED", advance.MsgIAMNotAuthorized}, {"IAM_FAILED", advance.MsgIAMToken},
		{"IAM_FAILED", advance.MsgIAMKeyExpired}, {"IAM_FAILED", advance.MsgIAMCountry}, {"IAM_FAILED", advance.MsgIAMDomain},
		{"IAM_FAILED", advance.MsgIAMDisabled},
	} {
		add(answerCase{name: "scenario", op: tok, code: g.code, message: g.msg, why: emulate.WhyScenario,
			rules: []string{rule(tok, g.code, g.msg)}, send: func(testing.TB) call { return tokenCall(demoKey, nil) }})
	}
	add(answerCase{name: "scenario, first variant", op: tok, code: "RETRY_LATER", message: advance.MsgRetryLater, why: emulate.WhyScenario,
		rules: []string{rule(tok, "RETRY_LATER", "")}, send: func(testing.TB) call { return tokenCall(demoKey, nil) }})

	// KK OCR (docs/vendors/advance.md#s2-4).
	kk := "kkOcr"
	add(answerCase{name: "jpeg", op: kk, code: "SUCCESS", message: "OK", charged: true, send: one(kkPath, "ocrImage", good)})
	add(answerCase{name: "tiff", op: kk, code: "SUCCESS", message: "OK", charged: true, send: one(kkPath, "ocrImage", tif)})
	add(answerCase{name: "corrupt", op: kk, code: "OCR_NO_RESULT", message: advance.MsgKKNoResult, charged: true, send: one(kkPath, "ocrImage", truncated)})
	add(answerCase{name: "marker", op: kk, code: "OCR_NO_RESULT", message: advance.MsgKKNoResult, charged: true, why: emulate.WhyMarker,
		send: marked(kkPath, "ocrImage", "scenario=OCR_NO_RESULT")})
	add(answerCase{name: "no part", op: kk, code: "PARAMETER_ERROR", message: advance.MsgEmpty, send: empty(kkPath)})
	add(answerCase{name: "empty file", op: kk, code: "PARAMETER_ERROR", message: advance.MsgEmpty, send: one(kkPath, "ocrImage", nil)})
	add(answerCase{name: "gif", op: kk, code: "PARAMETER_ERROR", message: advance.MsgKKFormat, send: one(kkPath, "ocrImage", gif)})
	add(answerCase{name: "255 px", op: kk, code: "PARAMETER_ERROR", message: advance.MsgKKSize, send: one(kkPath, "ocrImage", small)})
	add(answerCase{name: "4097 px", op: kk, code: "PARAMETER_ERROR", message: advance.MsgKKSize, send: one(kkPath, "ocrImage", wide)})
	add(answerCase{name: "2 MiB", op: kk, code: "PARAMETER_ERROR", message: advance.MsgKKSize, send: one(kkPath, "ocrImage", big)})

	// KTP OCR v3 (docs/vendors/advance.md#s2-5, #ad-15).
	ktp := "ktpOcr"
	add(answerCase{name: "ok", op: ktp, code: "SUCCESS", message: "OK", charged: true, send: one(ktpPath, "ocrImage", good)})
	add(answerCase{name: "corrupt", op: ktp, code: "OCR_NO_RESULT", message: advance.MsgKTPNoResult, charged: true, send: one(ktpPath, "ocrImage", truncated)})
	add(answerCase{name: "no part", op: ktp, code: "PARAMETER_ERROR", message: advance.MsgEmpty, send: empty(ktpPath)})
	add(answerCase{name: "tiff", op: ktp, code: "IMAGE_INVALID_FORMAT", message: advance.MsgImageFormat, send: one(ktpPath, "ocrImage", tif)})
	add(answerCase{name: "2 MiB", op: ktp, code: "IMAGE_INVALID_SIZE", message: advance.MsgImageSize, send: one(ktpPath, "ocrImage", big)})

	// Face comparison v4 (docs/vendors/advance.md#s2-5).
	fc := "faceCompare"
	pair := func(a, b []byte) func(testing.TB) call {
		return func(t testing.TB) call { return upload(t, facePath, file("firstImage", a), file("secondImage", b)) }
	}
	low := jpeg(imagecheck.FixtureSpec{Marker: "face=low"})
	png := jpeg(imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 640, Height: 480})
	add(answerCase{name: "ok", op: fc, code: "SUCCESS", message: "OK", charged: true, send: pair(good, png)})
	add(answerCase{name: "corrupt first", op: fc, code: "NO_FACE_DETECTED_FROM_FIRST_IMAGE", message: advance.MsgNoFaceFirst, charged: true, send: pair(truncated, good)})
	add(answerCase{name: "corrupt second", op: fc, code: "NO_FACE_DETECTED_FROM_SECOND_IMAGE", message: advance.MsgNoFaceSecond, charged: true, send: pair(good, truncated)})
	add(answerCase{name: "low first", op: fc, code: "FIRST_IMAGE_LOW_QUALITY_FACE", message: advance.MsgLowFirst, charged: true, send: pair(low, good)})
	add(answerCase{name: "low second", op: fc, code: "SECOND_IMAGE_LOW_QUALITY_FACE", message: advance.MsgLowSecond, charged: true, send: pair(good, low)})
	add(answerCase{name: "no second", op: fc, code: "PARAMETER_ERROR", message: advance.MsgEmpty, send: one(facePath, "firstImage", good)})
	add(answerCase{name: "gif second", op: fc, code: "IMAGE_INVALID_FORMAT", message: advance.MsgImageFormat, send: pair(good, gif)})
	add(answerCase{name: "small first", op: fc, code: "IMAGE_INVALID_SIZE", message: advance.MsgImageSize, send: pair(small, good)})

	// ID forgery (docs/vendors/advance.md#s2-5).
	fg := "idForgery"
	add(answerCase{name: "pass", op: fg, code: "SUCCESS", message: "OK", charged: true, send: one(forgeryPath, "cardImage", good)})
	add(answerCase{name: "corrupt", op: fg, code: "NO_SUPPORTED_CARD", message: advance.MsgNoSupported, charged: true, send: one(forgeryPath, "cardImage", truncated)})
	add(answerCase{name: "marker", op: fg, code: "TOO_MANY_CARDS", message: advance.MsgTooManyCards, charged: true, why: emulate.WhyMarker,
		send: marked(forgeryPath, "cardImage", "scenario=TOO_MANY_CARDS")})
	add(answerCase{name: "no part", op: fg, code: "PARAMETER_ERROR", message: advance.MsgEmpty, send: empty(forgeryPath)})
	add(answerCase{name: "tiff", op: fg, code: "PARAMETER_ERROR", message: advance.MsgForgeryFormat, send: one(forgeryPath, "cardImage", tif)})
	add(answerCase{name: "4097 px", op: fg, code: "PARAMETER_ERROR", message: advance.MsgForgerySize, send: one(forgeryPath, "cardImage", wide)})
	add(answerCase{name: "npwp", op: fg, code: "PARAMETER_ERROR", message: advance.MsgForgeryDocType, send: marked(forgeryPath, "cardImage", "doctype=npwp")})
	for _, m := range []string{advance.MsgTimestamp, advance.MsgSignature} {
		add(answerCase{name: "scenario", op: fg, code: "PARAMETER_ERROR", message: m, why: emulate.WhyScenario,
			rules: []string{rule(fg, "PARAMETER_ERROR", m)}, send: one(forgeryPath, "cardImage", good)})
	}
	add(answerCase{name: "disabled", op: fg, code: "ACCOUNT_DISABLED", message: advance.MsgAccountDisabled, why: emulate.WhyAdmission,
		send: func(t testing.TB) call {
			return upload(t, forgeryPath, file("cardImage", good)).withKey("off-key", viaLegacy)
		}})
	add(answerCase{name: "scenario", op: fg, code: "IAM_FAILED", message: advance.MsgIAMDisabled, why: emulate.WhyScenario,
		rules: []string{rule(fg, "IAM_FAILED", advance.MsgIAMDisabled)}, send: one(forgeryPath, "cardImage", good)})

	// Identity check (docs/vendors/advance.md#s2-5, #ad-15).
	id := "identityCheck"
	add(answerCase{name: "ok", op: id, code: "SUCCESS", message: "OK", charged: true, send: func(testing.TB) call { return identityCall("3171024302821001", "BUDI") }})
	add(answerCase{name: "no name", op: id, code: "PARAMETER_ERROR", message: advance.MsgEmpty, send: func(testing.TB) call { return identityCall("3171024302821001", "") }})
	add(answerCase{name: "15 digits", op: id, code: "PARAMETER_ERROR", message: advance.MsgInvalidNIK, send: func(testing.TB) call { return identityCall("317102430282100", "BUDI") }})

	// Glossary answers, on every API (docs/vendors/advance.md#s2-2).
	for _, ep := range endpoints() {
		valid := ep.valid
		as := func(key string, a auth) func(testing.TB) call {
			return func(t testing.TB) call { return valid(t).withKey(key, a) }
		}
		add(answerCase{name: "no token", op: ep.op, code: "IAM_FAILED", message: advance.MsgIAMDenied, why: emulate.WhyAuth, send: as(demoKey, viaNone)})
		add(answerCase{name: "bad legacy signature", op: ep.op, code: "IAM_FAILED", message: advance.MsgIAMNotAuthorized, why: emulate.WhyAuth,
			send: func(t testing.TB) call {
				c := valid(t)
				c.auth, c.header = viaRaw, http.Header{"Date": {mocktest.Epoch.Format(http.TimeFormat)}, "Authorization": {demoKey + ":AAAA"}}
				return c
			}})
		add(answerCase{name: "legacy unknown key", op: ep.op, code: "IAM_FAILED", message: advance.MsgIAMKeyNotFound, why: emulate.WhyAuth, send: as("nobody", viaLegacy)})
		add(answerCase{name: "apis list", op: ep.op, code: "IAM_FAILED", message: advance.MsgIAMDomain, why: emulate.WhyAdmission, send: as("narrow-key", viaLegacy)})
		add(answerCase{name: "expired account", op: ep.op, code: "IAM_FAILED", message: advance.MsgIAMAccountExpire, why: emulate.WhyAdmission, send: as("old-key", viaLegacy)})
		if ep.op != "idForgery" {
			add(answerCase{name: "disabled", op: ep.op, code: "IAM_FAILED", message: advance.MsgIAMDisabled, why: emulate.WhyAdmission, send: as("off-key", viaLegacy)})
		}
		for _, m := range []string{advance.MsgIAMToken, advance.MsgIAMKeyExpired, advance.MsgIAMCountry} {
			add(answerCase{name: "scenario", op: ep.op, code: "IAM_FAILED", message: m, why: emulate.WhyScenario, rules: []string{rule(ep.op, "IAM_FAILED", m)}, send: valid})
		}
		for _, s := range []struct{ code, msg string }{
			{"ERROR", advance.MsgServerError}, {"EMPTY_PARAMETER_ERROR", advance.MsgEmpty}, {"RETRY_LATER", advance.MsgRetryLater},
		} {
			add(answerCase{name: "scenario", op: ep.op, code: s.code, message: s.msg, why: emulate.WhyScenario, rules: []string{rule(ep.op, s.code, s.msg)}, send: valid})
		}
		add(answerCase{name: "rate", op: ep.op, code: "SERVICE_BUSY", message: advance.MsgRateLimit, why: emulate.WhyAdmission,
			before: []call{valid(t).withKey("rate-key", viaLegacy)}, send: as("rate-key", viaLegacy)})
		for _, q := range []struct{ key, code, msg string }{
			{"day-key", "SERVICE_BUSY", advance.MsgDailyQuota}, {"total-key", "OVER_QUERY_LIMIT", advance.MsgOverQuota},
			{"test-key", "OVER_QUERY_LIMIT", advance.MsgOverQuotaT}, {"poor-key", "INSUFFICIENT_BALANCE", advance.MsgBalance},
		} {
			add(answerCase{name: q.key, op: ep.op, code: q.code, message: q.msg, why: emulate.WhyAdmission,
				before: []call{valid(t).withKey(q.key, viaLegacy)}, send: as(q.key, viaLegacy)})
		}
		add(answerCase{name: "form body", op: ep.op, code: "CLIENT_ERROR", message: advance.MsgBadRequest,
			send: func(testing.TB) call {
				return call{path: valid(t).path, contentType: "application/x-www-form-urlencoded", body: []byte("ocrImage=x&idNumber=1")}
			}})
	}
	return out
}

// TestAnswers triggers every documented answer through HTTP and checks the
// envelope (key order, transactionId, specs/advance.yaml through the
// harness), the code and message, pricingStrategy, Retry-After and the
// journal's billing and reason.
func TestAnswers(t *testing.T) {
	for _, tc := range cases(t) {
		t.Run(tc.op+"/"+tc.code+"/"+tc.name, func(t *testing.T) {
			h := mocktest.New(t, mocktest.WithConfig(accessConfig))
			h.AddRules(tc.rules...)
			for _, b := range tc.before {
				if e := decode(t, b.send(h)); e.Code != "SUCCESS" {
					t.Fatalf("request before: %s %s", e.Code, e.Message)
				}
			}
			res := tc.send(t).send(h)
			e := decode(t, res)
			if e.Code != tc.code || e.Message != tc.message {
				t.Fatalf("got %s %q, want %s %q", e.Code, e.Message, tc.code, tc.message)
			}
			wantPricing := map[bool]string{true: "PAY", false: "FREE"}[tc.charged]
			if e.PricingStrategy != wantPricing {
				t.Errorf("pricingStrategy %s, want %s", e.PricingStrategy, wantPricing)
			}
			if isNull := string(e.Data) == "null"; isNull == (tc.code == "SUCCESS") {
				t.Errorf("data %s for %s", e.Data, tc.code)
			}
			wantRetry := tc.code == "RETRY_LATER" || tc.message == advance.MsgRateLimit
			if got := res.Header.Get("Retry-After"); (got == "10") != wantRetry || (got != "" && got != "10") {
				t.Errorf("Retry-After %q for %s %q", got, tc.code, tc.message)
			}
			last := h.Server.Deps().Journal.List(journal.Filter{Limit: 1})
			if len(last) != 1 {
				t.Fatal("no journal entry")
			}
			if j := last[0]; j.Code != tc.code || j.Charged != tc.charged || j.Why != tc.why {
				t.Errorf("journal: code %s charged %v why %s; want %s %v %s", j.Code, j.Charged, j.Why, tc.code, tc.charged, tc.why)
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
	mocktest.New(t).CheckEveryAnswer("advance", have)
}
