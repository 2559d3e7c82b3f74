package scenario

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/mockekyc/mockekyc/internal/strictyaml"
)

// Parse reads a scenario file. Earlier rules win within a file. Every
// problem is reported at once, joined, each as "file:line: reason"; on any
// problem no rules are returned, so a half-valid file never half-applies.
// Each rule's Source is "filename:line".
func Parse(filename string, data []byte, cat Catalogue) ([]Rule, error) {
	r := strictyaml.New(filename)
	r.Merge = true // "<<:" merges share x-* anchors between rules
	p := &parser{Reader: r, file: filename, cat: cat}
	rules := p.parse(data)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return rules, nil
}

// parser reads a scenario file with a strictyaml.Reader, which keeps the
// line of every key and value for error messages and reports unknown keys
// all together rather than one per load attempt.
type parser struct {
	*strictyaml.Reader
	file string
	cat  Catalogue
}

func (p *parser) errf(line int, format string, args ...any) { p.Errorf(line, format, args...) }

const ruleKeys = "name, vendor, endpoint, match, respond, times"

func (p *parser) parse(data []byte) []Rule {
	root := p.Document(data)
	if root == nil {
		return nil
	}
	top, ok := p.Mapping(root, "the file", nil)
	if !ok {
		return nil
	}
	var list *yaml.Node
	for _, kv := range top {
		switch {
		case kv.Key == "scenarios":
			list = kv.V
		case strings.HasPrefix(kv.Key, "x-"):
			// Ignored, as in Docker Compose: a place for &anchors that
			// several rules share through aliases or "<<:" merges.
		default:
			p.errf(kv.K.Line, "unknown key %q at the top of the file (known: scenarios, and x-* keys for shared anchors)", kv.Key)
		}
	}
	if list == nil {
		// After an unknown top-level key (most likely a misspelt
		// "scenarios") that error already says what is expected.
		if len(top) == 0 || p.Problems() == 0 {
			p.errf(root.Line, `missing key "scenarios" (a list of rules)`)
		}
		return nil
	}
	if strictyaml.IsNull(list) {
		return nil
	}
	if list.Kind != yaml.SequenceNode {
		p.errf(list.Line, "scenarios must be a list of rules, found %s", strictyaml.Describe(list))
		return nil
	}

	rules := make([]Rule, 0, len(list.Content))
	firstByName := map[string]int{}
	for _, item := range list.Content {
		p.Key = item.Line
		item = strictyaml.Deref(item)
		r, at, ok := p.rule(item)
		if p.Over() {
			return nil // the rest would only be noise
		}
		if !ok {
			continue
		}
		before := p.Problems()
		for _, is := range validate(&r, &at, p.cat) {
			p.errf(is.line, "%s", is.reason)
		}
		if r.Name != "" {
			if first, dup := firstByName[r.Name]; dup {
				p.errf(lineOr(at.name, at.rule), "duplicate name %q (first at line %d)", r.Name, first)
			} else {
				firstByName[r.Name] = lineOr(at.name, at.rule)
			}
		}
		if p.Problems() == before {
			r.Source = fmt.Sprintf("%s:%d", p.file, at.rule)
			rules = append(rules, r)
		}
	}
	return rules
}

// rule decodes one list item; ok is false when it is not even a mapping.
func (p *parser) rule(n *yaml.Node) (Rule, positions, bool) {
	var r Rule
	at := positions{rule: n.Line}
	pairs, ok := p.Mapping(n, "a rule", nil)
	if !ok {
		return r, at, false
	}
	for _, kv := range pairs {
		p.Key = kv.K.Line
		switch kv.Key {
		case "name":
			r.Name, at.name = p.scalar(kv), kv.V.Line
		case "vendor":
			r.Vendor, at.vendor = p.scalar(kv), kv.V.Line
		case "endpoint":
			r.Endpoint, at.endpoint = p.scalar(kv), kv.V.Line
		case "match":
			p.match(kv.V, &r.Match, &at)
		case "respond":
			at.respond = kv.V.Line
			p.respond(kv.V, &r.Respond, &at)
		case "times":
			at.times = kv.V.Line
			if s := p.scalar(kv); s != "" {
				n, err := strconv.Atoi(s)
				if err != nil {
					p.errf(kv.V.Line, "times %q must be a whole number (0 = unlimited)", s)
				}
				r.Times = n
			}
		default:
			p.errf(kv.K.Line, "unknown key %q in rule (known: %s)", kv.Key, ruleKeys)
		}
	}
	return r, at, true
}

