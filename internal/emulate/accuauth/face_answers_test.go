package accuauth_test

import (
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/accuauth"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// face is a face picture of 240×320 px with an optional marker.
func face(t testing.TB, marker string) []byte {
	return mocktest.Image(t, imagecheck.FixtureSpec{Width: 240, Height: 320, Marker: marker})
}

// faceCases are the rows of /face/v2/verify, /face/anti_hack and
// /face/liveness_anti_hack (docs/vendors/accuauth.md#b4-1..#b4-3).
func faceCases(t testing.TB) []answerCase {
	var out []answerCase
	add := func(c answerCase) { out = append(out, c) }
	bad := func(op, msg, name string, send func(t testing.TB) call) {
		add(answerCase{Name: name, Op: op, Code: "INVALID_ARGUMENT", Message: msg, Status: 400, Send: send})
	}
	const fv, ah, lv = "/face/v2/verify", "/face/anti_hack", "/face/liveness_anti_hack"
	jpeg := face(t, "")
	over5M := mocktest.Image(t, imagecheck.FixtureSpec{Bytes: 5<<20 + 1})
	gif := mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.GIF, Width: 300, Height: 200})
	truncated := mocktest.Image(t, imagecheck.FixtureSpec{Width: 240, Height: 320, Truncate: 200})

	// /face/v2/verify
	add(answerCase{Name: "two files", Op: "faceVerify", Code: "OK", Charged: true, Send: func(t testing.TB) call {
		return multi(t, fv, file("file_1", jpeg), file("file_2", face(t, "nik="+knownNIK)))
	}})
	add(answerCase{Name: "urlencoded base64", Op: "faceVerify", Code: "OK", Charged: true, Send: func(t testing.TB) call {
		return form(fv, "image_base64_1", mocktest.B64(jpeg), "image_base64_2", mocktest.B64(face(t, "similarity=30")))
	}})
	add(answerCase{Name: "json mode 1", Op: "faceVerify", Code: "OK", Charged: true, Send: func(t testing.TB) call {
		return jsonCall(t, fv, map[string]any{"image_base64_1": mocktest.B64(jpeg), "image_base64_2": mocktest.B64(jpeg), "compare_mode": 1})
	}})
	bad("faceVerify", "must specify 'file_1' or 'image_base64_1' argument", "no first", func(t testing.TB) call {
		return multi(t, fv, file("file_2", jpeg))
	})
	bad("faceVerify", "must specify 'file_2' or 'image_base64_2' argument", "no second", func(t testing.TB) call {
		return form(fv, "image_base64_1", mocktest.B64(jpeg))
	})
	bad("faceVerify", "must specify only one of 'file_1' and 'image_base64_1' argument", "both first", func(t testing.TB) call {
		return multi(t, fv, file("file_1", jpeg), mocktest.Field("image_base64_1", mocktest.B64(jpeg)), file("file_2", jpeg))
	})
	bad("faceVerify", "must specify only one of 'file_2' and 'image_base64_2' argument", "both second", func(t testing.TB) call {
		return multi(t, fv, file("file_1", jpeg), mocktest.Field("image_base64_2", mocktest.B64(jpeg)), file("file_2", jpeg))
	})
	bad("faceVerify", "'image_base64_1' is not valid base64", "first not base64", func(t testing.TB) call {
		return form(fv, "image_base64_1", "***", "image_base64_2", mocktest.B64(jpeg))
	})
	bad("faceVerify", "'image_base64_2' is not valid base64", "second not base64", func(t testing.TB) call {
		return jsonCall(t, fv, map[string]any{"image_base64_1": mocktest.B64(jpeg), "image_base64_2": "data:image/jpeg,abc"})
	})
	bad("faceVerify", "'compare_mode' must be 0, 1 or 2", "mode 3", func(t testing.TB) call {
		return form(fv, "image_base64_1", mocktest.B64(jpeg), "image_base64_2", mocktest.B64(jpeg), "compare_mode", "3")
	})
	add(answerCase{Name: "truncated second", Op: "faceVerify", Code: "DETECTION_FAILED", Message: "Detect image failed", Status: 400, Send: func(t testing.TB) call {
		return multi(t, fv, file("file_1", jpeg), file("file_2", truncated))
	}})
	add(answerCase{Name: "marker", Op: "faceVerify", Code: "DETECTION_FAILED", Message: "Detect image failed", Status: 400, Why: emulate.WhyMarker, Send: func(t testing.TB) call {
		return multi(t, fv, file("file_1", face(t, "scenario=DETECTION_FAILED")), file("file_2", jpeg))
	}})
	imageBad := func(op string, send func(t testing.TB, img []byte) call) {
		bad(op, "image is empty", "empty file", func(t testing.TB) call { return send(t, []byte{}) })
		bad(op, "image format must be JPG or PNG", "gif", func(t testing.TB) call { return send(t, gif) })
		bad(op, "image format must be JPG or PNG", "pdf", func(t testing.TB) call {
			return send(t, mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.PDF, Width: 600, Height: 400}))
		})
		bad(op, "image file size must be no larger than 5 MB", "over 5 MB", func(t testing.TB) call { return send(t, over5M) })
		bad(op, "image resolution must be at least 128*128", "127 px", func(t testing.TB) call {
			return send(t, mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 400, Height: 127}))
		})
		bad(op, "image resolution must be at most 6000*6000", "6001 px", func(t testing.TB) call {
			return send(t, mocktest.Image(t, imagecheck.FixtureSpec{Width: 6001, Height: 200}))
		})
	}
	imageBad("faceVerify", func(t testing.TB, img []byte) call { return multi(t, fv, file("file_1", jpeg), file("file_2", img)) })

	// /face/anti_hack
	add(answerCase{Name: "file", Op: "faceAntiHack", Code: "OK", Charged: true, Send: func(t testing.TB) call { return multi(t, ah, file("file", jpeg)) }})
	add(answerCase{Name: "json extra", Op: "faceAntiHack", Code: "OK", Charged: true, Send: func(t testing.TB) call {
		return jsonCall(t, ah, map[string]any{"image_base64": mocktest.B64(face(t, "live=false;attribute=mask")), "return_extra": 1})
	}})
	bad("faceAntiHack", mMust, "nothing", func(t testing.TB) call { return form(ah, "return_extra", "1") })
	bad("faceAntiHack", mBoth, "both", func(t testing.TB) call {
		return multi(t, ah, file("file", jpeg), mocktest.Field("image_base64", mocktest.B64(jpeg)))
	})
	bad("faceAntiHack", mB64, "not base64", func(t testing.TB) call { return form(ah, "image_base64", "not base64!") })
	bad("faceAntiHack", "'return_extra' must be 0 or 1", "extra 2", func(t testing.TB) call {
		return form(ah, "image_base64", mocktest.B64(jpeg), "return_extra", "2")
	})
	add(answerCase{Name: "truncated", Op: "faceAntiHack", Code: "DETECTION_FAILED", Message: "Detect image failed", Status: 400, Send: func(t testing.TB) call {
		return form(ah, "image_base64", mocktest.B64(truncated))
	}})
	add(answerCase{Name: "no face", Op: "faceAntiHack", Code: "DETECTION_FAILED", Message: "Detect image failed", Status: 400, Send: func(t testing.TB) call {
		return multi(t, ah, file("file", face(t, "faces=0")))
	}})
	imageBad("faceAntiHack", func(t testing.TB, img []byte) call { return multi(t, ah, file("file", img)) })

	// /face/liveness_anti_hack
	data := func(name string, b []byte) mocktest.Part {
		return mocktest.Part{Name: name, Filename: "liveness_data_file", ContentType: "image/jpeg", Data: b}
	}
	quality := mocktest.Field("check_image_quality", "0") // as the iOS SDK sends it
	add(answerCase{Name: "sdk data", Op: "faceLivenessAntiHack", Code: "OK", Charged: true, Send: func(t testing.TB) call {
		return multi(t, lv, quality, data("liveness_data_file", accuauth.LivenessData(jpeg, face(t, "live=false"))),
			mocktest.Field("return_image", "1"), mocktest.Field("return_extra", "1"))
	}})
	add(answerCase{Name: "opaque sdk data", Op: "faceLivenessAntiHack", Code: "OK", Charged: true, Send: func(t testing.TB) call {
		return multi(t, lv, data("liveness_data_file", []byte("\x8a\x01encrypted by the SDK\x00\xff")), mocktest.Field("return_image", "1"))
	}})
	add(answerCase{Name: "picture", Op: "faceLivenessAntiHack", Code: "WRONG_LIVENESS_DATA", Message: "Wrong liveness data", Status: 400, Send: func(t testing.TB) call {
		return multi(t, lv, data("liveness_data_file", jpeg))
	}})
	add(answerCase{Name: "truncated frame", Op: "faceLivenessAntiHack", Code: "NO_FACE_DETECTED", Message: "No face detected", Status: 400, Send: func(t testing.TB) call {
		return multi(t, lv, data("liveness_data_file", accuauth.LivenessData(truncated)))
	}})
	add(answerCase{Name: "faces=0", Op: "faceLivenessAntiHack", Code: "NO_FACE_DETECTED", Message: "No face detected", Status: 400, Send: func(t testing.TB) call {
		return multi(t, lv, data("liveness_data_file", accuauth.LivenessData(face(t, "faces=0"))))
	}})
	add(answerCase{Name: "marker", Op: "faceLivenessAntiHack", Code: "DETECTION_FAILED", Message: "Detect image failed", Status: 400, Why: emulate.WhyMarker, Send: func(t testing.TB) call {
		return multi(t, lv, data("liveness_data_file", accuauth.LivenessData(face(t, "scenario=DETECTION_FAILED"))))
	}})
	add(answerCase{Name: "url", Op: "faceLivenessAntiHack", Code: "DOWNLOAD_ERROR", Message: "Download liveness data failed", Status: 400, Send: func(t testing.TB) call {
		return form(lv, "liveness_data_url", "http://example.invalid/liveness")
	}})
	add(answerCase{Name: "scenario", Op: "faceLivenessAntiHack", Code: "RPC_TIMEOUT", Message: "RPC timeout", Status: 500, Why: emulate.WhyScenario,
		Rules: []string{rule("faceLivenessAntiHack", "RPC_TIMEOUT")}, Send: func(t testing.TB) call {
			return multi(t, lv, data("liveness_data_file", accuauth.LivenessData(jpeg)))
		}})
	bad("faceLivenessAntiHack", "must specify 'liveness_data_file' or 'image_id' argument", "nothing", func(t testing.TB) call { return multi(t, lv, quality) })
	bad("faceLivenessAntiHack", "must specify only one of 'liveness_data_file' and 'image_id' argument", "both", func(t testing.TB) call {
		return multi(t, lv, data("liveness_data_file", accuauth.LivenessData(jpeg)), mocktest.Field("image_id", "980b88eb112940a6ae96236c26acea78"))
	})
	bad("faceLivenessAntiHack", "'liveness_data_file' is empty", "empty", func(t testing.TB) call {
		return multi(t, lv, data("liveness_data_file", nil))
	})
	bad("faceLivenessAntiHack", "'image_id' not found", "unknown image_id", func(t testing.TB) call {
		return jsonCall(t, lv, map[string]any{"image_id": "980b88eb112940a6ae96236c26acea78"})
	})
	bad("faceLivenessAntiHack", "'return_image' must be 0 or 1", "return_image yes", func(t testing.TB) call {
		return multi(t, lv, data("liveness_data_file", accuauth.LivenessData(jpeg)), mocktest.Field("return_image", "yes"))
	})
	bad("faceLivenessAntiHack", "'return_extra' must be 0 or 1", "return_extra 5", func(t testing.TB) call {
		return multi(t, lv, data("liveness_data_file", accuauth.LivenessData(jpeg)), mocktest.Field("return_extra", "5"))
	})
	return out
}
