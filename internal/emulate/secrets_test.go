package emulate

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/journal"
)

// declaring is a vendor with declared secrets (the rest of Vendor is not
// called).
type declaring struct {
	Vendor
	s Secrets
}

func (d declaring) Secrets() Secrets { return d.s }

func TestFingerprint(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"abc", "…(3 chars, sha256:ba7816bf)"},
		{"AbcdEfgh", "…(8 chars, sha256:" + journal.Fingerprint("AbcdEfgh")[len("…(8 chars, sha256:"):]},
		{"sk_live_0123456789abcdef", "sk_l…(24 chars, sha256:"},
		{"fifteen-chars-x", "…(15 chars, sha256:"},
	} {
		if got := journal.Fingerprint(c.in); !strings.HasPrefix(got, c.want) || (c.in != "" && !strings.HasSuffix(got, ")")) {
			t.Errorf("Fingerprint(%q) = %q, want %q…", c.in, got, c.want)
		}
	}
	if journal.Fingerprint("key-a") == journal.Fingerprint("key-b") {
		t.Error("two keys of the same length share a fingerprint")
	}
}

func TestSecretSetHeaders(t *testing.T) {
	s := newSecretSet(declaring{s: Secrets{
		Headers: []string{"x-api-key"},
		Signed:  map[string]func(string) int{"Authorization": func(v string) int { return strings.IndexByte(v, ':') + 1 }},
	}})
	fp := journal.Fingerprint
	for _, c := range []struct{ name, in, want string }{
		{"X-Api-Key", "AbcdEfgh", fp("AbcdEfgh")},
		{"Authorization", "ak:signature-part", "ak:" + fp("signature-part")},
		{"Authorization", "no-colon-at-all", fp("no-colon-at-all")},
		{"Proxy-Authorization", "Basic dXNlcjpwYXNz", "Basic " + fp("dXNlcjpwYXNz")},
		{"Cookie", "a=b; c=d", fp("a=b; c=d")},
		{"Content-Type", "application/json", "application/json"},
		{"X-Api-Key", "", ""},
	} {
		if got := s.header(c.name, c.in); got != c.want {
			t.Errorf("header(%s, %q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
	// A vendor without declarations still hides the generic ones.
	g := newSecretSet(nil)
	if got := g.header("Authorization", "Bearer tok"); got != "Bearer "+fp("tok") {
		t.Errorf("generic Authorization: %q", got)
	}
	if got := g.header("X-Api-Key", "AbcdEfgh"); got != "AbcdEfgh" {
		t.Errorf("an undeclared header changed: %q", got)
	}
}

func TestSecretSetEntry(t *testing.T) {
	s := newSecretSet(declaring{s: Secrets{Fields: []string{"signature"}, Answer: []string{"data.token"}, CredentialIsSecret: true}})
	fields := map[string]string{"signature": "abcdef0123456789", "name": "BUDI"}
	body := []byte(`{"code":"SUCCESS","data":{"token":"eyJhbGciOiJIUzUxMiJ9.x.y","expiredTime":1},"extra":null}`)
	e := journal.Entry{
		Credential:     "AbcdEfgh",
		Query:          "a=1&token=t%2Bop&b=&token",
		Fields:         fields,
		RequestHeaders: map[string]string{},
		Response:       body,
	}
	s.redactEntry(&e)
	fp := journal.Fingerprint
	if e.Credential != fp("AbcdEfgh") {
		t.Errorf("credential %q", e.Credential)
	}
	if want := "a=1&token=" + url.QueryEscape(fp("t+op")) + "&b=&token=" + url.QueryEscape(fp("")); e.Query != want {
		t.Errorf("query %q, want %q", e.Query, want)
	}
	if e.Fields["signature"] != fp("abcdef0123456789") || e.Fields["name"] != "BUDI" {
		t.Errorf("fields %v", e.Fields)
	}
	if fields["signature"] != "abcdef0123456789" {
		t.Error("the call's own fields were changed")
	}
	want := `{"code":"SUCCESS","data":{"token":"` + fp("eyJhbGciOiJIUzUxMiJ9.x.y") + `","expiredTime":1},"extra":null}`
	if string(e.Response) != want {
		t.Errorf("answer %s, want %s", e.Response, want)
	}
	if !strings.Contains(string(body), "eyJhbGciOiJIUzUxMiJ9.x.y") {
		t.Error("the answer as sent was changed")
	}
	// An answer without the path is kept as it is, byte for byte.
	for _, b := range []string{`{"code":"ERROR","data":null}`, `{"token":"top-level"}`, `{"data":{"token":5}}`, `not json "token"`} {
		if got := s.redactAnswer([]byte(b)); string(got) != b {
			t.Errorf("redactAnswer(%s) = %s", b, got)
		}
	}
}

// FuzzRedactQuery: a secret parameter's value never survives, every other
// pair is kept as sent, in order.
func FuzzRedactQuery(f *testing.F) {
	for _, q := range []string{"", "a=1", "token=abc&x=2", "token", "a=%zz&token=%zz", "=&&token=&", "access%5Ftoken=q+r", "token=a;b"} {
		f.Add(q)
	}
	s := newSecretSet(nil)
	f.Fuzz(func(t *testing.T, q string) {
		got := s.rawQuery(q)
		in, out := strings.Split(q, "&"), strings.Split(got, "&")
		if q == "" {
			in = nil
		}
		if got == "" {
			out = nil
		}
		if len(in) != len(out) {
			t.Fatalf("rawQuery(%q) = %q: %d pairs, want %d", q, got, len(out), len(in))
		}
		for i := range in {
			k, v, _ := strings.Cut(in[i], "=")
			name, err := url.QueryUnescape(k)
			if err != nil || !s.query[name] {
				if out[i] != in[i] {
					t.Fatalf("rawQuery(%q): pair %q became %q", q, in[i], out[i])
				}
				continue
			}
			ok, ov, _ := strings.Cut(out[i], "=")
			val, err := url.QueryUnescape(v)
			if err != nil {
				val = v
			}
			if dec, _ := url.QueryUnescape(ov); ok != k || dec != journal.Fingerprint(val) {
				t.Fatalf("rawQuery(%q): secret pair %q became %q", q, in[i], out[i])
			}
		}
	})
}

// FuzzRedactAnswer: whatever the answer, the result is the same JSON (or
// the same bytes) apart from the declared value, which is fingerprinted.
func FuzzRedactAnswer(f *testing.F) {
	for _, b := range []string{`{"data":{"token":"abc"}}`, `{"data":{"token":null}}`, `{"data":[{"token":"x"}]}`, `{"token":"x"`, `[1,2]`, `{"data":{"token":"a","token":"b"}}`} {
		f.Add([]byte(b))
	}
	s := newSecretSet(declaring{s: Secrets{Answer: []string{"data.token"}}})
	f.Fuzz(func(t *testing.T, body []byte) {
		orig := string(body)
		got := s.redactAnswer(body)
		if string(body) != orig {
			t.Fatal("the input was changed")
		}
		if string(got) == orig {
			return
		}
		var in, out map[string]any
		if err := json.Unmarshal(body, &in); err != nil {
			t.Fatalf("changed a body that is not a JSON object: %q -> %q", body, got)
		}
		if err := json.Unmarshal(got, &out); err != nil {
			t.Fatalf("result is not JSON: %q -> %q", body, got)
		}
		tok, _ := in["data"].(map[string]any)["token"].(string)
		if out["data"].(map[string]any)["token"] != journal.Fingerprint(tok) {
			t.Fatalf("token %q became %v", tok, out["data"].(map[string]any)["token"])
		}
		in["data"].(map[string]any)["token"], out["data"].(map[string]any)["token"] = nil, nil
		a, _ := json.Marshal(in)
		b, _ := json.Marshal(out)
		if string(a) != string(b) {
			t.Fatalf("more than the token changed: %s -> %s", a, b)
		}
	})
}

// TestSecretSetURLFields: a URL a client sends as a field (Verihubs'
// callback_url, an image URL) keeps its host and path in the journal, but
// not the password of its user info nor a secret query parameter.
func TestSecretSetURLFields(t *testing.T) {
	s := newSecretSet(nil)
	fp := journal.Fingerprint
	e := journal.Entry{Fields: map[string]string{
		"callback_url": "https://hook:s3cret-pass@receiver.test:9000/cb?token=tok-123&order=7",
		"image":        "http://fixtures.test/ktp.jpg?size=big",
		"bad":          "http://[::1", // not a URL: kept as sent
	}}
	s.redactEntry(&e)
	got := e.Fields["callback_url"]
	for _, leaked := range []string{"s3cret-pass", "tok-123"} {
		if strings.Contains(got, leaked) {
			t.Errorf("callback_url %q keeps %q", got, leaked)
		}
	}
	u, err := url.Parse(got)
	if err != nil {
		t.Fatalf("callback_url %q: %v", got, err)
	}
	if pass, _ := u.User.Password(); u.User.Username() != "hook" || pass != fp("s3cret-pass") || u.Host != "receiver.test:9000" || u.Path != "/cb" {
		t.Errorf("callback_url %q: user %q pass %q host %q path %q", got, u.User.Username(), pass, u.Host, u.Path)
	}
	if q := u.Query(); q.Get("token") != fp("tok-123") || q.Get("order") != "7" {
		t.Errorf("callback_url query %v", q)
	}
	if e.Fields["image"] != "http://fixtures.test/ktp.jpg?size=big" || e.Fields["bad"] != "http://[::1" {
		t.Errorf("fields without secrets changed: %v", e.Fields)
	}
}

// TestSecretSetNotes: a note that quotes the request (iziData's canonical
// request, an image URL that could not be fetched) keeps no secret in
// clear: its query line, its secret header lines and its URLs are redacted
// as the request's own query, headers and fields are.
func TestSecretSetNotes(t *testing.T) {
	s := newSecretSet(declaring{s: Secrets{Headers: []string{"X-Df-Api-Secret"}}})
	fp := journal.Fingerprint
	notes := map[string]string{
		"canonical_request": "POST\n/v1/phone\ntoken=SANDBOX-TOK&z=1\ncontent-type:application/json\nx-df-api-secret:s3cr3t-h\n\nhost;x-df-api-secret",
		"image_url":         "https://u:p4ss@img.test/k.jpg?token=img-tok&w=1 unreachable",
		"auth":              "signature mismatch",
	}
	e := journal.Entry{Notes: notes}
	s.redactEntry(&e)
	for _, clear := range []string{"SANDBOX-TOK", "s3cr3t-h", "p4ss", "img-tok"} {
		for k, v := range e.Notes {
			if strings.Contains(v, clear) {
				t.Errorf("note %s keeps %q in clear: %q", k, clear, v)
			}
		}
	}
	want := "POST\n/v1/phone\ntoken=" + url.QueryEscape(fp("SANDBOX-TOK")) + "&z=1\ncontent-type:application/json\nx-df-api-secret:" + fp("s3cr3t-h") + "\n\nhost;x-df-api-secret"
	if e.Notes["canonical_request"] != want {
		t.Errorf("canonical request\n%q, want\n%q", e.Notes["canonical_request"], want)
	}
	if e.Notes["auth"] != "signature mismatch" || !strings.HasSuffix(e.Notes["image_url"], " unreachable") || !strings.Contains(e.Notes["image_url"], "w=1") {
		t.Errorf("notes changed beyond their secrets: %v", e.Notes)
	}
	if notes["canonical_request"] == e.Notes["canonical_request"] {
		t.Error("the call's own notes were changed, or nothing was redacted")
	}
}
