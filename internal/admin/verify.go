package admin

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/mockekyc/mockekyc/internal/journal"
)

// MaxVerifyListed is how many matching requests a Verification lists;
// Matched counts them all.
const MaxVerifyListed = 50

// MaxNearest is how many near misses a failed verification lists.
const MaxNearest = 5

// StatusVerifyFailed is POST /__admin/verify's answer when the requests
// do not meet the expectation: 422 Unprocessable Content, "the request was
// understood and cannot be carried out as asked". Not 417 Expectation
// Failed, whose meaning HTTP ties to the Expect request header (RFC 9110
// section 15.5.18): clients and proxies act on a 417 at the HTTP level (curl
// resends a POST without its Expect header after one), which is not what
// a failed test assertion should set off. A malformed expectation is a 400.
const StatusVerifyFailed = http.StatusUnprocessableEntity

// requests is GET /__admin/requests: the journal, newest first, filtered.
func (a *api) requests(w http.ResponseWriter, r *http.Request) {
	if sel, limit, ok := a.selectQuery(w, r, true); ok {
		entries := sel.list(limit)
		if entries == nil {
			entries = []journal.Entry{}
		}
		write(w, http.StatusOK, RequestList{Count: len(entries), Capacity: a.Deps.Journal.Cap(), Requests: entries})
	}
}

// countRequests is GET /__admin/requests/count: the same filters, the
// number only.
func (a *api) countRequests(w http.ResponseWriter, r *http.Request) {
	if sel, _, ok := a.selectQuery(w, r, false); ok {
		write(w, http.StatusOK, RequestCount{Count: len(sel.list(0))})
	}
}

// selectQuery reads and checks a journal query; false: it answered the
// 400.
func (a *api) selectQuery(w http.ResponseWriter, r *http.Request, withLimit bool) (*selection, int, bool) {
	v, limit, err := fromQuery(r.URL.Query(), withLimit)
	if err == nil {
		var sel *selection
		if sel, err = a.compile(v); err == nil {
			return sel, limit, true
		}
	}
	fail(w, http.StatusBadRequest, "%v", err)
	return nil, 0, false
}

// verify is POST /__admin/verify: WireMock's verify, with each near miss's
// conditions and the journal's why.
func (a *api) verify(w http.ResponseWriter, r *http.Request) {
	var v Verify
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		fail(w, http.StatusBadRequest, `want an expectation such as {"vendor":"verihubs","endpoint":"ktpOcr","nik":"3171...","at_least":1}: %v`, err)
		return
	}
	lo, hi, expected, err := bounds(v)
	if err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	sel, err := a.compile(v)
	if err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	window, matching := sel.entries()
	out := Verification{Expected: expected, Matched: len(matching), Requests: []RequestSummary{}}
	for i := range matching[:min(len(matching), MaxVerifyListed)] {
		out.Requests = append(out.Requests, summary(&matching[i]))
	}
	n := len(matching)
	out.OK = n >= lo && (hi < 0 || n <= hi)
	if out.OK {
		write(w, http.StatusOK, out)
		return
	}
	out.Error = fmt.Sprintf("expected %s matching %s, found %d", plural2(expected), sel.describe(), n)
	if n < lo {
		out.Nearest = sel.nearest(window)
		if len(out.Nearest) == 0 {
			out.Error += fmt.Sprintf(" (the journal holds %s in the window)", plural(len(window), "request"))
		}
	}
	write(w, StatusVerifyFailed, out)
}

// plural2 makes "at least 1" read "at least 1 request".
func plural2(expected string) string {
	if strings.HasSuffix(expected, " 1") && !strings.HasPrefix(expected, "between") {
		return expected + " request"
	}
	return expected + " requests"
}

// nearest ranks the window's entries that miss a condition by how many
// they meet, newest first among equals.
func (s *selection) nearest(window []journal.Entry) []NearMiss {
	if len(s.conds) == 0 {
		return nil
	}
	type ranked struct {
		e   *journal.Entry
		met int
	}
	var rs []ranked
	for i := range window {
		if m := s.met(&window[i]); m < len(s.conds) {
			rs = append(rs, ranked{&window[i], m})
		}
	}
	slices.SortStableFunc(rs, func(x, y ranked) int { return cmp.Compare(y.met, x.met) }) // window is newest first
	out := make([]NearMiss, 0, min(len(rs), MaxNearest))
	for _, r := range rs[:min(len(rs), MaxNearest)] {
		out = append(out, NearMiss{Request: summary(r.e), Met: r.met, Of: len(s.conds), Mismatches: s.miss(r.e)})
	}
	return out
}

// bounds reads count, at_least and at_most: [lo, hi] (hi -1: none) and
// how it reads. at_least defaults to 1, or to 0 when only at_most is
// given ({"at_most":0}: no such request).
func bounds(v Verify) (lo, hi int, expected string, err error) {
	for name, p := range map[string]*int{"count": v.Count, "at_least": v.AtLeast, "at_most": v.AtMost} {
		if p != nil && *p < 0 {
			return 0, 0, "", unknown("%s must be 0 or more, got %d", name, *p)
		}
	}
	switch {
	case v.Count != nil && (v.AtLeast != nil || v.AtMost != nil):
		return 0, 0, "", unknown("give count, or at_least and at_most, not both")
	case v.Count != nil:
		return *v.Count, *v.Count, fmt.Sprintf("exactly %d", *v.Count), nil
	}
	lo, hi = 1, -1
	if v.AtMost != nil {
		lo, hi = 0, *v.AtMost
	}
	if v.AtLeast != nil {
		lo = *v.AtLeast
	}
	switch {
	case hi >= 0 && lo > hi:
		return 0, 0, "", unknown("at_least %d is more than at_most %d", lo, hi)
	case hi < 0:
		expected = fmt.Sprintf("at least %d", lo)
	case lo == hi:
		expected = fmt.Sprintf("exactly %d", lo)
	case lo == 0:
		expected = fmt.Sprintf("at most %d", hi)
	default:
		expected = fmt.Sprintf("between %d and %d", lo, hi)
	}
	return lo, hi, expected, nil
}
