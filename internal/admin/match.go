package admin

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/scenario"
)

// The conditions GET /__admin/requests, GET /__admin/requests/count and
// POST /__admin/verify select journal entries with: one reading of each
// (a query's key or a Verify's field), checked once (filters.go), and one
// matcher that also says what a request had instead, for verify's near
// misses. Phone, digest and marker mean what they mean in a scenario
// rule's match (scenario.NormalizePhone, HasDigest, HasMarker).

// condition is one thing an entry must have.
type condition struct {
	name string // as the user wrote it: "vendor", "header.X-Api-Key"
	want string // as given, for messages; secrets are shown by wantIn
	// match reports whether e meets it; had describes what e had.
	match func(e *journal.Entry) bool
	had   func(e *journal.Entry) string
	// wantIn is want as e's journal would keep it (a secret's
	// fingerprint); nil when want is shown as given.
	wantIn func(e *journal.Entry) string
}

// selection is a compiled Verify: its conditions and its window.
type selection struct {
	conds   []condition
	base    journal.Filter // the part Journal.List checks itself
	sinceID uint64
	since   time.Time // zero: no bound
	until   time.Time // zero: no bound
	forms   map[string]emulate.JournalForm
	a       *api
}

// inWindow: e is after since (an id or a time) and at or before until.
func (s *selection) inWindow(e *journal.Entry) bool {
	return e.ID > s.sinceID &&
		(s.since.IsZero() || !e.Time.Before(s.since)) &&
		(s.until.IsZero() || !e.Time.After(s.until))
}

// met counts the conditions e meets.
func (s *selection) met(e *journal.Entry) int {
	n := 0
	for i := range s.conds {
		if s.conds[i].match(e) {
			n++
		}
	}
	return n
}

// entries are the journal's entries in the window (newest first), and of
// them the ones that meet every condition.
func (s *selection) entries() (window, matching []journal.Entry) {
	window = s.a.Deps.Journal.List(journal.Filter{SinceID: s.sinceID})
	window = slices.DeleteFunc(window, func(e journal.Entry) bool { return !s.inWindow(&e) })
	for i := range window {
		if s.met(&window[i]) == len(s.conds) {
			matching = append(matching, window[i])
		}
	}
	return window, matching
}

// list is what GET /__admin/requests answers: the journal's own filter
// first (it stops at limit when nothing else is asked), then the rest.
func (s *selection) list(limit int) []journal.Entry {
	f := s.base
	f.SinceID = s.sinceID
	rest := len(s.conds) > s.baseConds() || !s.since.IsZero() || !s.until.IsZero()
	if !rest {
		f.Limit = limit
	}
	out := s.a.Deps.Journal.List(f)
	if rest {
		// The mock's clock can be moved back, so entry times are not in
		// id order: every entry is looked at, then the limit applies.
		out = slices.DeleteFunc(out, func(e journal.Entry) bool { return !s.inWindow(&e) || s.met(&e) != len(s.conds) })
		if limit > 0 && len(out) > limit {
			out = out[:limit]
		}
	}
	return out
}

// baseConds is how many of the conditions Journal.List checks itself.
func (s *selection) baseConds() int {
	n := 0
	for _, v := range []string{s.base.Vendor, s.base.Endpoint, s.base.Code, s.base.Credential} {
		if v != "" {
			n++
		}
	}
	if s.base.Status != 0 {
		n++
	}
	return n
}

// form is the JournalForm of the entry's vendor.
func (s *selection) form(vendor string) emulate.JournalForm {
	if f, ok := s.forms[vendor]; ok {
		return f
	}
	var v emulate.Vendor
	if vd, ok := s.a.Catalogue.Vendor(vendor); ok {
		v = vd
	}
	f := emulate.NewJournalForm(v)
	s.forms[vendor] = f
	return f
}

// describe lists the conditions for a message: name=value, a secret as
// the journal keeps it (of the expectation's vendor; without one, of the
// first vendor that declares it secret).
func (s *selection) describe() string {
	if len(s.conds) == 0 {
		return "any request"
	}
	vendors := []string{s.base.Vendor}
	if s.base.Vendor == "" {
		for _, v := range s.a.Catalogue.Vendors() {
			vendors = append(vendors, v.Name())
		}
	}
	parts := make([]string, len(s.conds))
	for i, c := range s.conds {
		shown := c.want
		for _, v := range vendors {
			if got := c.shown(&journal.Entry{Vendor: v}); got != c.want {
				shown = got
				break
			}
		}
		parts[i] = c.name + "=" + shown
	}
	return strings.Join(parts, ", ")
}

// shown is the wanted value as e's journal would show it.
func (c *condition) shown(e *journal.Entry) string {
	if c.wantIn != nil {
		return c.wantIn(e)
	}
	return c.want
}

// miss is what e lacks of the selection, condition by condition.
func (s *selection) miss(e *journal.Entry) []Mismatch {
	out := []Mismatch{}
	for i := range s.conds {
		c := &s.conds[i]
		if !c.match(e) {
			out = append(out, Mismatch{Condition: c.name, Want: c.shown(e), Had: c.had(e)})
		}
	}
	return out
}

