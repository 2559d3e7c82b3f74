package advance_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/advance"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// Paths beyond the seed (docs/vendors/advance.md#beyond).
const (
	ktpV1Path        = "/openapi/face-recognition/v1/ocr-ktp-check"
	ocrV2Path        = "/openapi/face-recognition/v2/ocr-check"
	identityV2Path   = "/openapi/anti-fraud/v2/identity-check"
	identityV4Path   = "/openapi/anti-fraud/v4/identity-check"
	blacklistV3Path  = "/openapi/anti-fraud/v3/blacklist-check"
	blacklistV4Path  = "/openapi/anti-fraud/v4/blacklist-check"
	blacklistV5Path  = "/openapi/anti-fraud/v5/blacklist-check"
	multiV3Path      = "/openapi/default-detection/v3/multi-platform"
	multiV6Path      = "/openapi/verification/v6/multi-platform"
	multiV11Path     = "/openapi/default-detection/v11/multi-platform"
	faceV2Path       = "/openapi/face-recognition/v2/check"
	faceV3Path       = "/openapi/face-recognition/v3/check"
	idCheckPath      = "/openapi/face-recognition/v2/id-check"
	licensePath      = "/openapi/liveness/v1/auth-license"
	signaturePath    = "/liveness/ext/v1/generate-signature-id"
	livenessPath     = "/openapi/liveness/v3/detection-result"
	docLicensePath   = "/intl/openapi/face-identity/document-verification/v1/auth-license"
	bankPath         = "/openapi/verification/v1/bank-account-check"
	teleIdentityPath = "/openapi/operator/v1/tele-identity-check"
	teleAuthPath     = "/openapi/operator/v1/tele-authentication"
	scoringPath      = "/openapi/anti-fraud/v1/scoring"
	companyPath      = "/openapi/anti-fraud/v3/company-check"
)

// NIKs and phones of the table's config (accessConfig): the registered
// BUDI, a listed NIK, a NIK of no district, listed phones and name.
const (
	budiNIK         = "3171024302821001"
	listedNIK       = "3171024302821999"
	unregisteredNIK = "9999994302821001"
	listedPhone     = "81100000001" // +6281100000001, as the clients send it
	listedName      = "LISTED NAME"
	cleanPhone      = "81234567890"
)

// fixtures memoises test images: a JPEG costs milliseconds to encode
// (more under -race), and the table asks for the same few thousands of
// times. The bytes are never modified.
var fixtures sync.Map // imagecheck.FixtureSpec → []byte

func image(t testing.TB, spec imagecheck.FixtureSpec) []byte {
	if b, ok := fixtures.Load(spec); ok {
		return b.([]byte)
	}
	b := mocktest.Image(t, spec)
	fixtures.Store(spec, b)
	return b
}

// jsonCall is a JSON call to path.
func jsonCall(t testing.TB, path string, body any) call {
	return call{path: path, contentType: "application/json", body: mocktest.JSONBody(t, body)}
}

func phoneObj(number string) map[string]string {
	return map[string]string{"countryCode": "+62", "areaCode": "", "number": number}
}

func blacklistCall(t testing.TB, path, nik, name, phone string) call {
	return jsonCall(t, path, map[string]any{"name": name, "idNumber": nik, "phoneNumber": phoneObj(phone)})
}

