// Package strictyaml is the one way mockekyc reads a YAML file: the config
// file, vendor settings and scenario files all go through a Reader.
//
// A Reader walks yaml.v3's node tree by hand rather than decoding into
// structs, because that is what gives each problem its own line and a
// message naming the keys that would have been valid. Every problem of a
// file is collected, and reported together as "file:line: reason" in line
// order (Err). One set of limits guards every reader: MaxNodes nodes with
// aliases expanded, MaxMergeDepth nested "<<:" merges, MaxErrors listed
// problems.
package strictyaml

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

const (
	// MaxNodes bounds the nodes a walk visits, each alias expansion
	// counted again: a few lines of anchors can stand for billions of
	// nodes ("billion laughs"), and neither start-up nor a reload may hang
	// on such a file. Hand-written files are far below it (a 600-line
	// scenario file has a few thousand nodes).
	MaxNodes = 200_000
	// MaxMergeDepth bounds "<<:" chains and alias chains; yaml.v3 lets an
	// anchor refer to a mapping that contains it, which would otherwise
	// recurse forever.
	MaxMergeDepth = 8
	// MaxErrors is how many problems Err lists before summing up the rest:
	// past a screenful, more lines do not help.
	MaxErrors = 20
)

// Error is one problem at one line of a file: "file:line: reason".
type Error struct {
	File   string // file name, "embedded:<path>", or a rule's Source; "" when unknown
	Line   int    // 0 when unknown
	Reason string
}

func (e *Error) Error() string {
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
	case e.File != "":
		return e.File + ": " + e.Reason
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	default:
		return e.Reason
	}
}

// Reader collects the problems of one file while its reader walks it.
type Reader struct {
	file string
	// Merge allows "<<:" merge keys; without it they are an error that
	// asks for the keys to be written out.
	Merge bool
	// Key is the line of the key being read: where an alias is used, which
	// is where running out of MaxNodes is reported (not at the anchor).
	// 0 reports the node where the budget ran out.
	Key int

	errs   []*Error
	budget int
	over   *Error
}

// New starts a reader of file (the name used in errors; "" gives "line N:
// reason").
func New(file string) *Reader {
	return &Reader{file: file, budget: MaxNodes}
}

// Errorf records a problem at line.
func (r *Reader) Errorf(line int, format string, args ...any) {
	r.errs = append(r.errs, &Error{File: r.file, Line: line, Reason: fmt.Sprintf(format, args...)})
}

// Problems is how many problems have been recorded so far.
func (r *Reader) Problems() int { return len(r.errs) }

// Over reports whether the walk ran out of MaxNodes; readers stop then.
func (r *Reader) Over() bool { return r.over != nil }

// Errors returns the problems in line order, each once, at most MaxErrors
// of them and a line counting the rest. Running out of MaxNodes replaces
// every other problem: they are mostly the same one repeated by aliases.
func (r *Reader) Errors() []error {
	if r.over != nil {
		return []error{r.over}
	}
	errs := slices.Clone(r.errs)
	slices.SortStableFunc(errs, func(a, b *Error) int { return cmp.Compare(a.Line, b.Line) })
	// A key reached twice through an alias or merge is one problem.
	errs = slices.CompactFunc(errs, func(a, b *Error) bool { return *a == *b })
	if len(errs) > MaxErrors {
		more := len(errs) - MaxErrors
		errs = append(errs[:MaxErrors], &Error{File: r.file, Line: errs[MaxErrors].Line, Reason: fmt.Sprintf("and %d more problems", more)})
	}
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return out
}

// Err joins Errors, one per line; nil without problems.
func (r *Reader) Err() error { return errors.Join(r.Errors()...) }

// spend takes n nodes from the budget; false once it is exhausted, which
// is recorded once.
func (r *Reader) spend(n int, at *yaml.Node) bool {
	r.budget -= n
	if r.budget >= 0 {
		return true
	}
	if r.over == nil {
		line := r.Key
		if line == 0 && at != nil {
			line = at.Line
		}
		r.over = &Error{File: r.file, Line: line, Reason: fmt.Sprintf("too many YAML nodes once aliases are expanded (limit %d)", MaxNodes)}
	}
	return false
}

// Resolve charges one node and follows aliases; false once the budget is
// spent.
func (r *Reader) Resolve(n *yaml.Node) (*yaml.Node, bool) {
	if !r.spend(1, n) {
		return nil, false
	}
	return Deref(n), true
}

