package izidata

import (
	"crypto/md5"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/textproto"
	"sort"
	"strconv"
	"strings"
	"time"
)

// AuthResult is the verdict of the signature check.
type AuthResult struct {
	// AK is the access key named in the header ("" if unparsable).
	AK string
	// Code is "" when authenticated, else NO_AUTHORIZATION, EXPIRED_REQUEST
	// or INVALID_PARAMETER_ERROR (docs/vendors/izidata.md#s1-3-7, #iz-3).
	Code string
	// Reason is a one-line human reason for the journal, e.g. "signature
	// mismatch"; never sent to the client (the answer carries the seed text).
	Reason string
	// Canonical is the canonical request the mock computed, "" when the check
	// stopped before it: a client author compares it with their own.
	Canonical string
	// SignedHeaders are the header names signed, ";"-joined, as used.
	SignedHeaders string
}

// VerifyOptions configure Verify. Zero values are taken literally (a zero
// FutureSkew tolerates no future timestamp); the docs/vendors/izidata.md#iz-4 defaults are in
// DefaultSettings.
type VerifyOptions struct {
	// Now is the mock's clock (never the wall clock: tests fix it).
	Now time.Time
	// NowFor, when set, is the clock of an access key's workspace, used
	// instead of Now once the key is read.
	NowFor func(ak string) time.Time
	// Secret returns the configured secret key of an access key.
	Secret func(ak string) (sk string, ok bool)
	// Paths are the candidate canonical URIs, tried in order: the path as
	// the client sent it (e.g. "/izidata/v1/id_ocr/general" when the mock is
	// reached by a path prefix) and the vendor path ("/v1/id_ocr/general");
	// the first that verifies wins. Empty means r.URL.Path.
	Paths []string
	// FutureSkew: a ts further in the future than this is EXPIRED_REQUEST
	// (docs/vendors/izidata.md#iz-4: 300 s).
	FutureSkew time.Duration
	// MinExpire, MaxExpire: an expire outside this range is
	// INVALID_PARAMETER_ERROR (docs/vendors/izidata.md#iz-4: 300..129600, the PHP signer's bounds).
	MinExpire, MaxExpire int
}

// creditAuth is a parsed credit-v1 Authorization header; every field is the
// text as received, because the client signed that text (docs/vendors/izidata.md#s1-3-1).
type creditAuth struct {
	ak, ts, expire, signedHeaders, sig string
}

// prefix is the part of the header the signing key is derived from.
func (a creditAuth) prefix() string { return authPrefix(a.ak, a.ts, a.expire) }

// parseAuthorization splits the header into its six parts (docs/vendors/izidata.md#s1-3-6 step 1).
// ts contains ':' but never '/', so a plain split is exact. Any other shape
// is NO_AUTHORIZATION (docs/vendors/izidata.md#iz-3); the error says why.
func parseAuthorization(v string) (creditAuth, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return creditAuth{}, errors.New("empty Authorization header")
	}
	parts := strings.Split(v, "/")
	if len(parts) != 6 {
		return creditAuth{}, fmt.Errorf("malformed Authorization header: %d parts, want 6", len(parts))
	}
	if parts[0] != creditVersion {
		return creditAuth{}, fmt.Errorf("auth version %s is not %s", shortQuote(parts[0]), creditVersion)
	}
	return creditAuth{ak: parts[1], ts: parts[2], expire: parts[3], signedHeaders: parts[4], sig: parts[5]}, nil
}

// parseTimestamp accepts exactly YYYY-MM-DDTHH:MM:SSZ. time.Parse alone is
// lenient (one-digit hours, fractional seconds), so the text must also
// round-trip: the client signed these bytes, and no SDK writes another form.
func parseTimestamp(s string) (time.Time, bool) {
	t, err := time.Parse(tsLayout, s)
	if err != nil || t.Format(tsLayout) != s {
		return time.Time{}, false
	}
	return t, true
}

// parseExpire accepts a decimal integer (a sign other than '-' refused, so
// "+1800" is not an integer as the SDKs write it).
func parseExpire(s string) (int64, string) {
	if s == "" || s[0] == '+' {
		return 0, "expire " + shortQuote(s) + " is not an integer"
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		return 0, "expire " + shortQuote(s) + " is out of range"
	}
	if err != nil {
		return 0, "expire " + shortQuote(s) + " is not an integer"
	}
	return n, ""
}

