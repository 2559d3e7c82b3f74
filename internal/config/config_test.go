package config

import (
	"github.com/mockekyc/mockekyc/internal/strictyaml"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/ledger"
)

func TestDefault(t *testing.T) {
	c := Default()
	if c.Seed != 1 || c.Journal.Capacity != 1000 || c.File != "default.yaml" {
		t.Errorf("seed %d capacity %d file %q", c.Seed, c.Journal.Capacity, c.File)
	}
	want := map[string][]ledger.Credential{
		EKYCPro: {{ID: "AbcdEfgh", Name: "docs example"}},
		// The docs' AK/SK, and a token for the sandbox host's ?token=.
		IziData:  {{ID: "YOUR_ACCESS_KEY", Secret: "YOUR_SECRET_KEY", Name: "docs example"}, {ID: "sandbox", Secret: "YOUR_SANDBOX_TOKEN", Name: "sandbox token", Mode: "sandbox"}},
		Advance:  {{ID: "sampleaccesskey", Secret: "samplesecretkey", Name: "docs example"}},
		AccuAuth: {{ID: "demo-api-id", Secret: "demo-api-secret", Name: "demo"}},
		Verihubs: {{ID: "demo-app-id", Secret: "demo-api-key", Name: "demo", Mode: "live"}},
	}
	creds := c.Credentials()
	if len(creds) != len(VendorNames()) {
		t.Errorf("default has %d vendors", len(creds))
	}
	for vendor, w := range want {
		if got := creds[vendor]; !reflect.DeepEqual(got, w) {
			t.Errorf("%s credentials = %+v, want %+v", vendor, got, w)
		}
	}
	if s := c.Vendors[EKYCPro].Settings; s.Kind != yaml.MappingNode || len(s.Content) != 0 {
		t.Errorf("ekycpro settings node = kind %d, %d children", s.Kind, len(s.Content))
	}
	if _, err := ledger.New(nil, creds); err != nil {
		t.Errorf("ledger rejects the default credentials: %v", err)
	}

	// Each call is a fresh copy.
	c.Vendors[IziData].Credentials[0].ID = "changed"
	if Default().Vendors[IziData].Credentials[0].ID != "YOUR_ACCESS_KEY" {
		t.Error("Default shares state between calls")
	}
	y := DefaultYAML()
	y[0] = 'X'
	if DefaultYAML()[0] != '#' {
		t.Error("DefaultYAML shares its bytes")
	}
}

// The default file is the documented YAML, line for line, plus comments.
func TestDefaultYAMLText(t *testing.T) {
	text := string(DefaultYAML())
	if !strings.HasPrefix(text, "# mockekyc config: the embedded default serves the vendors' own doc example credentials.\n") {
		t.Errorf("first line: %q", strings.SplitN(text, "\n", 2)[0])
	}
	var prev int
	for _, line := range []string{
		"seed: 1                 # identity seed (same seed + same subject = same fake person)",
		"journal:", "  capacity: 1000", "vendors:",
		"  ekycpro:", "    credentials:", "      - {id: AbcdEfgh, name: docs example}",
		"    settings: {}        # vendor-specific settings, decoded by the vendor package itself",
		"  izidata:", "      - {id: YOUR_ACCESS_KEY, secret: YOUR_SECRET_KEY, name: docs example}",
		"  advance:", "      - {id: sampleaccesskey, secret: samplesecretkey, name: docs example}",
		"  accuauth:", "      - {id: demo-api-id, secret: demo-api-secret, name: demo}",
		"  verihubs:", "      - {id: demo-app-id, secret: demo-api-key, name: demo, mode: live}",
	} {
		i := strings.Index(text[prev:], "\n"+line)
		if i < 0 {
			t.Errorf("default.yaml lacks, in order, the line %q", line)
			continue
		}
		prev += i + 1
	}
}

