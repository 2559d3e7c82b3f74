package izidata

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The worked example of docs/vendors/izidata.md#s1-3-5.
const (
	vecAK      = "AK_TEST"
	vecSK      = "SK_TEST"
	vecTS      = "2024-01-02T03:04:05Z"
	vecPath    = "/v1/id_ocr/general"
	vecHost    = "api.izidata.co.id"
	vecBody    = "img=aGVsbG8%3D"
	vecMD5     = "b8c80b2b8ba9df28878ca9c8f1aba582"
	vecKey     = "656e0daf964dabfbd03ef443ab2999dd19ac850969b80418be4a8fc55b04cc08"
	vecAuthA   = "credit-v1/AK_TEST/2024-01-02T03:04:05Z/1800//2239d259cf87333c0f795c21c4520c5143f728d51105b07be5add2153391719d"
	vecAuthB   = "credit-v1/AK_TEST/2024-01-02T03:04:05Z/1800/credit-date/a11275752973e8ae3c31c9a20c6a0573bf950794d1e6ec5b239ad71d0617facb"
	vecAuthH   = "credit-v1/AK_TEST/2024-01-02T03:04:05Z/1800/host;credit-date/8663731f50c23da34aae469ecc1e74f7c0b808aaa9cd68b57e7f5ea9ef4da4af"
	vecCanonA  = "POST\n/v1/id_ocr/general\n\ncontent-length:14\ncontent-md5:b8c80b2b8ba9df28878ca9c8f1aba582\ncontent-type:application%2Fx-www-form-urlencoded"
	vecCanonB  = "POST\n/v1/id_ocr/general\n\ncredit-date:2024-01-02T03%3A04%3A05Z"
	vecCanonH  = "POST\n/v1/id_ocr/general\n\ncredit-date:2024-01-02T03%3A04%3A05Z\nhost:api.izidata.co.id"
	vecSignedA = "content-length;content-md5;content-type"
)

func vecTime(t testing.TB) time.Time {
	t.Helper()
	ts, err := time.Parse(tsLayout, vecTS)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// vecOptions are docs/vendors/izidata.md#iz-4's defaults with the vector's credentials, 10 s after ts.
func vecOptions(t testing.TB) VerifyOptions {
	return VerifyOptions{
		Now: vecTime(t).Add(10 * time.Second),
		Secret: func(ak string) (string, bool) {
			if ak == vecAK {
				return vecSK, true
			}
			return "", false
		},
		FutureSkew: 300 * time.Second,
		MinExpire:  300,
		MaxExpire:  129600,
	}
}

// headerKey returns the map key under which name is stored, to check the
// spelling a client puts on the wire.
func headerKey(h http.Header, name string) string {
	for k := range h {
		if strings.EqualFold(k, name) {
			return k
		}
	}
	return ""
}

func TestSigningKeyVector(t *testing.T) {
	if got := signingKey(vecSK, authPrefix(vecAK, vecTS, "1800")); got != vecKey {
		t.Fatalf("signingKey = %s, want %s", got, vecKey)
	}
	if sum := md5.Sum([]byte(vecBody)); hex.EncodeToString(sum[:]) != vecMD5 || len(vecBody) != 14 {
		t.Fatalf("vector body: md5 %x len %d", sum, len(vecBody))
	}
}

// TestSignVectors: Sign reproduces docs/vendors/izidata.md#s1-3-5 byte for byte, with each SDK's
// header spelling, and Verify computes the table's canonical request.
func TestSignVectors(t *testing.T) {
	tests := []struct {
		family    Family
		auth      string
		authKey   string // spelling on the wire
		canonical string
		signed    string
		keys      map[string]string // header spelling → value the SDK sends
		absent    []string
	}{
		{FamilyGoJava, vecAuthA, "Authorization", vecCanonA, vecSignedA,
			map[string]string{"Content-Md5": vecMD5, "Content-Length": "14", "Content-Type": formType},
			[]string{"credit-date"}},
		{FamilyPythonPHP, vecAuthB, "authorization", vecCanonB, "credit-date",
			map[string]string{"credit-date": vecTS, "Content-Type": formType},
			[]string{"content-md5"}},
		{FamilyPythonHost, vecAuthH, "authorization", vecCanonH, "host;credit-date",
			map[string]string{"credit-date": vecTS, "Content-Type": formType},
			[]string{"content-md5"}},
	}
	for _, tt := range tests {
		t.Run(tt.family.String(), func(t *testing.T) {
			// Port in the URL: upstream Python signs the host name without it.
			req := httptest.NewRequest(http.MethodPost, "https://"+vecHost+":443"+vecPath, nil)
			req.Host = ""
			if err := Sign(req, []byte(vecBody), vecAK, vecSK, vecTime(t).In(time.FixedZone("WIB", 7*3600)), tt.family); err != nil {
				t.Fatal(err)
			}
			if k := headerKey(req.Header, "authorization"); k != tt.authKey || req.Header[k][0] != tt.auth {
				t.Fatalf("%s: %v, want %s: %s", k, req.Header[k], tt.authKey, tt.auth)
			}
			if len(req.Header.Values("Authorization"))+len(req.Header["authorization"]) != 1 {
				t.Fatalf("Authorization sent more than once: %v", req.Header)
			}
			for k, v := range tt.keys {
				if got := req.Header[k]; len(got) != 1 || got[0] != v {
					t.Errorf("header %s = %v, want [%s] (headers %v)", k, got, v, req.Header)
				}
			}
			for _, name := range tt.absent {
				if k := headerKey(req.Header, name); k != "" {
					t.Errorf("%s should not be sent by %s", k, tt.family)
				}
			}
			if req.ContentLength != 14 {
				t.Errorf("ContentLength = %d, want 14", req.ContentLength)
			}
			got, err := io.ReadAll(req.Body)
			if err != nil || string(got) != vecBody {
				t.Errorf("body = %q, %v", got, err)
			}
			if tt.family == FamilyPythonHost && req.Host != vecHost {
				t.Errorf("Host = %q, want %q", req.Host, vecHost)
			}
			res := Verify(req, []byte(vecBody), vecOptions(t))
			if res.Code != "" || res.Canonical != tt.canonical || res.SignedHeaders != tt.signed || res.AK != vecAK {
				t.Fatalf("Verify = %+v\nwant canonical %q signed %q", res, tt.canonical, tt.signed)
			}
		})
	}
}

func TestSignErrors(t *testing.T) {
	ts := time.Unix(0, 0)
	tests := []struct {
		name string
		req  func() *http.Request
		ak   string
		f    Family
	}{
		{"nil request", func() *http.Request { return nil }, vecAK, FamilyGoJava},
		{"nil URL", func() *http.Request { return &http.Request{} }, vecAK, FamilyGoJava},
		{"empty AK", func() *http.Request { return httptest.NewRequest("POST", vecPath, nil) }, "", FamilyGoJava},
		{"AK with slash", func() *http.Request { return httptest.NewRequest("POST", vecPath, nil) }, "a/b", FamilyPythonPHP},
		{"unknown family", func() *http.Request { return httptest.NewRequest("POST", vecPath, nil) }, vecAK, Family(7)},
		{"no host", func() *http.Request { return &http.Request{URL: &url.URL{Path: vecPath}} }, vecAK, FamilyPythonHost},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := tt.req()
			if err := Sign(req, []byte(vecBody), tt.ak, vecSK, ts, tt.f); err == nil {
				t.Fatalf("Sign succeeded")
			}
			if req != nil && req.Header != nil && headerKey(req.Header, "authorization") != "" {
				t.Fatalf("a failed Sign left an Authorization header")
			}
		})
	}
}

