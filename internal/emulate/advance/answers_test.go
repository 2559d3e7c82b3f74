package advance_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/advance"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
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
type answerCase = mocktest.Case[call]

func rule(op, code, message string) string { return mocktest.Rule("advance", op, code, message) }

func identityCall(nik, name string) call {
	return call{path: identityPath, contentType: "application/json", body: []byte(fmt.Sprintf(`{"idNumber":%q,"name":%q}`, nik, name))}
}

// endpoint is one API operation with a valid request; free endpoints
// (no API use) are held to the rate limit only.
type endpoint struct {
	op    string
	valid func(t testing.TB) call
	free  bool
}

func endpoints() []endpoint {
	single := func(path, field string) func(t testing.TB) call {
		return func(t testing.TB) call {
			return upload(t, path, file(field, image(t, imagecheck.FixtureSpec{})))
		}
	}
	return []endpoint{
		{"kkOcr", single(kkPath, "ocrImage"), false},
		{"ktpOcr", single(ktpPath, "ocrImage"), false},
		{"faceCompare", func(t testing.TB) call {
			return upload(t, facePath, file("firstImage", image(t, imagecheck.FixtureSpec{})),
				file("secondImage", image(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 640, Height: 480})))
		}, false},
		{"idForgery", single(forgeryPath, "cardImage"), false},
		{"identityCheck", func(testing.TB) call { return identityCall("3171024302821001", "BUDI") }, false},
	}
}

