package scenario

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/mockekyc/mockekyc/internal/config"
)

// Rule groups, highest precedence first: a rule added through the admin API
// beats the directory's files, which beat the scenarios shipped in the binary.
const (
	GroupAdmin   = "admin"
	GroupDir     = "dir"
	GroupShipped = "shipped"
)

func groupIndex(group string) (int, bool) {
	switch group {
	case GroupAdmin:
		return 0, true
	case GroupDir:
		return 1, true
	case GroupShipped:
		return 2, true
	}
	return 0, false
}

const numGroups = 3

// RuleStatus is a rule as the admin API lists it. Rule is embedded so the
// JSON carries the rule's own keys next to id, group, hits and remaining.
type RuleStatus struct {
	ID    string `json:"id"`
	Group string `json:"group"`
	Rule
	Hits int64 `json:"hits"`
	// Remaining is nil for an unlimited rule; 0 means the rule is spent.
	Remaining *int64 `json:"remaining,omitempty"`
}

// Set holds the rules of the three groups and resolves requests against
// them. It is safe for concurrent use. Writers (SetGroup, Add, Remove, Reset)
// take a mutex and publish a new immutable index; Resolve only loads that
// index atomically, so the request path never waits for a writer.
type Set struct {
	cat Catalogue

	mu     sync.Mutex
	groups [numGroups][]*compiled
	views  map[string]*vendorView
	nextID int
	// bounds count the admin rules against MaxAdminRules and
	// MaxAdminRuleBytes, shared by the Sets of one server (workspaces).
	bounds *AdminBounds
	// closed: the Set's workspace is gone (Close); Add refuses.
	closed bool

	snap atomic.Pointer[snapshot]
}

// vendorView caches what the catalogue says of a vendor. Built once per
// vendor because the index is rebuilt on every admin change and the
// catalogue may compute its answers.
type vendorView struct {
	endpoints []string
	codes     map[string]map[string]struct{} // endpoint -> documented codes
	messages  map[string]map[string][]string // endpoint -> code -> documented message variants
}

// snapshot is the read-only index Resolve uses: per vendor and endpoint, the
// rules that can apply there, in precedence order.
type snapshot struct {
	vendors map[string]*vendorIndex
}

type vendorIndex struct {
	endpoints map[string]*endpointIndex
	// other serves endpoints the catalogue does not list; only rules without
	// endpoint and code can apply there, since no code is documented.
	other *endpointIndex
}

// endpointIndex splits an endpoint's rules by credential: parallel suites
// each scope their rules to their own credential, and a request should not
// scan the other suites' rules. Resolve merges the two lists by rank, which
// is the rule's position in precedence order.
type endpointIndex struct {
	byCred  map[string][]entry
	anyCred []entry
	codes   map[string]struct{} // for the image-marker shortcut
}

type entry struct {
	rank int
	c    *compiled
}

func (ei *endpointIndex) add(e entry) {
	if cred := e.c.rule.Match.Credential; cred != "" {
		if ei.byCred == nil {
			ei.byCred = map[string][]entry{}
		}
		ei.byCred[cred] = append(ei.byCred[cred], e)
		return
	}
	ei.anyCred = append(ei.anyCred, e)
}

// compiled is a rule prepared for matching.
type compiled struct {
	rule   Rule
	id     string
	group  string
	key    string // identity across reloads, see carryKey
	phone  string // normalised
	digest string // lower case
	header []strPair
	field  []strPair
	times  int64
	st     *ruleState
	weight int // admin rules: adminWeight, against MaxAdminRuleBytes
}

type strPair struct{ k, v string }

// ruleState is shared by pointer between the compiled copies of one rule in
// successive index generations, so a use claimed through an old index during
// a reload still counts against the rule's times.
type ruleState struct {
	remaining atomic.Int64
	hits      atomic.Int64
}

// NewSet returns an empty Set that validates rules against cat.
func NewSet(cat Catalogue) *Set { return NewSetWithin(cat, &AdminBounds{}) }

