package mockekyctest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/mockekycadmin"
)

// The admin API's types, for tests that import this package alone.
type (
	// Rule is a scenario rule: AddRule's argument.
	Rule = mockekycadmin.Rule
	// Match holds a rule's conditions.
	Match = mockekycadmin.Match
	// Respond is what a rule answers.
	Respond = mockekycadmin.Respond
	// RuleStatus is a rule as the mock holds it, with its ID.
	RuleStatus = mockekycadmin.RuleStatus
	// Filter selects journal entries.
	Filter = mockekycadmin.Filter
	// Entry is one answered request of the journal.
	Entry = mockekycadmin.Entry
	// Account is a credential and its running state.
	Account = mockekycadmin.Account
	// Coverage tells which documented codes were met.
	Coverage = mockekycadmin.Coverage
	// Person is the fake person behind a NIK.
	Person = mockekycadmin.Person
)

// ctx bounds one admin call of a helper.
func (s *Server) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), time.Minute)
}

// check fails the test with what the admin API answered.
func (s *Server) check(err error) {
	if err != nil {
		s.tb.Helper()
		s.tb.Fatalf("mockekyctest: %v", err)
	}
}

// noTest is the test of a server made by Start: there is none, so a
// failure panics with its message.
type noTest struct{ testing.TB }

func (noTest) Helper() {}

func (noTest) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

// AddRule adds a scenario rule, which applies from the next request until
// RemoveRule, Reset, or Times matching requests. The mock checks it
// against its catalogue: a code the endpoint does not document fails the
// test with the documented ones listed.
func (s *Server) AddRule(r Rule) RuleStatus {
	s.tb.Helper()
	ctx, cancel := s.ctx()
	defer cancel()
	st, err := s.admin.AddRule(ctx, r)
	s.check(err)
	return st
}

// RemoveRule removes a rule AddRule added, by its RuleStatus.ID.
func (s *Server) RemoveRule(id string) {
	s.tb.Helper()
	ctx, cancel := s.ctx()
	defer cancel()
	s.check(s.admin.RemoveRule(ctx, id))
}

// Rules lists every rule: the shipped ones, WithScenarios' and added ones.
func (s *Server) Rules() []RuleStatus {
	s.tb.Helper()
	ctx, cancel := s.ctx()
	defer cancel()
	rs, err := s.admin.Rules(ctx)
	s.check(err)
	return rs
}

// Requests are the journal's entries matching f, newest first.
func (s *Server) Requests(f Filter) []Entry {
	s.tb.Helper()
	ctx, cancel := s.ctx()
	defer cancel()
	es, err := s.admin.Requests(ctx, f)
	s.check(err)
	return es
}

// LastRequest is the newest journal entry matching f; none fails the test
// with what the journal holds.
func (s *Server) LastRequest(f Filter) Entry {
	s.tb.Helper()
	f.Limit = 1
	if es := s.Requests(f); len(es) == 1 {
		return es[0]
	}
	s.tb.Fatalf("mockekyctest: no request matching %s reached the mock; %s", describeFilter(f), s.journalSummary())
	return Entry{}
}

// ExpectAnswer checks that the newest request matching f was answered
// with the vendor code code, and returns it. Otherwise the test fails
// with what the mock answered and why (the journal's explanation: a rule,
// an image marker, the credential, the quota...).
func (s *Server) ExpectAnswer(f Filter, code string) Entry {
	s.tb.Helper()
	e := s.LastRequest(f)
	if e.Code != code {
		s.tb.Fatalf("mockekyctest: the last request matching %s was answered %s, not %s\n%s", describeFilter(f), e.Code, code, Explain(e))
	}
	return e
}

// Explain says in one paragraph what the mock answered to a request and
// why: the request, the answer's status, code and message, what decided
// it, and the journal's notes.
func Explain(e Entry) string {
	var b strings.Builder
	host := e.Host
	fmt.Fprintf(&b, "request #%d: %s %s%s (%s %s, credential %q)\n", e.ID, e.Method, host, e.Path, e.Vendor, e.Endpoint, e.Credential)
	fmt.Fprintf(&b, "  answered: HTTP %d, code %s", e.Status, e.Code)
	if e.Message != "" {
		fmt.Fprintf(&b, ", message %q", e.Message)
	}
	fmt.Fprintf(&b, "\n  why: %s", e.Why)
	if e.Rule != "" {
		fmt.Fprintf(&b, " (rule %q)", e.Rule)
	}
	if e.Fault != "" {
		fmt.Fprintf(&b, " (fault %s)", e.Fault)
	}
	for _, k := range slices.Sorted(maps.Keys(e.Notes)) {
		fmt.Fprintf(&b, "\n  note %s: %s", k, e.Notes[k])
	}
	if len(e.Response) > 0 {
		fmt.Fprintf(&b, "\n  body: %.300s", e.Response)
	}
	return b.String()
}

func describeFilter(f Filter) string {
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	add("vendor", f.Vendor)
	add("endpoint", f.Endpoint)
	add("code", f.Code)
	add("credential", f.Credential)
	if f.Status != 0 {
		add("status", fmt.Sprint(f.Status))
	}
	if f.Since != 0 {
		add("since", fmt.Sprint(f.Since))
	}
	if len(parts) == 0 {
		return "{any}"
	}
	return "{" + strings.Join(parts, " ") + "}"
}

