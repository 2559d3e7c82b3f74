package scenario

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, that every error names the file,
// and that every rule it accepts is usable: it survives the admin API's JSON
// form unchanged, and a request built from its own match keys resolves to it.
func FuzzParse(f *testing.F) {
	seeds := []string{
		exampleFile,
		"scenarios: []\n",
		"",
		"scenarios:\n  - name: a\n  vendor: b\n",
		"scenarios:\n  - {name: a, vendor: verihubs, respond: {code: OK}, times: 2}\n",
		"x-m: &m {credential: c}\nscenarios:\n  - &b {name: a, vendor: verihubs, match: *m, respond: {code: OK}}\n  - {<<: *b, name: b}\n",
		"scenarios:\n  - name: a\n    vendor: verihubs\n    match: &m {header: *m}\n    respond: {code: OK}\n",
		"scenarios:\n  - name: a\n    vendor: verihubs\n    respond: {set: {a: &x [*x]}}\n",
		"scenarios:\n  - {name: a, vendor: izidata, match: {phone: '0838 9957', digest: ABCDEF0123}, respond: {code: NOT_FOUND_MD5, delay: 1ms}}\n",
		"scenarios:\n  - {name: a, vendor: verihubs, respond: {fault: timeout}}\n---\nscenarios: []\n",
		"scenarios:\n  - {name: a, vendor: verihubs, match: {field: {'': x}, header: {'X-A': ''}}, respond: {code: OK}}\n",
	}
	sourceRE := regexp.MustCompile(`^fuzz\.yaml:[1-9][0-9]*$`)
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	cat := testCatalogue()
	f.Fuzz(func(t *testing.T, data []byte) {
		rules, err := Parse("fuzz.yaml", data, cat)
		if err != nil {
			if rules != nil {
				t.Fatalf("rules returned with an error")
			}
			for _, line := range errorLines(t, err) {
				if !strings.HasPrefix(line, "fuzz.yaml:") {
					t.Fatalf("error without file: %q", line)
				}
			}
			return
		}
		for _, r := range rules {
			if !sourceRE.MatchString(r.Source) {
				t.Fatalf("source %q", r.Source)
			}
			body, err := json.Marshal(r)
			if err != nil {
				t.Fatalf("marshal %+v: %v", r, err)
			}
			back, err := ParseJSONRule(body, cat)
			if err != nil {
				t.Fatalf("accepted by Parse, rejected as JSON %s: %v", body, err)
			}
			back.Source = r.Source
			if again, _ := json.Marshal(back); string(again) != string(body) {
				t.Fatalf("JSON round trip changed the rule:\n%s\n%s", body, again)
			}
			s := NewSet(cat)
			if err := s.SetGroup(GroupDir, []Rule{r}); err != nil {
				t.Fatalf("SetGroup rejected a parsed rule: %v", err)
			}
			f := factsFor(cat, r)
			if o := s.Resolve(f); o == nil || o.Rule != r.Name {
				t.Fatalf("rule %+v does not match its own facts %+v: %+v", r, f, o)
			}
		}
	})
}

// factsFor builds a request that every match key of r accepts, on an
// endpoint where r applies.
func factsFor(cat Catalogue, r Rule) Facts {
	f := Facts{Vendor: r.Vendor, Endpoint: r.Endpoint}
	if f.Endpoint == "" {
		for _, ep := range cat.Endpoints(r.Vendor) {
			if r.Respond.Code == "" || slices.Contains(cat.Codes(r.Vendor, ep), r.Respond.Code) {
				f.Endpoint = ep
				break
			}
		}
	}
	m := r.Match
	f.Credential, f.NIK, f.Phone = m.Credential, m.NIK, m.Phone
	if m.Digest != "" {
		f.Digests = []string{strings.ToLower(m.Digest)}
	}
	if m.Marker != "" {
		f.Markers = []map[string]string{{"scenario": m.Marker}}
	}
	f.Header = http.Header{}
	for k, v := range m.Header {
		f.Header.Add(k, v)
	}
	f.Fields = m.Field
	return f
}
