package accuauth_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// answerCase triggers one documented answer through HTTP.
type answerCase struct {
	name    string
	op      string
	code    string // catalogue code ("OK/01" for verify result 01)
	message string // catalogue message: reason or remark ("" for OCR/name-check OK)
	status  int
	charged bool
	why     string
	config  string   // "" = accessConfig
	rules   []string // admin scenario rules (JSON)
	before  []call   // sent first, each must answer 200
	send    func(t testing.TB) call
}

func rule(op, code string) string {
	return fmt.Sprintf(`{"name":"t","vendor":"accuauth","endpoint":%q,"respond":{"code":%q}}`, op, code)
}

// endpoint describes one operation: a valid, charged request to it.
type endpoint struct {
	op, path string
	valid    func(t testing.TB) call
	denied   string // a key whose apis list lacks op
}

func endpoints() []endpoint {
	return []endpoint{
		{"ocrIdcard", "/ocr/idcard", func(t testing.TB) call {
			return multi(t, "/ocr/idcard", file("file", image(t, imagecheck.FixtureSpec{})))
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
	add := func(c answerCase) {
		if c.status == 0 {
			c.status = http.StatusOK
		}
		if c.why == "" {
			c.why = emulate.WhyNatural
		}
		out = append(out, c)
	}
	bad := func(op, msg, name string, send func(t testing.TB) call) {
		add(answerCase{name: name, op: op, code: "INVALID_ARGUMENT", message: msg, status: 400, send: send})
	}
	const ocr = "/ocr/idcard"
	jpeg := image(t, imagecheck.FixtureSpec{})
	over5M := image(t, imagecheck.FixtureSpec{Bytes: 5<<20 + 1})

	// /ocr/idcard
	add(answerCase{name: "multipart file", op: "ocrIdcard", code: "OK", charged: true, send: func(t testing.TB) call { return multi(t, ocr, file("file", jpeg)) }})
	add(answerCase{name: "urlencoded base64", op: "ocrIdcard", code: "OK", charged: true, send: func(testing.TB) call { return form(ocr, "image_base64", mocktest.B64(jpeg)) }})
	add(answerCase{name: "multipart base64 png", op: "ocrIdcard", code: "OK", charged: true, send: func(t testing.TB) call {
		return multi(t, ocr, field("image_base64", mocktest.B64(image(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 128, Height: 6000}))))
	}})
	add(answerCase{name: "pdf", op: "ocrIdcard", code: "OK", charged: true, send: func(t testing.TB) call {
		return multi(t, ocr, file("file", image(t, imagecheck.FixtureSpec{Format: imagecheck.PDF, Width: 60, Height: 40})))
	}})
	add(answerCase{name: "truncated jpeg", op: "ocrIdcard", code: "DETECTION_FAILED", message: "Detect image failed", status: 400, send: func(t testing.TB) call {
		return multi(t, ocr, file("file", image(t, imagecheck.FixtureSpec{Truncate: 300})))
	}})
	add(answerCase{name: "marker", op: "ocrIdcard", code: "DETECTION_FAILED", message: "Detect image failed", status: 400, why: emulate.WhyMarker, send: func(t testing.TB) call {
		return multi(t, ocr, file("file", image(t, imagecheck.FixtureSpec{Marker: "scenario=DETECTION_FAILED"})))
	}})
	bad("ocrIdcard", mMust, "empty multipart", func(t testing.TB) call { return multi(t, ocr, field("card_type", "ktp")) })
	bad("ocrIdcard", mMust, "no body", func(testing.TB) call { return call{path: ocr, id: demoID, secret: demoSecret} })
	bad("ocrIdcard", mMust, "empty urlencoded", func(testing.TB) call { return form(ocr, "image_base64", "") })
	bad("ocrIdcard", mBoth, "both", func(t testing.TB) call {
		return multi(t, ocr, file("file", jpeg), field("image_base64", mocktest.B64(jpeg)))
	})
	bad("ocrIdcard", mB64, "not base64", func(testing.TB) call { return form(ocr, "image_base64", "not*base64!") })
	bad("ocrIdcard", mEmpty, "empty file", func(t testing.TB) call { return multi(t, ocr, file("file", nil)) })
	bad("ocrIdcard", mFormat, "gif", func(t testing.TB) call {
		return multi(t, ocr, file("file", image(t, imagecheck.FixtureSpec{Format: imagecheck.GIF, Width: 300, Height: 200})))
	})
	bad("ocrIdcard", mFormat, "bmp base64", func(t testing.TB) call {
		return form(ocr, "image_base64", mocktest.B64(image(t, imagecheck.FixtureSpec{Format: imagecheck.BMP, Width: 300, Height: 200})))
	})
	bad("ocrIdcard", mSize, "file over 5 MB", func(t testing.TB) call { return multi(t, ocr, file("file", over5M)) })
	bad("ocrIdcard", mSize, "base64 over 5 MB", func(testing.TB) call { return form(ocr, "image_base64", mocktest.B64(over5M)) })
	bad("ocrIdcard", mSmall, "127 px", func(t testing.TB) call {
		return multi(t, ocr, file("file", image(t, imagecheck.FixtureSpec{Width: 127, Height: 400})))
	})
	bad("ocrIdcard", mBig, "6001 px", func(t testing.TB) call {
		return multi(t, ocr, file("file", image(t, imagecheck.FixtureSpec{Width: 6001, Height: 200})))
	})
	bad("ocrIdcard", mInvalid, "json body", func(t testing.TB) call { return jsonCall(t, ocr, map[string]string{"image_base64": "x"}) })

	// /verify/id_name
	const idName = "/verify/id_name"
	add(answerCase{name: "same name", op: "verifyIdName", code: "OK/01", message: "MATCH", charged: true, send: func(t testing.TB) call {
		return form(idName, "id_number", knownNIK, "name", strings.ToLower(person(t, knownNIK).Name))
	}})
	add(answerCase{name: "json other name", op: "verifyIdName", code: "OK/02", message: "MISMATCH", charged: true, send: func(t testing.TB) call {
		return jsonCall(t, idName, map[string]string{"id_number": knownNIK, "name": "QWERTY ZXCVB"})
	}})
	add(answerCase{name: "no such district", op: "verifyIdName", code: "OK/03", message: "UNKNOW", send: func(t testing.TB) call {
		return multi(t, idName, field("id_number", unknownNIK), field("name", "BUDI"))
	}})
	add(answerCase{name: "scenario", op: "verifyIdName", code: "OK/04", message: "FAILED", why: emulate.WhyScenario, rules: []string{rule("verifyIdName", "OK/04")},
		send: func(t testing.TB) call { return form(idName, "id_number", knownNIK, "name", "BUDI") }})

	// /verify/id_name_check
	const check = "/verify/id_name_check"
	add(answerCase{name: "known nik", op: "verifyIdNameCheck", code: "OK", charged: true, send: func(t testing.TB) call {
		return multi(t, check, field("id_number", knownNIK), field("name", person(t, knownNIK).Name))
	}})
	add(answerCase{name: "no such district", op: "verifyIdNameCheck", code: "QUERY_FAILED", message: "Query failed", status: 400, send: func(t testing.TB) call {
		return form(check, "id_number", unknownNIK, "name", "BUDI")
	}})

	// /verify/id_selfie
	const sf = "/verify/id_selfie"
	add(answerCase{name: "face and ktp", op: "verifyIdSelfie", code: "OK/01", message: "MATCH", charged: true, send: func(t testing.TB) call {
		p := person(t, knownNIK)
		return jsonCall(t, sf, map[string]any{"id_number": knownNIK, "face_image": selfie(t, ""), "ktp_image": selfie(t, "nik="+knownNIK),
			"name": p.Name, "birth_date": p.BirthDate.Format("2006-01-02"), "face_threshold": 70})
	}})
	add(answerCase{name: "low similarity", op: "verifyIdSelfie", code: "OK/02", message: "MISMATCH", charged: true, send: func(t testing.TB) call {
		return multi(t, sf, field("id_number", knownNIK), field("face_image", selfie(t, "similarity=30")))
	}})
	for _, r := range []struct{ code, remark string }{{"OK/03", "UNKNOW"}, {"OK/04", "FAILED"}, {"OK/06", "CHANNEL FAILED"}, {"OK/07", "RATE LIMITED"}} {
		add(answerCase{name: "scenario", op: "verifyIdSelfie", code: r.code, message: r.remark, why: emulate.WhyScenario, rules: []string{rule("verifyIdSelfie", r.code)},
			send: func(t testing.TB) call { return form(sf, "id_number", knownNIK, "face_image", selfie(t, "")) }})
	}
	add(answerCase{name: "no such district", op: "verifyIdSelfie", code: "OK/05", message: "NOT FOUND FROM DB", send: func(t testing.TB) call {
		return form(sf, "id_number", unknownNIK, "face_image", selfie(t, ""))
	}})
	add(answerCase{name: "truncated face", op: "verifyIdSelfie", code: "OK/08", message: "NO FACE DETECTED", send: func(t testing.TB) call {
		return form(sf, "id_number", knownNIK, "face_image", mocktest.B64(image(t, imagecheck.FixtureSpec{Width: 240, Height: 320, Truncate: 200})))
	}})
	add(answerCase{name: "marker", op: "verifyIdSelfie", code: "OK/08", message: "NO FACE DETECTED", why: emulate.WhyMarker, send: func(t testing.TB) call {
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
			return []string{"id_number", knownNIK, "face_image", mocktest.B64(image(t, imagecheck.FixtureSpec{Format: imagecheck.GIF, Width: 50, Height: 50}))}
		}},
		{"'face_image' must be no larger than 50 KB", "face over 50 KB", func(t testing.TB) []string {
			return []string{"id_number", knownNIK, "face_image", mocktest.B64(image(t, imagecheck.FixtureSpec{Width: 240, Height: 320, Bytes: 50<<10 + 1}))}
		}},
		{"'ktp_image' is not valid base64", "ktp not base64", func(t testing.TB) []string {
			return []string{"id_number", knownNIK, "face_image", face(t), "ktp_image", "!!"}
		}},
		{"'ktp_image' must be a JPG or PNG image", "ktp pdf", func(t testing.TB) []string {
			return []string{"id_number", knownNIK, "face_image", face(t), "ktp_image", mocktest.B64(image(t, imagecheck.FixtureSpec{Format: imagecheck.PDF, Width: 60, Height: 40}))}
		}},
		{"'ktp_image' must be no larger than 50 KB", "ktp over 50 KB", func(t testing.TB) []string {
			return []string{"id_number", knownNIK, "face_image", face(t), "ktp_image", mocktest.B64(image(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 240, Height: 320, Bytes: 60 << 10}))}
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

	// Shared by the verify endpoints.
	for _, ep := range endpoints()[1:] {
		withName := ep.op != "verifyIdSelfie"
		second := func(t testing.TB) []string {
			if withName {
				return []string{"name", "BUDI"}
			}
			return []string{"face_image", selfie(t, "")}
		}
		bad(ep.op, mNeedID, "no id", func(t testing.TB) call { return form(ep.path, second(t)...) })
		bad(ep.op, mIDFormat, "15 digits", func(t testing.TB) call {
			return form(ep.path, append([]string{"id_number", knownNIK[:15]}, second(t)...)...)
		})
		if withName {
			bad(ep.op, mNeedName, "no name", func(testing.TB) call { return form(ep.path, "id_number", knownNIK) })
		}
		bad(ep.op, mInvalid, "broken json", func(testing.TB) call {
			return call{path: ep.path, contentType: "application/json", body: []byte(`{"id_number":`), id: demoID, secret: demoSecret}
		})
		if ep.op != "verifyIdNameCheck" {
			add(answerCase{name: "scenario", op: ep.op, code: "QUERY_FAILED", message: "Query failed", status: 400, why: emulate.WhyScenario,
				rules: []string{rule(ep.op, "QUERY_FAILED")}, send: ep.valid})
		}
		repeat := "seed: 7\nvendors:\n  accuauth:\n    credentials: [{id: demo-api-id, secret: demo-api-secret}]\n    settings: {abnormal_repeat: 2}\n"
		add(answerCase{name: "third repeat", op: ep.op, code: "ABNORMAL_BEHAVIOURS_DETECTED", message: "Request with same parameters repeated more than amount of times",
			status: 400, config: repeat, before: []call{ep.valid(t), ep.valid(t)}, send: func(testing.TB) call { return ep.valid(t) }})
		add(answerCase{name: "scenario", op: ep.op, code: "SOURCE_SERVICE_UNAVAILABLE", message: "Source service is unavailable", status: 512, why: emulate.WhyScenario,
			rules: []string{rule(ep.op, "SOURCE_SERVICE_UNAVAILABLE")}, send: ep.valid})
		add(answerCase{name: "scenario", op: ep.op, code: "SOURCE_SERVICE_TIMEOUT", message: "Source service is timeout", status: 513, why: emulate.WhyScenario,
			rules: []string{rule(ep.op, "SOURCE_SERVICE_TIMEOUT")}, send: ep.valid})
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
			add(answerCase{name: k.name, op: ep.op, code: k.code, message: k.msg, status: status, why: k.why,
				send: func(t testing.TB) call { return ep.valid(t).as(k.id, k.secret) }})
		}
		for _, k := range []struct{ name, id, code, msg string }{
			{"rate", "rate-id", "RATE_LIMIT_EXCEEDED", "API request frequency exceeds the limit"},
			{"quota", "quota-id", "OUT_OF_QUOTA", "API calls quota exceeded"},
			{"balance", "poor-id", "OUT_OF_QUOTA", "API calls quota exceeded"},
		} {
			add(answerCase{name: k.name, op: ep.op, code: k.code, message: k.msg, status: 403, why: emulate.WhyAdmission,
				before: []call{ep.valid(t).as(k.id, "s")}, send: func(t testing.TB) call { return ep.valid(t).as(k.id, "s") }})
		}
		add(answerCase{name: "scenario", op: ep.op, code: "INTERNAL_ERROR", message: "Internal server error", status: 500, why: emulate.WhyScenario,
			rules: []string{rule(ep.op, "INTERNAL_ERROR")}, send: ep.valid})
		add(answerCase{name: "text body", op: ep.op, code: "INVALID_ARGUMENT", message: mInvalid, status: 400, send: func(t testing.TB) call {
			c := ep.valid(t)
			c.contentType = "text/plain"
			return c
		}})
	}
	return out
}

// TestAnswers triggers every documented answer through HTTP and checks the
// HTTP status, the body (validated against specs/accuauth.yaml by the
// harness), the reason or result code, and the journal's code, billing and
// cause.
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
				t.Fatalf("HTTP %d, want %d: %.300s", res.Status, tc.status, res.Body)
			}
			body := res.JSON(t)
			wire, result, _ := strings.Cut(tc.code, "/")
			if body["status"] != wire {
				t.Fatalf("status %v, want %s: %.300s", body["status"], wire, res.Body)
			}
			if id, _ := body["request_id"].(string); !tidRe.MatchString(id) {
				t.Errorf("request_id %q is not TID + 32 hex", id)
			}
			switch {
			case result != "":
				r := resultMap(body)
				if r["result"] != result || r["remark"] != tc.message {
					t.Errorf("result %v remark %v, want %s %s", r["result"], r["remark"], result, tc.message)
				}
				if o, _ := r["order_no"].(string); !orderRe.MatchString(o) || !handleRe.MatchString(fmt.Sprint(r["handle_time"])) {
					t.Errorf("order_no %v handle_time %v", r["order_no"], r["handle_time"])
				}
			case tc.status != http.StatusOK:
				if body["reason"] != tc.message {
					t.Errorf("reason %q, want %q", body["reason"], tc.message)
				}
			}
			last := h.Server.Deps().Journal.List(journal.Filter{Limit: 1})
			if len(last) != 1 {
				t.Fatal("no journal entry")
			}
			if e := last[0]; e.Code != tc.code || e.Message != tc.message || e.Charged != tc.charged || e.Why != tc.why {
				t.Errorf("journal: %s %q charged %v why %s; want %s %q %v %s", e.Code, e.Message, e.Charged, e.Why, tc.code, tc.message, tc.charged, tc.why)
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
	mocktest.New(t).CheckEveryAnswer("accuauth", have)
}
