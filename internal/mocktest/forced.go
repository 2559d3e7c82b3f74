package mocktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// Meaning checks what a body of a code must say, whether the code came
// naturally or was forced: a score on the right side of its threshold, a
// verdict field that agrees with the code. body is the decoded JSON.
type Meaning func(t *testing.T, op, code string, body any)

// Forced checks every answer of the vendor's catalogue forced by a
// scenario rule. The rule makes the endpoint's natural request (the
// table's first HTTP 200 case of the endpoint that no rule or marker
// decides, typically a success) answer the code: the forced answer must
// have the code's HTTP status, the journal's code and message, pass the
// vendor's Check and pass meaning. For an answer with a generated body
// (emulate.Generates; the others are the vendor's Render of the code,
// forced or not), where the table triggers the code without a rule, that natural answer must pass meaning too (so the check
// holds of what the vendor logic answers), and the code forced onto that
// same request must have the natural answer's shape: the same keys, at
// every depth, holding the same JSON kinds. A forced code must not
// contradict itself: a forced NOT with the score of an OK is a bug a
// client's logic trips on.
func (a Answers[R]) Forced(t *testing.T, meaning Meaning) {
	v, ok := New(t, WithConfig(a.Config)).Server.Catalogue().Vendor(a.Vendor)
	if !ok {
		t.Fatalf("no vendor %q", a.Vendor)
	}
	natural := func(c Case[R]) bool {
		return len(c.Rules) == 0 && c.why() != emulate.WhyScenario && c.why() != emulate.WhyMarker
	}
	for _, ep := range v.Endpoints() {
		var base *Case[R]
		for i, c := range a.Cases {
			if c.Op == ep.OperationID && c.status() >= 200 && c.status() < 300 && natural(c) && c.why() == emulate.WhyNatural {
				base = &a.Cases[i]
				break
			}
		}
		if base == nil {
			t.Errorf("%s: no natural 2xx case to force answers on", ep.OperationID)
			continue
		}
		// One mock and one request per endpoint, reset before each answer
		// (as fresh as a new mock): building the request's images is
		// most of the cost, and the check runs under -race too.
		cfg := base.Config
		if cfg == "" {
			cfg = a.Config
		}
		h := New(t, WithConfig(cfg))
		req := base.Send(t)
		for _, ans := range ep.Answers {
			key := AnswerKey{ep.OperationID, ans.Code, ans.Message, ans.Charged}
			t.Run(ep.OperationID+"/"+goldenName(ep.Answers, key), func(t *testing.T) {
				parent := h.T
				h.T = t
				defer func() { h.T = parent }()
				forced := *base
				forced.Name = "forced " + ans.Code
				forced.Code, forced.Message, forced.Charged, forced.Status = ans.Code, ans.Message, ans.Charged, ans.HTTP
				forced.Why = emulate.WhyScenario
				rule := Rule(a.Vendor, ep.OperationID, ans.Code, ans.Message)
				if st, _ := h.Admin(http.MethodPost, "/reset", ""); st != http.StatusOK {
					t.Fatalf("reset: HTTP %d", st)
				}
				for i, b := range base.Before {
					if res := b.Send(h); !a.beforeOK(t, res) {
						t.Fatalf("request %d before: HTTP %d %.300s", i+1, res.Status, res.Body)
					}
				}
				h.AddRules(rule)
				res := req.Send(h)
				if res.Status != forced.status() {
					t.Fatalf("HTTP %d, want %d: %.300s", res.Status, forced.status(), res.Body)
				}
				e := h.LastEntry()
				if e.Code != ans.Code || e.Message != ans.Message || e.Why != emulate.WhyScenario {
					t.Fatalf("journal: %s %q why %s, want %s %q forced", e.Code, e.Message, e.Why, ans.Code, ans.Message)
				}
				if billedBoth(ep.Answers, ans) {
					// A rule names a code and a message, not a billing:
					// where the code has a charged and a free answer
					// with one text (ADVANCE's blacklist SUCCESS, iziData's
					// iswhatsapp OK) the data decides which, and a rule
					// picks by set: (data.recommendation, …). Either is
					// right here; the vendor's Check holds the body to it.
					forced.Charged = e.Charged
				}
				if a.Check != nil {
					a.Check(t, h, forced, res)
				}
				if meaning != nil {
					meaning(t, ep.OperationID, ans.Code, decodeAny(t, res.Body))
				}
				if !emulate.Generates(v, ans) {
					return // rendered by the vendor's Render, forced or not
				}
				for _, c := range a.Cases {
					if c.Key() != key || !natural(c) {
						continue
					}
					_, nat := a.trigger(t, c)
					want := decodeAny(t, nat.Body)
					if meaning != nil {
						meaning(t, ep.OperationID, ans.Code, want) // the check itself must hold naturally
					}
					_, res := a.triggerWith(t, c, []string{rule})
					got := decodeAny(t, res.Body)
					if meaning != nil {
						meaning(t, ep.OperationID, ans.Code, got)
					}
					if diffs := shapeDiff("", want, got); len(diffs) > 0 {
						t.Errorf("%s forced on the request of case %q has another shape than its natural answer: %s\nnatural: %.600s\nforced:  %.600s",
							ans.Code, c.Name, strings.Join(diffs, "; "), nat.Body, res.Body)
					}
					break
				}
			})
		}
	}
}

func decodeAny(t *testing.T, body []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("body is not JSON: %v: %.300s", err, body)
	}
	return v
}

// shapeDiff lists where got differs from want in shape: an object's keys,
// a value's JSON kind (null included), an array's element shape where both
// hold elements.
func shapeDiff(path string, want, got any) []string {
	at := path
	if at == "" {
		at = "the body"
	}
	if kind(want) != kind(got) {
		return []string{fmt.Sprintf("%s is %s, naturally %s", at, kind(got), kind(want))}
	}
	var out []string
	switch w := want.(type) {
	case map[string]any:
		g := got.(map[string]any)
		var keys []string
		for k := range w {
			keys = append(keys, k)
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			wv, win := w[k]
			gv, gin := g[k]
			switch {
			case !gin:
				out = append(out, fmt.Sprintf("%s lacks %q", at, k))
			case !win:
				out = append(out, fmt.Sprintf("%s has %q, naturally absent", at, k))
			default:
				out = append(out, shapeDiff(strings.TrimPrefix(path+"."+k, "."), wv, gv)...)
			}
		}
	case []any:
		g := got.([]any)
		if len(w) > 0 && len(g) > 0 {
			out = append(out, shapeDiff(path+".0", w[0], g[0])...)
		}
	}
	return out
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	}
	return fmt.Sprintf("%T", v)
}

// billedBoth: the endpoint documents ans's code and message both charged
// and free.
func billedBoth(answers []emulate.Answer, ans emulate.Answer) bool {
	for _, o := range answers {
		if o.Code == ans.Code && o.Message == ans.Message && o.Charged != ans.Charged {
			return true
		}
	}
	return false
}