// or names what an entry had, or says it had nothing.
func or(v, none string) string {
	if v == "" {
		return none
	}
	return v
}

// queryKeys are the filters a journal query takes besides header.<Name>
// and field.<name>; limit only where a list is answered.
var queryKeys = []string{"vendor", "endpoint", "credential", "code", "status", "nik", "phone", "digest", "marker", "since", "until"}

// fromQuery reads a journal query into a Verify (and limit, when
// withLimit). A key it does not know, or one given twice, is a 400: a
// misspelt filter would otherwise select every entry.
func fromQuery(q url.Values, withLimit bool) (v Verify, limit int, err error) {
	known := queryKeys
	if withLimit {
		known = append(slices.Clone(known), "limit")
	}
	for key, vals := range q {
		if len(vals) > 1 {
			return v, 0, unknown("%s is given %d times; give each filter once", key, len(vals))
		}
		val := vals[0]
		switch {
		case strings.HasPrefix(key, "header."):
			if v.Header == nil {
				v.Header = map[string]string{}
			}
			v.Header[strings.TrimPrefix(key, "header.")] = val
		case strings.HasPrefix(key, "field."):
			if v.Field == nil {
				v.Field = map[string]string{}
			}
			v.Field[strings.TrimPrefix(key, "field.")] = val
		case !slices.Contains(known, key):
			return v, 0, unknown("unknown filter %q (filters: %s, header.<Name>, field.<name>)", key, strings.Join(known, ", "))
		}
	}
	v.Vendor, v.Endpoint, v.Credential, v.Code = q.Get("vendor"), q.Get("endpoint"), q.Get("credential"), q.Get("code")
	v.NIK, v.Phone, v.Digest, v.Marker = q.Get("nik"), q.Get("phone"), q.Get("digest"), q.Get("marker")
	v.Since, v.Until = q.Get("since"), q.Get("until")
	for key, dst := range map[string]*int{"status": &v.Status, "limit": &limit} {
		if s := q.Get(key); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return v, 0, unknown("%s must be a whole number, got %q", key, s)
			}
			*dst = n
		}
	}
	return v, limit, nil
}

// compile checks v's values (an unknown vendor, endpoint or credential,
// a bad phone, digest, header name or time is a 400) and builds its
// conditions, in the order of Verify's fields.
func (a *api) compile(v Verify) (*selection, error) {
	if err := a.checkFilters(v.Vendor, v.Endpoint, v.Credential); err != nil {
		return nil, err
	}
	if v.Status < 0 {
		return nil, unknown("status must be a whole number, got %d", v.Status)
	}
	s := &selection{a: a, forms: map[string]emulate.JournalForm{},
		base: journal.Filter{Vendor: v.Vendor, Endpoint: v.Endpoint, Code: v.Code, Credential: v.Credential, Status: v.Status}}
	add := func(name, want string, match func(*journal.Entry) bool, had func(*journal.Entry) string) *condition {
		s.conds = append(s.conds, condition{name: name, want: want, match: match, had: had})
		return &s.conds[len(s.conds)-1]
	}
	if v.Vendor != "" {
		add("vendor", v.Vendor, func(e *journal.Entry) bool { return e.Vendor == v.Vendor },
			func(e *journal.Entry) string { return or(e.Vendor, "(none)") })
	}
	if v.Endpoint != "" {
		add("endpoint", v.Endpoint, func(e *journal.Entry) bool { return e.Endpoint == v.Endpoint },
			func(e *journal.Entry) string {
				return or(e.Endpoint, "(no endpoint: "+e.Method+" "+e.Path+" matched none)")
			})
	}
	if v.Credential != "" {
		// As Journal.List: the id, or its fingerprint where the id is the
		// secret (eKYCPro's X-API-Key).
		fp := journal.Fingerprint(v.Credential)
		c := add("credential", v.Credential, func(e *journal.Entry) bool { return e.Credential == v.Credential || e.Credential == fp },
			func(e *journal.Entry) string { return or(e.Credential, "(none)") })
		c.wantIn = func(e *journal.Entry) string { return s.form(e.Vendor).Credential(v.Credential) }
	}
	if v.Code != "" {
		add("code", v.Code, func(e *journal.Entry) bool { return e.Code == v.Code },
			func(e *journal.Entry) string { return or(e.Code, "(none: the mock's own answer)") })
	}
	if v.Status != 0 {
		add("status", strconv.Itoa(v.Status), func(e *journal.Entry) bool { return e.Status == v.Status },
			func(e *journal.Entry) string { return strconv.Itoa(e.Status) })
	}
	if v.NIK != "" {
		add("nik", v.NIK, func(e *journal.Entry) bool { return e.NIK == v.NIK },
			func(e *journal.Entry) string { return or(e.NIK, "(none read)") })
	}
	if v.Phone != "" {
		want := scenario.NormalizePhone(v.Phone)
		if want == "" {
			return nil, unknown("phone %q has no digits", v.Phone)
		}
		add("phone", v.Phone, func(e *journal.Entry) bool { return e.Phone != "" && scenario.NormalizePhone(e.Phone) == want },
			func(e *journal.Entry) string { return or(e.Phone, "(none read)") })
	}
	if v.Digest != "" {
		if !scenario.ValidDigest(v.Digest) {
			return nil, unknown("digest %q must be 8 to 64 hex characters (a SHA-256 or a prefix of one, as the journal's images show it)", v.Digest)
		}
		add("digest", v.Digest, func(e *journal.Entry) bool { return scenario.HasDigest(digests(e), v.Digest) },
			func(e *journal.Entry) string { return or(strings.Join(digests(e), ", "), "(no image)") })
	}
	if v.Marker != "" {
		key, val, ok := strings.Cut(v.Marker, "=")
		if !ok {
			key, val = "scenario", v.Marker
		}
		add("marker", v.Marker, func(e *journal.Entry) bool { return hasMarker(e, key, val) },
			func(e *journal.Entry) string { return or(markers(e), "(no marker)") })
	}
	for _, name := range slices.Sorted(maps.Keys(v.Header)) {
		if !scenario.ValidHeaderName(name) {
			return nil, unknown("header name %q is not an HTTP token (header.<Name>=<value>, as X-Api-Key)", name)
		}
		canon, want := http.CanonicalHeaderKey(name), v.Header[name]
		c := add("header."+name, want, func(e *journal.Entry) bool {
			got, ok := header(e, canon)
			return ok && (got == want || got == s.form(e.Vendor).Header(canon, want))
		}, func(e *journal.Entry) string {
			got, ok := header(e, canon)
			if !ok {
				return "(not sent)"
			}
			return got
		})
		c.wantIn = func(e *journal.Entry) string { return s.form(e.Vendor).Header(canon, want) }
	}
	for _, name := range slices.Sorted(maps.Keys(v.Field)) {
		if name == "" {
			return nil, unknown("field.<name>=<value> needs a name")
		}
		want := v.Field[name]
		c := add("field."+name, want, func(e *journal.Entry) bool {
			got, ok := e.Fields[name]
			return ok && (got == want || got == s.form(e.Vendor).Field(name, want))
		}, func(e *journal.Entry) string {
			got, ok := e.Fields[name]
			if !ok {
				return "(not recorded)"
			}
			return got
		})
		c.wantIn = func(e *journal.Entry) string { return s.form(e.Vendor).Field(name, want) }
	}
	if v.Since != "" {
		var err error
		if s.sinceID, s.since, err = parseSince(v.Since); err != nil {
			return nil, err
		}
	}
	if v.Until != "" {
		t, err := time.Parse(time.RFC3339Nano, v.Until)
		if err != nil {
			return nil, unknown("until must be an RFC 3339 time on the mock's clock (2030-01-01T00:00:00Z or with an offset, +07:00: the entries at or before it), got %q", v.Until)
		}
		s.until = t
	}
	return s, nil
}

