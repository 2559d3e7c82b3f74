package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/config"
)

// positions are the YAML lines of a rule's parts, so that validation shared
// by the YAML and JSON paths can still point at the offending line. JSON
// rules leave them all zero.
type positions struct {
	rule, name, vendor, endpoint                     int
	credential, nik, phone, digest, marker, header   int
	field, respond, code, message, set, delay, fault int
	times                                            int
	// delayBad: a delay was given but did not parse (already reported), so
	// the respond block is not empty.
	delayBad bool
}

// issue is a validation problem before it is tied to a file.
type issue struct {
	line   int
	reason string
}

// lineOr picks the first known line: a missing key is reported where the
// mapping that should hold it starts.
func lineOr(lines ...int) int {
	for _, l := range lines {
		if l > 0 {
			return l
		}
	}
	return 0
}

// vendorless reports whether a rule may apply to every vendor: it names no
// endpoint and responds with a delay or fault alone, which every vendor
// route can answer with. A code, message or set is one vendor's.
func vendorless(r *Rule) bool {
	rs := &r.Respond
	return r.Endpoint == "" && rs.Code == "" && rs.Message == "" && len(rs.Set) == 0
}

// validate checks a rule against the catalogue. It reports every problem it
// can find in one pass, but skips checks that would only repeat an earlier
// one (no endpoint check for an unknown vendor, no code check for an unknown
// endpoint).
func validate(r *Rule, at *positions, cat Catalogue) []issue {
	var out []issue
	add := func(line int, format string, args ...any) {
		out = append(out, issue{line, fmt.Sprintf(format, args...)})
	}

	if strings.TrimSpace(r.Name) == "" {
		add(lineOr(at.name, at.rule), `missing required key "name"`)
	}

	var endpoints []string
	vendorOK := false
	switch {
	case r.Vendor == "" && vendorless(r):
		// A delay or fault forces no code: it applies to every vendor.
	case r.Vendor == "":
		add(lineOr(at.vendor, at.rule), `missing required key "vendor" (one of: %s); only a rule without endpoint that responds with delay or fault alone may leave it out`,
			strings.Join(catalogueVendors(cat), ", "))
	default:
		if endpoints = cat.Endpoints(r.Vendor); endpoints == nil {
			add(lineOr(at.vendor, at.rule), "unknown vendor %q (known: %s)", r.Vendor, strings.Join(catalogueVendors(cat), ", "))
		} else {
			vendorOK = true
		}
	}
	endpointOK := vendorOK
	if vendorOK && r.Endpoint != "" && !slices.Contains(endpoints, r.Endpoint) {
		add(lineOr(at.endpoint, at.rule), "unknown endpoint %q for vendor %s (endpoints: %s)", r.Endpoint, r.Vendor, listOrNone(endpoints))
		endpointOK = false
	}

	m := &r.Match
	if m.Phone != "" && normalizePhone(m.Phone) == "" {
		add(lineOr(at.phone, at.rule), "match.phone %q has no digits", m.Phone)
	}
	if m.Digest != "" && !validDigest(m.Digest) {
		add(lineOr(at.digest, at.rule), "match.digest %q must be 8 to 64 hex characters (a SHA-256 or a prefix of one)", m.Digest)
	}
	for k := range m.Header {
		if !validHeaderName(k) {
			add(lineOr(at.header, at.rule), "match.header name %q is not a valid HTTP header name", k)
		}
	}
	for k := range m.Field {
		if k == "" {
			add(lineOr(at.field, at.rule), "match.field has an empty field name")
		}
	}

	rs := &r.Respond
	if rs.Code == "" && rs.Delay == 0 && rs.Fault == "" && len(rs.Set) == 0 && !at.delayBad {
		add(lineOr(at.respond, at.rule), "respond needs at least one of code, delay, fault, set")
	}
	if rs.Message != "" && rs.Code == "" {
		add(lineOr(at.message, at.respond, at.rule), "respond.message needs respond.code")
	}
	if rs.Code != "" && endpointOK {
		validateCode(r, at, cat, add)
	}
	if rs.Delay < 0 || rs.Delay > MaxDelay {
		add(lineOr(at.delay, at.respond, at.rule), "respond.delay %s is out of range (0 to %s)", rs.Delay, MaxDelay)
	}
	if rs.Fault != "" && !slices.Contains(Faults(), rs.Fault) {
		add(lineOr(at.fault, at.respond, at.rule), "unknown respond.fault %q (known: %s)", rs.Fault, strings.Join(Faults(), ", "))
	}
	for p := range rs.Set {
		if !validSetPath(p) {
			add(lineOr(at.set, at.respond, at.rule), "respond.set path %q must be dot-separated non-empty names, e.g. data.forgery", p)
		}
	}
	if len(rs.Set) > 0 {
		// The set values end up in a JSON body; a YAML .nan or .inf would
		// only fail there, at request time.
		if _, err := json.Marshal(rs.Set); err != nil {
			add(lineOr(at.set, at.respond, at.rule), "respond.set cannot be written as JSON: %v", err)
		}
	}
	if r.Times < 0 {
		add(lineOr(at.times, at.rule), "times must be 0 (unlimited) or more, got %d", r.Times)
	}
	return out
}

