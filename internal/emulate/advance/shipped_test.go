package advance_test

import (
	"encoding/json"
	"testing"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestShippedScenarios: the rules in scenarios/advance.yaml do what their
// comments say, through HTTP on a mock with no rules of its own.
func TestShippedScenarios(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	rec := func(c call) (code, recommendation, pricing string) {
		t.Helper()
		e := decode(t, c.Send(h))
		var d struct{ Recommendation string }
		if e.Code == "SUCCESS" {
			_ = json.Unmarshal(e.Data, &d)
		}
		return e.Code, d.Recommendation, e.PricingStrategy
	}
	for _, tc := range []struct {
		name                string
		c                   call
		code, data, pricing string
	}{
		{"service down on identity check", identityCall("3171010101010000", "X"), "RETRY_LATER", "", "FREE"},
		{"service down on KTP OCR", upload(t, ktpPath, file("ocrImage", mocktest.Image(t, imagecheck.FixtureSpec{Marker: "nik=3171010101010000"}))), "RETRY_LATER", "", "FREE"},
		{"blacklisted NIK v3", blacklistCall(t, blacklistV3Path, "3171010101030000", "X", cleanPhone), "SUCCESS", "REJECT", "PAY"},
		{"blacklisted NIK v5", blacklistCall(t, blacklistV5Path, "3171010101030000", "X", cleanPhone), "SUCCESS", "REJECT", "PAY"},
		{"phone to verify v4", blacklistCall(t, blacklistV4Path, budiNIK, "X", "81000000504"), "SUCCESS", "NEEDS_VERIFICATION", "PAY"},
		{"other NIK passes", blacklistCall(t, blacklistV4Path, budiNIK, "X", cleanPhone), "SUCCESS", "PASS", "FREE"},
		{"person not found v2", jsonCall(t, identityV2Path, map[string]string{"idNumber": "3171010101040000", "name": "X"}), "PERSON_NOT_FOUND", "", "FREE"},
		{"person not found v4", jsonCall(t, identityV4Path, map[string]string{"idNumber": "3171010101040000", "name": "X"}), "PERSON_NOT_FOUND", "", "FREE"},
		{"bank source down", jsonCall(t, bankPath, map[string]string{"bankCode": "BNIAIDJA", "bankAccount": "9999999991"}), "RETRY_LATER", "", "FREE"},
		{"liveness unfinished", jsonCall(t, livenessPath, map[string]string{"livenessId": "unfinished"}), "RESULT_NOT_FOUND", "", "FREE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, data, pricing := rec(tc.c); code != tc.code || data != tc.data || pricing != tc.pricing {
				t.Errorf("got %s %q %s, want %s %q %s", code, data, pricing, tc.code, tc.data, tc.pricing)
			}
		})
	}
	raw, e := ok(t, h, jsonCall(t, bankPath, map[string]string{"bankCode": "BNIAIDJA", "bankAccount": "9999999990"}))
	if string(raw) != `{"accountExists":false,"accountName":null}` || e.PricingStrategy != "PAY" {
		t.Errorf("absent account: %s %s", raw, e.PricingStrategy)
	}
}