func cases(t testing.TB) []answerCase {
	var out []answerCase
	add := func(c answerCase) { out = append(out, c) }
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
		return func(t testing.TB) call {
			return upload(t, path, mocktest.Part{Name: "other", Filename: "x.jpg", Data: good})
		}
	}

	// generate-token (docs/vendors/advance.md#s2-3-1): SUCCESS is free here.
	tok := "generateToken"
	add(answerCase{Name: "ok", Op: tok, Code: "SUCCESS", Message: "OK", Send: func(testing.TB) call { return tokenCall(demoKey, nil) }})
	add(answerCase{Name: "no signature", Op: tok, Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Why: emulate.WhyAuth,
		Send: func(testing.TB) call { return tokenCall(demoKey, map[string]any{"signature": ""}) }})
	add(answerCase{Name: "301 s late", Op: tok, Code: "PARAMETER_ERROR", Message: advance.MsgTimestamp, Why: emulate.WhyAuth,
		Send: func(testing.TB) call {
			ts := fmt.Sprint(mocktest.Epoch.UnixMilli() - 301_000)
			return tokenCall(demoKey, map[string]any{"timestamp": ts, "signature": advance.Signature(demoKey, demoSecret, ts)})
		}})
	add(answerCase{Name: "bad signature", Op: tok, Code: "PARAMETER_ERROR", Message: advance.MsgSignature, Why: emulate.WhyAuth,
		Send: func(testing.TB) call {
			return tokenCall(demoKey, map[string]any{"signature": advance.Signature(demoKey, "wrong", "1")})
		}})
	add(answerCase{Name: "disabled", Op: tok, Code: "ACCOUNT_DISABLED", Message: advance.MsgAccountDisabled, Why: emulate.WhyAdmission,
		Send: func(testing.TB) call { return tokenCall("off-key", nil) }})
	add(answerCase{Name: "not json", Op: tok, Code: "CLIENT_ERROR", Message: advance.MsgBadRequest, Why: emulate.WhyAuth,
		Send: func(testing.TB) call {
			return call{path: tokenPath, contentType: "application/json", body: []byte(`{"accessKey":`), auth: viaNone}
		}})
	add(answerCase{Name: "unknown key", Op: tok, Code: "IAM_FAILED", Message: advance.MsgIAMKeyNotFound, Why: emulate.WhyAuth,
		Send: func(testing.TB) call { return tokenCall("nobody", nil) }})
	add(answerCase{Name: "expired account", Op: tok, Code: "IAM_FAILED", Message: advance.MsgIAMAccountExpire, Why: emulate.WhyAdmission,
		Send: func(testing.TB) call { return tokenCall("old-key", nil) }})
	add(answerCase{Name: "rate", Op: tok, Code: "SERVICE_BUSY", Message: advance.MsgRateLimit, Why: emulate.WhyAdmission,
		Before: []call{tokenCall("rate-key", nil)}, Send: func(testing.TB) call { return tokenCall("rate-key", nil) }})
	// The token is no API use, so a key's apis list does not cover it,
	// but the rate limit does.
	add(answerCase{Name: "rate, token not in apis", Op: tok, Code: "SERVICE_BUSY", Message: advance.MsgRateLimit, Why: emulate.WhyAdmission,
		Before: []call{tokenCall("narrow-rate-key", nil)}, Send: func(testing.TB) call { return tokenCall("narrow-rate-key", nil) }})
	add(answerCase{Name: "scenario", Op: tok, Code: "ERROR", Message: advance.MsgServerError, Why: emulate.WhyScenario,
		Rules: []string{rule(tok, "ERROR", "")}, Send: func(testing.TB) call { return tokenCall(demoKey, nil) }})
	// The glossary's codes "could appear in all our API responses" (docs/vendors/advance.md#s2-2):
	// a scenario forces them on the token too.
	for _, g := range []struct{ code, msg string }{
		{"EMPTY_PARAMETER_ERROR", advance.MsgEmpty}, {"INSUFFICIENT_BALANCE", advance.MsgBalance},
		{"SERVICE_BUSY", advance.MsgDailyQuota}, {"RETRY_LATER", advance.MsgRetryLater},
		{"OVER_QUERY_LIMIT", advance.MsgOverQuota}, {"OVER_QUERY_LIMIT", advance.MsgOverQuotaT},
		{"IAM_FAILED", advance.MsgIAMDenied}, {"IAM_FAILED", advance.MsgIAMNotAuthorized}, {"IAM_FAILED", advance.MsgIAMToken},
		{"IAM_FAILED", advance.MsgIAMKeyExpired}, {"IAM_FAILED", advance.MsgIAMCountry}, {"IAM_FAILED", advance.MsgIAMDomain},
		{"IAM_FAILED", advance.MsgIAMDisabled}, {"TEST_ACCOUNT_REACHED_LIMITATION", advance.MsgTestAccountLimit},
	} {
		add(answerCase{Name: "scenario", Op: tok, Code: g.code, Message: g.msg, Why: emulate.WhyScenario,
			Rules: []string{rule(tok, g.code, g.msg)}, Send: func(testing.TB) call { return tokenCall(demoKey, nil) }})
	}
	add(answerCase{Name: "scenario, first variant", Op: tok, Code: "RETRY_LATER", Message: advance.MsgRetryLater, Why: emulate.WhyScenario,
		Rules: []string{rule(tok, "RETRY_LATER", "")}, Send: func(testing.TB) call { return tokenCall(demoKey, nil) }})

	// KK OCR (docs/vendors/advance.md#s2-4).
	kk := "kkOcr"
	add(answerCase{Name: "jpeg", Op: kk, Code: "SUCCESS", Message: "OK", Charged: true, Send: one(kkPath, "ocrImage", good)})
	add(answerCase{Name: "tiff", Op: kk, Code: "SUCCESS", Message: "OK", Charged: true, Send: one(kkPath, "ocrImage", tif)})
	add(answerCase{Name: "corrupt", Op: kk, Code: "OCR_NO_RESULT", Message: advance.MsgKKNoResult, Charged: true, Send: one(kkPath, "ocrImage", truncated)})
	add(answerCase{Name: "marker", Op: kk, Code: "OCR_NO_RESULT", Message: advance.MsgKKNoResult, Charged: true, Why: emulate.WhyMarker,
		Send: marked(kkPath, "ocrImage", "scenario=OCR_NO_RESULT")})
	add(answerCase{Name: "no part", Op: kk, Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Send: empty(kkPath)})
	add(answerCase{Name: "empty file", Op: kk, Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Send: one(kkPath, "ocrImage", nil)})
	add(answerCase{Name: "gif", Op: kk, Code: "PARAMETER_ERROR", Message: advance.MsgKKFormat, Send: one(kkPath, "ocrImage", gif)})
	add(answerCase{Name: "255 px", Op: kk, Code: "PARAMETER_ERROR", Message: advance.MsgKKSize, Send: one(kkPath, "ocrImage", small)})
	add(answerCase{Name: "4097 px", Op: kk, Code: "PARAMETER_ERROR", Message: advance.MsgKKSize, Send: one(kkPath, "ocrImage", wide)})
	add(answerCase{Name: "2 MiB", Op: kk, Code: "PARAMETER_ERROR", Message: advance.MsgKKSize, Send: one(kkPath, "ocrImage", big)})

	// KTP OCR v3 (docs/vendors/advance.md#s2-5, #ad-15).
	ktp := "ktpOcr"
	add(answerCase{Name: "ok", Op: ktp, Code: "SUCCESS", Message: "OK", Charged: true, Send: one(ktpPath, "ocrImage", good)})
	add(answerCase{Name: "corrupt", Op: ktp, Code: "OCR_NO_RESULT", Message: advance.MsgKTPNoResult, Charged: true, Send: one(ktpPath, "ocrImage", truncated)})
	add(answerCase{Name: "no part", Op: ktp, Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Send: empty(ktpPath)})
	add(answerCase{Name: "tiff", Op: ktp, Code: "IMAGE_INVALID_FORMAT", Message: advance.MsgImageFormat, Send: one(ktpPath, "ocrImage", tif)})
	add(answerCase{Name: "2 MiB", Op: ktp, Code: "IMAGE_INVALID_SIZE", Message: advance.MsgImageSize, Send: one(ktpPath, "ocrImage", big)})

	// Face comparison v4 (docs/vendors/advance.md#s2-5).
	fc := "faceCompare"
	pair := func(a, b []byte) func(testing.TB) call {
		return func(t testing.TB) call { return upload(t, facePath, file("firstImage", a), file("secondImage", b)) }
	}
	low := jpeg(imagecheck.FixtureSpec{Marker: "face=low"})
	png := jpeg(imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 640, Height: 480})
	add(answerCase{Name: "ok", Op: fc, Code: "SUCCESS", Message: "OK", Charged: true, Send: pair(good, png)})
	add(answerCase{Name: "corrupt first", Op: fc, Code: "NO_FACE_DETECTED_FROM_FIRST_IMAGE", Message: advance.MsgNoFaceFirst, Charged: true, Send: pair(truncated, good)})
	add(answerCase{Name: "corrupt second", Op: fc, Code: "NO_FACE_DETECTED_FROM_SECOND_IMAGE", Message: advance.MsgNoFaceSecond, Charged: true, Send: pair(good, truncated)})
	add(answerCase{Name: "low first", Op: fc, Code: "FIRST_IMAGE_LOW_QUALITY_FACE", Message: advance.MsgLowFirst, Charged: true, Send: pair(low, good)})
	add(answerCase{Name: "low second", Op: fc, Code: "SECOND_IMAGE_LOW_QUALITY_FACE", Message: advance.MsgLowSecond, Charged: true, Send: pair(good, low)})
	add(answerCase{Name: "no second", Op: fc, Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Send: one(facePath, "firstImage", good)})
	add(answerCase{Name: "gif second", Op: fc, Code: "IMAGE_INVALID_FORMAT", Message: advance.MsgImageFormat, Send: pair(good, gif)})
	add(answerCase{Name: "small first", Op: fc, Code: "IMAGE_INVALID_SIZE", Message: advance.MsgImageSize, Send: pair(small, good)})

	// ID forgery (docs/vendors/advance.md#s2-5).
	fg := "idForgery"
	add(answerCase{Name: "pass", Op: fg, Code: "SUCCESS", Message: "OK", Charged: true, Send: one(forgeryPath, "cardImage", good)})
	add(answerCase{Name: "corrupt", Op: fg, Code: "NO_SUPPORTED_CARD", Message: advance.MsgNoSupported, Charged: true, Send: one(forgeryPath, "cardImage", truncated)})
	add(answerCase{Name: "marker", Op: fg, Code: "TOO_MANY_CARDS", Message: advance.MsgTooManyCards, Charged: true, Why: emulate.WhyMarker,
		Send: marked(forgeryPath, "cardImage", "scenario=TOO_MANY_CARDS")})
	add(answerCase{Name: "no part", Op: fg, Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Send: empty(forgeryPath)})
	add(answerCase{Name: "tiff", Op: fg, Code: "PARAMETER_ERROR", Message: advance.MsgForgeryFormat, Send: one(forgeryPath, "cardImage", tif)})
	add(answerCase{Name: "4097 px", Op: fg, Code: "PARAMETER_ERROR", Message: advance.MsgForgerySize, Send: one(forgeryPath, "cardImage", wide)})
	add(answerCase{Name: "npwp", Op: fg, Code: "PARAMETER_ERROR", Message: advance.MsgForgeryDocType, Send: marked(forgeryPath, "cardImage", "doctype=npwp")})
	for _, m := range []string{advance.MsgTimestamp, advance.MsgSignature} {
		add(answerCase{Name: "scenario", Op: fg, Code: "PARAMETER_ERROR", Message: m, Why: emulate.WhyScenario,
			Rules: []string{rule(fg, "PARAMETER_ERROR", m)}, Send: one(forgeryPath, "cardImage", good)})
	}
	add(answerCase{Name: "disabled", Op: fg, Code: "ACCOUNT_DISABLED", Message: advance.MsgAccountDisabled, Why: emulate.WhyAdmission,
		Send: func(t testing.TB) call {
			return upload(t, forgeryPath, file("cardImage", good)).withKey("off-key", viaLegacy)
		}})
	add(answerCase{Name: "scenario", Op: fg, Code: "IAM_FAILED", Message: advance.MsgIAMDisabled, Why: emulate.WhyScenario,
		Rules: []string{rule(fg, "IAM_FAILED", advance.MsgIAMDisabled)}, Send: one(forgeryPath, "cardImage", good)})

	// Identity check (docs/vendors/advance.md#s2-5, #ad-15).
	id := "identityCheck"
	add(answerCase{Name: "ok", Op: id, Code: "SUCCESS", Message: "OK", Charged: true, Send: func(testing.TB) call { return identityCall("3171024302821001", "BUDI") }})
	add(answerCase{Name: "no name", Op: id, Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Send: func(testing.TB) call { return identityCall("3171024302821001", "") }})
	add(answerCase{Name: "15 digits", Op: id, Code: "PARAMETER_ERROR", Message: advance.MsgInvalidNIK, Send: func(testing.TB) call { return identityCall("317102430282100", "BUDI") }})
	add(answerCase{Name: "no district", Op: id, Code: "PERSON_NOT_FOUND", Message: advance.MsgPersonNotFound, Send: func(testing.TB) call { return identityCall(unregisteredNIK, "BUDI") }})

	out = append(out, beyondCases(t)...)

	// Glossary answers, on every API (docs/vendors/advance.md#s2-2).
	for _, ep := range append(endpoints(), beyondEndpoints()...) {
		out = append(out, glossaryCases(t, ep)...)
	}
	return out
}

