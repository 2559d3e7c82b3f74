package verihubs_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestKTPMinimumAtItsEdges: the seed's "Minimum KTP image size 720x480
// (cropped KTP)" (docs/vendors/verihubs.md#seed, image row; docs/vendors/verihubs.md#s4-2)
// at its exact edges. The docs name only the landscape crop; the mock's
// own default (doc.go) also takes it upright, so 480×720 passes and each
// side one pixel short fails in both orientations. Face images have no
// minimum.
func TestKTPMinimumAtItsEdges(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	for _, c := range []struct {
		w, h int
		ok   bool
	}{
		{720, 480, true}, {719, 480, false}, {720, 479, false},
		{480, 720, true}, {479, 720, false}, {480, 719, false},
	} {
		img := mocktest.ImageB64(t, imagecheck.FixtureSpec{Width: c.w, Height: c.h})
		for _, op := range []string{"idForgery", "ktpExtract", "ktpExtractAsync"} {
			res := post(op, js("image", img)).Send(h)
			b := res.JSON(t)
			switch {
			case c.ok && res.Status != http.StatusOK:
				t.Errorf("%s %d×%d: HTTP %d %s, want 200", op, c.w, c.h, res.Status, res.Body)
			case !c.ok && (res.Status != http.StatusBadRequest || b["error_code"] != "INVALID_PAYLOAD_IMAGE_SIZE" || b["message"] != "Invalid Payload"):
				t.Errorf("%s %d×%d: HTTP %d %s, want 400 INVALID_PAYLOAD_IMAGE_SIZE", op, c.w, c.h, res.Status, res.Body)
			}
		}
	}
	if res := post("faceLiveness", js("image", mocktest.ImageB64(t, imagecheck.FixtureSpec{Width: 100, Height: 100}))).Send(h); res.Status != http.StatusOK {
		t.Errorf("face 100×100: HTTP %d %s", res.Status, res.Body)
	}
}

// TestReferenceIDLength: the mock's rule (doc.go) is 1–64 characters.
func TestReferenceIDLength(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	img := mocktest.ImageB64(t, imagecheck.FixtureSpec{})
	for _, op := range []string{"ktpExtract", "ktpExtractAsync"} {
		for _, n := range []int{64, 65} {
			ref := op + strings.Repeat("r", n-len(op))
			res := post(op, js("image", img, "reference_id", ref)).Send(h)
			b := res.JSON(t)
			if n == 64 && (res.Status != http.StatusOK || b["data"].(map[string]any)["reference_id"] != ref) {
				t.Errorf("%s: %d characters: HTTP %d %s, want 200 with the id", op, n, res.Status, res.Body)
			}
			if n == 65 && (res.Status != http.StatusBadRequest || b["error_code"] != "INVALID_PAYLOAD_REFERENCE_ID") {
				t.Errorf("%s: %d characters: HTTP %d %s, want 400 INVALID_PAYLOAD_REFERENCE_ID", op, n, res.Status, res.Body)
			}
		}
	}
}

// TestStatusCodeOfEachFailOn: status_code names the billing item (docs/vendors/verihubs.md#vh-3):
// FAIL_ON_1 is FRG-2 (EXT-2), quality validated and failed, forgery not
// run; FAIL_ON_2 is FRG-1, or FRG-3 with validate_quality. Natural and
// forced answers agree.
func TestStatusCodeOfEachFailOn(t *testing.T) {
	img := mocktest.ImageB64(t, imagecheck.FixtureSpec{})
	validate := func(image string) string { return js("image", image, "is_quality", true, "validate_quality", true) }
	for _, c := range []struct {
		name, op, body, rule, code, status string
	}{
		{"quality", "idForgery", validate(mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "blur=true"})), "", "FAIL_ON_1", "FRG-2"},
		{"forgery", "idForgery", js("image", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "forgery=true"})), "", "FAIL_ON_2", "FRG-1"},
		{"validated forgery", "idForgery", validate(mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "forgery=true"})), "", "FAIL_ON_2", "FRG-3"},
		{"extract quality", "ktpExtract", validate(mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "dark=true"})), "", "FAIL_ON_1", "EXT-2"},
		{"forced quality", "idForgery", js("image", img), "FAIL_ON_1", "FAIL_ON_1", "FRG-2"},
		{"forced forgery", "idForgery", js("image", img), "FAIL_ON_2", "FAIL_ON_2", "FRG-1"},
		{"forced validated forgery", "idForgery", validate(img), "FAIL_ON_2", "FAIL_ON_2", "FRG-3"},
		{"forced extract quality", "ktpExtract", js("image", img), "FAIL_ON_1", "FAIL_ON_1", "EXT-2"},
		// A forced FRG-3/EXT-3 keeps its status code without validate_quality.
		{"forced validated clean", "idForgery", js("image", img), "FRG-3", "", "FRG-3"},
		{"forced validated extract", "ktpExtract", js("image", img), "EXT-3", "", "EXT-3"},
	} {
		h := mocktest.New(t, mocktest.WithConfig(testConfig))
		if c.rule != "" {
			h.AddRules(rule(c.op, c.rule))
		}
		res := post(c.op, c.body).Send(h)
		b := res.JSON(t)
		if code, _ := b["error_code"].(string); res.Status != http.StatusOK || code != c.code || b["status_code"] != c.status {
			t.Errorf("%s: HTTP %d %s, want %s with status_code %s", c.name, res.Status, res.Body, c.code, c.status)
		}
		_, hasForgery := b["data"].(map[string]any)["forgery"]
		if c.op == "idForgery" && hasForgery == (c.code == "FAIL_ON_1") { // docs/vendors/verihubs.md#vh-4: no forgery verdict when quality failed
			t.Errorf("%s: forgery present %v: %s", c.name, hasForgery, res.Body)
		}
	}
}