// journalSummary lists the newest entries, for a failure message.
func (s *Server) journalSummary() string {
	ctx, cancel := s.ctx()
	defer cancel()
	es, err := s.admin.Requests(ctx, Filter{Limit: 5})
	if err != nil {
		return "the journal could not be read: " + err.Error()
	}
	if len(es) == 0 {
		return "the journal is empty (did the client reach the mock? srv.Client() or srv.URL(vendor))"
	}
	var b strings.Builder
	b.WriteString("the newest requests in the journal:")
	for _, e := range es {
		fmt.Fprintf(&b, "\n  #%d %s %s%s → %s %s %d %s (why: %s)", e.ID, e.Method, e.Host, e.Path, e.Vendor, e.Endpoint, e.Status, e.Code, e.Why)
	}
	return b.String()
}

// ClearRequests empties the journal (and nothing else).
func (s *Server) ClearRequests() {
	s.tb.Helper()
	ctx, cancel := s.ctx()
	defer cancel()
	s.check(s.admin.ClearRequests(ctx))
}

// Coverage tells which documented codes of vendor ("" for all) the
// requests of credential ("" for all) met since the start or the last
// Reset.
func (s *Server) Coverage(vendor, credential string) Coverage {
	s.tb.Helper()
	ctx, cancel := s.ctx()
	defer cancel()
	c, err := s.admin.Coverage(ctx, vendor, credential)
	s.check(err)
	return c
}

// Accounts are the configured credentials with their balances, quotas and
// counts.
func (s *Server) Accounts() []Account {
	s.tb.Helper()
	ctx, cancel := s.ctx()
	defer cancel()
	as, err := s.admin.Accounts(ctx)
	s.check(err)
	return as
}

// Now is the mock's clock.
func (s *Server) Now() time.Time {
	s.tb.Helper()
	ctx, cancel := s.ctx()
	defer cancel()
	t, err := s.admin.Now(ctx)
	s.check(err)
	return t
}

// Advance moves the mock's clock by d and returns the new time: tokens
// expire and daily quotas start again without waiting.
func (s *Server) Advance(d time.Duration) time.Time {
	s.tb.Helper()
	ctx, cancel := s.ctx()
	defer cancel()
	t, err := s.admin.AdvanceClock(ctx, d)
	s.check(err)
	return t
}

// SetClock sets the mock's clock to t.
func (s *Server) SetClock(t time.Time) time.Time {
	s.tb.Helper()
	ctx, cancel := s.ctx()
	defer cancel()
	now, err := s.admin.SetClock(ctx, t)
	s.check(err)
	return now
}

// Reset puts the mock back to its start: the journal, balances and
// quotas, added rules and rule counters, request ids, the clock, and what
// the vendors remember.
func (s *Server) Reset() {
	s.tb.Helper()
	ctx, cancel := s.ctx()
	defer cancel()
	s.check(s.admin.Reset(ctx))
}

// Person is the fake person the mock generates for a NIK (the same for
// the same seed): send their name and birth date to an identity check and
// it matches.
func (s *Server) Person(nik string) Person {
	s.tb.Helper()
	ctx, cancel := s.ctx()
	defer cancel()
	p, err := s.admin.Person(ctx, nik)
	s.check(err)
	return p
}

// ImageSpec describes a test image: a KTP-like card drawn in the given
// format and size, optionally padded to a file size, carrying a marker or
// cut short.
type ImageSpec struct {
	// Format is jpeg (default), png, bmp, gif, tiff, webp or pdf.
	Format string
	// Width and Height in pixels (default 1000 × 630).
	Width, Height int
	// Bytes pads the file to about this size (0: its natural size), to
	// hit a vendor's size limit.
	Bytes int
	// Marker is text the mock reads from the image, "key=value; ...":
	// "scenario=<code>" forces a documented code, "nik=<NIK>" sets the
	// person the OCR reads (README.md#fake-identities).
	Marker string
	// Truncate cuts the file to this many bytes: a corrupt image.
	Truncate int
}

// MakeImage draws the image spec describes.
func MakeImage(spec ImageSpec) ([]byte, error) {
	name := spec.Format
	if name == "" {
		name = "jpeg"
	}
	f, ok := imagecheck.ParseFormat(name)
	if !ok {
		return nil, fmt.Errorf("mockekyctest: unknown image format %q (jpeg, png, bmp, gif, tiff, webp, pdf)", spec.Format)
	}
	w, h := spec.Width, spec.Height
	if w == 0 && h == 0 {
		w, h = 1000, 630
	}
	return imagecheck.MakeFixture(imagecheck.FixtureSpec{Format: f, Width: w, Height: h, Bytes: spec.Bytes, Marker: spec.Marker, Truncate: spec.Truncate})
}

// Image is MakeImage with a failure sent to the test.
func (s *Server) Image(spec ImageSpec) []byte {
	s.tb.Helper()
	data, err := MakeImage(spec)
	s.check(err)
	return data
}
