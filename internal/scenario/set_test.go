package scenario

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func newTestSet(t testing.TB, shipped, dir string) *Set {
	t.Helper()
	s := NewSet(testCatalogue())
	if shipped != "" {
		if err := s.SetGroup(GroupShipped, mustParse(t, shipped)); err != nil {
			t.Fatal(err)
		}
	}
	if dir != "" {
		if err := s.SetGroup(GroupDir, mustParse(t, dir)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func mustAdd(t testing.TB, s *Set, r Rule) RuleStatus {
	t.Helper()
	st, err := s.Add(r)
	if err != nil {
		t.Fatalf("Add(%+v): %v", r, err)
	}
	return st
}

func ruleName(o *Outcome) string {
	if o == nil {
		return "<nil>"
	}
	return o.Rule
}

func forgeryFacts() Facts {
	return Facts{Vendor: "verihubs", Endpoint: "idForgery", Credential: "app-1"}
}

func TestResolvePrecedence(t *testing.T) {
	s := newTestSet(t,
		"scenarios:\n  - {name: shipped, vendor: verihubs, respond: {code: FAIL_ON_1}}\n",
		"scenarios:\n  - {name: dir-first, vendor: verihubs, endpoint: idForgery, respond: {code: FAIL_ON_2}}\n"+
			"  - {name: dir-second, vendor: verihubs, endpoint: idForgery, respond: {code: OK}}\n")

	if got := ruleName(s.Resolve(forgeryFacts())); got != "dir-first" {
		t.Fatalf("dir over shipped, earlier rule first: got %s", got)
	}
	older := mustAdd(t, s, Rule{Name: "admin-old", Vendor: "verihubs", Respond: Respond{Code: "OK"}})
	newer := mustAdd(t, s, Rule{Name: "admin-new", Vendor: "verihubs", Respond: Respond{Code: "OK"}})
	if got := ruleName(s.Resolve(forgeryFacts())); got != "admin-new" {
		t.Fatalf("newest admin rule first: got %s", got)
	}
	if !s.Remove(newer.ID) || s.Remove(newer.ID) {
		t.Fatal("Remove should succeed once")
	}
	if got := ruleName(s.Resolve(forgeryFacts())); got != "admin-old" {
		t.Fatalf("after removing newest: got %s", got)
	}
	s.Remove(older.ID)
	if err := s.SetGroup(GroupDir, nil); err != nil {
		t.Fatal(err)
	}
	if got := ruleName(s.Resolve(forgeryFacts())); got != "shipped" {
		t.Fatalf("with dir emptied: got %s", got)
	}
	if s.Remove(s.List()[0].ID) {
		t.Error("Remove deleted a shipped rule; only admin rules are removable")
	}
}

// The index splits rules by credential; precedence must still interleave
// scoped and unscoped rules in file order.
func TestResolvePrecedenceAcrossCredentialScopes(t *testing.T) {
	s := newTestSet(t, "", `scenarios:
  - {name: open-nik, vendor: verihubs, match: {nik: "1"}, respond: {code: OK}}
  - {name: scoped, vendor: verihubs, match: {credential: app-1}, respond: {code: OK}}
  - {name: open, vendor: verihubs, respond: {code: OK}}
  - {name: scoped-late, vendor: verihubs, match: {credential: app-2}, respond: {code: OK}}
`)
	tests := []struct{ cred, nik, want string }{
		{"app-1", "1", "open-nik"},
		{"app-1", "2", "scoped"},
		{"app-2", "2", "open"},
		{"", "2", "open"},
	}
	for _, tt := range tests {
		f := Facts{Vendor: "verihubs", Endpoint: "idForgery", Credential: tt.cred, NIK: tt.nik}
		if got := ruleName(s.Resolve(f)); got != tt.want {
			t.Errorf("credential %q nik %q: got %s, want %s", tt.cred, tt.nik, got, tt.want)
		}
	}
	mustAdd(t, s, Rule{Name: "admin-scoped", Vendor: "verihubs", Match: Match{Credential: "app-2"}, Respond: Respond{Code: "OK"}})
	if got := ruleName(s.Resolve(Facts{Vendor: "verihubs", Endpoint: "idForgery", Credential: "app-2", NIK: "1"})); got != "admin-scoped" {
		t.Errorf("admin rule scoped to a credential: got %s", got)
	}
}

func TestResolveMatchKeys(t *testing.T) {
	digest := "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	base := Facts{Vendor: "verihubs", Endpoint: "idForgery"}
	with := func(mod func(*Facts)) Facts {
		f := base
		mod(&f)
		return f
	}
	tests := []struct {
		name  string
		match Match
		facts Facts
		want  bool
	}{
		{"no conditions", Match{}, base, true},
		{"credential equal", Match{Credential: "app-1"}, with(func(f *Facts) { f.Credential = "app-1" }), true},
		{"credential differs", Match{Credential: "app-1"}, with(func(f *Facts) { f.Credential = "app-2" }), false},
		{"credential missing", Match{Credential: "app-1"}, base, false},
		{"nik equal", Match{NIK: "3171024302821001"}, with(func(f *Facts) { f.NIK = "3171024302821001" }), true},
		{"nik differs", Match{NIK: "3171024302821001"}, with(func(f *Facts) { f.NIK = "3171024302821002" }), false},
		{"phone +62 with punctuation", Match{Phone: "+6283899575175"}, with(func(f *Facts) { f.Phone = "+62 838-9957-5175" }), true},
		{"phone leading 0", Match{Phone: "+6283899575175"}, with(func(f *Facts) { f.Phone = "083899575175" }), true},
		{"phone leading 8", Match{Phone: "083899575175"}, with(func(f *Facts) { f.Phone = "83899575175" }), true},
		{"phone normalised", Match{Phone: "83899575175"}, with(func(f *Facts) { f.Phone = "6283899575175" }), true},
		{"phone differs", Match{Phone: "+6283899575175"}, with(func(f *Facts) { f.Phone = "083899575176" }), false},
		{"phone missing", Match{Phone: "+6283899575175"}, base, false},
		{"digest full", Match{Digest: digest}, with(func(f *Facts) { f.Digests = []string{"00", digest} }), true},
		{"digest prefix", Match{Digest: digest[:8]}, with(func(f *Facts) { f.Digests = []string{digest} }), true},
		{"digest upper-case rule", Match{Digest: strings.ToUpper(digest[:12])}, with(func(f *Facts) { f.Digests = []string{digest} }), true},
		{"digest differs", Match{Digest: "9f86d082"}, with(func(f *Facts) { f.Digests = []string{digest} }), false},
		{"digest longer than image's", Match{Digest: digest}, with(func(f *Facts) { f.Digests = []string{digest[:10]} }), false},
		{"marker in second image", Match{Marker: "forged"}, with(func(f *Facts) {
			f.Markers = []map[string]string{{"nik": "1"}, {"scenario": "forged"}}
		}), true},
		{"marker differs", Match{Marker: "forged"}, with(func(f *Facts) { f.Markers = []map[string]string{{"scenario": "blurry"}} }), false},
		{"header name any case", Match{Header: map[string]string{"x-test-case": "42"}},
			with(func(f *Facts) { f.Header = http.Header{"X-Test-Case": {"41", "42"}} }), true},
		{"header stored non-canonically", Match{Header: map[string]string{"X-Test-Case": "42"}},
			with(func(f *Facts) { f.Header = http.Header{"x-test-case": {"42"}} }), true},
		{"header value exact", Match{Header: map[string]string{"X-Test-Case": "42"}},
			with(func(f *Facts) { f.Header = http.Header{"X-Test-Case": {"042"}} }), false},
		{"header missing", Match{Header: map[string]string{"X-Test-Case": "42"}}, base, false},
		{"field equal", Match{Field: map[string]string{"name": "BUDI"}}, with(func(f *Facts) { f.Fields = map[string]string{"name": "BUDI"} }), true},
		{"field case differs", Match{Field: map[string]string{"name": "BUDI"}}, with(func(f *Facts) { f.Fields = map[string]string{"name": "Budi"} }), false},
		{"field empty must be present", Match{Field: map[string]string{"name": ""}}, base, false},
		{"all keys, all match", Match{Credential: "app-1", NIK: "1", Field: map[string]string{"a": "b"}},
			with(func(f *Facts) { f.Credential, f.NIK, f.Fields = "app-1", "1", map[string]string{"a": "b"} }), true},
		{"all keys, one differs", Match{Credential: "app-1", NIK: "1", Field: map[string]string{"a": "b"}},
			with(func(f *Facts) { f.Credential, f.NIK, f.Fields = "app-1", "2", map[string]string{"a": "b"} }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSet(testCatalogue())
			mustAdd(t, s, Rule{Name: "r", Vendor: "verihubs", Endpoint: "idForgery", Match: tt.match, Respond: Respond{Code: "FAIL_ON_2"}})
			got := s.Resolve(tt.facts) != nil
			if got != tt.want {
				t.Errorf("matched = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestResolveScope(t *testing.T) {
	s := newTestSet(t, "", `scenarios:
  - {name: no-face, vendor: verihubs, respond: {code: NO_FACE}}
  - {name: fail-2, vendor: verihubs, respond: {code: FAIL_ON_2}}
  - {name: otp-only, vendor: verihubs, endpoint: sendOtp, respond: {code: QUOTA_EXCEEDED}}
  - {name: slow, vendor: verihubs, respond: {delay: 10ms}}
`)
	tests := []struct{ vendor, endpoint, want string }{
		{"verihubs", "faceCompare", "no-face"}, // NO_FACE is documented only here
		{"verihubs", "idForgery", "fail-2"},
		{"verihubs", "sendOtp", "otp-only"},     // FAIL_ON_2 is not documented for sendOtp
		{"verihubs", "newEndpoint", "slow"},     // endpoint unknown to the catalogue: code-less rules only
		{"izidata", "ktpVerification", "<nil>"}, // other vendor
		{"acme", "idForgery", "<nil>"},
	}
	for _, tt := range tests {
		if got := ruleName(s.Resolve(Facts{Vendor: tt.vendor, Endpoint: tt.endpoint})); got != tt.want {
			t.Errorf("%s %s: got %s, want %s", tt.vendor, tt.endpoint, got, tt.want)
		}
	}
}

// TestResolveScopeByMessage: a rule without endpoint that picks a message
// applies only where that message is documented for its code.
func TestResolveScopeByMessage(t *testing.T) {
	s := newTestSet(t, "", `scenarios:
  - {name: mismatch, vendor: verihubs, respond: {code: FAIL_ON_2, message: Face mismatch}}
  - {name: possible, vendor: verihubs, respond: {code: FAIL_ON_2, message: Possible forgery detected}}
`)
	for ep, want := range map[string]string{
		"faceCompare": "mismatch", // documents both texts; the first rule wins
		"idForgery":   "possible", // documents "Possible forgery detected" only
		"sendOtp":     "<nil>",
	} {
		if got := ruleName(s.Resolve(Facts{Vendor: "verihubs", Endpoint: ep})); got != want {
			t.Errorf("%s: got %s, want %s", ep, got, want)
		}
	}
}

func TestResolveOutcome(t *testing.T) {
	s := newTestSet(t, "", exampleFile)
	f := Facts{
		Vendor: "verihubs", Endpoint: "idForgery", Credential: "demo-app-id",
		NIK: "3171024302821001", Phone: "083899575175",
		Digests: []string{"9f86d081884c7d659a2feaa0c55ad015"},
		Markers: []map[string]string{{"scenario": "forged"}},
		Header:  http.Header{"X-Test-Case": {"42"}},
		Fields:  map[string]string{"name": "BUDI"},
	}
	o := s.Resolve(f)
	if o == nil {
		t.Fatal("no outcome")
	}
	id := s.List()[0].ID
	want := Outcome{Code: "FAIL_ON_2", Message: "Possible forgery detected", Delay: 1500 * time.Millisecond,
		Fault: FaultHTTP503, Rule: "forged-ktp", RuleID: id, Source: "t.yaml:3", Reason: ReasonScenario}
	got := *o
	got.Set = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("outcome = %+v\nwant %+v", got, want)
	}
	if o.Set["data.forgery"] != true {
		t.Errorf("set = %v", o.Set)
	}
	if o := s.Resolve(f); o != nil {
		t.Errorf("times: 1 rule answered twice: %+v", o)
	}
}

func TestMarkerShortcut(t *testing.T) {
	s := NewSet(testCatalogue())
	marked := func(endpoint, scenario string) Facts {
		return Facts{Vendor: "verihubs", Endpoint: endpoint, Markers: []map[string]string{{"nik": "1"}, {"scenario": scenario}}}
	}
	if o := s.Resolve(marked("idForgery", "FAIL_ON_2")); o == nil || !reflect.DeepEqual(*o, Outcome{Code: "FAIL_ON_2", Reason: ReasonMarker}) {
		t.Errorf("documented code marker: %+v", o)
	}
	for _, f := range []Facts{
		marked("idForgery", "NO_FACE"), // documented for faceCompare, not here
		marked("idForgery", "forged"),  // a rule's marker name, not a code
		marked("newEndpoint", "OK"),    // endpoint unknown to the catalogue
		{Vendor: "verihubs", Endpoint: "idForgery"},
	} {
		if o := s.Resolve(f); o != nil {
			t.Errorf("Resolve(%+v) = %+v, want nil", f, o)
		}
	}
	mustAdd(t, s, Rule{Name: "rule", Vendor: "verihubs", Respond: Respond{Code: "OK"}})
	if o := s.Resolve(marked("idForgery", "FAIL_ON_2")); o == nil || o.Reason != ReasonScenario {
		t.Errorf("a matching rule must win over the marker: %+v", o)
	}
}

func TestTimesExactUnderConcurrency(t *testing.T) {
	s := newTestSet(t, "", "scenarios:\n  - {name: fallback, vendor: verihubs, respond: {code: OK}}\n")
	// Enough contention that a load-then-store claim loses updates.
	const limit, workers, each = 2000, 64, 100
	st := mustAdd(t, s, Rule{Name: "limited", Vendor: "verihubs", Respond: Respond{Code: "FAIL_ON_2"}, Times: limit})

	var mu sync.Mutex
	counts := map[string]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			local := map[string]int{}
			for range each {
				local[ruleName(s.Resolve(forgeryFacts()))]++
			}
			mu.Lock()
			for k, v := range local {
				counts[k] += v
			}
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	if counts["limited"] != limit || counts["fallback"] != workers*each-limit {
		t.Errorf("counts = %v, want limited=%d fallback=%d", counts, limit, workers*each-limit)
	}
	for _, rs := range s.List() {
		if rs.ID == st.ID && (rs.Hits != limit || rs.Remaining == nil || *rs.Remaining != 0) {
			t.Errorf("status = hits %d remaining %v", rs.Hits, rs.Remaining)
		}
	}
}

// Parallel suites share one server and never reset it: each scopes its
// rules to its own credential, and must see only its own rules.
func TestCredentialScopedSuitesRunSideBySide(t *testing.T) {
	s := newTestSet(t, "", "scenarios:\n  - {name: default, vendor: verihubs, respond: {code: OK}}\n")
	for i := range 6 {
		cred := fmt.Sprintf("suite-%d", i)
		t.Run(cred, func(t *testing.T) {
			t.Parallel()
			times := 20 + i
			st := mustAdd(t, s, Rule{Name: "forged", Vendor: "verihubs", Endpoint: "idForgery",
				Match: Match{Credential: cred}, Respond: Respond{Code: "FAIL_ON_2"}, Times: times})
			defer s.Remove(st.ID)
			f := Facts{Vendor: "verihubs", Endpoint: "idForgery", Credential: cred}
			mine, other := 0, 0
			for range times + 10 {
				o := s.Resolve(f)
				switch {
				case o == nil:
					t.Fatal("no outcome")
				case o.RuleID == st.ID:
					mine++
				case o.Rule == "default":
					other++
				default:
					t.Fatalf("suite %s got another suite's rule %s", cred, o.RuleID)
				}
			}
			if mine != times || other != 10 {
				t.Errorf("own rule %d times (want %d), default %d (want 10)", mine, times, other)
			}
		})
	}
}

func TestReset(t *testing.T) {
	s := newTestSet(t, "", "scenarios:\n  - {name: once, vendor: verihubs, respond: {code: FAIL_ON_1}, times: 1}\n")
	mustAdd(t, s, Rule{Name: "admin", Vendor: "verihubs", Respond: Respond{Code: "OK"}, Times: 1})
	for _, want := range []string{"admin", "once", "<nil>"} {
		if got := ruleName(s.Resolve(forgeryFacts())); got != want {
			t.Fatalf("got %s, want %s", got, want)
		}
	}
	s.Reset()
	list := s.List()
	if len(list) != 1 || list[0].Hits != 0 || *list[0].Remaining != 1 {
		t.Fatalf("after Reset: %+v", list)
	}
	if got := ruleName(s.Resolve(forgeryFacts())); got != "once" {
		t.Errorf("after Reset: got %s, want once", got)
	}
}

func TestListJSON(t *testing.T) {
	s := newTestSet(t, "scenarios:\n  - {name: shipped, vendor: izidata, respond: {code: SUCCESS}}\n", "")
	mustAdd(t, s, Rule{Name: "slow", Vendor: "verihubs", Respond: Respond{Delay: 1500 * time.Millisecond}, Times: 3})
	s.Resolve(forgeryFacts())
	body, err := json.Marshal(s.List())
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %s", body)
	}
	a, sh := got[0], got[1]
	if a["id"] != "admin-2" || a["group"] != "admin" || a["name"] != "slow" || a["vendor"] != "verihubs" ||
		a["hits"] != 1.0 || a["remaining"] != 2.0 || a["source"] != "admin" ||
		a["respond"].(map[string]any)["delay"] != "1.5s" {
		t.Errorf("admin rule JSON: %v", a)
	}
	if _, ok := sh["remaining"]; ok || sh["group"] != "shipped" || sh["source"] != "t.yaml:2" {
		t.Errorf("shipped rule JSON: %v", sh)
	}
}

func TestSetGroupValidates(t *testing.T) {
	s := newTestSet(t, "", "scenarios:\n  - {name: keep, vendor: verihubs, respond: {code: OK}}\n")
	if err := s.SetGroup("custom", nil); err == nil {
		t.Error("unknown group accepted")
	}
	err := s.SetGroup(GroupDir, []Rule{{Name: "bad", Vendor: "verihubs", Endpoint: "nope", Respond: Respond{Code: "OK"}, Source: "x.yaml:4"}})
	if err == nil || !strings.HasPrefix(err.Error(), `x.yaml:4: unknown endpoint "nope"`) {
		t.Errorf("err = %v", err)
	}
	if got := ruleName(s.Resolve(forgeryFacts())); got != "keep" {
		t.Errorf("group changed by a failed SetGroup: got %s", got)
	}
}

func TestSetGroupCarriesCountersOfUnchangedRules(t *testing.T) {
	const v1 = "scenarios:\n  - {name: once, vendor: verihubs, respond: {code: FAIL_ON_1}, times: 1}\n"
	s := newTestSet(t, "", v1)
	id := s.List()[0].ID
	s.Resolve(forgeryFacts())
	// The same rule, moved down a line by an edit above it: still spent.
	s.SetGroup(GroupDir, mustParse(t, "# edited\n"+v1))
	if got := s.List()[0]; got.ID != id || *got.Remaining != 0 || got.Source != "t.yaml:3" {
		t.Errorf("unchanged rule after reload: %+v", got)
	}
	if o := s.Resolve(forgeryFacts()); o != nil {
		t.Errorf("spent rule revived: %+v", o)
	}
	// A changed rule starts afresh.
	s.SetGroup(GroupDir, mustParse(t, strings.Replace(v1, "times: 1", "times: 2", 1)))
	if got := s.List()[0]; got.ID == id || *got.Remaining != 2 {
		t.Errorf("changed rule after reload: %+v", got)
	}
}

func TestAddValidatesAndCopies(t *testing.T) {
	s := NewSet(testCatalogue())
	_, err := s.Add(Rule{Vendor: "verihubs", Endpoint: "idForgery", Respond: Respond{Code: "NOPE", Fault: "boom"}})
	if got := errorLines(t, err); len(got) != 3 || !containsAll(strings.Join(got, "\n"), `missing required key "name"`, `respond.code "NOPE"`, `unknown respond.fault "boom"`) {
		t.Errorf("errors = %q", got)
	}
	r := Rule{Name: "h", Vendor: "verihubs", Match: Match{Header: map[string]string{"X-Case": "1"}}, Respond: Respond{Code: "OK"}}
	st := mustAdd(t, s, r)
	if st.Source != SourceAdmin || st.Group != GroupAdmin || st.ID == "" {
		t.Errorf("status = %+v", st)
	}
	r.Match.Header["X-Case"] = "2" // the caller reuses its map
	f := forgeryFacts()
	f.Header = http.Header{"X-Case": {"1"}}
	if s.Resolve(f) == nil {
		t.Error("the Set shares the caller's map")
	}
}

func TestListReturnsCopies(t *testing.T) {
	s := NewSet(testCatalogue())
	mustAdd(t, s, Rule{Name: "r", Vendor: "verihubs", Respond: Respond{Code: "OK", Set: map[string]any{"data": map[string]any{"a": 1}}}})
	s.List()[0].Respond.Set["data"].(map[string]any)["a"] = 2
	if got := s.Resolve(forgeryFacts()).Set["data"].(map[string]any)["a"]; got != 1 {
		t.Errorf("List exposed the rule's set: %v", got)
	}
}

// TestClaimExact hammers claim alone, where racing goroutines spend most of
// their time in the window between reading and updating remaining: a
// non-atomic claim over-counts here within a few thousand uses.
func TestClaimExact(t *testing.T) {
	const limit = 50_000
	c := compile(Rule{Name: "r", Vendor: "verihubs", Respond: Respond{Code: "OK"}, Times: limit}, GroupDir)
	var total atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			n := int64(0)
			for c.claim() {
				n++
			}
			total.Add(n)
		}()
	}
	close(start)
	wg.Wait()
	if total.Load() != limit || c.st.hits.Load() != limit || c.st.remaining.Load() != 0 {
		t.Errorf("claimed %d, hits %d, remaining %d; want %d, %d, 0", total.Load(), c.st.hits.Load(), c.st.remaining.Load(), limit, limit)
	}
}

// TestAddBounded: the admin rules are bounded in number and in weight;
// past either bound Add refuses with ErrAdminRulesFull, and deleting or
// resetting makes room again.
func TestAddBounded(t *testing.T) {
	s := NewSet(testCatalogue())
	small := func(i int) Rule {
		return Rule{Name: fmt.Sprint("r", i), Vendor: "verihubs", Respond: Respond{Code: "OK"}}
	}
	var last RuleStatus
	for i := range MaxAdminRules {
		last = mustAdd(t, s, small(i))
	}
	if _, err := s.Add(small(-1)); !errors.Is(err, ErrAdminRulesFull) || !strings.Contains(err.Error(), "1000 admin rules") {
		t.Fatalf("rule %d: %v", MaxAdminRules+1, err)
	}
	if !s.Remove(last.ID) {
		t.Fatal("remove")
	}
	mustAdd(t, s, small(-2))
	s.Reset()
	// Weight: rules of 512 KiB each (a large respond.set), eight fit.
	big := func(i int) Rule {
		r := small(i)
		r.Respond.Set = map[string]any{"data": map[string]any{"blob": strings.Repeat("x", 512<<10)}}
		return r
	}
	n := 0
	for ; n < 20; n++ {
		if _, err := s.Add(big(n)); err != nil {
			if !errors.Is(err, ErrAdminRulesFull) || !strings.Contains(err.Error(), "bytes") {
				t.Fatalf("big rule %d: %v", n, err)
			}
			break
		}
	}
	if n != MaxAdminRuleBytes/(512<<10)-1 && n != MaxAdminRuleBytes/(512<<10) {
		t.Errorf("%d big rules fit in %d bytes", n, MaxAdminRuleBytes)
	}
	s.Reset()
	mustAdd(t, s, big(99))
}

// TestAdminBoundsShared: Sets made within one AdminBounds count their admin
// rules together; Remove, Reset and SetGroup keep the count right.
func TestAdminBoundsShared(t *testing.T) {
	b := &AdminBounds{}
	s1, s2 := NewSetWithin(testCatalogue(), b), NewSetWithin(testCatalogue(), b)
	r := Rule{Name: "r", Vendor: "verihubs", Respond: Respond{Code: "OK"}}
	a := mustAdd(t, s1, r)
	mustAdd(t, s2, r)
	mustAdd(t, s2, r)
	if n, w := b.Counted(); n != 3 || w != 3*adminWeight(Rule{Name: "r", Vendor: "verihubs", Respond: Respond{Code: "OK"}, Source: SourceAdmin}) {
		t.Errorf("counted %d rules, %d bytes", n, w)
	}
	s1.Remove(a.ID)
	s2.Reset()
	if n, w := b.Counted(); n != 0 || w != 0 {
		t.Errorf("after remove and reset: %d rules, %d bytes", n, w)
	}
	if err := s1.SetGroup(GroupAdmin, []Rule{r, r}); err != nil {
		t.Fatal(err)
	}
	if n, _ := b.Counted(); n != 2 {
		t.Errorf("after SetGroup: %d", n)
	}
	if err := s1.SetGroup(GroupAdmin, nil); err != nil {
		t.Fatal(err)
	}
	if n, w := b.Counted(); n != 0 || w != 0 {
		t.Errorf("after an empty SetGroup: %d rules, %d bytes", n, w)
	}
}

// TestCloseReleasesAndRefuses: a closed Set gives its admin rules back to
// the bounds and refuses a later Add, which would otherwise be counted for
// ever (a request racing its workspace's deletion).
func TestCloseReleasesAndRefuses(t *testing.T) {
	b := &AdminBounds{}
	s := NewSetWithin(testCatalogue(), b)
	r := Rule{Name: "r", Vendor: "verihubs", Respond: Respond{Code: "OK"}}
	mustAdd(t, s, r)
	s.Close()
	if _, err := s.Add(r); !errors.Is(err, ErrClosed) {
		t.Errorf("Add after Close: %v", err)
	}
	if n, w := b.Counted(); n != 0 || w != 0 {
		t.Errorf("counted after Close: %d rules, %d bytes", n, w)
	}
}