// TestBillingTags: each documented answer's billing tag. ID Forgery's are
// the status-code page's invoice items (docs/vendors/verihubs.md#s4-2: FRG-1 and FRG-3
// "ID Forgery", FRG-2 "Quality"); extraction mirrors them; every answer
// that is not charged is "free".
func TestBillingTags(t *testing.T) {
	want := map[string]map[string]string{
		"idForgery":       {"FRG-1": "ID Forgery", "FRG-3": "ID Forgery", "FAIL_ON_2": "ID Forgery", "FAIL_ON_1": "Quality"},
		"ktpExtract":      {"EXT-1": "KTP extraction", "EXT-3": "KTP extraction", "FAIL_ON_1": "Quality"},
		"ktpExtractAsync": {"ACCEPTED": "KTP extraction (free when the result is KTP_NOT_DETECTED)"},
		// docs/vendors/verihubs.md#bs-13: charged on every 200, verified or not.
		"certificateElectronicVerify": {"verified": "Electronic certificate", "not_verified": "Electronic certificate"},
		// Every OTP sent is charged (docs/vendors/verihubs.md#b3-2); verify and the sandbox are free.
		"whatsappOtpSendV1": {"OTP_SENT": "WhatsApp OTP"}, "whatsappOtpSendV2": {"OTP_SENT": "WhatsApp OTP"},
		"smsOtpSendV1": {"OTP_SENT": "SMS OTP"}, "smsOtpSendV2": {"OTP_SENT": "SMS OTP"},
		"flashcallOtpSendV1": {"OTP_SENT": "Flash call OTP"}, "flashcallOtpSendV2": {"OTP_SENT": "Flash call OTP"},
		// NPWP OCR: a card read is charged, no card found is not (docs/vendors/verihubs.md#vh-17).
		"ocrNpwp": {"OK": "NPWP OCR"},
	}
	h := mocktest.New(t)
	v, _ := h.Server.Catalogue().Vendor("verihubs")
	for _, ep := range v.Endpoints() {
		for _, a := range ep.Answers {
			tag, ok := want[ep.OperationID][a.Code]
			switch {
			case !ok && (ep.OperationID == "faceEnroll" || ep.OperationID == "faceSearch") && a.HTTP == http.StatusOK:
				tag = map[string]string{"faceEnroll": "Face enrolment", "faceSearch": "Face search"}[ep.OperationID]
			case !ok && strings.HasPrefix(ep.OperationID, "face") && a.HTTP == http.StatusOK && ep.OperationID != "faceEnrollDelete":
				tag = "charge"
			case !ok:
				tag = "free"
			}
			if a.Billing != tag || a.Charged != (tag != "free") {
				t.Errorf("%s %s: billing %q charged %v, want %q", ep.OperationID, a.Code, a.Billing, a.Charged, tag)
			}
		}
	}
}

// TestAsyncFreeWithoutKTP: extract-async is accepted at once, but not
// charged when the result is KTP_NOT_DETECTED (its billing tag).
func TestAsyncFreeWithoutKTP(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	for _, c := range []struct {
		image   string
		charged bool
	}{
		{mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "ktp=none"}), false},
		{mocktest.ImageB64(t, imagecheck.FixtureSpec{}), true},
	} {
		res := post("ktpExtractAsync", js("image", c.image)).Send(h)
		b := res.JSON(t)
		if res.Status != http.StatusOK || b["message"] != "Request accepted" {
			t.Fatalf("HTTP %d %s", res.Status, res.Body)
		}
		if e := h.LastEntry(); e.Code != "ACCEPTED" || e.Charged != c.charged {
			t.Errorf("journal %s charged %v, want ACCEPTED %v", e.Code, e.Charged, c.charged)
		}
		ref := b["data"].(map[string]any)["reference_id"].(string)
		pulled := req{method: http.MethodGet, path: paths["ktpExtractAsyncResult"] + "?reference_id=" + ref, app: "app", key: "key"}.Send(h).JSON(t)
		if (pulled["error_code"] == "KTP_NOT_DETECTED") == c.charged {
			t.Errorf("pulled %v", pulled)
		}
	}
}