// glossaryCases are the glossary's answers on ep: natural where the
// endpoint earns them, forced by a scenario where it cannot (a free
// endpoint is no API use: quota, balance and the apis list never refuse it).
func glossaryCases(t testing.TB, ep endpoint) []answerCase {
	var out []answerCase
	add := func(c answerCase) { out = append(out, c) }
	valid := ep.valid
	as := func(key string, a auth) func(testing.TB) call {
		return func(t testing.TB) call { return valid(t).withKey(key, a) }
	}
	forced := func(code, msg string) answerCase {
		return answerCase{Name: "scenario", Op: ep.op, Code: code, Message: msg, Why: emulate.WhyScenario, Rules: []string{rule(ep.op, code, msg)}, Send: valid}
	}
	add(answerCase{Name: "no token", Op: ep.op, Code: "IAM_FAILED", Message: advance.MsgIAMDenied, Why: emulate.WhyAuth, Send: as(demoKey, viaNone)})
	add(answerCase{Name: "bad legacy signature", Op: ep.op, Code: "IAM_FAILED", Message: advance.MsgIAMNotAuthorized, Why: emulate.WhyAuth,
		Send: func(t testing.TB) call {
			c := valid(t)
			c.auth, c.header = viaRaw, http.Header{"Date": {mocktest.Epoch.Format(http.TimeFormat)}, "Authorization": {demoKey + ":AAAA"}}
			return c
		}})
	add(answerCase{Name: "legacy unknown key", Op: ep.op, Code: "IAM_FAILED", Message: advance.MsgIAMKeyNotFound, Why: emulate.WhyAuth, Send: as("nobody", viaLegacy)})
	add(answerCase{Name: "unknown static key", Op: ep.op, Code: "IAM_FAILED", Message: advance.MsgIAMKeyNotFound, Why: emulate.WhyAuth,
		Send: func(t testing.TB) call {
			c := valid(t)
			c.auth, c.header = viaRaw, http.Header{"X-Advai-Key": {"not-a-key"}}
			return c
		}})
	add(answerCase{Name: "expired account", Op: ep.op, Code: "IAM_FAILED", Message: advance.MsgIAMAccountExpire, Why: emulate.WhyAdmission, Send: as("old-key", viaLegacy)})
	if ep.op != "idForgery" {
		add(answerCase{Name: "disabled", Op: ep.op, Code: "IAM_FAILED", Message: advance.MsgIAMDisabled, Why: emulate.WhyAdmission, Send: as("off-key", viaLegacy)})
	}
	for _, m := range []string{advance.MsgIAMToken, advance.MsgIAMKeyExpired, advance.MsgIAMCountry} {
		add(forced("IAM_FAILED", m))
	}
	for _, s := range []struct{ code, msg string }{
		{"ERROR", advance.MsgServerError}, {"EMPTY_PARAMETER_ERROR", advance.MsgEmpty}, {"RETRY_LATER", advance.MsgRetryLater},
	} {
		add(forced(s.code, s.msg))
	}
	add(answerCase{Name: "rate", Op: ep.op, Code: "SERVICE_BUSY", Message: advance.MsgRateLimit, Why: emulate.WhyAdmission,
		Before: []call{valid(t).withKey("rate-key", viaLegacy)}, Send: as("rate-key", viaLegacy)})
	limits := []struct{ key, code, msg string }{
		{"day-key", "SERVICE_BUSY", advance.MsgDailyQuota}, {"total-key", "OVER_QUERY_LIMIT", advance.MsgOverQuota},
		{"test-key", "OVER_QUERY_LIMIT", advance.MsgOverQuotaT}, {"poor-key", "INSUFFICIENT_BALANCE", advance.MsgBalance},
	}
	if ep.free {
		for _, q := range limits {
			add(forced(q.code, q.msg))
		}
		add(forced("IAM_FAILED", advance.MsgIAMDomain))
		add(forced("TEST_ACCOUNT_REACHED_LIMITATION", advance.MsgTestAccountLimit))
	} else {
		for _, q := range limits {
			add(answerCase{Name: q.key, Op: ep.op, Code: q.code, Message: q.msg, Why: emulate.WhyAdmission,
				Before: []call{valid(t).withKey(q.key, viaLegacy)}, Send: as(q.key, viaLegacy)})
		}
		add(answerCase{Name: "apis list", Op: ep.op, Code: "IAM_FAILED", Message: advance.MsgIAMDomain, Why: emulate.WhyAdmission, Send: as("narrow-key", viaLegacy)})
		add(answerCase{Name: "test account limitation", Op: ep.op, Code: "TEST_ACCOUNT_REACHED_LIMITATION", Message: advance.MsgTestAccountLimit,
			Why: emulate.WhyAdmission, Config: limitationConfig, Before: []call{valid(t).withKey("test-key", viaLegacy)}, Send: as("test-key", viaLegacy)})
	}
	if valid(t).method == http.MethodGet {
		add(forced("CLIENT_ERROR", advance.MsgBadRequest)) // a GET has no body to be wrong
	} else {
		add(answerCase{Name: "form body", Op: ep.op, Code: "CLIENT_ERROR", Message: advance.MsgBadRequest,
			Send: func(testing.TB) call {
				return call{path: valid(t).path, contentType: "application/x-www-form-urlencoded", body: []byte("ocrImage=x&idNumber=1")}
			}})
	}
	return out
}

