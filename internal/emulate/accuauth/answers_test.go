package accuauth_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/accuauth"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// answerCase triggers one documented answer through HTTP; Code is "OK/01"
// for verify result 01, Message the reason or remark ("" for an OCR or
// name-check OK).
type answerCase = mocktest.Case[call]

func rule(op, code string) string { return mocktest.Rule("accuauth", op, code, "") }

// endpoint describes one operation: a valid, charged request to it.
type endpoint struct {
	op, path string
	valid    func(t testing.TB) call
	denied   string // a key whose apis list lacks op
}

func endpoints() []endpoint {
	return []endpoint{
		{"ocrIdcard", "/ocr/idcard", func(t testing.TB) call {
			return multi(t, "/ocr/idcard", file("file", mocktest.Image(t, imagecheck.FixtureSpec{})))
		}, "name-only"},
		{"verifyIdName", "/verify/id_name", func(t testing.TB) call {
			return form("/verify/id_name", "id_number", knownNIK, "name", person(t, knownNIK).Name)
		}, "ocr-only"},
		{"verifyIdNameCheck", "/verify/id_name_check", func(t testing.TB) call {
			return form("/verify/id_name_check", "id_number", knownNIK, "name", "BUDI")
		}, "ocr-only"},
		{"verifyIdSelfie", "/verify/id_selfie", func(t testing.TB) call {
			return form("/verify/id_selfie", "id_number", knownNIK, "face_image", selfie(t, ""))
		}, "ocr-only"},
		{"verifyBankcardCheck", "/verify/bankcard_check", func(t testing.TB) call {
			return form("/verify/bankcard_check", "account", "1234567890", "code", "014", "name", "BUDI")
		}, "ocr-only"},
		{"faceVerify", "/face/v2/verify", func(t testing.TB) call {
			return form("/face/v2/verify", "image_base64_1", selfie(t, ""), "image_base64_2", selfie(t, ""))
		}, "ocr-only"},
		{"faceAntiHack", "/face/anti_hack", func(t testing.TB) call {
			return multi(t, "/face/anti_hack", file("file", face(t, "")))
		}, "ocr-only"},
		{"faceLivenessAntiHack", "/face/liveness_anti_hack", func(t testing.TB) call {
			return multi(t, "/face/liveness_anti_hack", file("liveness_data_file", accuauth.LivenessData(face(t, ""))))
		}, "ocr-only"},
	}
}

const (
	mInvalid  = "Request parameter is invalid"
	mMust     = "must specify 'file' or 'image_base64' argument"
	mBoth     = "must specify only one of 'file' and 'image_base64' argument"
	mB64      = "'image_base64' is not valid base64"
	mEmpty    = "image is empty"
	mFormat   = "image format must be JPG, PNG or PDF"
	mSize     = "image file size must be no larger than 5 MB"
	mSmall    = "image resolution must be at least 128*128"
	mBig      = "image resolution must be at most 6000*6000"
	mNeedID   = "must specify 'id_number' argument"
	mNeedName = "must specify 'name' argument"
	mNeedFace = "must specify 'face_image' argument"
	mIDFormat = "'id_number' must be 16 digits"
)

