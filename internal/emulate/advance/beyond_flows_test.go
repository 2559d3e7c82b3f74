package advance_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/advance"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// ok sends c and returns its SUCCESS data, failing otherwise.
func ok(t *testing.T, h *mocktest.Harness, c call) (json.RawMessage, envelope) {
	t.Helper()
	e := decode(t, c.Send(h))
	if e.Code != "SUCCESS" {
		t.Fatalf("%s: %s %q", c.path, e.Code, e.Message)
	}
	return e.Data, e
}

func unmarshal(t *testing.T, raw []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
}

// The velocity counters of a NIK are one set across the mock: ADVANCE's
// multi-platform v3, v6 and v11 and eKYCPro's /v1/ididinquiries agree
// (docs/vendors/advance.md#b1-5).
func TestMultiPlatformAgreesWithInquiries(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig+"  ekycpro:\n    credentials:\n      - {id: AbcdEfgh}\n"))
	for _, nik := range []string{budiNIK, "3273015507950002", "5171010101900003"} {
		res := h.PostForm("/ekycpro/v1/ididinquiries", url.Values{"id": {nik}}, http.Header{"X-API-Key": {"AbcdEfgh"}})
		var inq struct {
			Status  string
			Message map[string]int
		}
		unmarshal(t, res.Body, &inq)
		want := []int{inq.Message["07d"], inq.Message["14d"], inq.Message["21d"], inq.Message["30d"], inq.Message["60d"], inq.Message["90d"], inq.Message["total"] - inq.Message["90d"]}

		raw, _ := ok(t, h, jsonCall(t, multiV3Path, map[string]string{"idNumber": nik}))
		var v3 struct {
			Records []struct {
				QueryCount int
				QueryDates []string
			}
			Statistics []struct {
				QueryCount int
				TimePeriod string
			}
		}
		unmarshal(t, raw, &v3)
		raw, _ = ok(t, h, jsonCall(t, multiV6Path, map[string]string{"idNumber": nik}))
		var v6 struct {
			TotalCustomerNumber   int
			StatisticCustomerInfo []struct{ QueryCount int }
			CustomerNumberList    []struct{ CustomerNumber int }
		}
		unmarshal(t, raw, &v6)
		raw, _ = ok(t, h, jsonCall(t, multiV11Path, map[string]string{"idNumber": nik, "phoneNumber": "+6281234567890"}))
		var v11 map[string]*float64
		unmarshal(t, raw, &v11)

		records, listed := 0, 0
		for _, r := range v3.Records {
			records += r.QueryCount
		}
		for _, c := range v6.CustomerNumberList {
			listed += c.CustomerNumber
		}
		if records != inq.Message["total"] || v6.TotalCustomerNumber != inq.Message["total"] || listed != inq.Message["total"] {
			t.Errorf("%s: total %d, v3 records %d, v6 total %d and per day %d", nik, inq.Message["total"], records, v6.TotalCustomerNumber, listed)
		}
		for i, w := range want {
			g11 := v11["GD_X_"+string(rune('1'+i))]
			if v3.Statistics[i].QueryCount != w || v6.StatisticCustomerInfo[i].QueryCount != w || g11 == nil || int(*g11) != w {
				t.Errorf("%s period %s: inquiries %d, v3 %d, v6 %d, v11 %v", nik, v3.Statistics[i].TimePeriod, w, v3.Statistics[i].QueryCount, v6.StatisticCustomerInfo[i].QueryCount, g11)
			}
		}
		if len(v11) != 36 {
			t.Errorf("v11 has %d features, want GD_X_1..GD_X_36", len(v11))
		}
	}
}

