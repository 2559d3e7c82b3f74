package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Parse reads a scenario file. Earlier rules win within a file. Every
// problem is reported at once, joined, each as "file:line: reason"; on any
// problem no rules are returned, so a half-valid file never half-applies.
// Each rule's Source is "filename:line".
func Parse(filename string, data []byte, cat Catalogue) ([]Rule, error) {
	p := &parser{file: filename, cat: cat, budget: maxNodes}
	rules := p.parse(data)
	if len(p.errs) > 0 {
		// Syntax problems are found while walking and catalogue problems
		// afterwards; users read a file top-down, so report in line order.
		slices.SortStableFunc(p.errs, func(a, b error) int {
			return a.(*LoadError).Line - b.(*LoadError).Line
		})
		return nil, errors.Join(p.errs...)
	}
	return rules, nil
}

// parser walks the yaml.Node tree itself instead of decoding into structs:
// that keeps the line of every key and value for error messages, and lets
// unknown keys be reported all together rather than one per load attempt.
type parser struct {
	file string
	cat  Catalogue
	errs []error // all *LoadError

	// budget counts YAML nodes visited with aliases expanded. A few lines
	// of anchors can stand for billions of nodes ("billion laughs"); a
	// reload must not hang the server on such a file.
	budget     int
	overBudget bool
	// key is the line of the key being decoded: where an alias is used,
	// which is where an over-budget error should point (not the anchor).
	key int
}

// maxNodes is far above any hand-written scenario file (a 600-line file has
// a few thousand nodes).
const maxNodes = 200_000

// spend takes n nodes from the budget; false once it is exhausted, reported
// once at the line where it ran out.
func (p *parser) spend(n int) bool {
	p.budget -= n
	if p.budget >= 0 {
		return true
	}
	if !p.overBudget {
		p.overBudget = true
		p.errf(p.key, "too many YAML nodes once aliases are expanded (limit %d)", maxNodes)
	}
	return false
}

// spendTree charges a node and everything under it, following aliases.
func (p *parser) spendTree(n *yaml.Node) bool {
	if n == nil {
		return true
	}
	if !p.spend(1) {
		return false
	}
	if n.Kind == yaml.AliasNode {
		return p.spendTree(n.Alias)
	}
	for _, c := range n.Content {
		if !p.spendTree(c) {
			return false
		}
	}
	return true
}

func (p *parser) errf(line int, format string, args ...any) {
	p.errs = append(p.errs, &LoadError{File: p.file, Line: line, Reason: fmt.Sprintf(format, args...)})
}

const ruleKeys = "name, vendor, endpoint, match, respond, times"