// The commented examples in default.yaml must work when uncommented, or a
// user copying them gets an error instead of help.
func TestDefaultYAMLExamples(t *testing.T) {
	text := string(DefaultYAML())
	var uncommented []string
	examples := 0
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "# - {") {
			line = strings.Replace(line, "# - {", "- {", 1)
			examples++
		}
		uncommented = append(uncommented, line)
	}
	c, err := Parse("examples.yaml", []byte(strings.Join(uncommented, "\n")))
	if err != nil || examples < 5 {
		t.Fatalf("%d examples, error %v", examples, err)
	}
	if n := len(c.Vendors[Verihubs].Credentials); n != 3 {
		t.Errorf("verihubs has %d credentials with the examples uncommented", n)
	}

	// The "Optional keys" block, taken as one credential.
	_, block, _ := strings.Cut(text, "# Optional keys of a credential (any may be combined):\n")
	block, _, _ = strings.Cut(block, "  #\n")
	var cred []string
	for _, line := range strings.Split(block, "\n") {
		line = strings.TrimPrefix(strings.TrimSpace(line), "#")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		cred = append(cred, "        "+strings.TrimSpace(line))
	}
	if len(cred) < 9 {
		t.Fatalf("found %d optional keys in default.yaml: %q", len(cred), cred)
	}
	doc := "vendors:\n  verihubs:\n    credentials:\n      - id: x\n" + strings.Join(cred, "\n") + "\n"
	c, err = Parse("optional.yaml", []byte(doc))
	if err != nil {
		t.Fatalf("optional keys example: %v\n%s", err, doc)
	}
	got := c.Vendors[Verihubs].Credentials[0]
	if got.Balance == nil || got.Quota == nil || got.Expires == nil || !got.Disabled || len(got.APIs) == 0 ||
		got.Price == 0 || got.RateLimit == 0 || got.QuotaPeriod == "" || got.Mode == "" {
		t.Errorf("optional keys example left a key unset: %+v", got)
	}
}

