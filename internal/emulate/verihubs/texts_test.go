package verihubs_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestDocumentedTexts pins the catalogue to the ID forgery page's literals
// (docs/vendors/verihubs.md#seed, "Error Code" and "Sample Responses"), so that
// TestAnswers, which compares each answer with the catalogue, compares it
// with the docs: every error of a status carries that status's sample
// message, and the error codes the page lists have its HTTP status.
func TestDocumentedTexts(t *testing.T) {
	byStatus := map[int]string{
		http.StatusBadRequest:          "Invalid Payload",
		http.StatusUnauthorized:        "Authorization failed",
		http.StatusForbidden:           "Insufficient quota",
		http.StatusInternalServerError: "Internal server error",
		http.StatusTooManyRequests:     "Too many requests", // the mock's inferred 429 (doc.go)
	}
	listed := map[string]int{
		"INVALID_PAYLOAD": 400, "INVALID_PAYLOAD_IMAGE_MISSING": 400, "INVALID_PAYLOAD_IMAGE_SIZE": 400,
		"INVALID_PAYLOAD_IMAGE_FORMAT": 400, "MISSING_PAYLOAD_IMAGE": 400, "INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY": 400,
		"INSUFFICIENT_QUOTA": 403, "FAIL_ON_1": 200, "FAIL_ON_2": 200, "INTERNAL_SERVER_ERROR": 500,
	}
	// Products with their own documented texts: the data-verification
	// family's 400 (docs/vendors/verihubs.md#s4-2, income examples).
	own := map[string]map[int]string{
		"certificateElectronicVerify": {http.StatusBadRequest: "Invalid payload"},
		// The OCR products' quota is a 400 (docs/vendors/verihubs.md#s4-3).
		"ocrNpwp": {http.StatusBadRequest: "Insufficient quota"},
	}
	h := mocktest.New(t)
	v, ok := h.Server.Catalogue().Vendor("verihubs")
	if !ok {
		t.Fatal("no verihubs in the catalogue")
	}
	// The seed sample (FAIL_ON_2), docs/vendors/verihubs.md#vh-2 (the clean pass and FAIL_ON_1) and
	// docs/vendors/verihubs.md#s4-3's face success text.
	texts := map[[2]string]string{
		{"idForgery", "FAIL_ON_2"}: "Forgery detected",
		{"idForgery", "FRG-1"}:     "Forgery not detected",
		{"idForgery", "FRG-3"}:     "Forgery not detected",
		{"idForgery", "FAIL_ON_1"}: "Fail on quality",
		{"faceCompare", "OK"}:      "Request Success",
		{"faceLiveness", "OK"}:     "Request Success",
	}
	pinned := map[[2]string]bool{}
	seen := map[string]bool{}
	for _, ep := range v.Endpoints() {
		for _, a := range ep.Answers {
			seen[a.Code] = true
			want, ok := byStatus[a.HTTP]
			if w, mine := own[ep.OperationID][a.HTTP]; mine {
				want, ok = w, true
			}
			if strings.Contains(ep.OperationID, "Otp") {
				// OTP's own texts, pinned below by code.
				want, ok = otpTexts[a.Code], a.Code != "INSUFFICIENT_QUOTA" // TestOTPQuotaTexts
			}
			if ok && a.Message != want {
				t.Errorf("%s %s: HTTP %d with %q, the docs' %d says %q", ep.OperationID, a.Code, a.HTTP, a.Message, a.HTTP, want)
			}
			if status, ok := listed[a.Code]; ok && a.HTTP != status {
				t.Errorf("%s %s: HTTP %d, the docs list %d", ep.OperationID, a.Code, a.HTTP, status)
			}
			if (strings.HasPrefix(a.Code, "INVALID_PAYLOAD") || strings.HasPrefix(a.Code, "MISSING_PAYLOAD")) && a.HTTP != http.StatusBadRequest {
				t.Errorf("%s %s: HTTP %d, want 400 like every payload error", ep.OperationID, a.Code, a.HTTP)
			}
			if want, ok := texts[[2]string{ep.OperationID, a.Code}]; ok {
				pinned[[2]string{ep.OperationID, a.Code}] = true
				if a.Message != want {
					t.Errorf("%s %s: %q, the docs say %q", ep.OperationID, a.Code, a.Message, want)
				}
			}
		}
	}
	for k := range otpTexts {
		if !seen[k] {
			t.Errorf("OTP's %s is in no endpoint's catalogue", k)
		}
	}
	for k := range texts {
		if !pinned[k] {
			t.Errorf("%s %s: no such answer in the catalogue", k[0], k[1])
		}
	}
	for code := range listed {
		if !seen[code] {
			t.Errorf("the docs' %s is in no endpoint's catalogue", code)
		}
	}
}

// otpTexts are the OTP pages' literals (docs/vendors/verihubs.md#b3-2, #b3-3): the
// leading space of " OTP not found" is the docs'. The 403 has two texts,
// WhatsApp's and SMS's sandbox one.
var otpTexts = map[string]string{
	"OTP_SENT":              "OTP sent successfully",
	"OTP_VERIFIED":          "OTP has been verified",
	"VALIDATION_ERROR":      "Validation error",
	"MSISDN_INVALID":        "Msisdn invalid: msisdn length should between 4-16 characters",
	"MSISDN_BLOCKED":        "Msisdn invalid: msisdn has been blocked",
	"TOO_MANY_REQUESTS":     "Too many request in the allowed time frame",
	"OTP_NOT_FOUND":         " OTP not found",
	"TIME_LIMIT_EXCEEDED":   "OTP cannot be verified because Time limit exceeded",
	"AUTHORIZATION_FAILED":  "Authorization failed",
	"INTERNAL_SERVER_ERROR": "Internal server error",
}

// TestOTPQuotaTexts: WhatsApp's 403 says "Quota insufficient", SMS's and
// flash call's "OTP testing quota is insufficient".
func TestOTPQuotaTexts(t *testing.T) {
	for op, ep := range endpoints {
		a, ok := ep.Answer("INSUFFICIENT_QUOTA", "")
		if !ok || !strings.Contains(op, "Otp") {
			continue
		}
		want := "OTP testing quota is insufficient"
		if strings.HasPrefix(op, "whatsapp") {
			want = "Quota insufficient"
		}
		if a.Message != want || a.HTTP != http.StatusForbidden {
			t.Errorf("%s: %d %q, want 403 %q", op, a.HTTP, a.Message, want)
		}
	}
}