// authProbe is what the test server reports about one request.
type authProbe struct {
	Result           AuthResult
	HasContentLength bool // whether net/http kept Content-Length in r.Header
}

// newAuthServer verifies every request it receives, as the mock does: over
// the bytes and headers net/http hands a server.
func newAuthServer(t testing.TB, o VerifyOptions, paths func(*http.Request) []string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		opts := o
		if paths != nil {
			opts.Paths = paths(r)
		}
		_, hasCL := r.Header["Content-Length"]
		if err := json.NewEncoder(w).Encode(authProbe{Verify(r, body, opts), hasCL}); err != nil {
			t.Error(err)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func decodeProbe(t testing.TB, resp *http.Response) authProbe {
	t.Helper()
	defer resp.Body.Close()
	var p authProbe
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("HTTP %d: %s", resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		t.Fatal(err)
	}
	return p
}

// replaceAuth rewrites the Authorization value under whatever spelling the
// request carries it.
func replaceAuth(req *http.Request, edit func(string) string) {
	k := headerKey(req.Header, "authorization")
	req.Header[k] = []string{edit(req.Header[k][0])}
}

// authPart replaces part i of the six.
func authPart(i int, v string) func(string) string {
	return func(s string) string {
		p := strings.Split(s, "/")
		p[i] = v
		return strings.Join(p, "/")
	}
}

// resign recomputes the signature after edit, with the package's own
// canonicalisation: for cases that must reach a later check (expire range,
// md5) with an otherwise valid signature. The vectors pin that code.
func resign(t testing.TB, req *http.Request, sk string, edit func(*creditAuth)) {
	t.Helper()
	raw, _ := receivedHeader(req, "authorization")
	a, err := parseAuthorization(raw)
	if err != nil {
		t.Fatal(err)
	}
	edit(&a)
	names := defaultSignedNames(req)
	if a.signedHeaders != "" {
		if names, err = parseSignedHeaders(a.signedHeaders); err != nil {
			t.Fatal(err)
		}
	}
	lines, missing := signedHeaderLines(req, names)
	if missing != "" {
		t.Fatalf("resign: %s absent", missing)
	}
	a.sig = hmacHex([]byte(signingKey(sk, a.prefix())), canonicalRequest(req.Method, req.URL.Path, canonicalQuery(req.URL.RawQuery), lines))
	replaceAuth(req, func(string) string {
		return strings.Join([]string{creditVersion, a.ak, a.ts, a.expire, a.signedHeaders, a.sig}, "/")
	})
}

// TestVerifyOverHTTP: real client → real server, so header spelling and
// Content-Length are what net/http makes of them on the wire.
func TestVerifyOverHTTP(t *testing.T) {
	ts := vecTime(t)
	prefixPaths := func(r *http.Request) []string {
		return []string{r.URL.Path, strings.TrimPrefix(r.URL.Path, "/izidata")}
	}
	onlyAsSent := func(r *http.Request) []string { return []string{r.URL.Path} }
	tests := []struct {
		name      string
		family    Family
		sk        string
		signPath  string // path signed
		sendPath  string // path requested ("" = signPath)
		host      string // req.Host before signing
		body      string
		paths     func(*http.Request) []string
		opts      func(*VerifyOptions)
		before    func(*http.Request) // before signing
		after     func(*http.Request) // tamper after signing
		code      string
		reason    string // substring
		canonical string // exact, when set
		noCL      bool   // Content-Length expected absent from r.Header
	}{
		{name: "go-java vector", family: FamilyGoJava, canonical: vecCanonA},
		{name: "python-php vector", family: FamilyPythonPHP, canonical: vecCanonB},
		{name: "python host vector", family: FamilyPythonHost, host: vecHost, canonical: vecCanonH},
		{name: "python host, port of the test server dropped", family: FamilyPythonHost},
		{name: "go-java empty body", family: FamilyGoJava, body: "-",
			canonical: "POST\n/v1/id_ocr/general\n\ncontent-length:0\ncontent-md5:d41d8cd98f00b204e9800998ecf8427e\ncontent-type:application%2Fx-www-form-urlencoded"},
		{name: "go-java extra credit- header is signed by default", family: FamilyGoJava,
			before:    func(r *http.Request) { r.Header.Set("Credit-Trace", " a b/c ") },
			canonical: "POST\n/v1/id_ocr/general\n\ncontent-length:14\ncontent-md5:" + vecMD5 + "\ncontent-type:application%2Fx-www-form-urlencoded\ncredit-trace:a%20b%2Fc"},
		{name: "upper-case signature", family: FamilyGoJava, canonical: vecCanonA,
			after: func(r *http.Request) {
				replaceAuth(r, func(s string) string {
					p := strings.Split(s, "/")
					return authPart(5, strings.ToUpper(p[5]))(s)
				})
			}},
		{name: "tampered body, same length", family: FamilyGoJava,
			after: func(r *http.Request) { setBody(r, []byte("img=aGVsbG9%3D")) },
			code:  NoAuthorization, reason: "content-md5 does not match the body", canonical: vecCanonA},
		{name: "tampered body, other length", family: FamilyGoJava,
			after: func(r *http.Request) { setBody(r, []byte("img=aGVsbG8h")) },
			code:  NoAuthorization, reason: "signature mismatch"},
		{name: "python body is not signed (docs/vendors/izidata.md#s1-3-3)", family: FamilyPythonPHP,
			after: func(r *http.Request) { setBody(r, []byte("img=b3RoZXI%3D")) }},
		{name: "python unsigned Content-MD5 upper-case hex", family: FamilyPythonPHP,
			after: func(r *http.Request) { r.Header.Set("Content-MD5", strings.ToUpper(vecMD5)) }},
		{name: "python unsigned Content-MD5 mismatch (docs/vendors/izidata.md#iz-5)", family: FamilyPythonPHP,
			after: func(r *http.Request) { r.Header.Set("Content-MD5", strings.Repeat("0", 32)) },
			code:  NoAuthorization, reason: "content-md5 does not match the body", canonical: vecCanonB},
		{name: "tampered signature", family: FamilyGoJava,
			after: func(r *http.Request) { replaceAuth(r, authPart(5, strings.Repeat("0", 64))) },
			code:  NoAuthorization, reason: "signature mismatch", canonical: vecCanonA},
		{name: "tampered credit-date", family: FamilyPythonPHP,
			after: func(r *http.Request) { r.Header["credit-date"] = []string{"2024-01-02T03:04:06Z"} },
			code:  NoAuthorization, reason: "signature mismatch",
			canonical: "POST\n/v1/id_ocr/general\n\ncredit-date:2024-01-02T03%3A04%3A06Z"},
		{name: "wrong SK", family: FamilyPythonHost, sk: "SK_OTHER", host: vecHost,
			code: NoAuthorization, reason: "signature mismatch", canonical: vecCanonH},
		{name: "unknown AK", family: FamilyGoJava,
			after: func(r *http.Request) { replaceAuth(r, authPart(1, "AK_NOBODY")) },
			code:  NoAuthorization, reason: "unknown access key"},
		{name: "missing header", family: FamilyGoJava,
			after: func(r *http.Request) { delete(r.Header, "Authorization") },
			code:  NoAuthorization, reason: "missing Authorization header"},
		{name: "5-part header", family: FamilyGoJava,
			after: func(r *http.Request) {
				replaceAuth(r, func(s string) string { return strings.Replace(s, "//", "/", 1) })
			},
			code: NoAuthorization, reason: "5 parts, want 6"},
		{name: "not credit-v1", family: FamilyPythonPHP,
			after: func(r *http.Request) { replaceAuth(r, authPart(0, "bce-auth-v1")) },
			code:  NoAuthorization, reason: "not credit-v1"},
		{name: "signed header absent", family: FamilyPythonPHP,
			after: func(r *http.Request) { replaceAuth(r, authPart(4, "credit-date;x-missing")) },
			code:  NoAuthorization, reason: `signed header "x-missing" is absent`},
		{name: "bad ts", family: FamilyGoJava,
			after: func(r *http.Request) { replaceAuth(r, authPart(2, "2024-01-02 03:04:05")) },
			code:  InvalidParameterError, reason: "not YYYY-MM-DDTHH:MM:SSZ"},
		{name: "bad expire", family: FamilyGoJava,
			after: func(r *http.Request) { replaceAuth(r, authPart(3, "30m")) },
			code:  InvalidParameterError, reason: "not an integer"},
		{name: "expired", family: FamilyGoJava,
			opts: func(o *VerifyOptions) { o.Now = ts.Add(1801 * time.Second) },
			code: ExpiredRequest, reason: "expired at 2024-01-02T03:34:05Z"},
		{name: "future ts beyond skew", family: FamilyPythonPHP,
			opts: func(o *VerifyOptions) { o.Now = ts.Add(-301 * time.Second) },
			code: ExpiredRequest, reason: "ahead of the clock"},
		{name: "path prefix: signed with the prefix", family: FamilyGoJava,
			signPath: "/izidata" + vecPath, paths: prefixPaths,
			canonical: strings.Replace(vecCanonA, vecPath, "/izidata"+vecPath, 1)},
		{name: "path prefix: signed the vendor path", family: FamilyGoJava,
			sendPath: "/izidata" + vecPath, paths: prefixPaths, canonical: vecCanonA},
		{name: "path prefix: vendor path not a candidate", family: FamilyGoJava,
			sendPath: "/izidata" + vecPath, paths: onlyAsSent,
			code: NoAuthorization, reason: "signature mismatch",
			canonical: strings.Replace(vecCanonA, vecPath, "/izidata"+vecPath, 1)},
		{name: "go-java streamed without Content-Length", family: FamilyGoJava,
			after: func(r *http.Request) {
				r.ContentLength, r.GetBody = 0, nil
				r.Body = io.NopCloser(io.MultiReader(strings.NewReader(vecBody)))
			},
			code: NoAuthorization, reason: "signature mismatch", noCL: true,
			canonical: "POST\n/v1/id_ocr/general\n\ncontent-md5:" + vecMD5 + "\ncontent-type:application%2Fx-www-form-urlencoded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := vecOptions(t)
			if tt.opts != nil {
				tt.opts(&o)
			}
			srv := newAuthServer(t, o, tt.paths)
			signPath := tt.signPath
			if signPath == "" {
				signPath = vecPath
			}
			req, err := http.NewRequest(http.MethodPost, srv.URL+signPath, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Host = tt.host
			if tt.before != nil {
				tt.before(req)
			}
			body := vecBody
			switch tt.body {
			case "-":
				body = ""
			case "":
			default:
				body = tt.body
			}
			sk := tt.sk
			if sk == "" {
				sk = vecSK
			}
			if err := Sign(req, []byte(body), vecAK, sk, ts, tt.family); err != nil {
				t.Fatal(err)
			}
			if tt.sendPath != "" {
				req.URL.Path = tt.sendPath
			}
			if tt.after != nil {
				tt.after(req)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			p := decodeProbe(t, resp)
			res := p.Result
			if res.Code != tt.code || !strings.Contains(res.Reason, tt.reason) {
				t.Fatalf("Verify = %+v\nwant code %q reason containing %q", res, tt.code, tt.reason)
			}
			if tt.code != "" && res.Reason == "" {
				t.Fatalf("failure without a reason: %+v", res)
			}
			if tt.canonical != "" && res.Canonical != tt.canonical {
				t.Fatalf("canonical\n%q\nwant\n%q", res.Canonical, tt.canonical)
			}
			if tt.code == "" && res.Canonical == "" {
				t.Fatalf("authenticated without a canonical request: %+v", res)
			}
			if tt.reason == "signature mismatch" && res.Canonical == "" {
				t.Fatalf("signature mismatch must show the canonical request")
			}
			if tt.family == FamilyGoJava && p.HasContentLength == tt.noCL {
				t.Fatalf("Content-Length in the server's r.Header: %v, want %v", p.HasContentLength, !tt.noCL)
			}
		})
	}
}

// TestVerifyRawWire sends the docs/vendors/izidata.md#s1-3-5 Authorization values literally, with
// each SDK's header spelling (Python lower case, Java Content-MD5, Go
// Content-Md5), bypassing Sign and Go's client altogether.
func TestVerifyRawWire(t *testing.T) {
	srv := newAuthServer(t, vecOptions(t), nil)
	addr := strings.TrimPrefix(srv.URL, "http://")
	tests := []struct {
		name, host, headers, canonical, signed string
	}{
		{"python izi", addr,
			"credit-date: " + vecTS + "\r\nauthorization: " + vecAuthB + "\r\nContent-Type: " + formType + "\r\n",
			vecCanonB, "credit-date"},
		{"python upstream", vecHost,
			"credit-date: " + vecTS + "\r\nauthorization: " + vecAuthH + "\r\nContent-Type: " + formType + "\r\n",
			vecCanonH, "host;credit-date"},
		{"java", addr,
			"accept: */*\r\nContent-MD5: " + vecMD5 + "\r\nContent-Type: " + formType + "\r\nAuthorization: " + vecAuthA + "\r\n",
			vecCanonA, vecSignedA},
		{"go", addr,
			"Authorization: " + vecAuthA + "\r\nContent-Md5: " + vecMD5 + "\r\nContent-Type: " + formType + "\r\n",
			vecCanonA, vecSignedA},
		{"java, upper-case md5 hex is a different canonical request", addr,
			"Content-MD5: " + strings.ToUpper(vecMD5) + "\r\nContent-Type: " + formType + "\r\nAuthorization: " + vecAuthA + "\r\n",
			strings.Replace(vecCanonA, vecMD5, strings.ToUpper(vecMD5), 1), vecSignedA},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			raw := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: sdk\r\nConnection: close\r\n%sContent-Length: %d\r\n\r\n%s",
				vecPath, tt.host, tt.headers, len(vecBody), vecBody)
			if _, err := io.WriteString(conn, raw); err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			res := decodeProbe(t, resp).Result
			if res.Canonical != tt.canonical || res.SignedHeaders != tt.signed {
				t.Fatalf("Verify = %+v\nwant canonical %q", res, tt.canonical)
			}
			wantCode := ""
			if strings.Contains(tt.name, "different canonical") {
				wantCode = NoAuthorization
			}
			if res.Code != wantCode {
				t.Fatalf("code %q (%s), want %q", res.Code, res.Reason, wantCode)
			}
		})
	}
}

