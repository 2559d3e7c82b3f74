package accuauth_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate/accuauth"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

var imageIDRe = regexp.MustCompile(`^[0-9a-f]{32}$`)

// TestFaceVerifyPeople: /face/v2/verify decides same and different people
// as every face endpoint of the mock does (emulate.FaceScore), on a 0..1
// scale, with identical from settings.identical_threshold (docs/vendors/accuauth.md#bs-15).
func TestFaceVerifyPeople(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	verify := func(h *mocktest.Harness, a, b []byte) map[string]any {
		t.Helper()
		res := multi(t, "/face/v2/verify", file("file_1", a), file("file_2", b)).Send(h)
		if res.Status != 200 {
			t.Fatalf("%d %s", res.Status, res.Body)
		}
		return res.JSON(t)
	}
	other := "3171020101900001"
	for _, c := range []struct {
		name      string
		a, b      []byte
		identical bool
		lo, hi    float64
	}{
		{"same picture", face(t, ""), face(t, ""), true, 0.8, 1},
		{"same person", face(t, "nik="+knownNIK), face(t, "nik="+knownNIK+";pose=left"), true, 0.8, 1},
		{"two people", face(t, "nik="+knownNIK), face(t, "nik="+other), false, 0.05, 0.4},
		{"similarity 69", face(t, "similarity=69"), face(t, ""), false, 0.69, 0.69},
		{"similarity 70", face(t, ""), face(t, "similarity=70"), true, 0.7, 0.7},
	} {
		b := verify(h, c.a, c.b)
		s, _ := b["score"].(float64)
		if b["identical"] != c.identical || s < c.lo || s > c.hi {
			t.Errorf("%s: identical %v score %v, want %v in %v..%v", c.name, b["identical"], s, c.identical, c.lo, c.hi)
		}
		if id1, id2 := b["image_id_1"].(string), b["image_id_2"].(string); !imageIDRe.MatchString(id1) || !imageIDRe.MatchString(id2) || id1 == id2 {
			t.Errorf("%s: image ids %q %q", c.name, id1, id2)
		}
	}
	// The cut is a setting.
	low := mocktest.New(t, mocktest.WithConfig("seed: 7\nvendors:\n  accuauth:\n    credentials: [{id: demo-api-id, secret: demo-api-secret}]\n    settings: {identical_threshold: 0.6}\n"))
	if b := verify(low, face(t, "similarity=65"), face(t, "")); b["identical"] != true {
		t.Errorf("threshold 0.6, score 0.65: %v", b)
	}
	// Deterministic: the same pictures score the same on a fresh mock.
	again := mocktest.New(t, mocktest.WithConfig(accessConfig))
	if a, b := verify(h, face(t, "x=1"), face(t, "x=2"))["score"], verify(again, face(t, "x=1"), face(t, "x=2"))["score"]; a != b {
		t.Errorf("score %v then %v", a, b)
	}
}

// TestLivenessImageID: an image_id /face/v2/verify answered resolves on
// /face/liveness_anti_hack for the same key only, judges that picture
// (return_image gives its bytes back), and is forgotten on admin reset
// (docs/vendors/accuauth.md#ac-11).
func TestLivenessImageID(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	real, spoof := face(t, "nik="+knownNIK), face(t, "live=false")
	res := form("/face/v2/verify", "image_base64_1", mocktest.B64(real), "image_base64_2", mocktest.B64(spoof)).Send(h)
	ids := res.JSON(t)
	live := func(id string, as ...string) mocktest.Result {
		c := form("/face/liveness_anti_hack", "image_id", id, "return_image", "1")
		if len(as) == 2 {
			c = c.as(as[0], as[1])
		}
		return c.Send(h)
	}
	r1, r2 := live(ids["image_id_1"].(string)), live(ids["image_id_2"].(string))
	b1, b2 := r1.JSON(t), r2.JSON(t)
	if r1.Status != 200 || b1["score"].(float64) >= 0.98 || r2.Status != 200 || b2["score"].(float64) < 0.98 {
		t.Fatalf("real %d %v; spoof %d %v", r1.Status, b1["score"], r2.Status, b2["score"])
	}
	if got, _ := base64.StdEncoding.DecodeString(b1["image_base64"].(string)); !bytes.Equal(got, real) {
		t.Errorf("image_base64 is not the picture sent to /face/v2/verify")
	}
	// The same picture scores the same through every door.
	ah := multi(t, "/face/anti_hack", file("file", spoof)).Send(h).JSON(t)
	sdk := multi(t, "/face/liveness_anti_hack", file("liveness_data_file", accuauth.LivenessData(spoof))).Send(h).JSON(t)
	if ah["score"] != b2["score"] || sdk["score"] != b2["score"] {
		t.Errorf("scores differ: image_id %v, anti_hack %v, sdk data %v", b2["score"], ah["score"], sdk["score"])
	}
	// Another key does not see this key's images.
	if r := live(ids["image_id_1"].(string), "rate-id", "s"); r.Status != 400 || r.JSON(t)["reason"] != "'image_id' not found" {
		t.Errorf("another key: %d %s", r.Status, r.Body)
	}
	if st, _ := h.Admin(http.MethodPost, "/reset", ""); st != 200 {
		t.Fatalf("reset: %d", st)
	}
	if r := live(ids["image_id_1"].(string)); r.Status != 400 || r.JSON(t)["reason"] != "'image_id' not found" {
		t.Errorf("after reset: %d %s", r.Status, r.Body)
	}
}

