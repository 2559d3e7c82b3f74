package izidata_test

import (
	"net/http"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestShippedScenarios fires every rule of scenarios/izidata.yaml over HTTP
// (the harness validates each body against specs/izidata.yaml), on each
// endpoint it reaches, and checks that values next to the rules' own are
// answered naturally.
func TestShippedScenarios(t *testing.T) {
	const (
		zeros    = "00000000000000000000000000000000"
		downNIK  = "3171010101010000"
		downTel  = "+6281000000503"
		poorNIK  = "3171010101020000"
		poorTel  = "+6281000000402"
		someNIK  = "3171024302821001"
		someTel  = "+62895806600002"
		mismatch = "scenario=not-same-person"
	)
	h := mocktest.New(t)
	for _, tc := range []struct {
		name, rule string // rule "" = answered naturally
		c          call
		code, msg  string
		message    map[string]any // expected message fields, if any
	}{
		{"all-zero md5 id on idinquiries", "izidata-unknown-md5-nik", post("/v1/idinquiries", "id", zeros, "md5", "1"), "NOT_FOUND_MD5", msgNotFoundMD5, nil},
		{"all-zero md5 id on creditscore", "izidata-unknown-md5-nik", post("/v1/creditscore", "id", zeros, "phone", emulate.MD5Hex(someTel), "name", "DESI", "md5", "1"), "NOT_FOUND_MD5", msgNotFoundMD5, nil},
		{"all-zero md5 id on fraud", "izidata-unknown-md5-nik", post("/v1/fraud", "id", zeros, "phone", emulate.MD5Hex(someTel), "md5", "1"), "NOT_FOUND_MD5", msgNotFoundMD5, nil},
		{"all-zero plain id is just invalid", "", post("/v1/idinquiries", "id", zeros), "INVALID_ID_NUMBER", msgInvalidNIK, nil},
		{"other md5 is somebody", "", post("/v1/idinquiries", "id", zeros[1:]+"1", "md5", "1"), "OK", "", nil},
		{"all-zero md5 phone on phoneinquiries", "izidata-unknown-md5-phone", post("/v1/phoneinquiries", "phone", zeros, "md5", "1"), "NOT_FOUND_MD5", msgNotFoundMD5, nil},
		{"all-zero md5 phone on fraud", "izidata-unknown-md5-phone", post("/v1/fraud", "id", emulate.MD5Hex(someNIK), "phone", zeros, "md5", "1"), "NOT_FOUND_MD5", msgNotFoundMD5, nil},
		{"all-zero md5 number on iswhatsapp", "izidata-unknown-md5-whatsapp", post("/v1/iswhatsapp", "number", zeros, "md5", "1"), "NOT_FOUND_MD5", msgNotFoundMD5, nil},

		{"service down NIK on idinquiries", "izidata-service-down-nik", post("/v1/idinquiries", "id", downNIK), "RETRY_LATER", msgServiceDown, nil},
		{"service down NIK on salary", "izidata-service-down-nik", post("/v1/salary", "id", downNIK), "RETRY_LATER", msgServiceDown, nil},
		{"service down NIK on creditscore", "izidata-service-down-nik", post("/v1/creditscore", "id", downNIK, "phone", someTel, "name", "DESI"), "RETRY_LATER", msgServiceDown, nil},
		// KTP OCR's server error is INNER_ERROR: the rule does not reach it.
		{"service down NIK on KTP OCR", "", post("/v1/id_ocr/general", "img", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "nik=" + downNIK})), "OK", "", map[string]any{"id": downNIK}},
		{"service down phone on phoneinquiries", "izidata-service-down-phone", post("/v1/phoneinquiries", "phone", downTel), "RETRY_LATER", msgServiceDown, nil},
		{"service down phone, national form", "izidata-service-down-phone", post("/v1/phoneinquiries", "phone", "081000000503"), "RETRY_LATER", msgServiceDown, nil},
		{"service down phone on iswhatsapp", "izidata-service-down-phone", post("/v1/iswhatsapp", "number", downTel), "RETRY_LATER", msgServiceDown, nil},
		{"service down phone on fraud", "izidata-service-down-phone", post("/v1/fraud", "id", someNIK, "phone", downTel), "RETRY_LATER", msgServiceDown, nil},

		{"poor NIK on idinquiries", "izidata-insufficient-balance-nik", post("/v1/idinquiries", "id", poorNIK), "INSUFFICIENT_BALANCE", "insufficient balance", nil},
		{"poor NIK on KTP OCR", "izidata-insufficient-balance-nik", post("/v1/id_ocr/general", "img", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "nik=" + poorNIK})), "INSUFFICIENT_BALANCE", "insufficient balance", nil},
		{"poor NIK on facecompare, marker on img2", "izidata-insufficient-balance-nik", post("/v1/facecompare", "img1", mocktest.ImageB64(t, imagecheck.FixtureSpec{}), "img2", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "nik=" + poorNIK})), "INSUFFICIENT_BALANCE", "insufficient balance", nil},
		{"poor NIK on idholding", "izidata-insufficient-balance-nik", post("/v1/idholding", "img", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "nik=" + poorNIK})), "INSUFFICIENT_BALANCE", "insufficient balance", nil},
		{"poor phone on phoneinquiries", "izidata-insufficient-balance-phone", post("/v1/phoneinquiries", "phone", poorTel), "INSUFFICIENT_BALANCE", "insufficient balance", nil},
		{"poor phone on /v1/phone", "izidata-insufficient-balance-phone", post("/v1/phone", "number", poorTel, "country", "ID"), "INSUFFICIENT_BALANCE", "insufficient balance", nil},
		{"a neighbour of the poor phone", "", post("/v1/phoneinquiries", "phone", "+6281000000401"), "OK", "", nil},

		{"face mismatch", "izidata-face-mismatch", post("/v1/facecompare", "img1", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: mismatch}), "img2", mocktest.ImageB64(t, imagecheck.FixtureSpec{})),
			"OK", "", map[string]any{"similarity": 27.501, "result": "NOT SAME PERSON"}},
		{"face mismatch, marker on img2", "izidata-face-mismatch", post("/v1/facecompare", "img1", mocktest.ImageB64(t, imagecheck.FixtureSpec{}), "img2", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: mismatch})),
			"OK", "", map[string]any{"similarity": 27.501, "result": "NOT SAME PERSON"}},
		{"id holding mismatch", "izidata-idholding-mismatch", post("/v1/idholding", "img", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: mismatch})),
			"OK", "", map[string]any{"similarity": 27.501, "result": "NOT SAME PERSON"}},
		{"faces without the marker match", "", valid(t, "faceCompare"), "OK", "", map[string]any{"result": "SAME PERSON"}},

		// The endpoints beyond the seed are reached by the same rules.
		{"service down NIK on identitycheck v2", "izidata-service-down-nik", post("/v2/identitycheck", "id", downNIK), "RETRY_LATER", msgServiceDown, nil},
		{"service down NIK on identitycheck v3", "izidata-service-down-nik", post("/v3/identitycheck", "id", downNIK, "name", "X"), "RETRY_LATER", msgServiceDown, nil},
		{"service down NIK on blacklist", "izidata-service-down-nik", post("/v1/blacklist", "id", downNIK, "phone", someTel), "RETRY_LATER", msgServiceDown, nil},
		{"service down phone on phoneage v2", "izidata-service-down-phone", post("/v2/phoneage", "phone", downTel), "RETRY_LATER", msgServiceDown, nil},
		{"service down phone on phoneage v3", "izidata-service-down-phone", post("/v3/phoneage", "phone", "6281000000503"), "RETRY_LATER", msgServiceDown, nil},
		// Phone verify documents no service-down RETRY_LATER: answered naturally.
		{"service down phone on phoneverify", "", post("/v1/phoneverify", "phone", downTel, "id", someNIK), "OK", "NOT_MATCH", nil},
		{"poor NIK on identitycheck v3", "izidata-insufficient-balance-nik", post("/v3/identitycheck", "id", poorNIK), "INSUFFICIENT_BALANCE", "insufficient balance", nil},
		{"poor phone on phoneverify", "izidata-insufficient-balance-phone", post("/v1/phoneverify", "phone", poorTel, "id", someNIK), "INSUFFICIENT_BALANCE", "insufficient balance", nil},
		{"poor NIK on officialfacecompare", "izidata-insufficient-balance-nik", valid(t, "officialFaceCompare").with(func(c *call) { c.form.Set("nik", poorNIK) }), "INSUFFICIENT_BALANCE", "insufficient balance", nil},

		{"blacklisted NIK", "izidata-blacklist-reject", post("/v1/blacklist", "name", "X", "id", "3171010101030000", "phone", someTel), "OK", "REJECT", nil},
		{"blacklisted phone", "izidata-blacklist-needs-verification", post("/v1/blacklist", "name", "X", "id", someNIK, "phone", "081000000301"), "OK", "NEEDS_VERIFICATION", nil},
		{"a neighbour of the blacklisted phone", "", post("/v1/blacklist", "name", "X", "id", someNIK, "phone", "+6281000000302"), "OK", "PASS", nil},
		{"phone age not found, v2", "izidata-phoneage-not-found", post("/v2/phoneage", "phone", "+6281000000404"), "PHONENUMBER_NOT_FOUND", "Phone number not found", nil},
		{"phone age not found, v3", "izidata-phoneage-not-found", post("/v3/phoneage", "phone", "081000000404"), "PHONENUMBER_NOT_FOUND", "Phone number not found", nil},
		{"new SIM", "izidata-phoneage-new-sim", post("/v2/phoneage", "phone", "+6281000000101"), "OK", "", map[string]any{"age": 0.0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := tc.c.Send(h)
			body := res.JSON(t)
			if res.Status != http.StatusOK || body["status"] != tc.code {
				t.Fatalf("HTTP %d %s, want %s", res.Status, res.Body, tc.code)
			}
			if tc.msg != "" && body["message"] != tc.msg {
				t.Errorf("message %v, want %q", body["message"], tc.msg)
			}
			if tc.message != nil {
				m, _ := body["message"].(map[string]any)
				for k, v := range tc.message {
					if m[k] != v {
						t.Errorf("message.%s = %v, want %v (%s)", k, m[k], v, res.Body)
					}
				}
			}
			e := h.LastEntry()
			wantWhy := emulate.WhyScenario
			if tc.rule == "" {
				wantWhy = emulate.WhyNatural
			}
			if e.Why != wantWhy || e.Rule != tc.rule {
				t.Errorf("journal why %s rule %q, want %s %q", e.Why, e.Rule, wantWhy, tc.rule)
			}
		})
	}
}