// TestVerifyInProcess: a request built in process (httptest.NewRequest, as
// the README and unit tests do) has ContentLength but no Content-Length
// header, and keeps lower-case keys.
func TestVerifyInProcess(t *testing.T) {
	req := httptest.NewRequest(http.MethodPost, vecPath, strings.NewReader(vecBody))
	req.Header["Content-MD5"] = []string{vecMD5}
	req.Header["content-type"] = []string{formType}
	req.Header["authorization"] = []string{vecAuthA}
	if _, ok := req.Header["Content-Length"]; ok || req.ContentLength != 14 {
		t.Fatalf("httptest.NewRequest changed: header %v, ContentLength %d", req.Header, req.ContentLength)
	}
	res := Verify(req, []byte(vecBody), vecOptions(t))
	if res.Code != "" || res.Canonical != vecCanonA {
		t.Fatalf("Verify = %+v", res)
	}
}

// TestVerifyWindow covers the docs/vendors/izidata.md#iz-4 boundaries: both ends are inclusive.
func TestVerifyWindow(t *testing.T) {
	ts := vecTime(t)
	tests := []struct {
		name   string
		now    time.Time
		expire string
		code   string
		reason string
	}{
		{"last valid second", ts.Add(1800 * time.Second), "1800", "", ""},
		{"one second late", ts.Add(1801 * time.Second), "1800", ExpiredRequest, "expired at 2024-01-02T03:34:05Z"},
		{"skew edge", ts.Add(-300 * time.Second), "1800", "", ""},
		{"beyond skew", ts.Add(-301 * time.Second), "1800", ExpiredRequest, "5m1s ahead of the clock (tolerance 5m0s)"},
		{"min expire", ts, "300", "", ""},
		{"below min", ts, "299", InvalidParameterError, "expire 299 outside 300..129600"},
		{"max expire", ts, "129600", "", ""},
		{"above max", ts, "129601", InvalidParameterError, "expire 129601 outside 300..129600"},
		{"negative", ts, "-1800", InvalidParameterError, "outside"},
		{"plus sign", ts, "+1800", InvalidParameterError, "not an integer"},
		{"overflow", ts, "99999999999999999999", InvalidParameterError, "out of range"},
		{"leading zero", ts, "01800", "", ""},
		{"short expire lapses", ts.Add(301 * time.Second), "300", ExpiredRequest, "expired at 2024-01-02T03:09:05Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "https://"+vecHost+vecPath, nil)
			if err := Sign(req, []byte(vecBody), vecAK, vecSK, ts, FamilyPythonHost); err != nil {
				t.Fatal(err)
			}
			resign(t, req, vecSK, func(a *creditAuth) { a.expire = tt.expire })
			o := vecOptions(t)
			o.Now = tt.now
			res := Verify(req, []byte(vecBody), o)
			if res.Code != tt.code || !strings.Contains(res.Reason, tt.reason) {
				t.Fatalf("Verify = %+v, want %q %q", res, tt.code, tt.reason)
			}
		})
	}
}

