package strictyaml

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// walk reads any document the way the mock's readers do: every mapping
// through Mapping, every scalar through Text, lists item by item.
func walk(r *Reader, n *yaml.Node, where string) {
	n, ok := r.Resolve(n)
	if !ok || n == nil {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		pairs, _ := r.Mapping(n, where, nil)
		for _, kv := range pairs {
			r.Key = kv.K.Line
			walk(r, kv.V, kv.Key)
		}
	case yaml.SequenceNode:
		for _, item := range n.Content {
			walk(r, item, "an entry")
		}
	default:
		r.Text(n, where)
	}
}

func read(file, src string, merge bool) *Reader {
	r := New(file)
	r.Merge = merge
	if root := r.Document([]byte(src)); root != nil {
		walk(r, root, "the file")
	}
	return r
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		merge     bool
		want      []string
	}{
		{"syntax", "a: 1\nb: [\n", false, []string{"f.yaml:2: malformed YAML: did not find expected node content"}},
		{"syntax line 1", "\ta: 1", false, []string{"f.yaml:1: malformed YAML: found character that cannot start any token"}},
		{"unknown anchor", "a: 1\nb: *nope\n", false, []string{"f.yaml:2: malformed YAML: alias *nope refers to no anchor &nope"}},
		{"not utf8", "a: 1\nb: \xff\n", false, []string{"f.yaml:2: the file is not UTF-8 text"}},
		{"control character", "a: 1\n# \x01\n", false, []string{"f.yaml:2: control character U+0001 is not allowed in YAML"}},
		{"two documents", "a: 1\n---\na: 2\n", false, []string{`f.yaml:2: only one YAML document is allowed; remove the second "---"`}},
		{"duplicate key", "a: 1\na: 2\n", false, []string{`f.yaml:2: duplicate key "a" in the file (first at line 1)`}},
		{"key not plain", "? [a]\n: 1\n", false, []string{"f.yaml:1: keys in the file must be plain names, found a list"}},
		{"merge refused", "x: &x {a: 1}\ny: {<<: *x}\n", false, []string{"f.yaml:2: merge keys (<<) are not supported in y; write the keys out"}},
		{"merge allowed", "x: &x {a: 1}\ny: {<<: *x}\n", true, nil},
		{"merge source not a mapping", "y: {<<: 1}\n", true, []string{`f.yaml:1: a merge (<<) source must be a mapping, found "1"`}},
		{"empty", "# nothing\n", false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := read("f.yaml", tc.src, tc.merge).Err()
			var got []string
			if err != nil {
				got = strings.Split(err.Error(), "\n")
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("errors\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestErrorFormats(t *testing.T) {
	for _, tc := range []struct {
		e    Error
		want string
	}{
		{Error{"f.yaml", 3, "bad"}, "f.yaml:3: bad"},
		{Error{"f.yaml", 0, "bad"}, "f.yaml: bad"},
		{Error{"", 3, "bad"}, "line 3: bad"},
		{Error{"", 0, "bad"}, "bad"},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.e, got, tc.want)
		}
	}
}

// Problems come out in line order, each once, at most MaxErrors of them.
func TestErrorsOrderAndLimit(t *testing.T) {
	r := New("f.yaml")
	for line := 30; line >= 1; line-- {
		r.Errorf(line, "problem")
		r.Errorf(line, "problem") // the same, reached again through an alias
	}
	errs := r.Errors()
	if len(errs) != MaxErrors+1 || errs[0].Error() != "f.yaml:1: problem" || errs[MaxErrors].Error() != "f.yaml:21: and 10 more problems" {
		t.Errorf("errors = %v", errs)
	}
	var e *Error
	if !errors.As(errs[0], &e) || e.Line != 1 {
		t.Errorf("errors are not *Error: %T", errs[0])
	}
}

// A billion-laughs file stops at MaxNodes with one error at the line of
// the key where it ran out, whether merges expand it or aliases do.
func TestBudget(t *testing.T) {
	lists := "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
	merges := "a: &a {k0: 1, k1: 1, k2: 1, k3: 1, k4: 1, k5: 1, k6: 1, k7: 1, k8: 1, k9: 1}\n"
	for _, c := range "bcdef" {
		prev := string(c - 1)
		lists += string(c) + ": &" + string(c) + " [" + strings.Repeat("*"+prev+", ", 9) + "*" + prev + "]\n"
		merges += string(c) + ": &" + string(c) + " {<<: [" + strings.Repeat("*"+prev+", ", 9) + "*" + prev + "]}\n"
	}
	for name, src := range map[string]string{"lists": lists + "g: [*f, *f]\n", "merges": merges + "g: {x: *f}\n"} {
		r := read("f.yaml", src, true)
		errs := r.Errors()
		if !r.Over() || len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "f.yaml:6: too many YAML nodes once aliases are expanded") {
			t.Errorf("%s: errors = %v", name, errs)
		}
	}
	// Decode's known-key check is bounded by the same budget.
	r := New("f.yaml")
	root := r.Document([]byte(lists + "g: [*f, *f]\n"))
	var into map[string][][][][][][]int
	r.Decode(root, &into)
	if !r.Over() {
		t.Errorf("Decode of a bomb: %v", r.Errors())
	}
}

