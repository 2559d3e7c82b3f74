package mocktest

import (
	"net/http"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// Request is one request of a vendor's tests; it carries the vendor's own
// headers, signing and body encoding, and sends itself to the mock.
type Request interface {
	Send(h *Harness) Result
}

// Case is one row of a vendor's answer table: a request that triggers one
// documented answer, and the answer it must get.
type Case[R Request] struct {
	Name    string
	Op      string // operationId
	Code    string // catalogue code
	Message string // catalogue message ("" where the answer documents none)
	Status  int    // HTTP status; 0 = 200
	Charged bool
	Why     string   // the journal's cause; "" = emulate.WhyNatural
	Config  string   // config YAML; "" = the table's
	Rules   []string // admin scenario rules (JSON), added first
	Before  []R      // sent first (to use up a limit, store a result); each must succeed
	Send    func(t testing.TB) R
}

// Key is the catalogue answer the case triggers.
func (c Case[R]) Key() AnswerKey {
	return AnswerKey{Op: c.Op, Code: c.Code, Message: c.Message, Charged: c.Charged}
}

func (c Case[R]) status() int {
	if c.Status == 0 {
		return http.StatusOK
	}
	return c.Status
}

func (c Case[R]) why() string {
	if c.Why == "" {
		return emulate.WhyNatural
	}
	return c.Why
}

// Answers is a vendor's answer table with the checks only that vendor's
// answers need. Run, CheckCoverage and Golden are its three tests.
type Answers[R Request] struct {
	Vendor string
	Config string // config YAML for cases that name none
	Cases  []Case[R]
	// BeforeOK tells whether a request a case sends first succeeded; nil
	// means HTTP 200.
	BeforeOK func(t testing.TB, res Result) bool
	// Check asserts what the vendor's answer carries beyond the HTTP status
	// and the journal entry, which Run checks itself (the body's code and
	// message, the envelope, headers).
	Check func(t *testing.T, h *Harness, c Case[R], res Result)
}

// trigger starts a mock with the case's config and rules, sends the
// requests before, then the case's own request.
func (a Answers[R]) trigger(t *testing.T, c Case[R]) (*Harness, Result) {
	t.Helper()
	return a.triggerWith(t, c, nil)
}

// triggerWith is trigger with rules added after the requests before (a
// forced code must not decide those).
func (a Answers[R]) triggerWith(t *testing.T, c Case[R], rulesLast []string) (*Harness, Result) {
	t.Helper()
	cfg := c.Config
	if cfg == "" {
		cfg = a.Config
	}
	h := New(t, WithConfig(cfg))
	h.AddRules(c.Rules...)
	for i, b := range c.Before {
		res := b.Send(h)
		if !a.beforeOK(t, res) {
			t.Fatalf("request %d before: HTTP %d %.300s", i+1, res.Status, res.Body)
		}
	}
	h.AddRules(rulesLast...)
	res := c.Send(t).Send(h)
	if res.Status != c.status() {
		t.Fatalf("HTTP %d, want %d: %.300s", res.Status, c.status(), res.Body)
	}
	return h, res
}

// beforeOK tells whether a request sent first succeeded.
func (a Answers[R]) beforeOK(t testing.TB, res Result) bool {
	if a.BeforeOK != nil {
		return a.BeforeOK(t, res)
	}
	return res.Status == http.StatusOK
}

// Run triggers every answer of the table through HTTP (each response is
// validated against specs/ by the harness) and checks the HTTP status, the
// vendor's Check and the journal entry: code, message, billing and cause.
func (a Answers[R]) Run(t *testing.T) {
	for _, c := range a.Cases {
		t.Run(c.Op+"/"+c.Code+"/"+c.Name, func(t *testing.T) {
			h, res := a.trigger(t, c)
			if a.Check != nil {
				a.Check(t, h, c, res)
			}
			e := h.LastEntry()
			if e.Code != c.Code || e.Message != c.Message || e.Charged != c.Charged || e.Why != c.why() {
				t.Errorf("journal: %s %q charged %v why %s; want %s %q %v %s (notes %v)",
					e.Code, e.Message, e.Charged, e.Why, c.Code, c.Message, c.Charged, c.why(), e.Notes)
			}
		})
	}
}

// CheckCoverage fails for each answer the vendor's catalogue documents that
// no case of the table triggers.
func (a Answers[R]) CheckCoverage(t *testing.T) {
	have := map[AnswerKey]bool{}
	for _, c := range a.Cases {
		have[c.Key()] = true
	}
	New(t, WithConfig(a.Config)).CheckEveryAnswer(a.Vendor, have)
}