func TestParseValues(t *testing.T) {
	const doc = `# a comment
seed: 42
journal: {capacity: 5}
vendors:
  izidata:
    credentials:
      - id: 00123              # numeric-looking ids stay as written
        secret: 1e5
        name: full
        balance: 1000.5
        price: 2500
        quota: 3
        quota_period: day
        rate_limit: 0.5
        expires: 2030-01-02T15:04:05+07:00
        disabled: false
        apis: [ocr, face]
        mode: sandbox
      - {id: nulls, balance: ~, quota: , apis: null}
    settings:
      region: jakarta
  verihubs:
  advance: {credentials: []}
`
	c, err := Parse("c.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	exp := time.Date(2030, 1, 2, 15, 4, 5, 0, time.FixedZone("", 7*3600))
	bal, q := 1000.5, 3
	want := []ledger.Credential{
		{ID: "00123", Secret: "1e5", Name: "full", Balance: &bal, Price: 2500, Quota: &q, QuotaPeriod: "day",
			RateLimit: 0.5, Expires: &exp, APIs: []string{"ocr", "face"}, Mode: "sandbox"},
		{ID: "nulls"},
	}
	got := c.Vendors[IziData].Credentials
	if len(got) != 2 || !got[0].Expires.Equal(exp) {
		t.Fatalf("credentials = %+v", got)
	}
	got[0].Expires = &exp // Equal, but DeepEqual compares the zone's name too
	if !reflect.DeepEqual(got, want) {
		t.Errorf("credentials =\n%+v\nwant\n%+v", got, want)
	}
	if c.Seed != 42 || c.Journal.Capacity != 5 {
		t.Errorf("seed %d capacity %d", c.Seed, c.Journal.Capacity)
	}
	if s := c.Vendors[IziData].Settings; s.Kind != yaml.MappingNode || s.Line != 21 {
		t.Errorf("settings node kind %d line %d", s.Kind, s.Line)
	}
	if v, ok := c.Vendors[Verihubs]; !ok || v.Credentials != nil || v.Settings.Kind != 0 {
		t.Errorf("empty verihubs block = %+v, %v", v, ok)
	}
	if _, ok := c.Vendors[EKYCPro]; ok {
		t.Error("ekycpro present though not in the file")
	}
}

func TestParseEmpty(t *testing.T) {
	for _, doc := range []string{"", "# only a comment\n", "---\n", "seed:\njournal:\nvendors:\n"} {
		c, err := Parse("c.yaml", []byte(doc))
		if err != nil {
			t.Errorf("%q: %v", doc, err)
			continue
		}
		if c.Seed != DefaultSeed || c.Journal.Capacity != journal.DefaultCapacity || len(c.Vendors) != 0 {
			t.Errorf("%q: %+v", doc, c)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cred := func(body string) string {
		return "vendors:\n  advance:\n    credentials:\n      - " + body + "\n" // the credential is on line 4
	}
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"syntax", "seed: 1\nvendors: [\n", "c.yaml:2: malformed YAML: did not find expected node content"},
		{"syntax on line 1", "\tseed: 1", "c.yaml:1: malformed YAML: found character that cannot start any token"},
		{"not utf8", "seed: 1\nname: \xff\n", "c.yaml:2: the file is not UTF-8 text"},
		{"control character", "seed: 1\n\n# \x01\n", "c.yaml:3: control character U+0001"},
		{"undefined alias", "seed: 1\nvendors:\n  izidata: *nope\n", "c.yaml:3: malformed YAML: alias *nope refers to no anchor &nope"},
		{"two documents", "seed: 1\n---\nseed: 2\n", "c.yaml:2: only one YAML document"},
		{"root not mapping", "- a\n", "c.yaml:1: the config must be a mapping, found a list"},
		{"unknown root key", "seed: 1\nseeds: 2\n", `c.yaml:2: unknown key "seeds" in the config (known: seed, ids, journal, vendors)`},
		{"duplicate key", "seed: 1\nseed: 2\n", `c.yaml:2: duplicate key "seed" in the config (first at line 1)`},
		{"merge key", "x: &x {seed: 1}\n<<: *x\n", `c.yaml:1: unknown key "x"`},
		{"merge key", "<<: {seed: 1}\n", "c.yaml:1: merge keys (<<) are not supported"},
		{"seed not number", "seed: one\n", `c.yaml:1: seed must be a whole number, got "one"`},
		{"seed float", "seed: 1.5\n", `c.yaml:1: seed must be a whole number, got "1.5"`},
		{"seed too big", "seed: 99999999999999999999\n", "c.yaml:1: seed must be a whole number"},
		{"negative seed", "seed: -1\n", "c.yaml:1: seed must not be negative, got -1"},
		{"unknown journal key", "journal:\n  size: 3\n", `c.yaml:2: unknown key "size" in journal (known: capacity)`},
		{"journal not mapping", "journal: 5\n", `c.yaml:1: journal must be a mapping, found "5"`},
		{"negative capacity", "journal:\n  capacity: -1\n", "c.yaml:2: journal capacity must not be negative, got -1"},
		{"zero capacity", "journal:\n  capacity: 0\n", "c.yaml:2: journal capacity must be at least 1, got 0"},
		{"huge capacity", "journal:\n  capacity: 100000000\n", "c.yaml:2: journal capacity must be at most 100000"},
		{"unknown ids", "seed: 1\nids: random\n", `c.yaml:2: ids must be unique or reproducible, got "random"`},
		{"ids not a scalar", "ids: [reproducible]\n", "c.yaml:1: ids must be a single value"},
		{"unknown vendor", "vendors:\n  izidata: {}\n  acme: {}\n", `c.yaml:3: unknown vendor "acme" (valid: izidata, advance, accuauth, verihubs, ekycpro)`},
		{"vendors not mapping", "vendors: [izidata]\n", "c.yaml:1: vendors must be a mapping, found a list"},
		{"unknown vendor key", "vendors:\n  izidata:\n    credential: []\n", `c.yaml:3: unknown key "credential" in izidata (known: credentials, settings)`},
		{"credentials not list", "vendors:\n  izidata:\n    credentials: {id: a}\n", "c.yaml:3: izidata credentials must be a list"},
		{"settings not mapping", "vendors:\n  izidata:\n    settings: [a]\n", "c.yaml:3: izidata settings must be a mapping, found a list"},
		{"credential not mapping", cred("AbcdEfgh"), `c.yaml:4: advance credential must be a mapping, found "AbcdEfgh"`},
		{"no id", cred("{secret: s, name: n}"), "c.yaml:4: credential without id"},
		{"null id", "vendors:\n  advance:\n    credentials:\n      - name: n\n        id:\n", "c.yaml:5: credential without id"},
		{"id not scalar", cred("{id: [a]}"), "c.yaml:4: id must be a single value, found a list"},
		{"unknown credential key", "vendors:\n  advance:\n    credentials:\n      - id: a\n        balanse: 5\n",
			`c.yaml:5: unknown key "balanse" in advance credential (known: id, secret, name, balance, price, quota, quota_period, rate_limit, expires, disabled, apis, mode)`},
		{"duplicate credential key", cred("{id: a, id: b}"), `c.yaml:4: duplicate key "id" in advance credential`},
		{"duplicate id", "vendors:\n  advance:\n    credentials:\n      - {id: a}\n      - {id: b}\n      - {id: a}\n",
			`c.yaml:6: duplicate advance credential id "a" (first at line 4)`},
		{"negative balance", "vendors:\n  advance:\n    credentials:\n      - id: a\n        balance: -5\n",
			"c.yaml:5: balance: must be a number from 0 to 1000000000000, got -5"},
		{"balance not number", cred("{id: a, balance: lots}"), `c.yaml:4: balance must be a number, got "lots"`},
		{"infinite balance", cred("{id: a, balance: .inf}"), "c.yaml:4: balance: must be a number from 0"},
		{"negative price", cred("{id: a, price: -1}"), "c.yaml:4: price: must be a number from 0"},
		{"negative quota", cred("{id: a, quota: -1}"), "c.yaml:4: quota must not be negative, got -1"},
		{"fractional quota", cred("{id: a, quota: 1.5}"), `c.yaml:4: quota must be a whole number, got "1.5"`},
		{"bad period", cred("{id: a, quota_period: week}"), `c.yaml:4: quota_period: must be "day" or "total", got "week"`},
		{"negative rate", cred("{id: a, rate_limit: -1}"), "c.yaml:4: rate_limit: must be a number ≥ 0"},
		{"date without time", cred("{id: a, expires: 2030-01-02}"), `c.yaml:4: expires: "2030-01-02" is not an RFC 3339 time such as 2030-01-02T15:04:05Z`},
		{"time without zone", cred("{id: a, expires: 2030-01-02T15:04:05}"), `c.yaml:4: expires: "2030-01-02T15:04:05" is not an RFC 3339 time`},
		{"bad month", cred("{id: a, expires: 2030-13-02T15:04:05Z}"), `c.yaml:4: expires: "2030-13-02T15:04:05Z" is not an RFC 3339 time`},
		{"disabled not bool", cred("{id: a, disabled: yes}"), `c.yaml:4: disabled must be true or false, got "yes"`},
		{"apis not list", cred("{id: a, apis: ocr}"), `c.yaml:4: apis must be a list such as [name1, name2], found "ocr"`},
		{"apis entry not scalar", cred("{id: a, apis: [[ocr]]}"), "c.yaml:4: apis entry must be a single value, found a list"},
		{"empty api", cred("{id: a, apis: [ocr, '']}"), "c.yaml:4: apis: empty endpoint name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("c.yaml", []byte(tc.doc))
			if err == nil {
				t.Fatalf("no error; config %+v", c)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n%v\nwant it to contain\n%s", err, tc.want)
			}
			checkErrorLines(t, err)
		})
	}
}