// A signatureId of the mock resolves to one stable result; one it did not
// issue does not (docs/vendors/advance.md#b1-7).
func TestLivenessFlow(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	var sig struct{ SignatureID string }
	raw, e := ok(t, h, call{method: http.MethodGet, path: signaturePath})
	unmarshal(t, raw, &sig)
	if e.PricingStrategy != "FREE" {
		t.Errorf("generate-signature-id is %s, want FREE", e.PricingStrategy)
	}
	raw2, _ := ok(t, h, jsonCall(t, signaturePath, map[string]string{}))
	var sig2 struct{ SignatureID string }
	unmarshal(t, raw2, &sig2)
	if sig.SignatureID == sig2.SignatureID {
		t.Fatalf("two calls gave the same signatureId %s", sig.SignatureID)
	}
	first, _ := ok(t, h, jsonCall(t, livenessPath, map[string]string{"signatureId": sig.SignatureID}))
	again, _ := ok(t, h, jsonCall(t, livenessPath, map[string]string{"signatureId": sig.SignatureID, "livenessId": "ignored"}))
	if string(first) != string(again) {
		t.Errorf("the result of %s changed:\n%s\n%s", sig.SignatureID, first, again)
	}
	var d struct {
		DetectionResult string
		LivenessScore   float64
		AttackType      *int
		ImageFarURL     string
	}
	unmarshal(t, first, &d)
	if (d.DetectionResult == "PASS") != (d.LivenessScore >= 50 && d.AttackType == nil) || !strings.Contains(d.ImageFarURL, sig.SignatureID) {
		t.Errorf("inconsistent result %s", first)
	}
	b64, _ := ok(t, h, jsonCall(t, livenessPath, map[string]string{"signatureId": sig.SignatureID, "resultType": "IMAGE_BASE64"}))
	var img struct{ ImageFarURL string }
	unmarshal(t, b64, &img)
	if bs, err := imagecheck.DecodeBase64(img.ImageFarURL); err != nil || imagecheck.Sniff(bs) != imagecheck.JPEG {
		t.Errorf("IMAGE_BASE64 frame is not a base64 JPEG: %v", err)
	}
	tampered := sig.SignatureID[:31] + string("0123456789abcdef"[(strings.IndexByte("0123456789abcdef", sig.SignatureID[31])+1)%16])
	if e := decode(t, jsonCall(t, livenessPath, map[string]string{"signatureId": tampered}).Send(h)); e.Code != "LIVENESS_ID_NOT_EXISTED" {
		t.Errorf("tampered signatureId: %s", e.Code)
	}
	var lic struct {
		License         string
		ExpireTimestamp int64
	}
	raw, _ = ok(t, h, jsonCall(t, licensePath, map[string]any{}))
	unmarshal(t, raw, &lic)
	if lic.ExpireTimestamp != mocktest.Epoch.UnixMilli()+600_000 || lic.License == "" {
		t.Errorf("default license %+v, want 600 s from the clock", lic)
	}
}

// X-ADVAI-KEY is the account's static key (docs/vendors/advance.md#bs-7): it
// authenticates instead of a token, even beside a stale one, and is
// journaled under the account.
func TestStaticKey(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	c := identityCall(budiNIK, "BUDI").withKey(demoKey, viaStatic)
	ok(t, h, c)
	if e := h.LastEntry(); e.Credential != demoKey {
		t.Errorf("journaled under %q, want %q", e.Credential, demoKey)
	}
	c.auth, c.header = viaRaw, http.Header{"X-Advai-Key": {staticKey}, "X-Access-Token": {"stale"}}
	ok(t, h, c)
	c.header = http.Header{"X-Advai-Key": {"wrong"}, "X-Access-Token": {token(h, demoKey, nil)}}
	ok(t, h, c) // a wrong key beside a good token: the token decides
	c.header = http.Header{"X-Advai-Key": {"wrong"}, "X-Access-Token": {"stale"}}
	if e := decode(t, c.Send(h)); e.Message != advance.MsgIAMDenied {
		t.Errorf("wrong key and stale token: %s %q", e.Code, e.Message)
	}
}

// The bank account check names the configured holder (the same name
// identity check gives that NIK), or the person the account picks; a
// listed or rule-set account does not exist and is still charged
// (docs/vendors/advance.md#b1-8).
func TestBankAccounts(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	bank := func(code, acct string) (accountName *string, exists bool, pricing string) {
		raw, e := ok(t, h, jsonCall(t, bankPath, map[string]string{"bankCode": code, "bankAccount": acct}))
		var d struct {
			AccountExists bool
			AccountName   *string
		}
		unmarshal(t, raw, &d)
		return d.AccountName, d.AccountExists, e.PricingStrategy
	}
	var id struct{ Name string }
	raw, _ := ok(t, h, identityCall(budiNIK, "BUDI"))
	unmarshal(t, raw, &id)
	if n, ex, _ := bank("bniaidja", "1234567890"); !ex || n == nil || *n != id.Name {
		t.Errorf("held account: exists %v name %v, want %q", ex, n, id.Name)
	}
	a, _, _ := bank("BRINIDJA", "55501234")
	b, _, _ := bank("BRINIDJA", "55501234")
	if a == nil || b == nil || *a != *b {
		t.Errorf("an account's holder is not stable: %v %v", a, b)
	}
	for _, acct := range [][2]string{{"BNIAIDJA", "0000000000"}, {"CENAIDJA", "1111111111"}} {
		if n, ex, p := bank(acct[0], acct[1]); ex || n != nil || p != "PAY" {
			t.Errorf("%v: exists %v name %v pricing %s, want absent, null, PAY", acct, ex, n, p)
		}
	}
	if _, ex, _ := bank("BCAIDJA", "1111111111"); !ex {
		t.Error("1111111111 is absent only at CENAIDJA")
	}
	h.AddRules(setRule("bankAccountCheck", "data.accountExists", false))
	if n, ex, _ := bank("BNIAIDJA", "1234567890"); ex || n != nil {
		t.Errorf("rule set accountExists false: got %v %v", ex, n)
	}
}

