package scenario

import (
	"strings"
	"testing"
)

// A rule that only delays or faults names no vendor and applies to every
// vendor and endpoint; a rule that forces a code, message or body, or names
// an endpoint, still needs its vendor.
func TestVendorlessRules(t *testing.T) {
	s := newTestSet(t, "scenarios:\n  - {name: slow-everywhere, match: {header: {X-Slow: yes}}, respond: {delay: 2s}}\n"+
		"  - {name: reset-everywhere, respond: {fault: connection_reset}}\n", "")
	for _, vendor := range []string{"verihubs", "izidata", "advance", "accuauth", "ekycpro"} {
		f := Facts{Vendor: vendor, Endpoint: "nope-not-an-endpoint", Credential: "c"}
		if got := ruleName(s.Resolve(f)); got != "reset-everywhere" {
			t.Errorf("%s: rule %s, want reset-everywhere", vendor, got)
		}
	}
	f := forgeryFacts()
	f.Header = map[string][]string{"X-Slow": {"yes"}}
	if o := s.Resolve(f); o == nil || o.Rule != "slow-everywhere" || o.Delay.String() != "2s" {
		t.Errorf("slow rule: %+v", o)
	}

	for _, src := range []string{
		"scenarios:\n  - {name: a, respond: {code: OK}}\n",
		"scenarios:\n  - {name: a, respond: {fault: timeout, set: {x: 1}}}\n",
		"scenarios:\n  - {name: a, endpoint: idForgery, respond: {fault: timeout}}\n",
		"scenarios:\n  - {name: a, respond: {delay: 1s, code: OK, message: m}}\n",
	} {
		_, err := Parse("t.yaml", []byte(src), testCatalogue())
		if err == nil || !strings.Contains(err.Error(), `t.yaml:2: missing required key "vendor"`) {
			t.Errorf("%q: err = %v, want the vendor required", src, err)
		}
	}
}
