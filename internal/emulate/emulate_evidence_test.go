package emulate

import "testing"

func TestEvidenceOf(t *testing.T) {
	seed := &Endpoint{}
	beyond := &Endpoint{Evidence: EvidenceClientCode}
	cases := []struct {
		ep   *Endpoint
		a    Answer
		want Evidence
	}{
		{seed, Answer{}, EvidenceSeed},
		{seed, Answer{Inferred: true}, EvidenceInferred},
		{beyond, Answer{}, EvidenceClientCode},
		{beyond, Answer{Inferred: true}, EvidenceInferred},
		{beyond, Answer{Evidence: EvidenceVendorDocs}, EvidenceVendorDocs},
		{seed, Answer{Evidence: EvidenceVendorDocs, Inferred: true}, EvidenceVendorDocs},
	}
	for i, c := range cases {
		if got := c.ep.EvidenceOf(c.a); got != c.want {
			t.Errorf("case %d: EvidenceOf = %q, want %q", i, got, c.want)
		}
	}
	if seed.EndpointEvidence() != EvidenceSeed || beyond.EndpointEvidence() != EvidenceClientCode {
		t.Error("EndpointEvidence")
	}
}