// header is the entry's value of a canonical header name; a name the
// journal kept in another case (built by hand, not parsed) is found too.
func header(e *journal.Entry, canon string) (string, bool) {
	if v, ok := e.RequestHeaders[canon]; ok {
		return v, true
	}
	for k, v := range e.RequestHeaders {
		if strings.EqualFold(k, canon) {
			return v, true
		}
	}
	return "", false
}

func digests(e *journal.Entry) []string {
	var out []string
	for _, im := range e.Images {
		if im.Digest != "" {
			out = append(out, im.Digest)
		}
	}
	return out
}

// hasMarker: an image's marker has key=val (marker=forged is
// scenario=forged, as a rule's match.marker).
func hasMarker(e *journal.Entry, key, val string) bool {
	if key == "scenario" {
		ms := make([]map[string]string, 0, len(e.Images))
		for _, im := range e.Images {
			ms = append(ms, im.Marker)
		}
		return scenario.HasMarker(ms, val)
	}
	for _, im := range e.Images {
		if got, ok := im.Marker[key]; ok && got == val {
			return true
		}
	}
	return false
}

// markers shows the entry's image markers: "scenario=forged nik=..." per
// image, images apart by "; ".
func markers(e *journal.Entry) string {
	var per []string
	for _, im := range e.Images {
		if len(im.Marker) == 0 {
			continue
		}
		var kv []string
		for _, k := range slices.Sorted(maps.Keys(im.Marker)) {
			kv = append(kv, k+"="+im.Marker[k])
		}
		per = append(per, strings.Join(kv, " "))
	}
	return strings.Join(per, "; ")
}

// summary is an entry in brief.
func summary(e *journal.Entry) RequestSummary {
	return RequestSummary{
		ID: e.ID, Time: e.Time.Format(time.RFC3339Nano), Vendor: e.Vendor, Endpoint: e.Endpoint,
		Method: e.Method, Path: e.Path, Credential: e.Credential, Status: e.Status, Code: e.Code,
		Message: e.Message, Why: e.Why, Rule: e.Rule, Fault: e.Fault,
	}
}

// plural: "1 request", "2 requests".
func plural(n int, what string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", what)
	}
	return fmt.Sprintf("%d %ss", n, what)
}
