package emulate

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"

	"github.com/mockekyc/mockekyc/internal/journal"
)

// Secrets says where requests and answers carry credentials: what lets
// someone call a vendor as the client (keys, tokens, signatures, which
// replay their request while they are valid). The journal, which the
// admin API serves, keeps only a journal.Fingerprint of each. Public ids
// (an access key, an App-ID) stay whole: they are what a user debugging
// auth needs, and the journal's credential names them anyway.
//
// A vendor declares its own in VendorBase.Secret; GenericSecrets apply to
// every vendor. The adapter applies both in one place (redactEntry).
type Secrets struct {
	// Headers are request headers whose whole value is secret.
	Headers []string
	// Signed are request headers that carry an id in clear before a
	// signature (`accessKey:signature`): the function returns how many
	// leading bytes stay in clear; the rest is fingerprinted. A header
	// here needs no entry in Headers.
	Signed map[string]func(value string) int
	// Query are query parameters whose value is secret.
	Query []string
	// Fields are request body fields (form, JSON or multipart), by the
	// name under which the handler records them (Call.Field).
	Fields []string
	// Answer are dotted paths ("data.token") of string values in the
	// JSON answer; the client gets them, the journal their fingerprint.
	Answer []string
	// CredentialIsSecret: the credential's id is itself the secret
	// (eKYCPro's X-API-Key), so the journal's credential is its
	// fingerprint. The admin API's ?credential= filter matches either.
	CredentialIsSecret bool
}

// GenericSecrets are secret whatever the vendor: HTTP's own credential
// headers (an Authorization keeps its scheme word in clear) and the usual
// names of credential parameters and fields, in case a client sends one.
var GenericSecrets = Secrets{
	Headers: []string{"Cookie", "Set-Cookie"},
	Signed:  map[string]func(string) int{"Authorization": AfterScheme, "Proxy-Authorization": AfterScheme},
	Query:   genericNames,
	Fields:  genericNames,
}

var genericNames = []string{"access_token", "api_key", "apikey", "api_secret", "client_secret", "password", "secret", "secret_key", "secretKey", "token"}

// AfterScheme keeps an Authorization header's scheme word ("Bearer ",
// "Basic ") in clear.
func AfterScheme(v string) int {
	scheme, _, ok := strings.Cut(v, " ")
	if !ok || strings.ContainsAny(scheme, ":/=") {
		return 0
	}
	return len(scheme) + 1
}

// secretSet is a vendor's Secrets merged with GenericSecrets, in the
// forms the journal entry is checked against.
type secretSet struct {
	headers    map[string]func(string) int // canonical name → clear prefix (nil: none)
	query      map[string]bool
	fields     map[string]bool
	answer     [][]string // paths, split
	answerKeys [][]byte   // `"key"` of each path's last element: a quick test
	credential bool
}

func newSecretSet(v Vendor) *secretSet {
	s := &secretSet{headers: map[string]func(string) int{}, query: map[string]bool{}, fields: map[string]bool{}}
	all := []Secrets{GenericSecrets}
	if v != nil {
		all = append(all, v.Secrets())
	}
	for _, sec := range all {
		for _, h := range sec.Headers {
			s.headers[http.CanonicalHeaderKey(h)] = nil
		}
		for h, f := range sec.Signed {
			s.headers[http.CanonicalHeaderKey(h)] = f
		}
		for _, q := range sec.Query {
			s.query[q] = true
		}
		for _, f := range sec.Fields {
			s.fields[f] = true
		}
		for _, p := range sec.Answer {
			path := strings.Split(p, ".")
			s.answer = append(s.answer, path)
			s.answerKeys = append(s.answerKeys, []byte(`"`+path[len(path)-1]+`"`))
		}
		s.credential = s.credential || sec.CredentialIsSecret
	}
	return s
}

// header is what the journal keeps of a request header's value.
func (s *secretSet) header(name, value string) string {
	keep, secret := s.headers[name]
	if !secret {
		return value
	}
	n := 0
	if keep != nil {
		n = min(max(keep(value), 0), len(value))
	}
	return value[:n] + journal.Fingerprint(value[n:])
}

// rawQuery fingerprints the secret parameters of a query, leaving the
// others as sent.
// url fingerprints the password of an absolute URL's user info and its
// secret query parameters; anything else is returned as it is.
func (s *secretSet) url(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" {
		return v
	}
	changed := false
	if pass, ok := u.User.Password(); ok && pass != "" {
		u.User = url.UserPassword(u.User.Username(), journal.Fingerprint(pass))
		changed = true
	}
	if q := s.rawQuery(u.RawQuery); q != u.RawQuery {
		u.RawQuery = q
		changed = true
	}
	if !changed {
		return v
	}
	return u.String()
}