// NewSetWithin is NewSet whose admin rules count against b, with those of
// the other Sets made within it: a server's workspaces share one bound.
func NewSetWithin(cat Catalogue, b *AdminBounds) *Set {
	s := &Set{cat: cat, views: map[string]*vendorView{}, bounds: b}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range config.VendorNames() {
		s.view(v) // so the marker shortcut works before any rule exists
	}
	s.rebuild()
	return s
}

// SetGroup replaces every rule of a group at once. Rules are validated like
// the loaders do; on any problem the group is left unchanged. A rule that is
// identical to one already in the group (same file, name and content) keeps
// its id, hits and remaining times, so re-reading a directory after an
// unrelated edit does not revive spent rules.
func (s *Set) SetGroup(group string, rules []Rule) error {
	gi, ok := groupIndex(group)
	if !ok {
		return fmt.Errorf("unknown rule group %q (known: %s, %s, %s)", group, GroupAdmin, GroupDir, GroupShipped)
	}
	var errs []error
	for i := range rules {
		for _, is := range validate(&rules[i], &positions{}, s.cat) {
			where := rules[i].Source
			if where == "" {
				where = fmt.Sprintf("rule %q", rules[i].Name)
			}
			errs = append(errs, &LoadError{File: where, Reason: is.reason})
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	old := make(map[string]*compiled, len(s.groups[gi]))
	for _, c := range s.groups[gi] {
		old[c.key] = c
	}
	next := make([]*compiled, 0, len(rules))
	for _, r := range rules {
		c := compile(r, group)
		if prev, ok := old[c.key]; ok && c.key != "" {
			c.id, c.st = prev.id, prev.st
			delete(old, c.key) // never share state between two new rules
		} else {
			c.id = s.newID(group)
		}
		next = append(next, c)
	}
	if gi == 0 {
		// Admin rules set in one go (not the admin API's way) are
		// counted, not refused.
		s.releaseAdmin()
		w := 0
		for _, c := range next {
			c.weight = adminWeight(c.rule)
			w += c.weight
		}
		s.bounds.give(-len(next), -w)
	}
	s.groups[gi] = next
	s.rebuild()
	return nil
}

// Add validates a rule exactly like the loaders and puts it first in the
// admin group: the newest admin rule wins. Names need not be unique, because
// parallel test suites add rules of the same name scoped to their own
// credentials; the returned id identifies the rule.
func (s *Set) Add(r Rule) (RuleStatus, error) {
	r.Source = SourceAdmin
	if is := validate(&r, &positions{}, s.cat); len(is) > 0 {
		return RuleStatus{}, joinIssues("", is)
	}
	c := compile(r, GroupAdmin)
	c.weight = adminWeight(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return RuleStatus{}, ErrClosed
	}
	if err := s.bounds.take(c.weight); err != nil {
		return RuleStatus{}, err
	}
	c.id = s.newID(GroupAdmin)
	s.groups[0] = append([]*compiled{c}, s.groups[0]...)
	s.rebuild()
	return c.status(), nil
}

// The bounds of the admin rules (POST /__admin/scenarios): anyone who
// reaches the admin API must not make the mock hold without end what it is
// sent. A suite adds a handful of rules per test and deletes or resets
// them; 1000 rules of 4 MiB together leave room for that many times over.
const (
	MaxAdminRules     = 1000
	MaxAdminRuleBytes = 4 << 20
)

// ErrAdminRulesFull is Add's error past MaxAdminRules or MaxAdminRuleBytes.
var ErrAdminRulesFull = errors.New("too many admin rules")

// AdminBounds count admin rules (and their weight) of the Sets made within
// them (NewSetWithin). The zero value is ready.
type AdminBounds struct {
	mu           sync.Mutex
	rules, bytes int
}

// take counts one rule of weight w, or refuses it past a bound.
func (b *AdminBounds) take(w int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.rules >= MaxAdminRules {
		return fmt.Errorf("%w: %d admin rules exist (every workspace's together), the most the mock keeps; delete some (DELETE /__admin/scenarios/{id}) or reset", ErrAdminRulesFull, b.rules)
	}
	if b.bytes+w > MaxAdminRuleBytes {
		return fmt.Errorf("%w: the admin rules (every workspace's together) would weigh %d bytes as JSON, over the %d the mock keeps; delete some (DELETE /__admin/scenarios/{id}) or reset", ErrAdminRulesFull, b.bytes+w, MaxAdminRuleBytes)
	}
	b.rules++
	b.bytes += w
	return nil
}

// give uncounts n rules of weight w in all.
func (b *AdminBounds) give(n, w int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.rules -= n
	b.bytes -= w
}

// Counted are the rules and bytes counted now.
func (b *AdminBounds) Counted() (rules, bytes int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.rules, b.bytes
}

// Bounds are the bounds s's admin rules count against.
func (s *Set) Bounds() *AdminBounds { return s.bounds }

// releaseAdmin uncounts every admin rule of s (s.mu held), before they
// are dropped.
func (s *Set) releaseAdmin() {
	w := 0
	for _, c := range s.groups[0] {
		w += c.weight
	}
	s.bounds.give(len(s.groups[0]), w)
}

// adminWeight is what a rule counts against MaxAdminRuleBytes: its size
// as JSON, which is about what it holds once compiled.
func adminWeight(r Rule) int {
	b, err := json.Marshal(r)
	if err != nil {
		return 0
	}
	return len(b)
}

// Remove deletes an admin rule by id. Rules from files are not removable:
// the next reload would bring them back; override them with an admin rule.
func (s *Set) Remove(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.groups[0], func(c *compiled) bool { return c.id == id })
	if i < 0 {
		return false
	}
	s.bounds.give(1, s.groups[0][i].weight)
	s.groups[0] = slices.Delete(s.groups[0], i, i+1)
	s.rebuild()
	return true
}

// List returns every rule in precedence order with its counters. The rules
// are copies; changing them does not change the Set.
func (s *Set) List() []RuleStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []RuleStatus
	for _, g := range s.groups {
		for _, c := range g {
			st := c.status()
			st.Rule = cloneRule(st.Rule)
			out = append(out, st)
		}
	}
	return out
}

