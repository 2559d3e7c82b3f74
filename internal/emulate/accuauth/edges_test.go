package accuauth_test

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// expect checks HTTP status, status field and, for an error, its reason.
func expect(t *testing.T, what string, res mocktest.Result, status int, wire, reason string) map[string]any {
	t.Helper()
	body := res.JSON(t)
	if res.Status != status || body["status"] != wire || reason != "" && body["reason"] != reason {
		t.Errorf("%s: HTTP %d %.200s; want %d %s %q", what, res.Status, res.Body, status, wire, reason)
	}
	if id, _ := body["request_id"].(string); !tidRe.MatchString(id) {
		t.Errorf("%s: request_id %q", what, id)
	}
	return body
}

// TestOCRSizeEdges: "no larger than 5 MB" is 5,242,880 bytes of image,
// counted after base64 decoding: exactly that many is read, one more is
// INVALID_ARGUMENT, by file part or by image_base64. A body over the 24 MiB
// read limit is the size reason on the OCR and a bad request elsewhere.
func TestOCRSizeEdges(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	exact := mocktest.Image(t, imagecheck.FixtureSpec{Bytes: 5 << 20})
	over := mocktest.Image(t, imagecheck.FixtureSpec{Bytes: 5<<20 + 1})
	const size = "image file size must be no larger than 5 MB"
	for _, c := range []struct {
		what string
		call call
		ok   bool
	}{
		{"file of 5 MiB", multi(t, "/ocr/idcard", file("file", exact)), true},
		{"image_base64 of 5 MiB", form("/ocr/idcard", "image_base64", mocktest.B64(exact)), true},
		{"multipart image_base64 of 5 MiB", multi(t, "/ocr/idcard", mocktest.Field("image_base64", mocktest.B64(exact))), true},
		{"file of 5 MiB + 1", multi(t, "/ocr/idcard", file("file", over)), false},
		{"image_base64 of 5 MiB + 1", form("/ocr/idcard", "image_base64", mocktest.B64(over)), false},
		{"multipart image_base64 of 5 MiB + 1", multi(t, "/ocr/idcard", mocktest.Field("image_base64", mocktest.B64(over))), false},
	} {
		if c.ok {
			body := expect(t, c.what, c.call.Send(h), http.StatusOK, "OK", "")
			if rs, _ := body["results"].([]any); len(rs) != 1 {
				t.Errorf("%s: results %v", c.what, body["results"])
			}
		} else {
			expect(t, c.what, c.call.Send(h), http.StatusBadRequest, "INVALID_ARGUMENT", size)
		}
		if e := h.LastEntry(); e.Charged != c.ok {
			t.Errorf("%s: charged %v", c.what, e.Charged)
		}
	}
	huge := bytes.Repeat([]byte("A"), 24<<20+1)
	expect(t, "OCR body over 24 MiB", form("/ocr/idcard", "image_base64", string(huge)).Send(h), http.StatusBadRequest, "INVALID_ARGUMENT", size)
	expect(t, "verify body over 24 MiB", form("/verify/id_selfie", "id_number", knownNIK, "face_image", string(huge)).Send(h),
		http.StatusBadRequest, "INVALID_ARGUMENT", "Request parameter is invalid")
}

// TestSelfieSizeEdges: id_selfie's "no larger than 50 KB" is 51,200
// decoded bytes (docs/vendors/accuauth.md#ac-7) for face_image and ktp_image alike.
func TestSelfieSizeEdges(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	img := func(marker string, n int) string {
		return mocktest.B64(mocktest.Image(t, imagecheck.FixtureSpec{Width: 240, Height: 320, Marker: marker, Bytes: n}))
	}
	small := selfie(t, "")
	for _, c := range []struct {
		what, face, ktp, reason string
	}{
		{"face of 50 KB", img("", 50<<10), "", ""},
		{"ktp of 50 KB", small, img("nik="+knownNIK, 50<<10), ""},
		{"face of 50 KB + 1", img("", 50<<10+1), "", "'face_image' must be no larger than 50 KB"},
		{"ktp of 50 KB + 1", small, img("nik="+knownNIK, 50<<10+1), "'ktp_image' must be no larger than 50 KB"},
	} {
		kv := []string{"id_number", knownNIK, "face_image", c.face}
		if c.ktp != "" {
			kv = append(kv, "ktp_image", c.ktp)
		}
		res := form("/verify/id_selfie", kv...).Send(h)
		if c.reason != "" {
			expect(t, c.what, res, http.StatusBadRequest, "INVALID_ARGUMENT", c.reason)
			continue
		}
		if r := resultMap(expect(t, c.what, res, http.StatusOK, "OK", "")); r["result"] != "01" {
			t.Errorf("%s: %s", c.what, res.Body)
		}
	}
}

