package izidata

import (
	"bytes"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Family is how a client signs (docs/vendors/izidata.md#s1-3-2, #s1-3-3). The families
// differ only in which headers they sign and how they name them on the
// wire; the key derivation and canonical request are common (docs/vendors/izidata.md#s1-3-1).
type Family int

const (
	// FamilyGoJava signs content-length, content-md5 (lowercase hex) and
	// content-type, and leaves signedHeaders empty ("//") (docs/vendors/izidata.md#s1-3-2).
	FamilyGoJava Family = iota
	// FamilyPythonPHP signs only the credit-date header it adds; signedHeaders
	// "credit-date" (docs/vendors/izidata.md#s1-3-3, the izi copies and JULO docs/vendors/izidata.md#s1-3-4).
	FamilyPythonPHP
	// FamilyPythonHost is upstream crawlerclub Python: host (no port) and
	// credit-date, signedHeaders "host;credit-date" in insertion order (docs/vendors/izidata.md#s1-3-3).
	FamilyPythonHost
)

// String names the family (no '/', so it can name a subtest or a flag value).
func (f Family) String() string {
	switch f {
	case FamilyGoJava:
		return "go-java"
	case FamilyPythonPHP:
		return "python-php"
	case FamilyPythonHost:
		return "python-host"
	}
	return "Family(" + strconv.Itoa(int(f)) + ")"
}

const (
	// creditVersion is the first part of the Authorization header and of the
	// signing-key prefix (docs/vendors/izidata.md#s1-3-1).
	creditVersion = "credit-v1"
	// sdkExpire is the expire every official SDK sends (docs/vendors/izidata.md#s1-3-1).
	sdkExpire = 1800
	// tsLayout is the only timestamp form the SDKs produce: UTC, second
	// precision, literal Z (docs/vendors/izidata.md#s1-3-1).
	tsLayout = "2006-01-02T15:04:05Z"
	// formType is what every official SDK sends (docs/vendors/izidata.md#s1-2).
	formType = "application/x-www-form-urlencoded"
	// creditHeaderPrefix: Go/Java also sign any header starting with it (docs/vendors/izidata.md#s1-3-2).
	creditHeaderPrefix = "credit-"
)

// Sign sets the headers the official SDK of family f sets, so that tests,
// the README and the mockekyc helper command sign exactly as real clients:
//
//   - every family: Content-Type form-urlencoded (docs/vendors/izidata.md#s1-2);
//   - FamilyGoJava: Content-Length, Content-Md5 (lowercase hex, under the name
//     Go's Header.Set gives it) and Authorization with empty signedHeaders;
//   - FamilyPythonPHP / FamilyPythonHost: credit-date and authorization under
//     lower-case names, as Python's requests puts them on the wire; the host
//     variant also sets req.Host to the host name without port, which is what
//     upstream Python sends and signs.
//
// ts is formatted YYYY-MM-DDTHH:MM:SSZ in UTC; expire is 1800 as every SDK
// sends. The path signed is req.URL.Path as is (the Go SDK signs the raw
// path; for every documented path all SDKs agree, docs/vendors/izidata.md#s1-3-1).
//
// Sign also makes req carry exactly body (Body, GetBody, ContentLength):
// what is signed — content-length and content-md5 for Go/Java — must be what
// the transport sends, or the signature could not verify.
func Sign(req *http.Request, body []byte, ak, sk string, ts time.Time, f Family) error {
	if req == nil || req.URL == nil {
		return errors.New("izidata sign: nil request or URL")
	}
	if ak == "" || strings.Contains(ak, "/") {
		// The header is split on "/" into exactly six parts (docs/vendors/izidata.md#s1-3-6): an AK
		// with a slash could never verify.
		return fmt.Errorf("izidata sign: access key %q is empty or contains '/'", ak)
	}
	if f != FamilyGoJava && f != FamilyPythonPHP && f != FamilyPythonHost {
		return fmt.Errorf("izidata sign: unknown family %d", int(f))
	}
	host := ""
	if f == FamilyPythonHost {
		// Python sends and signs urlparse(url).hostname: lower case, no port.
		// req.Host, when set, is what Go puts on the wire instead of the URL's.
		host = req.Host
		if host == "" {
			host = req.URL.Host
		}
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		host = strings.ToLower(host)
		if host == "" {
			return errors.New("izidata sign: no host to sign for FamilyPythonHost")
		}
	}
	if req.Method == "" {
		req.Method = http.MethodPost
	}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	setBody(req, body)

	stamp := ts.UTC().Format(tsLayout)
	prefix := authPrefix(ak, stamp, strconv.Itoa(sdkExpire))
	setHeaderExactly(req.Header, "Content-Type", formType)

	var names []string
	var authName string
	switch f {
	case FamilyGoJava:
		sum := md5.Sum(body)
		setHeaderExactly(req.Header, "Content-Length", strconv.Itoa(len(body)))
		// Go's Header.Set spells it Content-Md5 on the wire (docs/vendors/izidata.md#s1-3-2).
		setHeaderExactly(req.Header, "Content-Md5", hex.EncodeToString(sum[:]))
		// The same default set Verify computes: the three content headers
		// plus any credit-* header the caller put on the request (docs/vendors/izidata.md#s1-3-2).
		names = defaultSignedNames(req)
		authName = "Authorization"
	case FamilyPythonPHP, FamilyPythonHost:
		setHeaderExactly(req.Header, "credit-date", stamp)
		names = []string{"credit-date"}
		if f == FamilyPythonHost {
			req.Host = host
			// Insertion order of upstream Python's dict: Host, then credit-date.
			names = []string{"host", "credit-date"}
		}
		authName = "authorization"
	}
	lines, missing := signedHeaderLines(req, names)
	if missing != "" {
		return fmt.Errorf("izidata sign: header %q to sign is absent", missing)
	}
	signed := ""
	if f != FamilyGoJava {
		signed = strings.Join(names, ";")
	}
	canonical := canonicalRequest(req.Method, req.URL.Path, canonicalQuery(req.URL.RawQuery), lines)
	sig := hmacHex([]byte(signingKey(sk, prefix)), canonical)
	setHeaderExactly(req.Header, authName, prefix+"/"+signed+"/"+sig)
	return nil
}

// setBody makes req send exactly body.
func setBody(req *http.Request, body []byte) {
	req.ContentLength = int64(len(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	req.Body, _ = req.GetBody()
	if len(body) == 0 {
		// http.NoBody makes the transport send "Content-Length: 0" on a
		// POST, which the Go SDK signs as content-length:0.
		req.Body = http.NoBody
	}
}

// setHeaderExactly sets name with exactly this spelling, after removing
// every other spelling of it: Python sends lower-case names, Go canonical
// ones, and a request must not carry both.
func setHeaderExactly(h http.Header, name, value string) {
	for k := range h {
		if strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
	h[name] = []string{value}
}

// authPrefix is credit-v1/{ak}/{ts}/{expire} (docs/vendors/izidata.md#s1-3-1).
func authPrefix(ak, ts, expire string) string {
	return creditVersion + "/" + ak + "/" + ts + "/" + expire
}

// signingKey is the lowercase hex HMAC-SHA256(SK, prefix). The signature is
// keyed with the ASCII bytes of this hex text, not the raw 32 bytes: that is
// what every SDK does (docs/vendors/izidata.md#s1-3-1).
func signingKey(sk, prefix string) string {
	return hmacHex([]byte(sk), prefix)
}

func hmacHex(key []byte, msg string) string {
	m := hmac.New(sha256.New, key)
	io.WriteString(m, msg)
	return hex.EncodeToString(m.Sum(nil))
}

// canonicalRequest is METHOD\nURI\nquery\nheaders with no trailing newline
// (docs/vendors/izidata.md#s1-3-1). headerLines are "name:value" lines, already sorted (see
// signedHeaderLines).
func canonicalRequest(method, uri, query string, headerLines []string) string {
	var b strings.Builder
	n := len(method) + len(uri) + len(query) + 3
	for _, l := range headerLines {
		n += len(l) + 1
	}
	b.Grow(n)
	b.WriteString(method)
	b.WriteByte('\n')
	b.WriteString(uri)
	b.WriteByte('\n')
	b.WriteString(query)
	b.WriteByte('\n')
	for i, l := range headerLines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
	}
	return b.String()
}

// canonicalHeaderLine is name:value with the value trimmed and every
// reserved character percent-encoded (docs/vendors/izidata.md#s1-3-1). Names are encoded too, as
// Python and Java do; header names never need it in practice.
func canonicalHeaderLine(lowerName, value string) string {
	return rfc3986Escape(lowerName, false) + ":" + rfc3986Escape(strings.TrimSpace(value), false)
}

// canonicalQuery is the sorted enc(k)=enc(v) list joined by '&'. Every SDK
// call has an empty query (all data is in the body, docs/vendors/izidata.md#s1-3-1), so this only
// matters for hand-made clients; the Java SDK's exclusion of an
// "authorization" parameter (BCE heritage) is kept. A malformed escape drops
// that pair, as url.ParseQuery does, and the signature then fails to match.
func canonicalQuery(rawQuery string) string {
	if rawQuery == "" {
		return ""
	}
	vals, _ := url.ParseQuery(rawQuery)
	pairs := make([]string, 0, len(vals))
	for k, vs := range vals {
		if strings.EqualFold(k, "authorization") {
			continue
		}
		for _, v := range vs {
			pairs = append(pairs, rfc3986Escape(k, false)+"="+rfc3986Escape(v, false))
		}
	}
	sort.Strings(pairs)
	return strings.Join(pairs, "&")
}

// rfc3986Escape percent-encodes every byte outside A-Z a-z 0-9 - . _ ~ with
// uppercase hex (Java Util.uriEncode, Python quote(v, safe=""), docs/vendors/izidata.md#s1-3-1). keepSlash
// leaves '/' alone, which is how Python, PHP and Java encode the URI path.
func rfc3986Escape(s string, keepSlash bool) string {
	const hexUpper = "0123456789ABCDEF"
	clean := true
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) && (!keepSlash || s[i] != '/') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) * 3)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) || (keepSlash && c == '/') {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexUpper[c>>4])
		b.WriteByte(hexUpper[c&15])
	}
	return b.String()
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}