func (p *parser) parse(data []byte) []Rule {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if !errors.Is(err, io.EOF) { // io.EOF: empty or comments only, i.e. no rules
			p.syntaxError(data, err)
		}
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p.errf(lineOr(firstLine(&extra), doc.Line), "a file holds one YAML document; found another (---)")
	} else if !errors.Is(err, io.EOF) {
		p.syntaxError(data, err)
	}
	if len(doc.Content) == 0 {
		return nil
	}
	root := deref(doc.Content[0])
	if isNull(root) {
		return nil
	}
	top, ok := p.mapping(root, "the file")
	if !ok {
		return nil
	}
	var list *yaml.Node
	for _, kv := range top {
		switch {
		case kv.key == "scenarios":
			list = kv.v
		case strings.HasPrefix(kv.key, "x-"):
			// Ignored, as in Docker Compose: a place for &anchors that
			// several rules share through aliases or "<<:" merges.
		default:
			p.errf(kv.k.Line, "unknown key %q at the top of the file (known: scenarios, and x-* keys for shared anchors)", kv.key)
		}
	}
	if list == nil {
		// After an unknown top-level key (most likely a misspelt
		// "scenarios") that error already says what is expected.
		if len(top) == 0 || len(p.errs) == 0 {
			p.errf(root.Line, `missing key "scenarios" (a list of rules)`)
		}
		return nil
	}
	if isNull(list) {
		return nil
	}
	if list.Kind != yaml.SequenceNode {
		p.errf(list.Line, "scenarios must be a list of rules, not %s", kindName(list))
		return nil
	}

	rules := make([]Rule, 0, len(list.Content))
	firstByName := map[string]int{}
	for _, item := range list.Content {
		p.key = item.Line
		item = deref(item)
		r, at, ok := p.rule(item)
		if p.overBudget {
			return nil // the rest would only be noise
		}
		if !ok {
			continue
		}
		before := len(p.errs)
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
		if len(p.errs) == before {
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
	pairs, ok := p.mapping(n, "a rule")
	if !ok {
		return r, at, false
	}
	for _, kv := range pairs {
		p.key = kv.k.Line
		switch kv.key {
		case "name":
			r.Name, at.name = p.scalar(kv), kv.v.Line
		case "vendor":
			r.Vendor, at.vendor = p.scalar(kv), kv.v.Line
		case "endpoint":
			r.Endpoint, at.endpoint = p.scalar(kv), kv.v.Line
		case "match":
			p.match(kv.v, &r.Match, &at)
		case "respond":
			at.respond = kv.v.Line
			p.respond(kv.v, &r.Respond, &at)
		case "times":
			at.times = kv.v.Line
			if s := p.scalar(kv); s != "" {
				n, err := strconv.Atoi(s)
				if err != nil {
					p.errf(kv.v.Line, "times %q must be a whole number (0 = unlimited)", s)
				}
				r.Times = n
			}
		default:
			p.errf(kv.k.Line, "unknown key %q in rule (known: %s)", kv.key, ruleKeys)
		}
	}
	return r, at, true
}

func (p *parser) match(n *yaml.Node, m *Match, at *positions) {
	if isNull(n) {
		return
	}
	pairs, ok := p.mapping(n, "match")
	if !ok {
		return
	}
	for _, kv := range pairs {
		p.key = kv.k.Line
		line := kv.v.Line
		switch kv.key {
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
			m.Header, at.header = p.stringMap(kv.v, "match.header"), line
		case "field":
			m.Field, at.field = p.stringMap(kv.v, "match.field"), line
		default:
			p.errf(kv.k.Line, "unknown key %q in match (known: credential, nik, phone, digest, marker, header, field)", kv.key)
		}
	}
}

func (p *parser) respond(n *yaml.Node, rs *Respond, at *positions) {
	if isNull(n) {
		return
	}
	pairs, ok := p.mapping(n, "respond")
	if !ok {
		return
	}
	for _, kv := range pairs {
		p.key = kv.k.Line
		line := kv.v.Line
		switch kv.key {
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
			rs.Set = p.setValues(kv.v)
		default:
			p.errf(kv.k.Line, "unknown key %q in respond (known: code, message, set, delay, fault)", kv.key)
		}
	}
}

// setValues decodes "path: any YAML value" pairs. The values go through
// yaml's own decoder, which guards against alias bombs and self-reference.
func (p *parser) setValues(n *yaml.Node) map[string]any {
	if isNull(n) {
		return nil
	}
	pairs, ok := p.mapping(n, "respond.set")
	if !ok {
		return nil
	}
	out := make(map[string]any, len(pairs))
	for _, kv := range pairs {
		p.key = kv.k.Line
		if !p.spendTree(kv.v) {
			return nil
		}
		var v any
		if err := kv.v.Decode(&v); err != nil {
			p.errf(kv.v.Line, "respond.set %q: %s", kv.key, strings.TrimPrefix(err.Error(), "yaml: "))
			continue
		}
		out[kv.key] = jsonFriendly(v)
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
	n = deref(n)
	if isNull(n) {
		return nil
	}
	pairs, ok := p.mapping(n, what)
	if !ok {
		return nil
	}
	out := make(map[string]string, len(pairs))
	for _, kv := range pairs {
		out[kv.key] = p.scalar(kv)
	}
	return out
}

// pair is one key of a mapping, with its value already de-aliased.
type pair struct {
	key  string
	k, v *yaml.Node
}

// maxMergeDepth bounds "<<:" chains; yaml.v3 lets an anchor refer to a
// mapping that contains it, which would otherwise recurse forever.
const maxMergeDepth = 8

// mapping lists the keys of a mapping node, applying "<<:" merge keys
// (explicit keys win over merged ones) and reporting duplicate keys.
func (p *parser) mapping(n *yaml.Node, what string) ([]pair, bool) {
	return p.mappingDepth(n, what, 0)
}

func (p *parser) mappingDepth(n *yaml.Node, what string, depth int) ([]pair, bool) {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		line := 0
		if n != nil {
			line = n.Line
		}
		p.errf(line, "%s must be a mapping of key: value, not %s", what, kindName(n))
		return nil, false
	}
	if !p.spend(len(n.Content)/2 + 1) {
		return nil, false
	}
	var out, merged []pair
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k == nil || v == nil {
			continue
		}
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			if depth >= maxMergeDepth {
				p.errf(k.Line, "merge keys (<<) nested too deeply")
				continue
			}
			srcs := []*yaml.Node{v}
			if v.Kind == yaml.SequenceNode {
				srcs = v.Content
			}
			for _, src := range srcs {
				m, ok := p.mappingDepth(src, "a merge (<<) source", depth+1)
				if ok {
					merged = append(merged, m...)
				}
			}
			continue
		}
		if k.Kind != yaml.ScalarNode {
			p.errf(k.Line, "keys in %s must be plain names, not %s", what, kindName(k))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			p.errf(k.Line, "duplicate key %q in %s (first at line %d)", k.Value, what, first)
			continue
		}
		seen[k.Value] = k.Line
		out = append(out, pair{k.Value, k, v})
	}
	// YAML merge semantics: earlier merge sources win over later ones, and
	// keys written in the mapping itself win over all of them.
	for _, m := range merged {
		if _, dup := seen[m.key]; !dup {
			seen[m.key] = m.k.Line
			out = append(out, m)
		}
	}
	return out, true
}