// beyondEndpoints are the endpoints beyond the seed with a valid request.
func beyondEndpoints() []endpoint {
	img := func(t testing.TB) []byte { return image(t, imagecheck.FixtureSpec{}) }
	png := func(t testing.TB) []byte {
		return image(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 640, Height: 480})
	}
	single := func(path, field string) func(t testing.TB) call {
		return func(t testing.TB) call { return upload(t, path, file(field, img(t))) }
	}
	pair := func(path string) func(t testing.TB) call {
		return func(t testing.TB) call {
			return upload(t, path, file("firstImage", img(t)), file("secondImage", png(t)))
		}
	}
	js := func(path string, body any) func(t testing.TB) call {
		return func(t testing.TB) call { return jsonCall(t, path, body) }
	}
	bl := func(path string) func(t testing.TB) call {
		return func(t testing.TB) call { return blacklistCall(t, path, listedNIK, "BUDI", cleanPhone) }
	}
	return []endpoint{
		{op: "ktpOcrV1", valid: single(ktpV1Path, "ocrImage")},
		{op: "ocrCheckV2", valid: single(ocrV2Path, "ocrImage")},
		{op: "identityCheckV2", valid: js(identityV2Path, map[string]string{"idNumber": budiNIK, "name": "BUDI"})},
		{op: "identityCheckV4", valid: js(identityV4Path, map[string]string{"idNumber": budiNIK, "name": "BUDI"})},
		{op: "blacklistCheckV3", valid: bl(blacklistV3Path)},
		{op: "blacklistCheckV4", valid: bl(blacklistV4Path)},
		{op: "blacklistCheckV5", valid: bl(blacklistV5Path)},
		{op: "multiPlatformV3", valid: js(multiV3Path, map[string]string{"idNumber": budiNIK})},
		{op: "multiPlatformV6", valid: js(multiV6Path, map[string]string{"idNumber": budiNIK})},
		{op: "multiPlatformV11", valid: js(multiV11Path, map[string]string{"idNumber": budiNIK, "phoneNumber": "+6281234567890"})},
		{op: "faceCompareV2", valid: pair(faceV2Path)},
		{op: "faceCompareV3", valid: pair(faceV3Path)},
		{op: "idCheckV2", valid: single(idCheckPath, "idHoldingImage")},
		{op: "livenessLicense", valid: js(licensePath, map[string]any{"licenseEffectiveSeconds": 600})},
		{op: "generateSignatureId", valid: js(signaturePath, map[string]string{"productLevel": "STANDARD"}), free: true},
		{op: "generateSignatureIdGet", valid: func(testing.TB) call {
			return call{method: http.MethodGet, path: signaturePath + "?productLevel=PRO"}
		}, free: true},
		{op: "livenessResult", valid: js(livenessPath, map[string]string{"livenessId": "liveness-1"})},
		{op: "documentLicense", valid: js(docLicensePath, map[string]any{})},
		{op: "bankAccountCheck", valid: js(bankPath, map[string]string{"bankCode": "BNIAIDJA", "bankAccount": "1234567890"})},
		{op: "teleIdentityCheck", valid: js(teleIdentityPath, map[string]any{"idNumber": budiNIK, "phoneNumber": phoneObj(cleanPhone)})},
		{op: "teleAuthentication", valid: js(teleAuthPath, map[string]any{"phoneNumber": phoneObj(cleanPhone)})},
		{op: "scoring", valid: js(scoringPath, map[string]any{"idNumber": budiNIK, "name": "BUDI", "timezoneId": "Asia/Jakarta", "phoneNumber": phoneObj(cleanPhone), "callList": []any{}, "smsList": []any{}})},
		{op: "companyCheck", valid: js(companyPath, map[string]string{"companyName": "Maju Jaya"})},
	}
}

// setRule is an admin rule that only sets a field of op's answer.
func setRule(op, path string, value any) string {
	b := mocktest.JSONBody(nilTB{}, map[string]any{"name": "t", "vendor": "advance", "endpoint": op, "respond": map[string]any{"set": map[string]any{path: value}}})
	return string(b)
}

// nilTB is a testing.TB for JSONBody of values that always marshal.
type nilTB struct{ testing.TB }

func (nilTB) Helper() {}