// TestHackExtra: the extra keys follow the picture's markers, each on the
// right side of its documented 0.5 threshold (docs/vendors/accuauth.md#b4-2).
func TestHackExtra(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	extra := func(pic []byte) (float64, map[string]any) {
		t.Helper()
		res := multi(t, "/face/liveness_anti_hack", file("liveness_data_file", accuauth.LivenessData(pic)), mocktest.Field("return_extra", "1")).Send(h)
		b := res.JSON(t)
		e, ok := b["extra"].(map[string]any)
		if res.Status != 200 || !ok {
			t.Fatalf("%d %s", res.Status, res.Body)
		}
		return b["score"].(float64), e
	}
	score, e := extra(face(t, ""))
	if score >= 0.98 || e["mask_proba"].(float64) >= 0.5 || e["quality_score"].(float64) < 0.5 || e["quality_too_low"] != false ||
		e["blur_or_dark"] != false || e["has_no_face"] != false || e["face_too_small"] != false || e["image_too_small"] != false {
		t.Errorf("plain face: %v %v", score, e)
	}
	if score, e = extra(face(t, "hack=0.5;attribute=mask;blur=yes")); score != 0.5 || e["mask_proba"].(float64) <= 0.5 ||
		e["quality_score"].(float64) >= 0.5 || e["quality_too_low"] != true || e["blur_or_dark"] != true {
		t.Errorf("masked, blurred: %v %v", score, e)
	}
	if _, e = extra(mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 100, Height: 90})); e["image_too_small"] != true || e["face_too_small"] != true {
		t.Errorf("100×90 frame: %v", e)
	}
	if _, e = extra(face(t, "face=small")); e["image_too_small"] != false || e["face_too_small"] != true {
		t.Errorf("face=small: %v", e)
	}
	// No extra unless asked; no image_base64 on /face/anti_hack.
	b := multi(t, "/face/anti_hack", file("file", face(t, "")), mocktest.Field("return_image", "1")).Send(h).JSON(t)
	if _, has := b["extra"]; has {
		t.Errorf("extra without return_extra: %v", b)
	}
	if _, has := b["image_base64"]; has {
		t.Errorf("image_base64 on anti_hack: %v", b)
	}
}

// TestUnderscoreHeaders: the official iOS liveness SDK sends its key as
// X_DF_API_ID / X_DF_API_SECRET (docs/vendors/accuauth.md#ac-12); read off
// the wire as Go's server reads them, they authenticate, and the secret is
// fingerprinted in the journal like the hyphenated one.
func TestUnderscoreHeaders(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	body, ct := mocktest.Multipart(t, mocktest.Field("check_image_quality", "0"), file("liveness_data_file", accuauth.LivenessData(face(t, ""))))
	send := func(secret string) mocktest.Result {
		// Raw keys: the client writes them as given, the server parses them
		// off the wire.
		hdr := http.Header{"Content-Type": {ct}, "X_DF_API_ID": {demoID}, "X_DF_API_SECRET": {secret}}
		return h.Do(h.Request(http.MethodPost, "/accuauth/face/liveness_anti_hack", bytes.NewReader(body), hdr))
	}
	if res := send(demoSecret); res.Status != 200 || res.JSON(t)["status"] != "OK" {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	for k, vs := range h.LastEntry().RequestHeaders {
		if strings.Contains(vs, demoSecret) {
			t.Errorf("journal header %s keeps the secret: %v", k, vs)
		}
	}
	if res := send("wrong"); res.Status != 401 || res.JSON(t)["status"] != "UNAUTHORIZED" {
		t.Errorf("wrong secret: %d %s", res.Status, res.Body)
	}
}

// TestImageIDsConcurrent: calls verifying pictures and resolving their
// image ids at the same time each resolve their own (run under -race).
// The workers report through a channel: no t.Fatal off the test goroutine.
func TestImageIDsConcurrent(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	pics := make([]string, 8)
	for i := range pics {
		pics[i] = mocktest.B64(face(t, "worker="+strconv.Itoa(i)))
	}
	errs := make(chan string, len(pics))
	for _, pic := range pics {
		go func() {
			for range 4 {
				res := form("/face/v2/verify", "image_base64_1", pic, "image_base64_2", pic).Send(h)
				var ids struct {
					ID2 string `json:"image_id_2"`
				}
				if err := json.Unmarshal(res.Body, &ids); err != nil || ids.ID2 == "" {
					errs <- fmt.Sprintf("verify: %d %s", res.Status, res.Body)
					return
				}
				res = form("/face/liveness_anti_hack", "image_id", ids.ID2, "return_image", "1").Send(h)
				var got struct {
					Image string `json:"image_base64"`
				}
				if err := json.Unmarshal(res.Body, &got); err != nil || got.Image != pic {
					errs <- fmt.Sprintf("liveness: %d %.200s", res.Status, res.Body)
					return
				}
			}
			errs <- ""
		}()
	}
	for range pics {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}