// TestFaceThresholdEdges: a face matches when its score is at least the
// threshold (the caller's face_threshold, else settings.face_threshold 65);
// face_threshold must lie in 0..100, both ends included.
func TestFaceThresholdEdges(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	const bad = "'face_threshold' must be a number between 0 and 100"
	for _, c := range []struct {
		what, similarity string
		threshold        any // nil = not sent
		result           string
		reason           string
	}{
		{"default 65, score 65", "65", nil, "01", ""},
		{"default 65, score 64.999", "64.999", nil, "02", ""},
		{"80, score 80", "80", "80", "01", ""},
		{"80.001, score 80", "80", "80.001", "02", ""},
		{"80 as a number, score 80", "80", 80, "01", ""},
		{"80.001 as a number, score 80", "80", 80.001, "02", ""},
		{"0, score 0", "0", "0", "01", ""},
		{"100, score 100", "100", "100", "01", ""},
		{"100, score 99.999", "99.999", "100", "02", ""},
		{"-0.001", "80", "-0.001", "", bad},
		{"100.001", "80", "100.001", "", bad},
		{"101 as a number", "80", 101, "", bad},
	} {
		body := map[string]any{"id_number": knownNIK, "face_image": selfie(t, "similarity="+c.similarity),
			"ktp_image": selfie(t, "similarity="+c.similarity)}
		if c.threshold != nil {
			body["face_threshold"] = c.threshold
		}
		res := jsonCall(t, "/verify/id_selfie", body).Send(h)
		if c.reason != "" {
			expect(t, c.what, res, http.StatusBadRequest, "INVALID_ARGUMENT", c.reason)
			continue
		}
		r := resultMap(expect(t, c.what, res, http.StatusOK, "OK", ""))
		match := c.result == "01"
		if r["result"] != c.result || r["face_percent"] != match || r["ktp_face_percent"] != match || fmt.Sprint(r["face_score"]) != c.similarity {
			t.Errorf("%s: %s", c.what, res.Body)
		}
	}
}

// TestNIKFacts: a match: {nik: …} rule fires on the calls about that NIK:
// the card's person (OCR; a marker nik= picks one) and the id_number sent
// (verify); not on another NIK, and not on an OCR call with no image.
func TestNIKFacts(t *testing.T) {
	const other = "3171024302821002"
	nikRule := func(op, nik string) string {
		return fmt.Sprintf(`{"name":"nik","vendor":"accuauth","endpoint":%q,"match":{"nik":%q},"respond":{"code":"INTERNAL_ERROR"}}`, op, nik)
	}
	nobody := identity.NewGenerator(7).PersonFor("").NIK // the person of no image
	card := func(t testing.TB) call {
		return multi(t, "/ocr/idcard", file("file", mocktest.Image(t, imagecheck.FixtureSpec{Marker: "nik=" + knownNIK})))
	}
	for _, c := range []struct {
		name, op, ruleNIK string
		send              func(t testing.TB) call
		status            int
	}{
		{"ocr marker", "ocrIdcard", knownNIK, card, 500},
		{"ocr other", "ocrIdcard", other, card, 200},
		{"ocr no image", "ocrIdcard", nobody, func(t testing.TB) call { return multi(t, "/ocr/idcard", mocktest.Field("card_type", "ktp")) }, 400},
		{"id_name", "verifyIdName", knownNIK, func(testing.TB) call { return form("/verify/id_name", "id_number", knownNIK, "name", "BUDI") }, 500},
		{"id_name other", "verifyIdName", other, func(testing.TB) call { return form("/verify/id_name", "id_number", knownNIK, "name", "BUDI") }, 200},
		{"id_name_check", "verifyIdNameCheck", knownNIK, func(t testing.TB) call {
			return jsonCall(t, "/verify/id_name_check", map[string]string{"id_number": knownNIK, "name": "BUDI"})
		}, 500},
		{"id_selfie", "verifyIdSelfie", knownNIK, func(t testing.TB) call {
			return form("/verify/id_selfie", "id_number", knownNIK, "face_image", selfie(t, ""))
		}, 500},
		{"id_selfie other", "verifyIdSelfie", other, func(t testing.TB) call {
			return form("/verify/id_selfie", "id_number", knownNIK, "face_image", selfie(t, ""))
		}, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := mocktest.New(t, mocktest.WithConfig(accessConfig))
			h.AddRules(nikRule(c.op, c.ruleNIK))
			res := c.send(t).Send(h)
			if res.Status != c.status {
				t.Fatalf("HTTP %d, want %d: %.200s", res.Status, c.status, res.Body)
			}
			if c.status == 500 {
				expect(t, c.name, res, 500, "INTERNAL_ERROR", "Internal server error")
			}
			if e := h.LastEntry(); (e.Why == emulate.WhyScenario) != (c.status == 500) {
				t.Errorf("journal why %s for HTTP %d", e.Why, res.Status)
			}
		})
	}
}
