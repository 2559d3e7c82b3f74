package scenario

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

const exampleFile = `# A file holds a list of rules. Earlier rules win within a file.
scenarios:
  - name: forged-ktp
    vendor: verihubs
    endpoint: idForgery
    match:
      credential: demo-app-id
      nik: "3171024302821001"
      phone: "+6283899575175"
      digest: 9F86D081884C7D65
      marker: forged
      header: {X-Test-Case: "42"}
      field: {name: BUDI}
    respond:
      code: FAIL_ON_2
      message: Possible forgery detected
      set: {data.forgery: true, data.score: 0.25, data.tags: [a, b], data.extra: {1: one}}
      delay: 1500ms
      fault: http_503
    times: 1
  - name: slow-everything
    vendor: izidata
    respond: {delay: 2s}
`

func TestParseExample(t *testing.T) {
	rules := mustParse(t, exampleFile)
	if len(rules) != 2 {
		t.Fatalf("got %d rules, want 2", len(rules))
	}
	want := Rule{
		Name: "forged-ktp", Vendor: "verihubs", Endpoint: "idForgery",
		Match: Match{
			Credential: "demo-app-id", NIK: "3171024302821001", Phone: "+6283899575175",
			Digest: "9F86D081884C7D65", Marker: "forged",
			Header: map[string]string{"X-Test-Case": "42"},
			Field:  map[string]string{"name": "BUDI"},
		},
		Respond: Respond{
			Code: "FAIL_ON_2", Message: "Possible forgery detected",
			Set: map[string]any{
				"data.forgery": true, "data.score": 0.25,
				"data.tags": []any{"a", "b"}, "data.extra": map[string]any{"1": "one"},
			},
			Delay: 1500 * time.Millisecond, Fault: FaultHTTP503,
		},
		Times:  1,
		Source: "t.yaml:3",
	}
	if !reflect.DeepEqual(rules[0], want) {
		t.Errorf("rule 0:\n got %#v\nwant %#v", rules[0], want)
	}
	if rules[1].Source != "t.yaml:21" || rules[1].Respond.Delay != 2*time.Second || rules[1].Endpoint != "" {
		t.Errorf("rule 1 = %+v", rules[1])
	}
}

func TestParseKeepsRawScalars(t *testing.T) {
	// YAML would read these as numbers, booleans or octal; rules must see
	// exactly what the user typed.
	rules := mustParse(t, `
scenarios:
  - name: 007
    vendor: ekycpro
    match: {nik: 0317024302821001, field: {consent: yes, amount: 1e3}}
    respond: {code: 00}
`)
	r := rules[0]
	if r.Name != "007" || r.Match.NIK != "0317024302821001" || r.Respond.Code != "00" ||
		r.Match.Field["consent"] != "yes" || r.Match.Field["amount"] != "1e3" {
		t.Errorf("raw scalars changed: %+v", r)
	}
}

func TestParseEmptyFiles(t *testing.T) {
	for name, src := range map[string]string{
		"empty list":    "scenarios: []\n",
		"null list":     "scenarios:\n",
		"no bytes":      "",
		"only comments": "# nothing yet\n",
		"empty doc":     "---\n",
	} {
		t.Run(name, func(t *testing.T) {
			rules, err := Parse("t.yaml", []byte(src), testCatalogue())
			if err != nil || len(rules) != 0 {
				t.Errorf("Parse = %v, %v; want no rules, no error", rules, err)
			}
		})
	}
}