func cases(t testing.TB) []answerCase {
	var out []answerCase
	add := func(c answerCase) { out = append(out, c) }
	bad := func(op, msg, name string, send func(t testing.TB) call) {
		add(answerCase{Name: name, Op: op, Code: "INVALID_ARGUMENT", Message: msg, Status: 400, Send: send})
	}
	const ocr = "/ocr/idcard"
	jpeg := mocktest.Image(t, imagecheck.FixtureSpec{})
	over5M := mocktest.Image(t, imagecheck.FixtureSpec{Bytes: 5<<20 + 1})

	// /ocr/idcard
	add(answerCase{Name: "multipart file", Op: "ocrIdcard", Code: "OK", Charged: true, Send: func(t testing.TB) call { return multi(t, ocr, file("file", jpeg)) }})
	add(answerCase{Name: "urlencoded base64", Op: "ocrIdcard", Code: "OK", Charged: true, Send: func(testing.TB) call { return form(ocr, "image_base64", mocktest.B64(jpeg)) }})
	add(answerCase{Name: "multipart base64 png", Op: "ocrIdcard", Code: "OK", Charged: true, Send: func(t testing.TB) call {
		return multi(t, ocr, mocktest.Field("image_base64", mocktest.B64(mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 128, Height: 6000}))))
	}})
	add(answerCase{Name: "pdf", Op: "ocrIdcard", Code: "OK", Charged: true, Send: func(t testing.TB) call {
		return multi(t, ocr, file("file", mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.PDF, Width: 60, Height: 40})))
	}})
	add(answerCase{Name: "truncated jpeg", Op: "ocrIdcard", Code: "DETECTION_FAILED", Message: "Detect image failed", Status: 400, Send: func(t testing.TB) call {
		return multi(t, ocr, file("file", mocktest.Image(t, imagecheck.FixtureSpec{Truncate: 300})))
	}})
	add(answerCase{Name: "marker", Op: "ocrIdcard", Code: "DETECTION_FAILED", Message: "Detect image failed", Status: 400, Why: emulate.WhyMarker, Send: func(t testing.TB) call {
		return multi(t, ocr, file("file", mocktest.Image(t, imagecheck.FixtureSpec{Marker: "scenario=DETECTION_FAILED"})))
	}})
	bad("ocrIdcard", mMust, "empty multipart", func(t testing.TB) call { return multi(t, ocr, mocktest.Field("card_type", "ktp")) })
	bad("ocrIdcard", mMust, "no body", func(testing.TB) call { return call{path: ocr, id: demoID, secret: demoSecret} })
	bad("ocrIdcard", mMust, "empty urlencoded", func(testing.TB) call { return form(ocr, "image_base64", "") })
	bad("ocrIdcard", mBoth, "both", func(t testing.TB) call {
		return multi(t, ocr, file("file", jpeg), mocktest.Field("image_base64", mocktest.B64(jpeg)))
	})
	bad("ocrIdcard", mB64, "not base64", func(testing.TB) call { return form(ocr, "image_base64", "not*base64!") })
	bad("ocrIdcard", mEmpty, "empty file", func(t testing.TB) call { return multi(t, ocr, file("file", nil)) })
	bad("ocrIdcard", mFormat, "gif", func(t testing.TB) call {
		return multi(t, ocr, file("file", mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.GIF, Width: 300, Height: 200})))
	})
	bad("ocrIdcard", mFormat, "bmp base64", func(t testing.TB) call {
		return form(ocr, "image_base64", mocktest.B64(mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.BMP, Width: 300, Height: 200})))
	})
	bad("ocrIdcard", mSize, "file over 5 MB", func(t testing.TB) call { return multi(t, ocr, file("file", over5M)) })
	bad("ocrIdcard", mSize, "base64 over 5 MB", func(testing.TB) call { return form(ocr, "image_base64", mocktest.B64(over5M)) })
	bad("ocrIdcard", mSmall, "127 px", func(t testing.TB) call {
		return multi(t, ocr, file("file", mocktest.Image(t, imagecheck.FixtureSpec{Width: 127, Height: 400})))
	})
	bad("ocrIdcard", mBig, "6001 px", func(t testing.TB) call {
		return multi(t, ocr, file("file", mocktest.Image(t, imagecheck.FixtureSpec{Width: 6001, Height: 200})))
	})
	// Issue 13 item 2: public clients post JSON to the OCR.
	add(answerCase{Name: "json base64", Op: "ocrIdcard", Code: "OK", Charged: true, Send: func(t testing.TB) call {
		return jsonCall(t, ocr, map[string]string{"image_base64": mocktest.B64(jpeg)})
	}})
	bad("ocrIdcard", mB64, "json not base64", func(t testing.TB) call { return jsonCall(t, ocr, map[string]string{"image_base64": "x"}) })
	bad("ocrIdcard", mMust, "json without image", func(t testing.TB) call { return jsonCall(t, ocr, map[string]string{"card_type": "ktp"}) })
	bad("ocrIdcard", mInvalid, "json not an object", func(testing.TB) call {
		return call{path: ocr, contentType: "application/json", body: []byte(`["image_base64"]`), id: demoID, secret: demoSecret}
	})

	// /verify/id_name
	const idName = "/verify/id_name"
	add(answerCase{Name: "same name", Op: "verifyIdName", Code: "OK/01", Message: "MATCH", Charged: true, Send: func(t testing.TB) call {
		return form(idName, "id_number", knownNIK, "name", strings.ToLower(person(t, knownNIK).Name))
	}})
	add(answerCase{Name: "json other name", Op: "verifyIdName", Code: "OK/02", Message: "MISMATCH", Charged: true, Send: func(t testing.TB) call {
		return jsonCall(t, idName, map[string]string{"id_number": knownNIK, "name": "QWERTY ZXCVB"})
	}})
	add(answerCase{Name: "no such district", Op: "verifyIdName", Code: "OK/03", Message: "UNKNOW", Send: func(t testing.TB) call {
		return multi(t, idName, mocktest.Field("id_number", unknownNIK), mocktest.Field("name", "BUDI"))
	}})
	add(answerCase{Name: "scenario", Op: "verifyIdName", Code: "OK/04", Message: "FAILED", Why: emulate.WhyScenario, Rules: []string{rule("verifyIdName", "OK/04")},
		Send: func(t testing.TB) call { return form(idName, "id_number", knownNIK, "name", "BUDI") }})

	// /verify/id_name_check
	const check = "/verify/id_name_check"
	add(answerCase{Name: "known nik", Op: "verifyIdNameCheck", Code: "OK", Charged: true, Send: func(t testing.TB) call {
		return multi(t, check, mocktest.Field("id_number", knownNIK), mocktest.Field("name", person(t, knownNIK).Name))
	}})
	add(answerCase{Name: "no such district", Op: "verifyIdNameCheck", Code: "QUERY_FAILED", Message: "Query failed", Status: 400, Send: func(t testing.TB) call {
		return form(check, "id_number", unknownNIK, "name", "BUDI")
	}})

	// /verify/id_selfie
	const sf = "/verify/id_selfie"
	add(answerCase{Name: "face and ktp", Op: "verifyIdSelfie", Code: "OK/01", Message: "MATCH", Charged: true, Send: func(t testing.TB) call {
		p := person(t, knownNIK)
		return jsonCall(t, sf, map[string]any{"id_number": knownNIK, "face_image": selfie(t, ""), "ktp_image": selfie(t, "nik="+knownNIK),
			"name": p.Name, "birth_date": p.BirthDate.Format("2006-01-02"), "face_threshold": 70})
	}})
	add(answerCase{Name: "low similarity", Op: "verifyIdSelfie", Code: "OK/02", Message: "MISMATCH", Charged: true, Send: func(t testing.TB) call {
		return multi(t, sf, mocktest.Field("id_number", knownNIK), mocktest.Field("face_image", selfie(t, "similarity=30")))
	}})
	for _, r := range []struct{ code, remark string }{{"OK/03", "UNKNOW"}, {"OK/04", "FAILED"}, {"OK/06", "CHANNEL FAILED"}, {"OK/07", "RATE LIMITED"}} {
		add(answerCase{Name: "scenario", Op: "verifyIdSelfie", Code: r.code, Message: r.remark, Why: emulate.WhyScenario, Rules: []string{rule("verifyIdSelfie", r.code)},
			Send: func(t testing.TB) call { return form(sf, "id_number", knownNIK, "face_image", selfie(t, "")) }})
	}
	add(answerCase{Name: "no such district", Op: "verifyIdSelfie", Code: "OK/05", Message: "NOT FOUND FROM DB", Send: func(t testing.TB) call {
		return form(sf, "id_number", unknownNIK, "face_image", selfie(t, ""))
	}})
	add(answerCase{Name: "truncated face", Op: "verifyIdSelfie", Code: "OK/08", Message: "NO FACE DETECTED", Send: func(t testing.TB) call {
		return form(sf, "id_number", knownNIK, "face_image", mocktest.B64(mocktest.Image(t, imagecheck.FixtureSpec{Width: 240, Height: 320, Truncate: 200})))
	}})
	add(answerCase{Name: "marker", Op: "verifyIdSelfie", Code: "OK/08", Message: "NO FACE DETECTED", Why: emulate.WhyMarker, Send: func(t testing.TB) call {
		return form(sf, "id_number", knownNIK, "face_image", selfie(t, "scenario=OK/08"))
	}})
	face := func(t testing.TB) string { return selfie(t, "") }
	for _, b := range []struct {
		msg, name string
		kv        func(t testing.TB) []string
	}{
		{mNeedFace, "no face", func(testing.TB) []string { return []string{"id_number", knownNIK} }},
		{"'face_image' is not valid base64", "face not base64", func(testing.TB) []string { return []string{"id_number", knownNIK, "face_image", "%%%"} }},
		{"'face_image' must be a JPG or PNG image", "face gif", func(t testing.TB) []string {
			return []string{"id_number", knownNIK, "face_image", mocktest.B64(mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.GIF, Width: 50, Height: 50}))}
		}},
		{"'face_image' must be no larger than 50 KB", "face over 50 KB", func(t testing.TB) []string {
			return []string{"id_number", knownNIK, "face_image", mocktest.B64(mocktest.Image(t, imagecheck.FixtureSpec{Width: 240, Height: 320, Bytes: 50<<10 + 1}))}
		}},
		{"'ktp_image' is not valid base64", "ktp not base64", func(t testing.TB) []string {
			return []string{"id_number", knownNIK, "face_image", face(t), "ktp_image", "!!"}
		}},
		{"'ktp_image' must be a JPG or PNG image", "ktp pdf", func(t testing.TB) []string {
			return []string{"id_number", knownNIK, "face_image", face(t), "ktp_image", mocktest.B64(mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.PDF, Width: 60, Height: 40}))}
		}},
		{"'ktp_image' must be no larger than 50 KB", "ktp over 50 KB", func(t testing.TB) []string {
			return []string{"id_number", knownNIK, "face_image", face(t), "ktp_image", mocktest.B64(mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 240, Height: 320, Bytes: 60 << 10}))}
		}},
		{"'birth_date' must be YYYY-MM-DD", "birth date", func(t testing.TB) []string {
			return []string{"id_number", knownNIK, "face_image", face(t), "birth_date", "23-02-1982"}
		}},
		{"'face_threshold' must be a number between 0 and 100", "threshold", func(t testing.TB) []string {
			return []string{"id_number", knownNIK, "face_image", face(t), "face_threshold", "high"}
		}},
	} {
		bad("verifyIdSelfie", b.msg, b.name, func(t testing.TB) call { return form(sf, b.kv(t)...) })
	}

	out = append(out, faceCases(t)...)

	// /verify/bankcard_check (docs/vendors/accuauth.md#b4-4)
	const bank = "/verify/bankcard_check"
	add(answerCase{Name: "bca", Op: "verifyBankcardCheck", Code: "OK", Charged: true, Send: func(testing.TB) call {
		return form(bank, "account", "1234567890", "code", "014", "name", "BUDI SANTOSO")
	}})
	add(answerCase{Name: "json bri", Op: "verifyBankcardCheck", Code: "OK", Charged: true, Send: func(t testing.TB) call {
		return jsonCall(t, bank, map[string]any{"account": 3_401_010_200_456_501, "code": "002", "name": "SITI"})
	}})
	add(answerCase{Name: "one digit repeated", Op: "verifyBankcardCheck", Code: "QUERY_FAILED", Message: "Query failed", Status: 400, Send: func(t testing.TB) call {
		return multi(t, bank, mocktest.Field("account", "0000000000"), mocktest.Field("code", "008"), mocktest.Field("name", "BUDI"))
	}})
	bad("verifyBankcardCheck", "must specify 'account' argument", "no account", func(testing.TB) call { return form(bank, "code", "014", "name", "BUDI") })
	bad("verifyBankcardCheck", "must specify 'code' argument", "no code", func(testing.TB) call { return form(bank, "account", "1234567890", "name", "BUDI") })
	bad("verifyBankcardCheck", mNeedName, "no name", func(testing.TB) call { return form(bank, "account", "1234567890", "code", "014") })
	bad("verifyBankcardCheck", "'account' must be 6 to 20 digits", "dashes", func(testing.TB) call {
		return form(bank, "account", "123-456-7890", "code", "014", "name", "BUDI")
	})
	bad("verifyBankcardCheck", "'account' must be 6 to 20 digits", "5 digits", func(testing.TB) call {
		return form(bank, "account", "12345", "code", "014", "name", "BUDI")
	})
	bad("verifyBankcardCheck", "'code' is not a supported bank code", "code 999", func(testing.TB) call {
		return form(bank, "account", "1234567890", "code", "999", "name", "BUDI")
	})

	// Shared by the verify endpoints.
	for _, ep := range endpoints() {
		if !strings.HasPrefix(ep.path, "/verify/") {
			continue
		}
		withName := ep.op != "verifyIdSelfie"
		second := func(t testing.TB) []string {
			if withName {
				return []string{"name", "BUDI"}
			}
			return []string{"face_image", selfie(t, "")}
		}
		if ep.op != "verifyBankcardCheck" {
			bad(ep.op, mNeedID, "no id", func(t testing.TB) call { return form(ep.path, second(t)...) })
			bad(ep.op, mIDFormat, "15 digits", func(t testing.TB) call {
				return form(ep.path, append([]string{"id_number", knownNIK[:15]}, second(t)...)...)
			})
			if withName {
				bad(ep.op, mNeedName, "no name", func(testing.TB) call { return form(ep.path, "id_number", knownNIK) })
			}
		}
		bad(ep.op, mInvalid, "broken json", func(testing.TB) call {
			return call{path: ep.path, contentType: "application/json", body: []byte(`{"id_number":`), id: demoID, secret: demoSecret}
		})
		if ep.op != "verifyIdNameCheck" && ep.op != "verifyBankcardCheck" {
			add(answerCase{Name: "scenario", Op: ep.op, Code: "QUERY_FAILED", Message: "Query failed", Status: 400, Why: emulate.WhyScenario,
				Rules: []string{rule(ep.op, "QUERY_FAILED")}, Send: ep.valid})
		}
		repeat := "seed: 7\nvendors:\n  accuauth:\n    credentials: [{id: demo-api-id, secret: demo-api-secret}]\n    settings: {abnormal_repeat: 2}\n"
		add(answerCase{Name: "third repeat", Op: ep.op, Code: "ABNORMAL_BEHAVIOURS_DETECTED", Message: "Request with same parameters repeated more than amount of times",
			Status: 400, Config: repeat, Before: []call{ep.valid(t), ep.valid(t)}, Send: func(testing.TB) call { return ep.valid(t) }})
		add(answerCase{Name: "scenario", Op: ep.op, Code: "SOURCE_SERVICE_UNAVAILABLE", Message: "Source service is unavailable", Status: 512, Why: emulate.WhyScenario,
			Rules: []string{rule(ep.op, "SOURCE_SERVICE_UNAVAILABLE")}, Send: ep.valid})
		add(answerCase{Name: "scenario", Op: ep.op, Code: "SOURCE_SERVICE_TIMEOUT", Message: "Source service is timeout", Status: 513, Why: emulate.WhyScenario,
			Rules: []string{rule(ep.op, "SOURCE_SERVICE_TIMEOUT")}, Send: ep.valid})
	}

	// Access answers, on every endpoint.
	for _, ep := range endpoints() {
		for _, k := range []struct{ name, id, secret, code, msg, why string }{
			{"no headers", "", "", "UNAUTHORIZED", "Unauthorized or access is denied", emulate.WhyAuth},
			{"wrong secret", demoID, "demo-api-secreT", "UNAUTHORIZED", "Unauthorized or access is denied", emulate.WhyAuth},
			{"unknown id", "nobody", "s", "UNAUTHORIZED", "Unauthorized or access is denied", emulate.WhyAuth},
			{"disabled", "off-id", "s", "UNAUTHORIZED", "Unauthorized or access is denied", emulate.WhyAdmission},
			{"expired", "old-id", "s", "KEY_EXPIRED", "Your API ID has expired", emulate.WhyAdmission},
			{"apis", ep.denied, "s", "NO_PERMISSION", "You are not authorized to use this API", emulate.WhyAdmission},
		} {
			status := 401
			if k.code == "NO_PERMISSION" {
				status = 403
			}
			add(answerCase{Name: k.name, Op: ep.op, Code: k.code, Message: k.msg, Status: status, Why: k.why,
				Send: func(t testing.TB) call { return ep.valid(t).as(k.id, k.secret) }})
		}
		for _, k := range []struct{ name, id, code, msg string }{
			{"rate", "rate-id", "RATE_LIMIT_EXCEEDED", "API request frequency exceeds the limit"},
			{"quota", "quota-id", "OUT_OF_QUOTA", "API calls quota exceeded"},
			{"balance", "poor-id", "OUT_OF_QUOTA", "API calls quota exceeded"},
		} {
			add(answerCase{Name: k.name, Op: ep.op, Code: k.code, Message: k.msg, Status: 403, Why: emulate.WhyAdmission,
				Before: []call{ep.valid(t).as(k.id, "s")}, Send: func(t testing.TB) call { return ep.valid(t).as(k.id, "s") }})
		}
		add(answerCase{Name: "scenario", Op: ep.op, Code: "INTERNAL_ERROR", Message: "Internal server error", Status: 500, Why: emulate.WhyScenario,
			Rules: []string{rule(ep.op, "INTERNAL_ERROR")}, Send: ep.valid})
		add(answerCase{Name: "text body", Op: ep.op, Code: "INVALID_ARGUMENT", Message: mInvalid, Status: 400, Send: func(t testing.TB) call {
			c := ep.valid(t)
			c.contentType = "text/plain"
			return c
		}})
	}
	return out
}