// TestVerifyConfig: the options are honoured as given.
func TestVerifyConfig(t *testing.T) {
	ts := vecTime(t)
	tests := []struct {
		name string
		opts func(*VerifyOptions)
		code string
	}{
		{"no Secret func", func(o *VerifyOptions) { o.Secret = nil }, NoAuthorization},
		{"zero skew refuses 1 s ahead", func(o *VerifyOptions) { o.Now, o.FutureSkew = ts.Add(-time.Second), 0 }, ExpiredRequest},
		{"zero skew accepts now", func(o *VerifyOptions) { o.Now, o.FutureSkew = ts, 0 }, ""},
		{"narrow expire range", func(o *VerifyOptions) { o.MinExpire, o.MaxExpire = 300, 900 }, InvalidParameterError},
		{"huge MaxExpire does not overflow", func(o *VerifyOptions) {
			o.MaxExpire = 1<<63 - 1
			o.Now = ts.AddDate(300, 0, 0)
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, vecPath, nil)
			if err := Sign(req, []byte(vecBody), vecAK, vecSK, ts, FamilyGoJava); err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(tt.name, "huge") {
				resign(t, req, vecSK, func(a *creditAuth) { a.expire = "9223372036854775807" })
			}
			o := vecOptions(t)
			tt.opts(&o)
			if res := Verify(req, []byte(vecBody), o); res.Code != tt.code {
				t.Fatalf("Verify = %+v, want %q", res, tt.code)
			}
		})
	}
}