// Identity check is the registry record: v2, v3 and v4 agree with each
// other and with KTP OCR of the same NIK; with person_not_found off a NIK
// of no district gets its stand-in person (docs/vendors/advance.md#bs-1).
func TestIdentityRegistry(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	var bodies []string
	for _, p := range []string{identityV2Path, identityPath, identityV4Path} {
		raw, _ := ok(t, h, jsonCall(t, p, map[string]string{"idNumber": budiNIK, "name": "budi"}))
		bodies = append(bodies, string(raw))
	}
	if bodies[0] != bodies[1] || bodies[1] != bodies[2] {
		t.Errorf("versions disagree:\n%s", strings.Join(bodies, "\n"))
	}
	raw, _ := ok(t, h, upload(t, ktpV1Path, file("ocrImage", mocktest.Image(t, imagecheck.FixtureSpec{Marker: "nik=" + budiNIK}))))
	var ktp, reg struct{ Name, IDNumber, Village string }
	unmarshal(t, raw, &ktp)
	unmarshal(t, []byte(bodies[0]), &reg)
	if ktp != reg {
		t.Errorf("KTP OCR v1 %+v, identity check %+v", ktp, reg)
	}
	raw, _ = ok(t, h, upload(t, ocrV2Path, file("ocrImage", mocktest.Image(t, imagecheck.FixtureSpec{Marker: "nik=" + budiNIK}))))
	var v2 map[string]string
	unmarshal(t, raw, &v2)
	if len(v2) != 2 || v2["idNumber"] != budiNIK || v2["name"] != reg.Name {
		t.Errorf("ocr-check v2 %v, want idNumber and name of %+v", v2, reg)
	}

	off := mocktest.New(t, mocktest.WithConfig(accessConfig+"      person_not_found: false\n"))
	ok(t, off, identityCall(unregisteredNIK, "X"))
}

// The blacklist's rows follow the hits; v3 alone has defaultResult
// (docs/vendors/advance.md#b1-4, #bs-3, #bs-4).
func TestBlacklistData(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	type data struct {
		Recommendation    string
		DefaultListResult []struct{ HitReason string }
		DefaultResult     *map[string]any
	}
	check := func(path, nik, name, phone, rec string, reasons ...string) data {
		t.Helper()
		raw, e := ok(t, h, blacklistCall(t, path, nik, name, phone))
		var d data
		unmarshal(t, raw, &d)
		var got []string
		for _, r := range d.DefaultListResult {
			got = append(got, r.HitReason)
		}
		if d.Recommendation != rec || strings.Join(got, ",") != strings.Join(reasons, ",") || (e.PricingStrategy == "FREE") != (rec == "PASS") {
			t.Errorf("%s %s %s: %s %v %s, want %s %v", nik, name, phone, d.Recommendation, got, e.PricingStrategy, rec, reasons)
		}
		return d
	}
	if d := check(blacklistV3Path, listedNIK, listedName, listedPhone, "REJECT", "ID_NUMBER", "PHONE_NUMBER", "NAME"); d.DefaultResult == nil {
		t.Error("v3 without defaultResult")
	}
	if d := check(blacklistV5Path, budiNIK, " listed   name ", cleanPhone, "PASS", "NAME"); d.DefaultResult != nil {
		t.Error("v5 with defaultResult")
	}
	check(blacklistV4Path, budiNIK, "BUDI", "0"+listedPhone, "NEEDS_VERIFICATION", "PHONE_NUMBER")
	check(blacklistV4Path, budiNIK, "BUDI", cleanPhone, "PASS")
}

