package verihubs_test

import (
	"encoding/json"
	"testing"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// typedExtract is how a typed public client declares the extract answer:
// image_quality is a documented success field (docs/vendors/verihubs.md#s4-3), not optional.
type typedExtract struct {
	Message    string `json:"message"`
	StatusCode string `json:"status_code"`
	Data       struct {
		ImageQuality *struct {
			Blur       *bool    `json:"blur"`
			Dark       *bool    `json:"dark"`
			Flashlight *bool    `json:"flashlight"`
			Grayscale  *bool    `json:"grayscale"`
			BlurScore  *float64 `json:"blur_score"`
			DarkScore  *float64 `json:"dark_score"`
		} `json:"image_quality"`
		NIK         string `json:"nik"`
		ReferenceID string `json:"reference_id"`
	} `json:"data"`
}

func decodeTyped(t *testing.T, name string, body []byte) {
	t.Helper()
	var b typedExtract
	if err := json.Unmarshal(body, &b); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	q := b.Data.ImageQuality
	if q == nil || q.Blur == nil || q.Dark == nil || q.Flashlight == nil || q.Grayscale == nil || q.BlurScore == nil || q.DarkScore == nil {
		t.Errorf("%s: data.image_quality missing or partial: %s", name, body)
	}
}

// TestExtractAlwaysReportsQuality (issue 13 item 1): extraction documents
// image, validate_quality and reference_id, and image_quality in its
// success; a client that sends only image gets image_quality
// (docs/vendors/verihubs.md#vh-13). is_quality is ID Forgery's flag.
func TestExtractAlwaysReportsQuality(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	img := mocktest.ImageB64(t, imagecheck.FixtureSpec{})
	res := post("ktpExtract", js("image", img, "reference_id", "only-image")).Send(h)
	if res.Status != 200 {
		t.Fatalf("HTTP %d %s", res.Status, res.Body)
	}
	decodeTyped(t, "sync", res.Body)
	pull := req{method: "GET", path: paths["ktpExtractAsyncResult"] + "?reference_id=only-image", app: "app", key: "key"}.Send(h)
	decodeTyped(t, "pull", pull.Body)

	// is_quality false has no effect on extraction.
	decodeTyped(t, "is_quality false", post("ktpExtract", js("image", img, "is_quality", false)).Send(h).Body)
	// validate_quality alone is documented for extraction: no dependency.
	res = post("ktpExtract", js("image", img, "validate_quality", true)).Send(h)
	if res.Status != 200 || res.JSON(t)["status_code"] != "EXT-3" {
		t.Errorf("validate_quality alone: HTTP %d %s, want 200 EXT-3", res.Status, res.Body)
	}
	decodeTyped(t, "validate_quality alone", res.Body)
	// A sandbox app's dummy too.
	decodeTyped(t, "sandbox", post("ktpExtract", js("image", "KTP")).as("sandbox-app", "sandbox-key").Send(h).Body)

	// The dependency code stays for the one contradictory request.
	res = post("ktpExtract", js("image", img, "is_quality", false, "validate_quality", true)).Send(h)
	if res.Status != 400 || res.JSON(t)["error_code"] != "INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY" {
		t.Errorf("is_quality false + validate_quality: HTTP %d %s", res.Status, res.Body)
	}
	// ID Forgery keeps its own rule: validate_quality needs is_quality.
	res = post("idForgery", js("image", img, "validate_quality", true)).Send(h)
	if res.Status != 400 || res.JSON(t)["error_code"] != "INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY" {
		t.Errorf("forgery validate alone: HTTP %d %s", res.Status, res.Body)
	}
}