// answers is the table with the checks of this vendor's answers.
func answers(t testing.TB) mocktest.Answers[call] {
	return mocktest.Answers[call]{Vendor: "accuauth", Config: accessConfig, Cases: cases(t), Check: checkAnswer}
}

// TestAnswers triggers every documented answer through HTTP and checks the
// HTTP status, the body (validated against specs/accuauth.yaml by the
// harness), the reason or result code, and the journal's code, billing and
// cause.
func TestAnswers(t *testing.T) { answers(t).Run(t) }

func TestEveryAnswerHasACase(t *testing.T) { answers(t).CheckCoverage(t) }

func TestGolden(t *testing.T) { answers(t).Golden(t) }

// checkAnswer: the wire status, the request_id, and the reason, or for a
// verify result its result, remark, order_no and handle_time.
func checkAnswer(t *testing.T, _ *mocktest.Harness, tc answerCase, res mocktest.Result) {
	body := res.JSON(t)
	wire, result, _ := strings.Cut(tc.Code, "/")
	if body["status"] != wire {
		t.Fatalf("status %v, want %s: %.300s", body["status"], wire, res.Body)
	}
	if id, _ := body["request_id"].(string); !tidRe.MatchString(id) {
		t.Errorf("request_id %q is not TID + 32 hex", id)
	}
	switch {
	case result != "":
		r := resultMap(body)
		if r["result"] != result || r["remark"] != tc.Message {
			t.Errorf("result %v remark %v, want %s %s", r["result"], r["remark"], result, tc.Message)
		}
		if o, _ := r["order_no"].(string); !orderRe.MatchString(o) || !handleRe.MatchString(fmt.Sprint(r["handle_time"])) {
			t.Errorf("order_no %v handle_time %v", r["order_no"], r["handle_time"])
		}
	case res.Status != http.StatusOK:
		if body["reason"] != tc.Message {
			t.Errorf("reason %q, want %q", body["reason"], tc.Message)
		}
	}
}