// Every list setting refuses a malformed value with the vendor's reason.
func TestListSettings(t *testing.T) {
	for _, bad := range []string{
		"blacklist: {niks: ['123']}",
		"blacklist: {phones: ['+1 555 0100']}",
		"blacklist: {names: ['  ']}",
		"bank_accounts: {absent: ['BNI-AIDJA/123']}",
		"bank_accounts: {holders: {'123': '1'}}",
		"static_keys: {nobody: k}",
		"static_keys: {a: k, b: k}",
		"static_keys: {a: ' k'}",
	} {
		cfg, err := config.Parse("t.yaml", []byte("vendors:\n  advance:\n    credentials:\n      - {id: a, secret: s}\n      - {id: b, secret: s}\n    settings:\n      "+bad+"\n"))
		if err != nil {
			t.Fatalf("%s: %v", bad, err)
		}
		if _, err := advance.New(cfg.Vendors["advance"]); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}

// advanceFacts is the page the sources cite (split from its anchors so
// that the citation check does not read the prefix as a citation).
const advanceFacts = "docs/vendors/advance.md"

// The admin catalogue says where each ADVANCE endpoint comes from: the seed
// endpoints from the seed docs, those beyond it from vendor docs, client
// code or inference with their section as source, and an inferred shape
// shows on every answer of its endpoint.
func TestCatalogueEvidence(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	res := h.Do(h.Request(http.MethodGet, "/__admin/catalogue?vendor=advance", nil, nil))
	var cat admin.Catalogue
	unmarshal(t, res.Body, &cat)
	want := map[string]emulate.Evidence{
		"generateToken": emulate.EvidenceSeed, "kkOcr": emulate.EvidenceSeed, "ktpOcr": emulate.EvidenceSeed,
		"faceCompare": emulate.EvidenceSeed, "idForgery": emulate.EvidenceSeed, "identityCheck": emulate.EvidenceSeed,
		"ktpOcrV1": emulate.EvidenceClientCode, "ocrCheckV2": emulate.EvidenceClientCode,
		"identityCheckV2": emulate.EvidenceClientCode, "identityCheckV4": emulate.EvidenceClientCode,
		"blacklistCheckV3": emulate.EvidenceClientCode, "blacklistCheckV4": emulate.EvidenceClientCode, "blacklistCheckV5": emulate.EvidenceClientCode,
		"multiPlatformV3": emulate.EvidenceClientCode, "multiPlatformV6": emulate.EvidenceClientCode, "multiPlatformV11": emulate.EvidenceVendorDocs,
		"faceCompareV2": emulate.EvidenceClientCode, "faceCompareV3": emulate.EvidenceClientCode, "idCheckV2": emulate.EvidenceClientCode,
		"livenessLicense": emulate.EvidenceVendorDocs, "documentLicense": emulate.EvidenceVendorDocs,
		"generateSignatureId": emulate.EvidenceClientCode, "generateSignatureIdGet": emulate.EvidenceClientCode,
		"livenessResult": emulate.EvidenceVendorDocs, "bankAccountCheck": emulate.EvidenceVendorDocs,
		"teleIdentityCheck": emulate.EvidenceInferred, "teleAuthentication": emulate.EvidenceInferred,
		"scoring": emulate.EvidenceInferred, "companyCheck": emulate.EvidenceInferred,
	}
	seen := 0
	for _, ep := range cat.Endpoints {
		if ep.Vendor != "advance" {
			continue
		}
		seen++
		if ep.Evidence != want[ep.OperationID] {
			t.Errorf("%s: evidence %q, want %q", ep.OperationID, ep.Evidence, want[ep.OperationID])
		}
		if ep.Evidence != emulate.EvidenceSeed && !strings.HasPrefix(ep.Source, advanceFacts+"#b1-") {
			t.Errorf("%s: source %q", ep.OperationID, ep.Source)
		}
		for _, a := range ep.Answers {
			switch {
			case a.Evidence == "":
				t.Errorf("%s %s %q: no evidence", ep.OperationID, a.Code, a.Message)
			case ep.Evidence == emulate.EvidenceInferred && a.Evidence != emulate.EvidenceInferred,
				a.Code == "TEST_ACCOUNT_REACHED_LIMITATION" && a.Evidence != emulate.EvidenceInferred:
				t.Errorf("%s %s %q: evidence %s, want inferred", ep.OperationID, a.Code, a.Message, a.Evidence)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("%d ADVANCE endpoints in the catalogue, want %d", seen, len(want))
	}
}
