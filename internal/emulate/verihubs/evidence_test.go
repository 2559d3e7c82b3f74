package verihubs_test

import (
	"os"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// TestEndpointSources: every endpoint says where it comes from, with a
// Source that is an anchor of docs/vendors/verihubs.md; only ID Forgery is
// the seed document's.
func TestEndpointSources(t *testing.T) {
	doc, err := os.ReadFile("../../../docs/vendors/verihubs.md")
	if err != nil {
		t.Fatal(err)
	}
	for op, ep := range endpoints {
		file, anchor, ok := strings.Cut(ep.Source, "#")
		if !ok || file != "docs/vendors/verihubs.md" || !strings.Contains(string(doc), `<a id="`+anchor+`"></a>`) {
			t.Errorf("%s: source %q is no anchor of docs/vendors/verihubs.md", op, ep.Source)
		}
		if (ep.EndpointEvidence() == emulate.EvidenceSeed) != (op == "idForgery") {
			t.Errorf("%s: evidence %s", op, ep.EndpointEvidence())
		}
	}
}