// TestReceivedHeader: names are found whatever their spelling, and the
// choice between two spellings does not depend on map order.
func TestReceivedHeader(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		host   string
		length int64
		lookup string
		want   string
		ok     bool
	}{
		{"canonical key", http.Header{"Content-Md5": {"a"}}, "", 0, "content-md5", "a", true},
		{"python lower case", http.Header{"credit-date": {"b"}}, "", 0, "credit-date", "b", true},
		{"canonical wins", http.Header{"content-md5": {"x"}, "Content-Md5": {"a"}}, "", 0, "content-md5", "a", true},
		{"smallest other spelling", http.Header{"content-md5": {"x"}, "CONTENT-MD5": {"y"}, "cOntent-md5": {"z"}}, "", 0, "content-md5", "y", true},
		{"first value", http.Header{"Credit-Date": {"1", "2"}}, "", 0, "credit-date", "1", true},
		{"empty list is absent", http.Header{"Credit-Date": {}}, "", 0, "credit-date", "", false},
		{"empty value is present", http.Header{"Content-Type": {""}}, "", 0, "content-type", "", true},
		{"host from r.Host", http.Header{"Host": {"ignored"}}, "api.izidata.co.id", 0, "host", "api.izidata.co.id", true},
		{"no host", http.Header{}, "", 0, "host", "", false},
		{"content-length header", http.Header{"Content-Length": {"14"}}, "", 99, "content-length", "14", true},
		{"content-length field", http.Header{}, "", 14, "content-length", "14", true},
		{"unknown length", http.Header{}, "", -1, "content-length", "", false},
		{"zero length not invented", http.Header{}, "", 0, "content-length", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &http.Request{Header: tt.header, Host: tt.host, ContentLength: tt.length}
			for range 64 { // map order varies between iterations
				if got, ok := receivedHeader(r, tt.lookup); got != tt.want || ok != tt.ok {
					t.Fatalf("receivedHeader(%q) = %q, %v; want %q, %v", tt.lookup, got, ok, tt.want, tt.ok)
				}
			}
		})
	}
}