// SpendTree charges a node and everything under it, following aliases:
// before handing a subtree to yaml.v3's own decoder.
func (r *Reader) SpendTree(n *yaml.Node) bool {
	if n == nil {
		return true
	}
	if !r.spend(1, n) {
		return false
	}
	if n.Kind == yaml.AliasNode {
		return r.SpendTree(n.Alias)
	}
	for _, c := range n.Content {
		if !r.SpendTree(c) {
			return false
		}
	}
	return true
}

// Deref follows aliases (at most MaxMergeDepth of them).
func Deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < MaxMergeDepth; i++ {
		n = n.Alias
	}
	return n
}

// IsNull is true for "key:", "key: ~" and "key: null", but not for an
// explicitly quoted empty string.
func IsNull(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// Describe names what a node is, for "must be X, found Y" messages.
func Describe(n *yaml.Node) string {
	switch {
	case n == nil, IsNull(n):
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "an alias"
}

// Document reads the one YAML document of data and returns its root node,
// alias-resolved; nil for a file that is empty, comments only or broken
// (the problem is recorded). Bytes YAML does not allow, syntax errors and
// a second document are reported with their lines.
func (r *Reader) Document(data []byte) *yaml.Node {
	if line, reason := checkText(data); reason != "" {
		r.Errorf(line, "%s", reason)
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if !errors.Is(err, io.EOF) { // io.EOF: empty or comments only
			r.syntaxError(data, err)
		}
		return nil
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		r.Errorf(next.Line, `only one YAML document is allowed; remove the second "---"`)
	} else if !errors.Is(err, io.EOF) {
		r.syntaxError(data, err)
	}
	if len(doc.Content) == 0 {
		return nil
	}
	root := Deref(doc.Content[0])
	if IsNull(root) {
		return nil
	}
	return root
}

// checkText finds bytes YAML does not allow, with their line: yaml.v3
// reports these without one.
func checkText(data []byte) (line int, reason string) {
	line = 1
	for i := 0; i < len(data); {
		c, size := utf8.DecodeRune(data[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			return line, "the file is not UTF-8 text"
		case c == '\n':
			line++
		case c < 0x20 && c != '\t' && c != '\r', c == 0x7F, c >= 0x80 && c < 0xA0 && c != 0x85, c == 0xFFFE, c == 0xFFFF:
			return line, fmt.Sprintf("control character %U is not allowed in YAML", c)
		}
		i += size
	}
	return 0, ""
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
// same message, searched from yaml's own line on; an unknown anchor is
// found where its alias is written.
func (r *Reader) syntaxError(data []byte, err error) {
	line, reason := splitYAMLError(err.Error())
	if rest, ok := strings.CutPrefix(reason, "unknown anchor '"); ok {
		if name, ok := strings.CutSuffix(rest, "' referenced"); ok {
			line = 1
			if i := bytes.Index(data, []byte("*"+name)); i >= 0 {
				line += bytes.Count(data[:i], []byte("\n"))
			}
			r.Errorf(line, "malformed YAML: alias *%s refers to no anchor &%s", name, name)
			return
		}
	}
	if l := firstFailingLine(data, reason, line); l > 0 {
		line = l
	}
	r.Errorf(max(line, 1), "malformed YAML: %s", reason)
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

// Pair is one key of a mapping, its key and value alias-resolved.
type Pair struct {
	Key  string
	K, V *yaml.Node
}

// Mapping lists the keys of n after checking that n is a mapping whose keys
// are plain and unique and, when known is not nil, listed in known. With
// Merge, "<<:" merge keys are applied (explicit keys win over merged ones,
// earlier sources over later ones); without, they are an error. where
// names the mapping in messages ("the config", "a rule", "match").
func (r *Reader) Mapping(n *yaml.Node, where string, known []string) ([]Pair, bool) {
	return r.mapping(n, where, known, 0)
}

func (r *Reader) mapping(n *yaml.Node, where string, known []string, depth int) ([]Pair, bool) {
	n = Deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		line := 0
		if n != nil {
			line = n.Line
		}
		r.Errorf(line, "%s must be a mapping, found %s", where, Describe(n))
		return nil, false
	}
	if !r.spend(len(n.Content)/2+1, n) {
		return nil, false
	}
	var out, merged []Pair
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := Deref(n.Content[i]), Deref(n.Content[i+1])
		if k == nil || v == nil {
			continue
		}
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			switch {
			case !r.Merge:
				r.Errorf(k.Line, "merge keys (<<) are not supported in %s; write the keys out", where)
				continue
			case depth >= MaxMergeDepth:
				r.Errorf(k.Line, "merge keys (<<) nested too deeply")
				continue
			}
			srcs := []*yaml.Node{v}
			if v.Kind == yaml.SequenceNode {
				srcs = v.Content
			}
			for _, src := range srcs {
				if m, ok := r.mapping(src, "a merge (<<) source", nil, depth+1); ok {
					merged = append(merged, m...)
				}
				if r.over != nil {
					return nil, false
				}
			}
			continue
		}
		if k.Kind != yaml.ScalarNode {
			r.Errorf(k.Line, "keys in %s must be plain names, found %s", where, Describe(k))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			r.Errorf(k.Line, "duplicate key %q in %s (first at line %d)", k.Value, where, first)
			continue
		}
		seen[k.Value] = k.Line
		out = append(out, Pair{k.Value, k, v})
	}
	for _, m := range merged {
		if _, dup := seen[m.Key]; !dup {
			seen[m.Key] = m.K.Line
			out = append(out, m)
		}
	}
	if known != nil {
		kept := out[:0]
		for _, p := range out {
			if !slices.Contains(known, p.Key) {
				r.Errorf(p.K.Line, "unknown key %q in %s (known: %s)", p.Key, where, strings.Join(known, ", "))
				continue
			}
			kept = append(kept, p)
		}
		out = kept
	}
	return out, true
}

// Text returns a scalar's text exactly as written ("" for null). Taking the
// raw text rather than yaml's typed value keeps ids such as 00123, NIKs with
// leading zeros, codes such as NO or 0200 and secrets such as 1e5 intact.
func (r *Reader) Text(v *yaml.Node, key string) (string, bool) {
	if v.Kind != yaml.ScalarNode {
		r.Errorf(v.Line, "%s must be a single value, found %s", key, Describe(v))
		return "", false
	}
	if IsNull(v) {
		return "", true
	}
	return v.Value, true
}

// Int reads a whole number ≥ 0.
func (r *Reader) Int(v *yaml.Node, key string) (int64, bool) {
	if _, ok := r.Text(v, key); !ok {
		return 0, false
	}
	var i int64
	if v.Tag != "!!int" || v.Decode(&i) != nil {
		r.Errorf(v.Line, "%s must be a whole number, got %q", key, v.Value)
		return 0, false
	}
	if i < 0 {
		r.Errorf(v.Line, "%s must not be negative, got %d", key, i)
		return 0, false
	}
	return i, true
}

// Float reads a number; range checks are the caller's.
func (r *Reader) Float(v *yaml.Node, key string) (float64, bool) {
	if _, ok := r.Text(v, key); !ok {
		return 0, false
	}
	var f float64
	if (v.Tag != "!!int" && v.Tag != "!!float") || v.Decode(&f) != nil {
		r.Errorf(v.Line, "%s must be a number, got %q", key, v.Value)
		return 0, false
	}
	return f, true
}

// Bool reads true or false.
func (r *Reader) Bool(v *yaml.Node, key string) (bool, bool) {
	if _, ok := r.Text(v, key); !ok {
		return false, false
	}
	var b bool
	if v.Tag != "!!bool" || v.Decode(&b) != nil {
		r.Errorf(v.Line, "%s must be true or false, got %q", key, v.Value)
		return false, false
	}
	return b, true
}

// Time reads an RFC 3339 time.
func (r *Reader) Time(v *yaml.Node, key string) (time.Time, bool) {
	if _, ok := r.Text(v, key); !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, v.Value)
	if err != nil {
		r.Errorf(v.Line, "%s: %q is not an RFC 3339 time such as 2030-01-02T15:04:05Z", key, v.Value)
		return time.Time{}, false
	}
	return t, true
}

// Strings reads a list of scalars, each as written.
func (r *Reader) Strings(v *yaml.Node, key string) []string {
	if v.Kind != yaml.SequenceNode {
		r.Errorf(v.Line, "%s must be a list such as [name1, name2], found %s", key, Describe(v))
		return nil
	}
	out := make([]string, 0, len(v.Content))
	for _, item := range v.Content {
		item, ok := r.Resolve(item)
		if !ok {
			return nil
		}
		if s, ok := r.Text(item, key+" entry"); ok {
			out = append(out, s)
		}
	}
	return out
}

// Each calls each for every key of n that Mapping accepts.
func (r *Reader) Each(n *yaml.Node, where string, known []string, each func(key string, k, v *yaml.Node)) {
	pairs, _ := r.Mapping(n, where, known)
	for _, kv := range pairs {
		each(kv.Key, kv.K, kv.V)
	}
}