func (p *parser) match(n *yaml.Node, m *Match, at *positions) {
	if strictyaml.IsNull(n) {
		return
	}
	pairs, ok := p.Mapping(n, "match", nil)
	if !ok {
		return
	}
	for _, kv := range pairs {
		p.Key = kv.K.Line
		line := kv.V.Line
		switch kv.Key {
		case "credential":
			m.Credential, at.credential = p.scalar(kv), line
		case "nik":
			m.NIK, at.nik = p.scalar(kv), line
		case "phone":
			m.Phone, at.phone = p.scalar(kv), line
		case "digest":
			m.Digest, at.digest = p.scalar(kv), line
		case "marker":
			m.Marker, at.marker = p.scalar(kv), line
		case "header":
			m.Header, at.header = p.stringMap(kv.V, "match.header"), line
		case "field":
			m.Field, at.field = p.stringMap(kv.V, "match.field"), line
		default:
			p.errf(kv.K.Line, "unknown key %q in match (known: credential, nik, phone, digest, marker, header, field)", kv.Key)
		}
	}
}

func (p *parser) respond(n *yaml.Node, rs *Respond, at *positions) {
	if strictyaml.IsNull(n) {
		return
	}
	pairs, ok := p.Mapping(n, "respond", nil)
	if !ok {
		return
	}
	for _, kv := range pairs {
		p.Key = kv.K.Line
		line := kv.V.Line
		switch kv.Key {
		case "code":
			rs.Code, at.code = p.scalar(kv), line
		case "message":
			rs.Message, at.message = p.scalar(kv), line
		case "delay":
			at.delay = line
			if s := p.scalar(kv); s != "" {
				d, reason := parseDelay(s)
				if reason != "" {
					p.errf(line, "respond.%s", reason)
					at.delayBad = true
				}
				rs.Delay = d
			}
		case "fault":
			rs.Fault, at.fault = p.scalar(kv), line
		case "set":
			at.set = line
			rs.Set = p.setValues(kv.V)
		default:
			p.errf(kv.K.Line, "unknown key %q in respond (known: code, message, set, delay, fault)", kv.Key)
		}
	}
}

// setValues decodes "path: any YAML value" pairs. The values go through
// yaml's own decoder, which guards against alias bombs and self-reference.
func (p *parser) setValues(n *yaml.Node) map[string]any {
	if strictyaml.IsNull(n) {
		return nil
	}
	pairs, ok := p.Mapping(n, "respond.set", nil)
	if !ok {
		return nil
	}
	out := make(map[string]any, len(pairs))
	for _, kv := range pairs {
		p.Key = kv.K.Line
		if !p.SpendTree(kv.V) {
			return nil
		}
		var v any
		if err := kv.V.Decode(&v); err != nil {
			p.errf(kv.V.Line, "respond.set %q: %s", kv.Key, strings.TrimPrefix(err.Error(), "yaml: "))
			continue
		}
		out[kv.Key] = jsonFriendly(v)
	}
	return out
}

// jsonFriendly turns yaml's map[interface{}]interface{} (used when a mapping
// has a non-string key such as 1:) into map[string]any, so set values can be
// marshalled into vendor bodies.
func jsonFriendly(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			t[k] = jsonFriendly(x)
		}
		return t
	case map[any]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[fmt.Sprint(k)] = jsonFriendly(x)
		}
		return m
	case []any:
		for i, x := range t {
			t[i] = jsonFriendly(x)
		}
		return t
	}
	return v
}

func (p *parser) stringMap(n *yaml.Node, what string) map[string]string {
	n = strictyaml.Deref(n)
	if strictyaml.IsNull(n) {
		return nil
	}
	pairs, ok := p.Mapping(n, what, nil)
	if !ok {
		return nil
	}
	out := make(map[string]string, len(pairs))
	for _, kv := range pairs {
		out[kv.Key] = p.scalar(kv)
	}
	return out
}

// scalar returns a value's text exactly as written ("" for null).
func (p *parser) scalar(kv strictyaml.Pair) string {
	s, _ := p.Text(kv.V, kv.Key)
	return s
}