func TestParseAuthorization(t *testing.T) {
	tests := []struct {
		in   string
		want creditAuth
		err  string
	}{
		{vecAuthA, creditAuth{vecAK, vecTS, "1800", "", "2239d259cf87333c0f795c21c4520c5143f728d51105b07be5add2153391719d"}, ""},
		{"  " + vecAuthH + " ", creditAuth{vecAK, vecTS, "1800", "host;credit-date", "8663731f50c23da34aae469ecc1e74f7c0b808aaa9cd68b57e7f5ea9ef4da4af"}, ""},
		{"credit-v1/////", creditAuth{}, ""},
		{"", creditAuth{}, "empty"},
		{"credit-v1/AK/ts/1800/sig", creditAuth{}, "5 parts"},
		{"credit-v1/AK/ts/1800/h/sig/x", creditAuth{}, "7 parts"},
		{"Bearer abc", creditAuth{}, "1 parts"},
		{"CREDIT-V1/AK/ts/1800//sig", creditAuth{}, "not credit-v1"},
		{"bce-auth-v1/AK/ts/1800//sig", creditAuth{}, "not credit-v1"},
	}
	for _, tt := range tests {
		got, err := parseAuthorization(tt.in)
		if tt.err == "" && (err != nil || got != tt.want) {
			t.Errorf("parseAuthorization(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
		if tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("parseAuthorization(%q) error %v, want %q", tt.in, err, tt.err)
		}
	}
}

func TestParseTimestamp(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{vecTS, true},
		{"2024-02-29T23:59:59Z", true},
		{"2024-01-02T3:04:05Z", false},
		{"2024-01-02T03:04:05.5Z", false},
		{"2024-01-02T03:04:05+07:00", false},
		{"2024-01-02T03:04:05z", false},
		{"2024-01-02 03:04:05Z", false},
		{"2023-02-29T00:00:00Z", false},
		{"2024-13-02T03:04:05Z", false},
		{"1704164645", false},
		{"", false},
	}
	for _, tt := range tests {
		if _, ok := parseTimestamp(tt.in); ok != tt.ok {
			t.Errorf("parseTimestamp(%q) ok = %v, want %v", tt.in, ok, tt.ok)
		}
	}
}