func (s *secretSet) rawQuery(q string) string {
	if q == "" {
		return q
	}
	var b strings.Builder
	changed := false
	for i, pair := range strings.Split(q, "&") {
		if i > 0 {
			b.WriteByte('&')
		}
		k, v, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(k)
		if err == nil && s.query[name] {
			if val, err := url.QueryUnescape(v); err == nil {
				v = val
			}
			pair = k + "=" + url.QueryEscape(journal.Fingerprint(v))
			changed = true
		}
		b.WriteString(pair)
	}
	if !changed {
		return q
	}
	return b.String()
}

// field is what the journal keeps of a recorded request field.
func (s *secretSet) field(name, value string) string {
	switch {
	case s.fields[name] && value != "":
		return journal.Fingerprint(value)
	case strings.Contains(value, "://"):
		// A URL a client sent (a callback_url, an image URL) may carry a
		// password or a token of the client's own.
		return s.url(value)
	}
	return value
}

// note fingerprints the secrets a note may quote from the request (the
// canonical request a signature check computed, an image URL it could not
// fetch), line by line: a "name:value" line as that header, a line with
// URLs each URL as a field's URL, a bare "a=1&b=2" line as the query.
func (s *secretSet) note(v string) string {
	lines := strings.Split(v, "\n")
	changed := false
	for i, l := range lines {
		out := l
		name, val, isHeader := strings.Cut(l, ":")
		switch {
		case isHeader && name != "" && !strings.ContainsAny(name, " \t/") && !strings.HasPrefix(val, "//"):
			out = name + ":" + s.header(textproto.CanonicalMIMEHeaderKey(name), val)
		case strings.Contains(l, "://"):
			for _, w := range strings.Fields(l) {
				if strings.Contains(w, "://") {
					out = strings.Replace(out, w, s.url(w), 1)
				}
			}
		case strings.Contains(l, "=") && !strings.ContainsAny(l, " \t"):
			out = s.rawQuery(l)
		}
		if out != l {
			lines[i], changed = out, true
		}
	}
	if !changed {
		return v
	}
	return strings.Join(lines, "\n")
}

// redactEntry replaces every secret of e by its fingerprint: headers,
// query, recorded fields, the credential when it is the secret, and the
// answer body. The headers map is the entry's own; the fields map and the
// answer are the call's, so they are copied before a change.
func (s *secretSet) redactEntry(e *journal.Entry) {
	for k, v := range e.RequestHeaders {
		e.RequestHeaders[k] = s.header(k, v)
	}
	e.Query = s.rawQuery(e.Query)
	copied := false
	for k, v := range e.Fields {
		if redacted := s.field(k, v); redacted != v {
			if !copied {
				e.Fields, copied = maps.Clone(e.Fields), true
			}
			e.Fields[k] = redacted
		}
	}
	if s.credential {
		e.Credential = journal.Fingerprint(e.Credential)
	}
	copied = false
	for k, v := range e.Notes {
		if redacted := s.note(v); redacted != v {
			if !copied {
				e.Notes, copied = maps.Clone(e.Notes), true
			}
			e.Notes[k] = redacted
		}
	}
	if len(s.answer) > 0 && len(e.Response) > 0 {
		e.Response = s.redactAnswer(e.Response)
	}
}

// redactAnswer fingerprints the declared answer paths. Most answers lack
// them; only one that contains a declared key is decoded.
func (s *secretSet) redactAnswer(body []byte) []byte {
	var paths [][]string
	for i, key := range s.answerKeys {
		if bytes.Contains(body, key) {
			paths = append(paths, s.answer[i])
		}
	}
	if len(paths) == 0 {
		return body
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	root, err := decodeOrdered(dec)
	if err != nil {
		return body
	}
	changed := false
	for _, p := range paths {
		changed = fingerprintAt(root, p) || changed
	}
	if !changed {
		return body
	}
	var buf bytes.Buffer
	if err := encodeOrdered(&buf, root); err != nil {
		return body
	}
	return buf.Bytes()
}

// fingerprintAt replaces the string at path (object keys, array indexes
// are not needed by any vendor) with its fingerprint.
func fingerprintAt(node any, path []string) bool {
	o, ok := node.(*object)
	if !ok {
		return false
	}
	v, ok := o.vals[path[0]]
	if !ok {
		return false
	}
	if len(path) > 1 {
		return fingerprintAt(v, path[1:])
	}
	str, ok := v.(string)
	if !ok || str == "" {
		return false
	}
	o.vals[path[0]] = journal.Fingerprint(str)
	return true
}