var errLine = regexp.MustCompile(`^c\.yaml:[1-9][0-9]*: \S`)

// checkErrorLines checks that every line of err reads "c.yaml:N: reason".
func checkErrorLines(t *testing.T, err error) {
	t.Helper()
	for _, line := range strings.Split(err.Error(), "\n") {
		if !errLine.MatchString(line) {
			t.Errorf("error line %q is not file:line: reason", line)
		}
	}
}

// All problems are reported at once, each with its own line.
func TestParseManyErrors(t *testing.T) {
	doc := "seed: x\njournal: {capacity: 0}\nvendors:\n  acme: {}\n  izidata:\n    credentials:\n      - {secret: s}\n      - {id: a, price: -1}\n"
	_, err := Parse("c.yaml", []byte(doc))
	if err == nil {
		t.Fatal("no error")
	}
	var lines []string
	for _, l := range strings.Split(err.Error(), "\n") {
		lines = append(lines, strings.SplitN(l, ": ", 2)[0])
	}
	if got := strings.Join(lines, " "); got != "c.yaml:1 c.yaml:2 c.yaml:4 c.yaml:7 c.yaml:8" {
		t.Errorf("error lines %s:\n%v", got, err)
	}
}

// Aliases can make a small file stand for a huge tree (here 2000 copies
// of a credential with 2000 apis); Parse must give up quickly and say why.
func TestParseAliasBomb(t *testing.T) {
	doc := "vendors:\n  izidata:\n    credentials:\n      - &c {id: a, apis: [" +
		strings.Repeat("op, ", 2000) + "op]}\n" + strings.Repeat("      - *c\n", 2000)
	start := time.Now()
	_, err := Parse("c.yaml", []byte(doc))
	if err == nil || !strings.Contains(err.Error(), "too many YAML nodes once aliases are expanded") || strings.Count(err.Error(), "\n") != 0 {
		t.Fatalf("error = %.300v", err)
	}
	checkErrorLines(t, err)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Parse took %v", d)
	}
}

func TestParseErrorLimit(t *testing.T) {
	doc := "vendors:\n  izidata:\n    credentials:\n" + strings.Repeat("      - {secret: s}\n", 30)
	_, err := Parse("c.yaml", []byte(doc))
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != strictyaml.MaxErrors+1 || lines[strictyaml.MaxErrors] != "c.yaml:24: and 10 more problems" {
		t.Errorf("%d lines, last %q", len(lines), lines[len(lines)-1])
	}
	checkErrorLines(t, err)
}

func TestCredentialKeys(t *testing.T) {
	var tags []string
	ct := reflect.TypeFor[ledger.Credential]()
	for i := range ct.NumField() {
		name, _, _ := strings.Cut(ct.Field(i).Tag.Get("yaml"), ",")
		tags = append(tags, name)
	}
	if !reflect.DeepEqual(tags, credentialKeys()) {
		t.Errorf("ledger.Credential yaml keys %v, config reads %v", tags, credentialKeys())
	}
}

func TestVendorNames(t *testing.T) {
	names := VendorNames()
	if strings.Join(names, ",") != "izidata,advance,accuauth,verihubs,ekycpro" {
		t.Errorf("VendorNames = %v", names)
	}
	names[0] = "changed"
	if VendorNames()[0] != IziData {
		t.Error("VendorNames shares its slice")
	}
}
