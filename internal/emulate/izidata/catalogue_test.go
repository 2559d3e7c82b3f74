package izidata_test

import (
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestCatalogueEvidence: GET /__admin/catalogue says where each iziData
// and eKYCPro endpoint comes from (the seed docs, the vendor's other docs
// pages, client code, or a guess), with a docs/vendors citation for every
// one beyond the seed, and marks an answer whose text is a guess inferred
// even on an endpoint seen in client code.
func TestCatalogueEvidence(t *testing.T) {
	h := mocktest.New(t)
	res, err := h.Client.Get(h.HTTP.URL + "/__admin/catalogue")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("HTTP %d", res.StatusCode)
	}
	raw, _ := io.ReadAll(res.Body)
	var cat admin.Catalogue
	if err := json.Unmarshal(raw, &cat); err != nil {
		t.Fatalf("%v: %.300s", err, raw)
	}
	want := map[string]emulate.Evidence{
		"izidata/idOcr": emulate.EvidenceSeed, "izidata/fraud": emulate.EvidenceSeed,
		"izidata/salary": emulate.EvidenceClientCode, "izidata/phoneAgeV2": emulate.EvidenceClientCode, "izidata/phoneAgeV3": emulate.EvidenceClientCode,
		"izidata/blacklist": emulate.EvidenceClientCode, "izidata/identityCheckV2": emulate.EvidenceClientCode,
		"izidata/identityCheckV3": emulate.EvidenceInferred, "izidata/phoneVerify": emulate.EvidenceInferred, "izidata/officialFaceCompare": emulate.EvidenceInferred,
		"izidata/bankIdCheck": emulate.EvidenceInferred,
		"ekycpro/idOcr":       emulate.EvidenceSeed, "ekycpro/idCheck": emulate.EvidenceVendorDocs, "ekycpro/balance": emulate.EvidenceVendorDocs,
		"ekycpro/mexicoIdInquiries": emulate.EvidenceVendorDocs,
	}
	seen := 0
	for _, ep := range cat.Endpoints {
		if ep.Vendor != "izidata" && ep.Vendor != "ekycpro" {
			continue
		}
		key := ep.Vendor + "/" + ep.OperationID
		if w, ok := want[key]; ok {
			seen++
			if ep.Evidence != w {
				t.Errorf("%s: evidence %q, want %q", key, ep.Evidence, w)
			}
		}
		if (ep.Evidence == emulate.EvidenceSeed) != (ep.Source == "") || ep.Source != "" && !strings.HasPrefix(ep.Source, "docs/vendors/"+ep.Vendor+".md#") {
			t.Errorf("%s: evidence %q with source %q", key, ep.Evidence, ep.Source)
		}
		for _, a := range ep.Answers {
			if a.Evidence == "" {
				t.Errorf("%s %s: no evidence", key, a.Code)
			}
			if key == "izidata/phoneAgeV2" && a.Code == "PHONENUMBER_NOT_FOUND" && a.Evidence != emulate.EvidenceInferred {
				t.Errorf("%s %s: the text is a default, yet evidence %q", key, a.Code, a.Evidence)
			}
			if key == "izidata/phoneAgeV2" && a.Code == "OK" && a.Evidence != emulate.EvidenceClientCode {
				t.Errorf("%s %s: evidence %q, want the endpoint's client-code", key, a.Code, a.Evidence)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("%d of the %d endpoints looked for are in the catalogue", seen, len(want))
	}
}