// parseSignedHeaders reads the ";"-list (any order, docs/vendors/izidata.md#s1-3-6 step 4) into
// lower-case names, dropping repeats. An empty name means a broken header.
func parseSignedHeaders(list string) ([]string, error) {
	parts := strings.Split(list, ";")
	names := make([]string, 0, len(parts))
	seen := make(map[string]bool, len(parts))
	for _, p := range parts {
		n := strings.ToLower(strings.TrimSpace(p))
		if n == "" {
			return nil, fmt.Errorf("malformed signed-headers list %s", shortQuote(list))
		}
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return names, nil
}

// Verify checks the Authorization header of r over the body bytes as
// received (docs/vendors/izidata.md#s1-3-6, #iz-3, #iz-4, #iz-5). The order of the checks is the
// spec's: shape, access key, ts/expire syntax and range, time window,
// signature, then Content-MD5, so an expensive MD5 of a large body is only
// computed for a correctly signed request.
func Verify(r *http.Request, body []byte, o VerifyOptions) AuthResult {
	var res AuthResult
	fail := func(code, reason string) AuthResult {
		res.Code, res.Reason = code, reason
		return res
	}
	if r == nil {
		return fail(NoAuthorization, "no request")
	}
	raw, ok := receivedHeader(r, "authorization")
	if !ok {
		return fail(NoAuthorization, "missing Authorization header")
	}
	a, err := parseAuthorization(raw)
	if err != nil {
		return fail(NoAuthorization, err.Error())
	}
	res.AK = a.ak

	var sk string
	if o.Secret != nil {
		sk, ok = o.Secret(a.ak)
	}
	if o.Secret == nil || !ok {
		return fail(NoAuthorization, "unknown access key")
	}

	if o.NowFor != nil {
		o.Now = o.NowFor(a.ak)
	}
	ts, ok := parseTimestamp(a.ts)
	if !ok {
		return fail(InvalidParameterError, "timestamp "+shortQuote(a.ts)+" is not YYYY-MM-DDTHH:MM:SSZ")
	}
	expire, why := parseExpire(a.expire)
	if why != "" {
		return fail(InvalidParameterError, why)
	}
	if expire < int64(o.MinExpire) || expire > int64(o.MaxExpire) {
		return fail(InvalidParameterError, fmt.Sprintf("expire %d outside %d..%d", expire, o.MinExpire, o.MaxExpire))
	}
	// expire is bounded by MaxExpire (an int), but a huge configured bound
	// must not overflow time.Duration: past ~292 years it never expires.
	if expire <= int64(1<<63-1)/int64(time.Second) {
		if until := ts.Add(time.Duration(expire) * time.Second); until.Before(o.Now) {
			return fail(ExpiredRequest, "expired at "+until.Format(tsLayout))
		}
	}
	if ahead := ts.Sub(o.Now); ahead > o.FutureSkew {
		return fail(ExpiredRequest, fmt.Sprintf("timestamp %s is %s ahead of the clock (tolerance %s)", a.ts, ahead.Round(time.Second), o.FutureSkew))
	}

	var names []string
	if a.signedHeaders == "" {
		names = defaultSignedNames(r)
	} else if names, err = parseSignedHeaders(a.signedHeaders); err != nil {
		return fail(NoAuthorization, err.Error())
	}
	res.SignedHeaders = strings.Join(names, ";")
	lines, missing := signedHeaderLines(r, names)
	if missing != "" {
		return fail(NoAuthorization, "signed header "+shortQuote(missing)+" is absent")
	}

	var rawQuery, path string
	if r.URL != nil {
		rawQuery, path = r.URL.RawQuery, r.URL.Path
	}
	query := canonicalQuery(rawQuery)
	paths := o.Paths
	if len(paths) == 0 {
		paths = []string{path}
	}
	key := []byte(signingKey(sk, a.prefix()))
	want := []byte(strings.ToLower(a.sig))
	matched := false
	for _, uri := range candidateURIs(paths) {
		canonical := canonicalRequest(r.Method, uri, query, lines)
		if res.Canonical == "" {
			// On a mismatch the journal shows the first candidate: the
			// path as the client sent it, which is what it most likely signed.
			res.Canonical = canonical
		}
		if subtle.ConstantTimeCompare([]byte(hmacHex(key, canonical)), want) == 1 {
			res.Canonical, matched = canonical, true
			break
		}
	}
	if !matched {
		return fail(NoAuthorization, "signature mismatch")
	}

	// docs/vendors/izidata.md#iz-5: a Content-MD5 must be the body's, else the signed digest would
	// vouch for other bytes. Lower- or upper-case hex both pass (docs/vendors/izidata.md#s1-4-6 shows
	// the vendor mixing cases).
	if v, ok := receivedHeader(r, "content-md5"); ok {
		sum := md5.Sum(body)
		if !strings.EqualFold(strings.TrimSpace(v), hex.EncodeToString(sum[:])) {
			return fail(NoAuthorization, "content-md5 does not match the body")
		}
	}
	return res
}

// candidateURIs lists each path as is (the Go SDK signs the raw path) and,
// when different, RFC 3986-encoded with '/' kept (Python quote(path), PHP,
// Java) (docs/vendors/izidata.md#s1-3-1). For every documented path the two are the same.
func candidateURIs(paths []string) []string {
	out := make([]string, 0, 2*len(paths))
	for _, p := range paths {
		out = append(out, p)
		if e := rfc3986Escape(p, true); e != p {
			out = append(out, e)
		}
	}
	return out
}

// defaultSignedNames is what an empty signedHeaders means (docs/vendors/izidata.md#s1-3-6 step 5):
// content-length, content-md5 and content-type when received, plus every
// received header starting with credit-; never host (Go and Java do not
// sign it). Sorted, so the journal shows a stable list.
func defaultSignedNames(r *http.Request) []string {
	var names []string
	for _, n := range []string{"content-length", "content-md5", "content-type"} {
		if _, ok := receivedHeader(r, n); ok {
			names = append(names, n)
		}
	}
	for k, vs := range r.Header {
		if n := strings.ToLower(k); len(vs) > 0 && strings.HasPrefix(n, creditHeaderPrefix) && !contains(names, n) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// signedHeaderLines builds the sorted canonical header lines of names, or
// returns the first name that is absent (docs/vendors/izidata.md#s1-3-6 step 4).
func signedHeaderLines(r *http.Request, names []string) (lines []string, missing string) {
	lines = make([]string, 0, len(names))
	for _, n := range names {
		v, ok := receivedHeader(r, n)
		if !ok {
			return nil, n
		}
		lines = append(lines, canonicalHeaderLine(n, v))
	}
	// Every SDK sorts the lines whatever order it lists the names in
	// (upstream Python signs "host;credit-date", docs/vendors/izidata.md#s1-3-3).
	sort.Strings(lines)
	return lines, ""
}

// receivedHeader finds a header by lower-case name, case-insensitively:
// the net/http server canonicalises names (Content-Md5, Credit-Date), but a
// request built in process keeps Python's lower-case keys. The first value
// counts; no SDK repeats a header.
//
//   - host is r.Host as received, since net/http moves it out of r.Header
//     (docs/vendors/izidata.md#s1-3-6 step 6: upstream Python sends it without port);
//   - content-length falls back to r.ContentLength when the header map lacks
//     it, as on a request built in process (httptest.NewRequest sets only the
//     field). The net/http server keeps the header, which the tests check.
func receivedHeader(r *http.Request, lowerName string) (string, bool) {
	if lowerName == "host" {
		return r.Host, r.Host != ""
	}
	if vs := r.Header[textproto.CanonicalMIMEHeaderKey(lowerName)]; len(vs) > 0 {
		return vs[0], true
	}
	// Another spelling: take the smallest key so the choice does not depend
	// on map order when a hand-made request carries two.
	best := ""
	var found []string
	for k, vs := range r.Header {
		if len(vs) > 0 && strings.EqualFold(k, lowerName) && (found == nil || k < best) {
			best, found = k, vs
		}
	}
	if found != nil {
		return found[0], true
	}
	if lowerName == "content-length" && r.ContentLength > 0 {
		return strconv.FormatInt(r.ContentLength, 10), true
	}
	return "", false
}

// shortQuote quotes client text for a one-line reason, cut so that a hostile
// header cannot flood the journal.
func shortQuote(s string) string {
	const max = 48
	if len(s) > max {
		return strconv.Quote(s[:max]) + "..."
	}
	return strconv.Quote(s)
}