// scalar returns a value's text exactly as written. Taking the raw text
// rather than yaml's typed value keeps NIKs with leading zeros, codes such
// as NO or 0200, and long digit strings intact.
func (p *parser) scalar(kv pair) string {
	v := kv.v
	if v.Kind != yaml.ScalarNode {
		p.errf(v.Line, "%s must be a single value, not %s", kv.key, kindName(v))
		return ""
	}
	if isNull(v) {
		return ""
	}
	return v.Value
}

func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxMergeDepth; i++ {
		n = n.Alias
	}
	return n
}

// isNull is true for "key:", "key: ~" and "key: null", but not for an
// explicitly quoted empty string.
func isNull(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func kindName(n *yaml.Node) string {
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(n) {
			return "empty"
		}
		return fmt.Sprintf("the value %q", n.Value)
	}
	return "an alias"
}

func firstLine(doc *yaml.Node) int {
	if len(doc.Content) > 0 && doc.Content[0] != nil {
		return doc.Content[0].Line
	}
	return doc.Line
}

// splitYAMLError takes "yaml: line 3: did not find expected key" apart into
// 3 and "did not find expected key" (line 0 when yaml gave none).
func splitYAMLError(msg string) (line int, reason string) {
	reason = strings.TrimPrefix(msg, "yaml: ")
	rest, ok := strings.CutPrefix(reason, "line ")
	if !ok {
		return 0, reason
	}
	num, text, ok := strings.Cut(rest, ": ")
	n, err := strconv.Atoi(num)
	if !ok || err != nil {
		return 0, reason
	}
	return n, text
}

// syntaxError reports malformed YAML. yaml.v3's line is sometimes missing
// (errors on the first line, unknown anchors) and, for parser errors, is the
// line before the enclosing block started rather than the faulty line. So
// the reported line is where a prefix of the file starts failing with the
// same message, searched from yaml's own line on.
func (p *parser) syntaxError(data []byte, err error) {
	line, reason := splitYAMLError(err.Error())
	if l := firstFailingLine(data, reason, line); l > 0 {
		line = l
	}
	p.errf(line, "malformed YAML: %s", reason)
}

// firstFailingLine binary-searches the shortest prefix of whole lines, from
// line from on, that fails with reason. Once the faulty line is in, every
// longer prefix fails the same way, because the parser streams; shorter
// prefixes usually parse or fail differently (cut mid-construct). The search
// costs a logarithmic number of parses, so big files stay cheap.
func firstFailingLine(data []byte, reason string, from int) int {
	ends := lineEnds(data)
	fails := func(k int) bool { // k: number of lines in the prefix
		dec := yaml.NewDecoder(bytes.NewReader(data[:ends[k-1]]))
		var n yaml.Node
		err := dec.Decode(&n)
		if err == nil {
			err = dec.Decode(&n) // a second document may hold the error
		}
		if err == nil || errors.Is(err, io.EOF) {
			return false
		}
		_, got := splitYAMLError(err.Error())
		return got == reason
	}
	lo, hi := max(from, 1), len(ends)
	if lo > hi || !fails(hi) {
		return 0
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// lineEnds lists the offset just past each line.
func lineEnds(data []byte) []int {
	var ends []int
	for i, b := range data {
		if b == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		ends = append(ends, len(data))
	}
	return ends
}