// ErrClosed is Add's error on a Set whose workspace is gone.
var ErrClosed = errors.New("the rules' workspace is gone")

// Close drops the admin rules, giving back what they counted against the
// bounds, and makes Add refuse from now on: a workspace's Set is closed
// when the workspace goes, so that a rule added by a request that raced
// the deletion is not counted for ever.
func (s *Set) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.releaseAdmin()
	s.groups[0] = nil
	s.closed = true
	s.rebuild()
}

// Reset drops the admin rules and restores every other rule's hits and
// remaining times, so a test run can start from a known state.
func (s *Set) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.releaseAdmin()
	s.groups[0] = nil
	for _, g := range s.groups[1:] {
		for _, c := range g {
			c.st.remaining.Store(c.times)
			c.st.hits.Store(0)
		}
	}
	s.rebuild()
}

// Resolve returns what to answer for a request, or nil when no rule applies
// and no image marker names a documented code. It never blocks on writers.
func (s *Set) Resolve(f Facts) *Outcome {
	vi := s.snap.Load().vendors[f.Vendor]
	if vi == nil {
		return nil
	}
	ei := vi.endpoints[f.Endpoint]
	if ei == nil {
		ei = vi.other
	}
	scoped, open := ei.byCred[f.Credential], ei.anyCred
	var phone lazyPhone
	for len(scoped) > 0 || len(open) > 0 {
		var e entry
		if len(open) == 0 || len(scoped) > 0 && scoped[0].rank < open[0].rank {
			e, scoped = scoped[0], scoped[1:]
		} else {
			e, open = open[0], open[1:]
		}
		if e.c.matches(&f, &phone) && e.c.claim() {
			return e.c.outcome()
		}
	}
	for _, m := range f.Markers {
		if sc := m["scenario"]; sc != "" {
			if _, ok := ei.codes[sc]; ok {
				return &Outcome{Code: sc, Reason: ReasonMarker}
			}
		}
	}
	return nil
}