func TestParseAnchorsAndMerges(t *testing.T) {
	rules := mustParse(t, `
x-suite: &suite {credential: suite-a}
scenarios:
  - &base
    name: base
    vendor: verihubs
    endpoint: idForgery
    match: *suite
    respond: {code: FAIL_ON_1}
  - <<: *base
    name: derived
    respond: {code: FAIL_ON_2}
`)
	if len(rules) != 2 {
		t.Fatalf("got %d rules", len(rules))
	}
	d := rules[1]
	if d.Name != "derived" || d.Vendor != "verihubs" || d.Endpoint != "idForgery" ||
		d.Match.Credential != "suite-a" || d.Respond.Code != "FAIL_ON_2" || d.Source != "t.yaml:10" {
		t.Errorf("derived = %+v", d)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // one entry per expected error, each a substring of it
	}{
		{"malformed yaml", "scenarios:\n  - name: a\n  vendor: b\n",
			[]string{`t.yaml:3: malformed YAML: did not find expected '-' indicator`}},
		{"malformed yaml on line 1", "scenarios: x: y\n",
			[]string{`t.yaml:1: malformed YAML: mapping values are not allowed`}},
		{"unclosed flow", "scenarios:\n  - {name: a,\n     vendor: b\n",
			[]string{`t.yaml:3: malformed YAML:`}},
		{"unknown anchor", "scenarios:\n  - name: a\n    vendor: *nope\n",
			[]string{`t.yaml:3: malformed YAML: alias *nope refers to no anchor &nope`}},
		{"two documents", "scenarios: []\n---\nscenarios: []\n",
			[]string{`t.yaml:2: only one YAML document is allowed; remove the second "---"`}},
		{"unknown top key", "scenario:\n  - name: a\n",
			[]string{`t.yaml:1: unknown key "scenario" at the top of the file (known: scenarios`}},
		{"root not a mapping", "- name: a\n",
			[]string{`t.yaml:1: the file must be a mapping`}},
		{"scenarios not a list", "scenarios: {name: a}\n",
			[]string{`t.yaml:1: scenarios must be a list of rules, found a mapping`}},
		{"rule not a mapping", "scenarios:\n  - just-a-name\n",
			[]string{`t.yaml:2: a rule must be a mapping, found "just-a-name"`}},
		{"unknown rule key", "scenarios:\n  - name: a\n    vendor: verihubs\n    respond: {code: OK}\n    tiems: 2\n",
			[]string{`t.yaml:5: unknown key "tiems" in rule (known: name, vendor, endpoint, match, respond, times)`}},
		{"unknown match key", "scenarios:\n  - name: a\n    vendor: verihubs\n    match:\n      NIK: '1'\n    respond: {code: OK}\n",
			[]string{`t.yaml:5: unknown key "NIK" in match (known: credential, nik, phone, digest, marker, header, field)`}},
		{"unknown respond key", "scenarios:\n  - name: a\n    vendor: verihubs\n    respond:\n      code: OK\n      status: 500\n",
			[]string{`t.yaml:6: unknown key "status" in respond (known: code, message, set, delay, fault)`}},
		{"duplicate key", "scenarios:\n  - name: a\n    name: b\n    vendor: verihubs\n    respond: {code: OK}\n",
			[]string{`t.yaml:3: duplicate key "name" in a rule (first at line 2)`}},
		{"missing name and vendor", "scenarios:\n  - respond: {code: OK}\n",
			[]string{`t.yaml:2: missing required key "name"`, `t.yaml:2: missing required key "vendor" (one of: izidata, advance, accuauth, verihubs, ekycpro)`}},
		{"unknown vendor", "scenarios:\n  - name: a\n    vendor: verihub\n    endpoint: nope\n    respond: {code: NOPE}\n",
			[]string{`t.yaml:3: unknown vendor "verihub" (known: izidata, advance, accuauth, verihubs, ekycpro)`}},
		{"unknown endpoint", "scenarios:\n  - name: a\n    vendor: verihubs\n    endpoint: idforgery\n    respond: {code: NOPE}\n",
			[]string{`t.yaml:4: unknown endpoint "idforgery" for vendor verihubs (endpoints: idForgery, faceCompare, sendOtp)`}},
		{"undocumented code", "scenarios:\n  - name: a\n    vendor: verihubs\n    endpoint: idForgery\n    respond:\n      code: NO_FACE\n",
			[]string{`t.yaml:6: respond.code "NO_FACE" is not documented for verihubs idForgery (documented: OK, FAIL_ON_1, FAIL_ON_2)`}},
		{"undocumented code, any endpoint", "scenarios:\n  - name: a\n    vendor: izidata\n    respond: {code: NOT_FOUND}\n",
			[]string{`t.yaml:4: respond.code "NOT_FOUND" is not documented for izidata (any endpoint) (documented: SUCCESS, NOT_FOUND_MD5, INVALID_NIK, PHONE_NOT_FOUND)`}},
		{"undocumented message", "scenarios:\n  - name: a\n    vendor: verihubs\n    endpoint: idForgery\n    respond:\n      code: FAIL_ON_2\n      message: Forged\n",
			[]string{`t.yaml:7: respond.message "Forged" is not a documented message of verihubs idForgery FAIL_ON_2 (documented: "Forgery detected", "Possible forgery detected")`}},
		{"undocumented message, any endpoint", "scenarios:\n  - name: a\n    vendor: verihubs\n    respond: {code: FAIL_ON_2, message: Forged}\n",
			[]string{`t.yaml:4: respond.message "Forged" is not a documented message of verihubs (any endpoint) FAIL_ON_2 (documented: "Forgery detected", "Possible forgery detected", "Face mismatch")`}},
		{"message without code", "scenarios:\n  - name: a\n    vendor: verihubs\n    respond:\n      delay: 1s\n      message: hi\n",
			[]string{`t.yaml:6: respond.message needs respond.code`}},
		{"duration without unit", "scenarios:\n  - name: a\n    vendor: verihubs\n    respond:\n      delay: 1500\n",
			[]string{`t.yaml:5: respond.delay "1500" is not a Go duration such as 1500ms or 2s`}},
		{"negative duration", "scenarios:\n  - name: a\n    vendor: verihubs\n    respond:\n      delay: -1s\n",
			[]string{`t.yaml:5: respond.delay -1s is out of range (0 to 5m0s)`}},
		{"duration too long", "scenarios:\n  - name: a\n    vendor: verihubs\n    respond:\n      delay: 1500s\n",
			[]string{`t.yaml:5: respond.delay 25m0s is out of range (0 to 5m0s)`}},
		{"unknown fault", "scenarios:\n  - name: a\n    vendor: verihubs\n    respond:\n      fault: reset\n",
			[]string{`t.yaml:5: unknown respond.fault "reset" (known: connection_reset, timeout, empty_body, malformed_body, http_500, http_502, http_503, http_504)`}},
		{"short digest", "scenarios:\n  - name: a\n    vendor: verihubs\n    match:\n      digest: 9f86d0\n    respond: {code: OK}\n",
			[]string{`t.yaml:5: match.digest "9f86d0" must be 8 to 64 hex characters`}},
		{"non-hex digest", "scenarios:\n  - name: a\n    vendor: verihubs\n    match: {digest: sha256-9f86d081}\n    respond: {code: OK}\n",
			[]string{`t.yaml:4: match.digest "sha256-9f86d081" must be 8 to 64 hex characters`}},
		{"phone without digits", "scenarios:\n  - name: a\n    vendor: verihubs\n    match: {phone: unknown}\n    respond: {code: OK}\n",
			[]string{`t.yaml:4: match.phone "unknown" has no digits`}},
		{"bad header name", "scenarios:\n  - name: a\n    vendor: verihubs\n    match:\n      header: {X Test: '1'}\n    respond: {code: OK}\n",
			[]string{`t.yaml:5: match.header name "X Test" is not a valid HTTP header name`}},
		{"header not a mapping", "scenarios:\n  - name: a\n    vendor: verihubs\n    match:\n      header: X-Test\n    respond: {code: OK}\n",
			[]string{`t.yaml:5: match.header must be a mapping, found "X-Test"`}},
		{"list where a value belongs", "scenarios:\n  - name: [a, b]\n    vendor: verihubs\n    respond: {code: OK}\n",
			[]string{`t.yaml:2: name must be a single value, found a list`, `t.yaml:2: missing required key "name"`}},
		{"empty respond", "scenarios:\n  - name: a\n    vendor: verihubs\n    respond: {}\n",
			[]string{`t.yaml:4: respond needs at least one of code, delay, fault, set`}},
		{"missing respond", "scenarios:\n  - name: a\n    vendor: verihubs\n",
			[]string{`t.yaml:2: respond needs at least one of code, delay, fault, set`}},
		{"bad set path", "scenarios:\n  - name: a\n    vendor: verihubs\n    respond:\n      set: {data..x: 1}\n",
			[]string{`t.yaml:5: respond.set path "data..x" must be dot-separated non-empty names`}},
		{"set value not JSON", "scenarios:\n  - name: a\n    vendor: verihubs\n    respond:\n      set: {data.score: .nan}\n",
			[]string{`t.yaml:5: respond.set cannot be written as JSON`}},
		{"set not a mapping", "scenarios:\n  - name: a\n    vendor: verihubs\n    respond:\n      code: OK\n      set: [a]\n",
			[]string{`t.yaml:6: respond.set must be a mapping, found a list`}},
		{"times not a number", "scenarios:\n  - name: a\n    vendor: verihubs\n    respond: {code: OK}\n    times: once\n",
			[]string{`t.yaml:5: times "once" must be a whole number (0 = unlimited)`}},
		{"negative times", "scenarios:\n  - name: a\n    vendor: verihubs\n    respond: {code: OK}\n    times: -1\n",
			[]string{`t.yaml:5: times must be 0 (unlimited) or more, got -1`}},
		{"duplicate name", "scenarios:\n  - name: a\n    vendor: verihubs\n    respond: {code: OK}\n  - name: a\n    vendor: izidata\n    respond: {code: SUCCESS}\n",
			[]string{`t.yaml:5: duplicate name "a" (first at line 2)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules, err := Parse("t.yaml", []byte(tt.src), testCatalogue())
			if err == nil {
				t.Fatalf("no error; rules = %+v", rules)
			}
			if rules != nil {
				t.Errorf("rules returned alongside an error: %+v", rules)
			}
			got := errorLines(t, err)
			if len(got) != len(tt.want) {
				t.Errorf("got %d errors, want %d:\n%s", len(got), len(tt.want), strings.Join(got, "\n"))
			}
			for _, w := range tt.want {
				found := false
				for _, g := range got {
					found = found || strings.Contains(g, w)
				}
				if !found {
					t.Errorf("no error contains %q; got:\n%s", w, strings.Join(got, "\n"))
				}
			}
		})
	}
}

func TestParseReportsEveryErrorAtOnce(t *testing.T) {
	src := `scenarios:
  - name: one
    vendor: verihubs
    endpoint: idForgery
    respond: {code: NOPE}
  - name: two
    vendor: acme
    respond: {code: OK}
  - name: three
    vendor: izidata
    respond: {delay: soon, fault: boom}
    colour: red
`
	_, err := Parse("multi.yaml", []byte(src), testCatalogue())
	got := errorLines(t, err)
	want := []string{
		`multi.yaml:5: respond.code "NOPE"`,
		`multi.yaml:7: unknown vendor "acme"`,
		`multi.yaml:11: respond.delay "soon"`,
		`multi.yaml:11: unknown respond.fault "boom"`,
		`multi.yaml:12: unknown key "colour"`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("error %d = %q, want prefix %q", i, got[i], want[i])
		}
	}
}

// TestParseMessageMustBeDocumented: respond.message picks a documented
// variant, even where the code has only one; a code without message
// variants takes none.
func TestParseMessageMustBeDocumented(t *testing.T) {
	cat := testCatalogue()
	for _, c := range []struct{ rule, want string }{
		{"{code: OK, message: All good}", `respond.message "All good" is not a documented message of verihubs idForgery OK (documented: "Success")`},
		{"{code: FAIL_ON_1, message: x}", `respond.message "x": verihubs idForgery FAIL_ON_1 has no message variants to pick`},
	} {
		_, err := Parse("t.yaml", []byte("scenarios:\n  - name: a\n    vendor: verihubs\n    endpoint: idForgery\n    respond: "+c.rule+"\n"), cat)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.rule, err, c.want)
		}
	}
	rules := mustParse(t, "scenarios:\n  - name: a\n    vendor: verihubs\n    endpoint: idForgery\n    respond: {code: OK, message: Success}\n")
	if rules[0].Respond.Message != "Success" {
		t.Errorf("message = %q", rules[0].Respond.Message)
	}
}

func BenchmarkParse(b *testing.B) {
	data := []byte(exampleFile)
	cat := testCatalogue()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("t.yaml", data, cat); err != nil {
			b.Fatal(err)
		}
	}
}

func TestParseSyntaxErrorDeepInLongFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("scenarios:\n")
	for range 1000 {
		b.WriteString("  - {name: a, vendor: verihubs, respond: {code: OK}}\n")
	}
	b.WriteString("  - name: b\n   vendor: x\n") // mis-indented: line 1003
	b.WriteString("  - {name: c, vendor: verihubs, respond: {code: OK}}\n")
	_, err := Parse("long.yaml", []byte(b.String()), testCatalogue())
	if got := errorLines(t, err); len(got) != 1 || !strings.HasPrefix(got[0], "long.yaml:1003: malformed YAML") {
		t.Errorf("errors = %q", got)
	}
}

// BenchmarkParseSyntaxError guards the cost of locating a syntax error: a
// line-by-line search was quadratic (seconds for a few thousand lines).
func BenchmarkParseSyntaxError(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("scenarios:\n")
	for range 1000 {
		sb.WriteString("  - {name: a, vendor: verihubs, respond: {code: OK}}\n")
	}
	sb.WriteString("  - name: b\n   vendor: x\n")
	data, cat := []byte(sb.String()), testCatalogue()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("long.yaml", data, cat); err == nil {
			b.Fatal("no error")
		}
	}
}

func TestParseAliasBombs(t *testing.T) {
	// Each expands to millions of nodes. The node budget stops them early
	// with one error, pointing where the alias is used (not the anchor).
	bombs := map[string]struct{ src, want string }{
		"set value": {`
x-a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
x-f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
scenarios:
  - name: a
    vendor: verihubs
    respond:
      set: {a: *f, b: *f, c: *f, d: *f, e: *f, f: *f, g: *f, h: *f}
`, "bomb.yaml:12: too many YAML nodes"},
		"merge keys": {`
x-a: &a {k0: 1, k1: 1, k2: 1, k3: 1, k4: 1, k5: 1, k6: 1, k7: 1, k8: 1, k9: 1}
x-b: &b {<<: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]}
x-c: &c {<<: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]}
x-d: &d {<<: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]}
x-e: &e {<<: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]}
x-f: &f {<<: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]}
scenarios:
  - name: a
    vendor: verihubs
    match: {field: *f}
    respond: {code: OK}
`, "bomb.yaml:11: too many YAML nodes"},
		"self reference": {"scenarios:\n  - name: a\n    vendor: verihubs\n    respond:\n      set: {x: &s [*s]}\n",
			"bomb.yaml:5: too many YAML nodes"},
	}
	for name, b := range bombs {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("bomb.yaml", []byte(b.src), testCatalogue())
			if got := errorLines(t, err); len(got) != 1 || !strings.HasPrefix(got[0], b.want) {
				t.Errorf("errors = %q, want one starting %q", got, b.want)
			}
		})
	}
}

// The format reference in the package documentation must stay loadable.
func TestDocExampleParses(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var yamlLines []string
	for _, line := range strings.Split(string(src), "\n") {
		if rest, ok := strings.CutPrefix(line, "//\t"); ok {
			yamlLines = append(yamlLines, rest)
		} else if len(yamlLines) > 0 {
			break
		}
	}
	rules := mustParse(t, strings.Join(yamlLines, "\n"))
	if len(rules) != 1 || rules[0].Name != "forged-ktp" || rules[0].Respond.Fault != FaultConnectionReset {
		t.Errorf("doc example = %+v", rules)
	}
}