func TestDecode(t *testing.T) {
	type inner struct {
		Level int `yaml:"level"`
	}
	type settings struct {
		Name  string           `yaml:"name"`
		Inner inner            `yaml:"inner"`
		Many  map[string]inner `yaml:"many"`
	}
	r := New("")
	root := r.Document([]byte("name: x\ninner: {level: 2, depth: 3}\nmany: {a: {levle: 1}}\nbad: 1\n"))
	var s settings
	r.Decode(root, &s)
	want := []string{
		`line 2: unknown setting "depth" (known: level)`,
		`line 3: unknown setting "levle" (known: level)`,
		`line 4: unknown setting "bad" (known: inner, many, name)`,
	}
	if got := r.Err(); got == nil || got.Error() != strings.Join(want, "\n") {
		t.Errorf("errors\n%v\nwant\n%s", got, strings.Join(want, "\n"))
	}
	if s.Name != "x" || s.Inner.Level != 2 {
		t.Errorf("decoded %+v", s)
	}
}

var errLine = regexp.MustCompile(`^f\.yaml:[1-9][0-9]*: \S`)

// FuzzReader: whatever the bytes, a walk ends within the budget without a
// panic, and every problem reads "file:line: reason" with a real line.
func FuzzReader(f *testing.F) {
	f.Add([]byte("a: 1\nb: [x, y]\nc: {d: ~}\n"), true)
	f.Add([]byte("x: &x {a: 1}\ny: {<<: [*x, *x]}\n"), false)
	f.Add([]byte("x: &a [*a]\n"), true)
	f.Add([]byte("a: 1\n---\nb: 2\n"), false)
	f.Add([]byte("? [a]\n: 1\nb: *nope\n"), true)
	f.Add([]byte("a: \xff\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, merge bool) {
		r := read("f.yaml", string(data), merge)
		for _, err := range r.Errors() {
			if !errLine.MatchString(err.Error()) {
				t.Fatalf("error %q is not file:line: reason", err)
			}
		}
		if r.budget < -MaxNodes {
			t.Fatalf("walk went on far past the budget: %d", r.budget)
		}
		// Decode of the same document into a generic value ends too.
		d := New("f.yaml")
		if root := d.Document(data); root != nil {
			var v any
			d.Decode(root, &v)
		}
	})
}

// A reader's known keys come from the type it fills, and a field without
// hand-written checks decodes from its key: adding a setting is adding a
// field (DEVELOPERS.md).
func TestKeysAndDecodeKey(t *testing.T) {
	type outbound struct {
		AllowHosts []string `yaml:"allow_hosts"`
	}
	type cfg struct {
		File     string `yaml:"-"`
		Seed     int64  `yaml:"seed"`
		Outbound outbound
		hidden   int
	}
	if got := strings.Join(Keys(reflect.TypeFor[cfg]()), ","); got != "seed,outbound" {
		t.Errorf("Keys = %s", got)
	}
	r := New("f.yaml")
	root := r.Document([]byte("seed: 3\noutbound: {allow_hosts: [a.test], deny: x}\n"))
	var c cfg
	r.Each(root, "the config", Keys(reflect.TypeFor[cfg]()), func(key string, _, v *yaml.Node) {
		r.DecodeKey(v, &c, key)
	})
	if err := r.Err(); err == nil || err.Error() != `f.yaml:2: unknown setting "deny" (known: allow_hosts)` {
		t.Errorf("err = %v", err)
	}
	if c.Seed != 3 || len(c.Outbound.AllowHosts) != 1 || c.hidden != 0 {
		t.Errorf("decoded %+v", c)
	}
}