func (s *Set) newID(group string) string {
	s.nextID++
	return fmt.Sprintf("%s-%d", group, s.nextID)
}

// view must be called with s.mu held.
func (s *Set) view(vendor string) *vendorView {
	if v, ok := s.views[vendor]; ok {
		return v
	}
	eps := s.cat.Endpoints(vendor)
	if eps == nil {
		return nil
	}
	v := &vendorView{endpoints: slices.Clone(eps), codes: make(map[string]map[string]struct{}, len(eps)),
		messages: make(map[string]map[string][]string, len(eps))}
	for _, ep := range eps {
		set := map[string]struct{}{}
		msgs := map[string][]string{}
		for _, c := range s.cat.Codes(vendor, ep) {
			set[c] = struct{}{}
			msgs[c] = s.cat.Messages(vendor, ep, c)
		}
		v.codes[ep], v.messages[ep] = set, msgs
	}
	s.views[vendor] = v
	return v
}

// rebuild publishes a new index; it must be called with s.mu held. Rules are
// visited in precedence order and appended, so each endpoint's list stays in
// precedence order.
func (s *Set) rebuild() {
	for _, g := range s.groups {
		for _, c := range g {
			s.view(c.rule.Vendor)
		}
	}
	snap := &snapshot{vendors: make(map[string]*vendorIndex, len(s.views))}
	for name, v := range s.views {
		vi := &vendorIndex{endpoints: make(map[string]*endpointIndex, len(v.endpoints)), other: &endpointIndex{}}
		for _, ep := range v.endpoints {
			vi.endpoints[ep] = &endpointIndex{codes: v.codes[ep]}
		}
		snap.vendors[name] = vi
	}
	rank := 0
	for _, g := range s.groups {
		for _, c := range g {
			rank++
			e := entry{rank, c}
			if c.rule.Vendor == "" { // a delay or fault for every vendor
				for _, vi := range snap.vendors {
					for _, ei := range vi.endpoints {
						ei.add(e)
					}
					vi.other.add(e)
				}
				continue
			}
			vi := snap.vendors[c.rule.Vendor]
			if vi == nil {
				continue // validated rules always name a catalogue vendor
			}
			switch {
			case c.rule.Endpoint != "":
				if ei := vi.endpoints[c.rule.Endpoint]; ei != nil {
					ei.add(e)
				}
			case c.rule.Respond.Code == "":
				for _, ei := range vi.endpoints {
					ei.add(e)
				}
				vi.other.add(e)
			default:
				// Only where the code, and the message if the rule picks
				// one, is documented: ekycpro-service-down's RETRY_LATER
				// text is not idOcr's RETRY_LATER.
				rs := c.rule.Respond
				v := s.views[c.rule.Vendor]
				for ep, ei := range vi.endpoints {
					if _, ok := ei.codes[rs.Code]; ok && (rs.Message == "" || slices.Contains(v.messages[ep][rs.Code], rs.Message)) {
						ei.add(e)
					}
				}
			}
		}
	}
	s.snap.Store(snap)
}

// compile copies the rule's maps so that the caller may reuse its Rule.
func compile(r Rule, group string) *compiled {
	r = cloneRule(r)
	c := &compiled{
		rule:   r,
		group:  group,
		key:    carryKey(r),
		phone:  normalizePhone(r.Match.Phone),
		digest: strings.ToLower(r.Match.Digest),
		times:  int64(r.Times),
		st:     &ruleState{},
	}
	for k, v := range r.Match.Header {
		c.header = append(c.header, strPair{http.CanonicalHeaderKey(k), v})
	}
	for k, v := range r.Match.Field {
		c.field = append(c.field, strPair{k, v})
	}
	c.st.remaining.Store(c.times)
	return c
}

// carryKey identifies "the same rule" across reloads: its file (without the
// line, which moves when rules above it are edited), its name and content.
func carryKey(r Rule) string {
	file := r.Source
	if i := strings.LastIndexByte(file, ':'); i >= 0 {
		file = file[:i]
	}
	r.Source = ""
	body, err := json.Marshal(r)
	if err != nil {
		// Validated rules always marshal; an unmarshalable one just never
		// carries its counters over.
		return ""
	}
	return file + "\x00" + string(body)
}

