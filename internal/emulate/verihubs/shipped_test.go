package verihubs_test

import (
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestShippedScenarios fires every rule of scenarios/verihubs.yaml over
// HTTP (the harness validates each body against specs/verihubs.yaml) and
// checks that values next to the rules' own are answered naturally.
func TestShippedScenarios(t *testing.T) {
	const blocked, refusedNIK = "6280000000409", "3171010101030000"
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	for _, tc := range []struct {
		name, rule string
		r          req
		status     int
		code       string
	}{
		{"blocked on SMS v2", "verihubs-blocked-msisdn", post("smsOtpSendV2", js("msisdn", blocked)), 409, "MSISDN_BLOCKED"},
		{"blocked on WhatsApp v1", "verihubs-blocked-msisdn", post("whatsappOtpSendV1", js("msisdn", blocked, "lang_code", "id")), 409, "MSISDN_BLOCKED"},
		{"blocked on flash call", "verihubs-blocked-msisdn", post("flashcallOtpSendV2", js("msisdn", blocked)), 409, "MSISDN_BLOCKED"},
		{"a neighbour is sent", "", post("smsOtpSendV2", js("msisdn", "6280000000408")), 201, "OTP_SENT"},
		{"verify of the number is not the rule's", "", post("smsOtpVerifyV2", js("msisdn", blocked, "otp", "1234")), 404, "OTP_NOT_FOUND"},
		{"sertel not_verified", "verihubs-sertel-not-verified", post("certificateElectronicVerify", sertelBody(t, "nik", refusedNIK, "email", "s@example.com", "phone", "6281200000077")), 200, "not_verified"},
		{"sertel, the person's own NIK", "", post("certificateElectronicVerify", sertelBody(t)), 200, "verified"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := tc.r.Send(h)
			if res.Status != tc.status {
				t.Fatalf("HTTP %d %s, want %d", res.Status, res.Body, tc.status)
			}
			e := h.LastEntry()
			want := emulate.WhyScenario
			if tc.rule == "" {
				want = emulate.WhyNatural
			}
			if e.Code != tc.code || e.Why != want || e.Rule != tc.rule {
				t.Errorf("journal %s why %s rule %q, want %s %s %q", e.Code, e.Why, e.Rule, tc.code, want, tc.rule)
			}
		})
	}
}