// answers is the table with the checks of this vendor's answers.
func answers(t testing.TB) mocktest.Answers[call] {
	return mocktest.Answers[call]{Vendor: "advance", Config: accessConfig, Cases: cases(t), Check: checkAnswer,
		BeforeOK: func(t testing.TB, res mocktest.Result) bool { return decode(t, res).Code == "SUCCESS" }}
}

// TestAnswers triggers every documented answer through HTTP and checks the
// envelope (key order, transactionId, specs/advance.yaml through the
// harness), the code and message, pricingStrategy, Retry-After and the
// journal's billing and reason.
func TestAnswers(t *testing.T) { answers(t).Run(t) }

func TestEveryAnswerHasACase(t *testing.T) { answers(t).CheckCoverage(t) }

// TestGolden pins the values of one answer per documented answer in
// testdata/golden (-update rewrites them).
// An unknown path and a wrong method (TestUnrouted) are pinned too.
func TestGolden(t *testing.T) {
	answers(t).Golden(t,
		mocktest.Sample[call]{Name: "unrouted/not-found", Send: func(testing.TB) call {
			return call{path: "/openapi/face-identity/v9/nothing", auth: viaNone}
		}},
		mocktest.Sample[call]{Name: "unrouted/method-not-allowed", Send: func(testing.TB) call {
			return call{method: http.MethodGet, path: kkPath, auth: viaNone}
		}})
}

func checkAnswer(t *testing.T, _ *mocktest.Harness, tc answerCase, res mocktest.Result) {
	e := decode(t, res)
	if e.Code != tc.Code || e.Message != tc.Message {
		t.Fatalf("got %s %q, want %s %q", e.Code, e.Message, tc.Code, tc.Message)
	}
	wantPricing := map[bool]string{true: "PAY", false: "FREE"}[tc.Charged]
	if e.PricingStrategy != wantPricing {
		t.Errorf("pricingStrategy %s, want %s", e.PricingStrategy, wantPricing)
	}
	if isNull := string(e.Data) == "null"; isNull == (tc.Code == "SUCCESS") {
		t.Errorf("data %s for %s", e.Data, tc.Code)
	}
	wantRetry := tc.Code == "RETRY_LATER" || tc.Message == advance.MsgRateLimit
	if got := res.Header.Get("Retry-After"); (got == "10") != wantRetry || (got != "" && got != "10") {
		t.Errorf("Retry-After %q for %s %q", got, tc.Code, tc.Message)
	}
}