func cloneRule(r Rule) Rule {
	r.Match.Header = maps.Clone(r.Match.Header)
	r.Match.Field = maps.Clone(r.Match.Field)
	if r.Respond.Set != nil {
		r.Respond.Set = deepCopy(r.Respond.Set).(map[string]any)
	}
	return r
}

func (c *compiled) status() RuleStatus {
	st := RuleStatus{ID: c.id, Group: c.group, Rule: c.rule, Hits: c.st.hits.Load()}
	if c.times > 0 {
		r := c.st.remaining.Load()
		st.Remaining = &r
	}
	return st
}

func (c *compiled) outcome() *Outcome {
	rs := &c.rule.Respond
	return &Outcome{
		Code: rs.Code, Message: rs.Message, Set: rs.Set, Delay: rs.Delay, Fault: rs.Fault,
		Rule: c.rule.Name, RuleID: c.id, Source: c.rule.Source, Reason: ReasonScenario,
	}
}

// claim takes one use of the rule. The compare-and-swap loop is what makes
// times exact: of two requests racing for the last use, one fails the swap,
// sees zero and moves on to the next rule.
func (c *compiled) claim() bool {
	if c.times == 0 {
		c.st.hits.Add(1)
		return true
	}
	for {
		n := c.st.remaining.Load()
		if n <= 0 {
			return false
		}
		if c.st.remaining.CompareAndSwap(n, n-1) {
			c.st.hits.Add(1)
			return true
		}
	}
}

// lazyPhone normalises the request's phone at most once per Resolve, and
// only when some candidate rule matches on phone.
type lazyPhone struct {
	done bool
	v    string
}

func (p *lazyPhone) get(raw string) string {
	if !p.done {
		p.v, p.done = normalizePhone(raw), true
	}
	return p.v
}

// matches checks the cheap, most selective keys first: credential scoping
// is how parallel suites separate their rules.
func (c *compiled) matches(f *Facts, phone *lazyPhone) bool {
	m := &c.rule.Match
	if m.Credential != "" && m.Credential != f.Credential {
		return false
	}
	if m.NIK != "" && m.NIK != f.NIK {
		return false
	}
	if c.phone != "" && c.phone != phone.get(f.Phone) {
		return false
	}
	if c.digest != "" && !hasDigest(f.Digests, c.digest) {
		return false
	}
	if m.Marker != "" && !hasMarker(f.Markers, m.Marker) {
		return false
	}
	for _, h := range c.header {
		if !hasHeader(f.Header, h.k, h.v) {
			return false
		}
	}
	for _, fv := range c.field {
		if v, ok := f.Fields[fv.k]; !ok || v != fv.v {
			return false
		}
	}
	return true
}

// hasDigest accepts a full digest or a prefix; case is ignored in case a
// handler reports upper-case hex.
func hasDigest(digests []string, want string) bool {
	for _, d := range digests {
		if len(d) >= len(want) && strings.EqualFold(d[:len(want)], want) {
			return true
		}
	}
	return false
}

func hasMarker(markers []map[string]string, want string) bool {
	for _, m := range markers {
		if m["scenario"] == want {
			return true
		}
	}
	return false
}

// hasHeader looks the canonical name up directly (what net/http stores) and
// falls back to a case-insensitive scan for headers built by hand.
func hasHeader(h http.Header, canon, want string) bool {
	if slices.Contains(h[canon], want) {
		return true
	}
	for k, vs := range h {
		if k != canon && strings.EqualFold(k, canon) && slices.Contains(vs, want) {
			return true
		}
	}
	return false
}

// deepCopy copies the containers JSON and YAML decoding produce; scalars are
// immutable and shared.
func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = deepCopy(x)
		}
		return m
	case []any:
		s := make([]any, len(t))
		for i, x := range t {
			s[i] = deepCopy(x)
		}
		return s
	}
	return v
}