// validateCode checks the code, and the message against the code's documented
// variants. A rule without an endpoint may use any code documented for one
// of the vendor's endpoints; it then applies only on those endpoints (with
// a message: those that document that message for the code).
func validateCode(r *Rule, at *positions, cat Catalogue, add func(int, string, ...any)) {
	rs := &r.Respond
	var codes []string
	where := r.Vendor + " " + r.Endpoint
	if r.Endpoint == "" {
		codes = unionCodes(cat, r.Vendor)
		where = r.Vendor + " (any endpoint)"
	} else {
		codes = cat.Codes(r.Vendor, r.Endpoint)
	}
	if !slices.Contains(codes, rs.Code) {
		add(lineOr(at.code, at.respond, at.rule), "respond.code %q is not documented for %s (documented: %s)", rs.Code, where, listOrNone(codes))
		return
	}
	if rs.Message == "" {
		return
	}
	// The message picks one of the code's documented variants: the vendors
	// render documented answers only (a custom text on a code with one
	// variant used to pass here and fail at request time with a 500).
	msgs := documentedMessages(cat, r.Vendor, r.Endpoint, rs.Code)
	if !slices.Contains(msgs, rs.Message) {
		if len(msgs) == 0 {
			add(lineOr(at.message, at.respond, at.rule), "respond.message %q: %s %s has no message variants to pick; leave message out", rs.Message, where, rs.Code)
			return
		}
		quoted := make([]string, len(msgs))
		for i, s := range msgs {
			quoted[i] = strconv.Quote(s)
		}
		add(lineOr(at.message, at.respond, at.rule), "respond.message %q is not a documented message of %s %s (documented: %s)", rs.Message, where, rs.Code, strings.Join(quoted, ", "))
	}
}

// unionCodes is computed here rather than with Codes(vendor, "") so the
// loader and the Set's per-endpoint index agree by construction.
func unionCodes(cat Catalogue, vendor string) []string {
	var out []string
	for _, ep := range cat.Endpoints(vendor) {
		for _, c := range cat.Codes(vendor, ep) {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

func documentedMessages(cat Catalogue, vendor, endpoint, code string) []string {
	if endpoint != "" {
		return cat.Messages(vendor, endpoint, code)
	}
	var out []string
	for _, ep := range cat.Endpoints(vendor) {
		if !slices.Contains(cat.Codes(vendor, ep), code) {
			continue
		}
		for _, m := range cat.Messages(vendor, ep, code) {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// catalogueVendors lists the vendors the catalogue actually serves, so an
// error never suggests a name that would fail too.
func catalogueVendors(cat Catalogue) []string {
	var out []string
	for _, v := range config.VendorNames() {
		if cat.Endpoints(v) != nil {
			out = append(out, v)
		}
	}
	return out
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// parseDelay returns a reason naming the key when s is not a duration.
func parseDelay(s string) (time.Duration, string) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Sprintf("delay %q is not a Go duration such as 1500ms or 2s", s)
	}
	return d, ""
}

// normalizePhone reduces an Indonesian number to one spelling so that
// "+62 838-9957-5175", "083899575175" and "83899575175" all compare equal:
// digits only, leading 0 becomes 62, leading 8 becomes 628.
func normalizePhone(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			clean = false
			break
		}
	}
	// The hot path sees normalised numbers; return them without allocating.
	if clean && strings.HasPrefix(s, "62") {
		return s
	}
	b := make([]byte, 0, len(s)+2)
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	switch {
	case len(b) == 0:
		return ""
	case b[0] == '0':
		return "62" + string(b[1:])
	case b[0] == '8':
		return "62" + string(b)
	}
	return string(b)
}

func validDigest(s string) bool {
	if len(s) < 8 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// validHeaderName accepts RFC 9110 token characters only.
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			continue
		}
		if !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return true
}

func validSetPath(p string) bool {
	if p == "" {
		return false
	}
	for _, seg := range strings.Split(p, ".") {
		if seg == "" {
			return false
		}
	}
	return true
}

// ParseJSONRule reads one rule as the admin API receives it: the YAML key
// names, delay as a duration string, unknown keys rejected. It validates the
// rule against the catalogue exactly like the YAML loader and reports every
// problem at once. The result's Source is "admin".
func ParseJSONRule(data []byte, cat Catalogue) (Rule, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r Rule
	if err := dec.Decode(&r); err != nil {
		return Rule{}, fmt.Errorf("invalid rule JSON: %w", jsonTypeError("", err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Rule{}, errors.New("invalid rule JSON: unexpected data after the rule object")
	}
	r.Source = SourceAdmin
	if is := validate(&r, &positions{}, cat); len(is) > 0 {
		return Rule{}, joinIssues("", is)
	}
	return r, nil
}

// SourceAdmin is the Source of rules added through the admin API.
const SourceAdmin = "admin"

func joinIssues(file string, is []issue) error {
	errs := make([]error, len(is))
	for i, x := range is {
		errs[i] = &LoadError{File: file, Line: x.line, Reason: x.reason}
	}
	return errors.Join(errs...)
}