// beyondCases are the answers of the endpoints beyond the seed, each
// triggered the way a client would.
func beyondCases(t testing.TB) []answerCase {
	var out []answerCase
	add := func(c answerCase) { out = append(out, c) }
	good := image(t, imagecheck.FixtureSpec{})
	png := image(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 640, Height: 480})
	tif := image(t, imagecheck.FixtureSpec{Format: imagecheck.TIFF, Width: 800, Height: 600})
	truncated := image(t, imagecheck.FixtureSpec{Truncate: 300})
	gif := image(t, imagecheck.FixtureSpec{Format: imagecheck.GIF, Width: 600, Height: 400})
	small := image(t, imagecheck.FixtureSpec{Width: 255, Height: 400})
	big := image(t, imagecheck.FixtureSpec{Bytes: 2 << 20})
	low := image(t, imagecheck.FixtureSpec{Marker: "face=low"})
	one := func(path, field string, img []byte) func(testing.TB) call {
		return func(t testing.TB) call { return upload(t, path, file(field, img)) }
	}
	none := func(path string) func(testing.TB) call {
		return func(t testing.TB) call {
			return upload(t, path, mocktest.Part{Name: "other", Filename: "x.jpg", Data: good})
		}
	}
	js := func(path string, body any) func(testing.TB) call {
		return func(t testing.TB) call { return jsonCall(t, path, body) }
	}

	// KTP OCR v1 and the legacy v2 (docs/vendors/advance.md#b1-2).
	for _, o := range []struct{ op, path string }{{"ktpOcrV1", ktpV1Path}, {"ocrCheckV2", ocrV2Path}} {
		add(answerCase{Name: "ok", Op: o.op, Code: "SUCCESS", Message: "OK", Charged: true, Send: one(o.path, "ocrImage", good)})
		add(answerCase{Name: "static key", Op: o.op, Code: "SUCCESS", Message: "OK", Charged: true,
			Send: func(t testing.TB) call { return upload(t, o.path, file("ocrImage", good)).withKey(demoKey, viaStatic) }})
		add(answerCase{Name: "corrupt", Op: o.op, Code: "OCR_NO_RESULT", Message: advance.MsgKTPNoResult, Charged: true, Send: one(o.path, "ocrImage", truncated)})
		add(answerCase{Name: "no part", Op: o.op, Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Send: none(o.path)})
		add(answerCase{Name: "tiff", Op: o.op, Code: "IMAGE_INVALID_FORMAT", Message: advance.MsgImageFormat, Send: one(o.path, "ocrImage", tif)})
		add(answerCase{Name: "2 MiB", Op: o.op, Code: "IMAGE_INVALID_SIZE", Message: advance.MsgImageSize, Send: one(o.path, "ocrImage", big)})
	}

	// Identity check v2 and v4 (docs/vendors/advance.md#b1-3, #bs-1, #bs-2).
	for _, o := range []struct{ op, path string }{{"identityCheckV2", identityV2Path}, {"identityCheckV4", identityV4Path}} {
		id := func(nik, name string) func(testing.TB) call {
			return js(o.path, map[string]string{"idNumber": nik, "name": name})
		}
		add(answerCase{Name: "ok", Op: o.op, Code: "SUCCESS", Message: "OK", Charged: true, Send: id(budiNIK, "BUDI")})
		add(answerCase{Name: "no name", Op: o.op, Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Send: id(budiNIK, "")})
		add(answerCase{Name: "15 digits", Op: o.op, Code: "PARAMETER_ERROR", Message: advance.MsgInvalidNIK, Send: id("317102430282100", "BUDI")})
		add(answerCase{Name: "no district", Op: o.op, Code: "PERSON_NOT_FOUND", Message: advance.MsgPersonNotFound, Send: id(unregisteredNIK, "BUDI")})
	}

	// Blacklist check v3, v4, v5 (docs/vendors/advance.md#b1-4): PASS is free.
	for _, o := range []struct{ op, path string }{{"blacklistCheckV3", blacklistV3Path}, {"blacklistCheckV4", blacklistV4Path}, {"blacklistCheckV5", blacklistV5Path}} {
		bl := func(nik, name, phone string) func(testing.TB) call {
			return func(t testing.TB) call { return blacklistCall(t, o.path, nik, name, phone) }
		}
		add(answerCase{Name: "pass", Op: o.op, Code: "SUCCESS", Message: "OK", Send: bl(budiNIK, "BUDI", cleanPhone)})
		add(answerCase{Name: "pass, name listed", Op: o.op, Code: "SUCCESS", Message: "OK", Send: bl(budiNIK, listedName, cleanPhone)})
		add(answerCase{Name: "verify, phone listed", Op: o.op, Code: "SUCCESS", Message: "OK", Charged: true, Send: bl(budiNIK, "BUDI", listedPhone)})
		add(answerCase{Name: "reject, nik listed", Op: o.op, Code: "SUCCESS", Message: "OK", Charged: true, Send: bl(listedNIK, "BUDI", cleanPhone)})
		add(answerCase{Name: "reject, phone and name", Op: o.op, Code: "SUCCESS", Message: "OK", Charged: true, Send: bl(budiNIK, "listed name", "081100000002")})
		add(answerCase{Name: "reject by rule", Op: o.op, Code: "SUCCESS", Message: "OK", Charged: true,
			Rules: []string{setRule(o.op, "data.recommendation", "REJECT")}, Send: bl(budiNIK, "BUDI", cleanPhone)})
		add(answerCase{Name: "pass by rule", Op: o.op, Code: "SUCCESS", Message: "OK",
			Rules: []string{setRule(o.op, "data.recommendation", "PASS")}, Send: bl(listedNIK, "BUDI", cleanPhone)})
		add(answerCase{Name: "no phone", Op: o.op, Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Send: bl(budiNIK, "BUDI", "")})
		add(answerCase{Name: "bad nik", Op: o.op, Code: "PARAMETER_ERROR", Message: advance.MsgInvalidNIK, Send: bl("12345", "BUDI", cleanPhone)})
		add(answerCase{Name: "bad phone", Op: o.op, Code: "PARAMETER_ERROR", Message: advance.MsgInvalidPhone, Send: bl(budiNIK, "BUDI", "12")})
	}

	// Multi-platform detection v3, v6, v11 (docs/vendors/advance.md#b1-5).
	for _, o := range []struct{ op, path string }{{"multiPlatformV3", multiV3Path}, {"multiPlatformV6", multiV6Path}, {"multiPlatformV11", multiV11Path}} {
		body := func(nik string) map[string]string {
			m := map[string]string{"idNumber": nik}
			if o.op == "multiPlatformV11" {
				m["phoneNumber"] = "+6281234567890"
			}
			return m
		}
		add(answerCase{Name: "ok", Op: o.op, Code: "SUCCESS", Message: "OK", Charged: true, Send: js(o.path, body(budiNIK))})
		add(answerCase{Name: "no nik", Op: o.op, Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Send: js(o.path, body(""))})
		add(answerCase{Name: "bad nik", Op: o.op, Code: "PARAMETER_ERROR", Message: advance.MsgInvalidNIK, Send: js(o.path, body("1234"))})
	}
	add(answerCase{Name: "national phone", Op: "multiPlatformV11", Code: "PARAMETER_ERROR", Message: advance.MsgInvalidPhone,
		Send: js(multiV11Path, map[string]string{"idNumber": budiNIK, "phoneNumber": "081234567890"})})
	add(answerCase{Name: "includeSelf", Op: "multiPlatformV11", Code: "PARAMETER_ERROR", Message: advance.MsgInvalidIncludeSelf,
		Send: js(multiV11Path, map[string]string{"idNumber": budiNIK, "phoneNumber": "+6281234567890", "includeSelf": "yes"})})

	// Face comparison v2, v3 and the hand-held ID check (docs/vendors/advance.md#b1-6).
	for _, o := range []struct{ op, path string }{{"faceCompareV2", faceV2Path}, {"faceCompareV3", faceV3Path}} {
		pair := func(a, b []byte) func(testing.TB) call {
			return func(t testing.TB) call { return upload(t, o.path, file("firstImage", a), file("secondImage", b)) }
		}
		add(answerCase{Name: "ok", Op: o.op, Code: "SUCCESS", Message: "OK", Charged: true, Send: pair(good, png)})
		add(answerCase{Name: "corrupt first", Op: o.op, Code: "NO_FACE_DETECTED_FROM_FIRST_IMAGE", Message: advance.MsgNoFaceFirst, Charged: true, Send: pair(truncated, good)})
		add(answerCase{Name: "corrupt second", Op: o.op, Code: "NO_FACE_DETECTED_FROM_SECOND_IMAGE", Message: advance.MsgNoFaceSecond, Charged: true, Send: pair(good, truncated)})
		add(answerCase{Name: "low first", Op: o.op, Code: "FIRST_IMAGE_LOW_QUALITY_FACE", Message: advance.MsgLowFirst, Charged: true, Send: pair(low, good)})
		add(answerCase{Name: "low second", Op: o.op, Code: "SECOND_IMAGE_LOW_QUALITY_FACE", Message: advance.MsgLowSecond, Charged: true, Send: pair(good, low)})
		add(answerCase{Name: "no second", Op: o.op, Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Send: one(o.path, "firstImage", good)})
		add(answerCase{Name: "gif second", Op: o.op, Code: "IMAGE_INVALID_FORMAT", Message: advance.MsgImageFormat, Send: pair(good, gif)})
		add(answerCase{Name: "small first", Op: o.op, Code: "IMAGE_INVALID_SIZE", Message: advance.MsgImageSize, Send: pair(small, good)})
	}
	ic := "idCheckV2"
	add(answerCase{Name: "ok", Op: ic, Code: "SUCCESS", Message: "OK", Charged: true, Send: one(idCheckPath, "idHoldingImage", good)})
	add(answerCase{Name: "corrupt", Op: ic, Code: "NO_FACE_DETECTED_FROM_FIRST_IMAGE", Message: advance.MsgNoFaceFirst, Charged: true, Send: one(idCheckPath, "idHoldingImage", truncated)})
	add(answerCase{Name: "low", Op: ic, Code: "FIRST_IMAGE_LOW_QUALITY_FACE", Message: advance.MsgLowFirst, Charged: true, Send: one(idCheckPath, "idHoldingImage", low)})
	add(answerCase{Name: "no part", Op: ic, Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Send: none(idCheckPath)})
	add(answerCase{Name: "gif", Op: ic, Code: "IMAGE_INVALID_FORMAT", Message: advance.MsgImageFormat, Send: one(idCheckPath, "idHoldingImage", gif)})
	add(answerCase{Name: "small", Op: ic, Code: "IMAGE_INVALID_SIZE", Message: advance.MsgImageSize, Send: one(idCheckPath, "idHoldingImage", small)})

	// Liveness (docs/vendors/advance.md#b1-7).
	for _, o := range []struct{ op, path string }{{"livenessLicense", licensePath}, {"documentLicense", docLicensePath}} {
		add(answerCase{Name: "ok", Op: o.op, Code: "SUCCESS", Message: "OK", Charged: true, Send: js(o.path, map[string]any{"licenseEffectiveSeconds": 86400, "applicationId": "com.example.app"})})
		add(answerCase{Name: "empty body", Op: o.op, Code: "SUCCESS", Message: "OK", Charged: true,
			Send: func(testing.TB) call { return call{path: o.path, contentType: "application/json"} }})
		add(answerCase{Name: "too long", Op: o.op, Code: "PARAMETER_ERROR", Message: advance.MsgLicenseSeconds, Send: js(o.path, map[string]any{"licenseEffectiveSeconds": 86401})})
		for _, s := range []struct{ code, msg string }{{"ACCESS_DENIED", advance.MsgAccessDenied}, {"SERVICE_DISABLED", advance.MsgServiceDisabled}} {
			add(answerCase{Name: "scenario", Op: o.op, Code: s.code, Message: s.msg, Why: emulate.WhyScenario,
				Rules: []string{rule(o.op, s.code, "")}, Send: js(o.path, map[string]any{})})
		}
	}
	add(answerCase{Name: "ok", Op: "generateSignatureId", Code: "SUCCESS", Message: "OK", Send: js(signaturePath, map[string]string{"productLevel": "PRO", "livenessType": "DISTANT_NEAR"})})
	add(answerCase{Name: "no body", Op: "generateSignatureId", Code: "SUCCESS", Message: "OK",
		Send: func(testing.TB) call { return call{path: signaturePath} }})
	add(answerCase{Name: "ok", Op: "generateSignatureIdGet", Code: "SUCCESS", Message: "OK",
		Send: func(testing.TB) call { return call{method: http.MethodGet, path: signaturePath} }})
	lr := "livenessResult"
	add(answerCase{Name: "livenessId", Op: lr, Code: "SUCCESS", Message: "OK", Charged: true, Send: js(livenessPath, map[string]string{"livenessId": "liveness-1", "resultType": "IMAGE_BASE64"})})
	add(answerCase{Name: "foreign signatureId", Op: lr, Code: "LIVENESS_ID_NOT_EXISTED", Message: advance.MsgLivenessNotExisted,
		Send: js(livenessPath, map[string]string{"signatureId": "0123456789abcdef0123456789abcdef"})})
	add(answerCase{Name: "scenario", Op: lr, Code: "RESULT_NOT_FOUND", Message: advance.MsgResultNotFound, Why: emulate.WhyScenario,
		Rules: []string{rule(lr, "RESULT_NOT_FOUND", "")}, Send: js(livenessPath, map[string]string{"livenessId": "liveness-1"})})
	add(answerCase{Name: "no id", Op: lr, Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Send: js(livenessPath, map[string]string{"resultType": "IMAGE_URL"})})
	add(answerCase{Name: "resultType", Op: lr, Code: "PARAMETER_ERROR", Message: advance.MsgResultType, Send: js(livenessPath, map[string]string{"livenessId": "x", "resultType": "VIDEO"})})

	// Bank account check (docs/vendors/advance.md#b1-8): found or not, charged.
	bk := "bankAccountCheck"
	bank := func(code, acct string) func(testing.TB) call {
		return js(bankPath, map[string]string{"bankCode": code, "bankAccount": acct})
	}
	add(answerCase{Name: "exists", Op: bk, Code: "SUCCESS", Message: "OK", Charged: true, Send: bank("BNIAIDJA", "1234567890")})
	add(answerCase{Name: "absent", Op: bk, Code: "SUCCESS", Message: "OK", Charged: true, Send: bank("BNIAIDJA", "0000000000")})
	add(answerCase{Name: "scenario", Op: bk, Code: "RETRY_LATER", Message: advance.MsgBankRetryLater, Why: emulate.WhyScenario,
		Rules: []string{rule(bk, "RETRY_LATER", advance.MsgBankRetryLater)}, Send: bank("BNIAIDJA", "1234567890")})
	add(answerCase{Name: "no account", Op: bk, Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Send: bank("BNIAIDJA", "")})
	add(answerCase{Name: "bad code", Op: bk, Code: "PARAMETER_ERROR", Message: advance.MsgBankCode, Send: bank("BNI-AIDJA", "1234567890")})
	add(answerCase{Name: "bad account", Op: bk, Code: "PARAMETER_ERROR", Message: advance.MsgBankAccount, Send: bank("BNIAIDJA", "12")})

	// The low-evidence endpoints (docs/vendors/advance.md#b1-9).
	add(answerCase{Name: "ok", Op: "teleIdentityCheck", Code: "SUCCESS", Message: "OK", Charged: true,
		Send: js(teleIdentityPath, map[string]any{"idNumber": budiNIK, "phoneNumber": phoneObj(cleanPhone)})})
	add(answerCase{Name: "no nik", Op: "teleIdentityCheck", Code: "PARAMETER_ERROR", Message: advance.MsgEmpty,
		Send: js(teleIdentityPath, map[string]any{"phoneNumber": phoneObj(cleanPhone)})})
	add(answerCase{Name: "bad nik", Op: "teleIdentityCheck", Code: "PARAMETER_ERROR", Message: advance.MsgInvalidNIK,
		Send: js(teleIdentityPath, map[string]any{"idNumber": "1", "phoneNumber": phoneObj(cleanPhone)})})
	add(answerCase{Name: "bad phone", Op: "teleIdentityCheck", Code: "PARAMETER_ERROR", Message: advance.MsgInvalidPhone,
		Send: js(teleIdentityPath, map[string]any{"idNumber": budiNIK, "phoneNumber": phoneObj("1")})})
	add(answerCase{Name: "ok", Op: "teleAuthentication", Code: "SUCCESS", Message: "OK", Charged: true,
		Send: js(teleAuthPath, map[string]any{"phoneNumber": phoneObj(cleanPhone)})})
	add(answerCase{Name: "no phone", Op: "teleAuthentication", Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Send: js(teleAuthPath, map[string]any{})})
	add(answerCase{Name: "bad phone", Op: "teleAuthentication", Code: "PARAMETER_ERROR", Message: advance.MsgInvalidPhone,
		Send: js(teleAuthPath, map[string]any{"phoneNumber": "+1 555 0100"})})
	sc := func(nik, name, phone string) func(testing.TB) call {
		return js(scoringPath, map[string]any{"idNumber": nik, "name": name, "phoneNumber": phoneObj(phone)})
	}
	add(answerCase{Name: "ok", Op: "scoring", Code: "SUCCESS", Message: "OK", Charged: true, Send: sc(budiNIK, "BUDI", cleanPhone)})
	add(answerCase{Name: "no name", Op: "scoring", Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Send: sc(budiNIK, "", cleanPhone)})
	add(answerCase{Name: "bad nik", Op: "scoring", Code: "PARAMETER_ERROR", Message: advance.MsgInvalidNIK, Send: sc("1", "BUDI", cleanPhone)})
	add(answerCase{Name: "bad phone", Op: "scoring", Code: "PARAMETER_ERROR", Message: advance.MsgInvalidPhone, Send: sc(budiNIK, "BUDI", "1")})
	add(answerCase{Name: "ok", Op: "companyCheck", Code: "SUCCESS", Message: "OK", Charged: true, Send: js(companyPath, map[string]string{"companyName": "Maju Jaya"})})
	add(answerCase{Name: "no name", Op: "companyCheck", Code: "PARAMETER_ERROR", Message: advance.MsgEmpty, Send: js(companyPath, map[string]string{})})
	return out
}