func TestSignedHeadersList(t *testing.T) {
	tests := []struct {
		in   string
		want string
		bad  bool
	}{
		{"credit-date", "credit-date", false},
		{"host;credit-date", "host;credit-date", false},
		{"Host; Credit-Date", "host;credit-date", false},
		{"host;host", "host", false},
		{"host;;credit-date", "", true},
		{";", "", true},
	}
	for _, tt := range tests {
		got, err := parseSignedHeaders(tt.in)
		if (err != nil) != tt.bad || strings.Join(got, ";") != tt.want {
			t.Errorf("parseSignedHeaders(%q) = %v, %v", tt.in, got, err)
		}
	}
}

func TestRFC3986Escape(t *testing.T) {
	tests := []struct {
		in        string
		keepSlash bool
		want      string
	}{
		{formType, false, "application%2Fx-www-form-urlencoded"},
		{vecTS, false, "2024-01-02T03%3A04%3A05Z"},
		{"AZaz09-._~", false, "AZaz09-._~"},
		{"a b+c=d&e*f%", false, "a%20b%2Bc%3Dd%26e%2Af%25"},
		{"é\x00\xff", false, "%C3%A9%00%FF"},
		{"/v1/a b/c", true, "/v1/a%20b/c"},
		{"/v1/a b/c", false, "%2Fv1%2Fa%20b%2Fc"},
		{"", false, ""},
	}
	for _, tt := range tests {
		if got := rfc3986Escape(tt.in, tt.keepSlash); got != tt.want {
			t.Errorf("rfc3986Escape(%q, %v) = %q, want %q", tt.in, tt.keepSlash, got, tt.want)
		}
	}
}

func TestCanonicalQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"b=2&a=1", "a=1&b=2"},
		{"a=x+y&a=%2F", "a=%2F&a=x%20y"},
		{"flag", "flag="},
		{"authorization=x&z=1", "z=1"},
		{"a=%zz&b=1", "b=1"},
	}
	for _, tt := range tests {
		if got := canonicalQuery(tt.in); got != tt.want {
			t.Errorf("canonicalQuery(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestVerifyQueryAndEncodedPath: hand-made clients with a query or a path
// that needs encoding verify when they sign per docs/vendors/izidata.md#s1-3-1.
func TestVerifyQueryAndEncodedPath(t *testing.T) {
	ts := vecTime(t)
	for _, target := range []string{"/v1/id_ocr/general?b=2&a=x+y", "/v1/a%20b/general"} {
		req := httptest.NewRequest(http.MethodPost, target, nil)
		if err := Sign(req, []byte(vecBody), vecAK, vecSK, ts, FamilyPythonPHP); err != nil {
			t.Fatal(err)
		}
		res := Verify(req, []byte(vecBody), vecOptions(t))
		if res.Code != "" {
			t.Fatalf("%s: %+v", target, res)
		}
		// Python/PHP/Java sign the encoded path: the second candidate.
		if strings.Contains(target, "%20") {
			a := strings.Split(req.Header["authorization"][0], "/")
			enc := canonicalRequest("POST", "/v1/a%20b/general", "", []string{canonicalHeaderLine("credit-date", vecTS)})
			a[5] = hmacHex([]byte(vecKey), enc)
			req.Header["authorization"] = []string{strings.Join(a, "/")}
			if res := Verify(req, []byte(vecBody), vecOptions(t)); res.Code != "" || res.Canonical != enc {
				t.Fatalf("encoded path: %+v", res)
			}
		} else if !strings.Contains(res.Canonical, "\na=x%20y&b=2\n") {
			t.Fatalf("query not canonical: %q", res.Canonical)
		}
	}
}

func FuzzParseAuthorization(f *testing.F) {
	for _, s := range []string{vecAuthA, vecAuthB, vecAuthH, "", "credit-v1/////", "credit-v1/a/b/c/d", " credit-v1/a/b/c/d/e/f "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := parseAuthorization(s)
		if err != nil {
			if a != (creditAuth{}) {
				t.Fatalf("error with fields: %+v", a)
			}
			return
		}
		// Accepted headers are exactly six parts that re-join to the input.
		if got := strings.Join([]string{creditVersion, a.ak, a.ts, a.expire, a.signedHeaders, a.sig}, "/"); got != strings.TrimSpace(s) {
			t.Fatalf("round trip %q → %q", s, got)
		}
	})
}

// FuzzVerify: arbitrary headers, body, method and query never panic, the
// code is always one of the four, and the verdict is deterministic (no
// dependence on map order).
func FuzzVerify(f *testing.F) {
	f.Add(vecAuthA, "Content-Md5", vecMD5, []byte(vecBody), "POST", "", int64(10))
	f.Add(vecAuthB, "credit-date", vecTS, []byte(vecBody), "POST", "", int64(10))
	f.Add(vecAuthH, "credit-date", vecTS, []byte("x"), "POST", "a=1", int64(-400))
	f.Add("credit-v1/AK_TEST/2024-01-02T03:04:05Z/1800/x;;y/00", "CREDIT-x", " v ", []byte{}, "GET", "%", int64(5000))
	f.Fuzz(func(t *testing.T, auth, name, value string, body []byte, method, query string, offset int64) {
		req := &http.Request{
			Method: method,
			URL:    &url.URL{Path: vecPath, RawQuery: query},
			Host:   vecHost,
			Header: http.Header{
				"Authorization":  {auth},
				name:             {value},
				"Content-Length": {fmt.Sprint(len(body))},
				"Content-Type":   {formType},
				"credit-date":    {vecTS},
			},
		}
		o := vecOptions(t)
		o.Now = vecTime(t).Add(time.Duration(offset) * time.Second)
		res := Verify(req, body, o)
		switch res.Code {
		case "":
			if res.Canonical == "" || res.AK != vecAK {
				t.Fatalf("authenticated without canonical or AK: %+v", res)
			}
		case NoAuthorization, ExpiredRequest, InvalidParameterError:
			if res.Reason == "" || strings.Contains(res.Reason, "\n") {
				t.Fatalf("reason must be one non-empty line: %+v", res)
			}
		default:
			t.Fatalf("code %q", res.Code)
		}
		if again := Verify(req, body, o); again != res {
			t.Fatalf("not deterministic:\n%+v\n%+v", res, again)
		}
	})
}

// FuzzSignVerify: whatever a client signs with Sign verifies, and for
// Go/Java (which sign the body through Content-MD5) any change to the body
// is refused.
func FuzzSignVerify(f *testing.F) {
	f.Add("AK_TEST", "SK_TEST", []byte(vecBody), vecPath, "", uint8(0), "", int64(0))
	f.Add("ak", "", []byte{}, "/v1/a b", "q=1&q=%2F", uint8(1), "x y", int64(-300))
	f.Add("AK", "sk", []byte{0xff}, "", "", uint8(2), "", int64(1800))
	f.Fuzz(func(t *testing.T, ak, sk string, body []byte, path, query string, fam uint8, credit string, age int64) {
		req := &http.Request{Method: http.MethodPost, URL: &url.URL{Path: path, RawQuery: query}, Host: "Api.Example:8443", Header: http.Header{}}
		if credit != "" {
			req.Header.Set("Credit-Extra", credit)
		}
		ts := vecTime(t)
		family := Family(fam % 3)
		if err := Sign(req, body, ak, sk, ts, family); err != nil {
			if ak != "" && !strings.Contains(ak, "/") {
				t.Fatalf("Sign refused a valid AK %q: %v", ak, err)
			}
			return
		}
		o := VerifyOptions{
			Now:        ts.Add(time.Duration(age%1801) * time.Second),
			Secret:     func(got string) (string, bool) { return sk, got == ak },
			FutureSkew: 300 * time.Second, MinExpire: 300, MaxExpire: 129600,
		}
		if age%1801 < -300 {
			o.Now = ts
		}
		res := Verify(req, body, o)
		if res.Code != "" {
			t.Fatalf("%s: signed request refused: %+v", family, res)
		}
		if family == FamilyGoJava {
			tampered := append([]byte{'x'}, body...)
			if res := Verify(req, tampered, o); res.Code != NoAuthorization {
				t.Fatalf("tampered body accepted: %+v", res)
			}
		}
	})
}

// BenchmarkVerify: a 200 KB body (the docs' recommended maximum image,
// docs/vendors/izidata.md#s1-4-1). For Go/Java the MD5 of the body dominates; Python/PHP skip it.
func BenchmarkVerify(b *testing.B) {
	body := bytes.Repeat([]byte("img=aGVsbG8"), 200<<10/11)
	for _, f := range []Family{FamilyGoJava, FamilyPythonPHP} {
		b.Run(f.String(), func(b *testing.B) {
			req := httptest.NewRequest(http.MethodPost, "https://"+vecHost+vecPath, nil)
			if err := Sign(req, body, vecAK, vecSK, vecTime(b), f); err != nil {
				b.Fatal(err)
			}
			o := vecOptions(b)
			if res := Verify(req, body, o); res.Code != "" {
				b.Fatalf("%+v", res)
			}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if res := Verify(req, body, o); res.Code != "" {
					b.Fatal(res.Reason)
				}
			}
		})
	}
}
