package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate/advance"
	"github.com/mockekyc/mockekyc/internal/emulate/izidata"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestJournalKeepsNoSecret: every credential, token and signature a client
// sends — in headers, the query or the body — and every token the mock
// answers is in the journal only as its fingerprint, for every vendor;
// public ids stay whole. Before, eKYCPro's X-API-Key (header and
// credential), ADVANCE's X-ACCESS-TOKEN and generate-token answer, Cookie
// and Proxy-Authorization were kept in clear.
func TestJournalKeepsNoSecret(t *testing.T) {
	h := mocktest.New(t)
	fp := journal.Fingerprint
	// Generic secrets, sent with every request below.
	generic := http.Header{
		"Cookie":              {"session=cookie-secret-4711"},
		"Proxy-Authorization": {"Basic cHJveHk6cHJveHktcGFzcw=="},
	}
	with := func(h http.Header) http.Header {
		out := http.Header{}
		for _, hh := range []http.Header{generic, h} {
			for k, v := range hh {
				out[k] = v
			}
		}
		return out
	}
	type check struct {
		name    string
		send    func() mocktest.Result
		secrets []string          // must appear nowhere in the entry
		clear   []string          // must appear (public ids)
		want    map[string]string // entry JSON must contain these key:value texts
	}
	var checks []check

	// eKYCPro: the key is the credential; a query token too.
	checks = append(checks, check{
		name: "ekycpro balance",
		send: func() mocktest.Result {
			return h.Do(h.Request(http.MethodGet, "/ekycpro/v1/balance?token=query-secret-99&page=2", nil, with(http.Header{"X-Api-Key": {"AbcdEfgh"}})))
		},
		secrets: []string{"AbcdEfgh", "query-secret-99"},
		clear:   []string{"page=2"},
		want: map[string]string{
			`"credential"`: strconv.Quote(fp("AbcdEfgh")),
			`"X-Api-Key"`:  strconv.Quote(fp("AbcdEfgh")),
		},
	})
	// AccuAuth and Verihubs: the secret half of a static pair.
	checks = append(checks, check{
		name: "accuauth",
		send: func() mocktest.Result {
			return h.Do(h.Request(http.MethodPost, "/accuauth/verify/id_name", strings.NewReader("{}"),
				with(http.Header{"X-Df-Api-Id": {"demo-api-id"}, "X-Df-Api-Secret": {"demo-api-secret"}, "Content-Type": {"application/json"}})))
		},
		secrets: []string{"demo-api-secret"},
		clear:   []string{"demo-api-id"},
		want:    map[string]string{`"X-Df-Api-Secret"`: strconv.Quote(fp("demo-api-secret"))},
	})
	checks = append(checks, check{
		name: "verihubs unknown path",
		send: func() mocktest.Result {
			return h.Do(h.Request(http.MethodGet, "/verihubs/no/such", nil, with(http.Header{"App-Id": {"demo-app-id"}, "Api-Key": {"demo-api-key"}})))
		},
		secrets: []string{"demo-api-key"},
		clear:   []string{"demo-app-id"},
	})
	// ADVANCE: generate-token's signature and answered token, the token
	// header, the legacy signature.
	ts := strconv.FormatInt(mocktest.Epoch.UnixMilli(), 10)
	sig := advance.Signature("sampleaccesskey", "samplesecretkey", ts)
	var token string
	checks = append(checks, check{
		name: "advance generate-token",
		send: func() mocktest.Result {
			res := h.Do(h.Request(http.MethodPost, "/advance/openapi/auth/ticket/v1/generate-token",
				strings.NewReader(fmt.Sprintf(`{"accessKey":"sampleaccesskey","timestamp":%q,"signature":%q}`, ts, sig)),
				with(http.Header{"Content-Type": {"application/json"}})))
			data, _ := res.JSON(t)["data"].(map[string]any)
			token, _ = data["token"].(string)
			if token == "" {
				t.Fatalf("no token: HTTP %d %s", res.Status, res.Body)
			}
			return res
		},
		secrets: []string{sig},
		clear:   []string{"sampleaccesskey", ts},
		want:    map[string]string{`"signature"`: strconv.Quote(fp(sig))},
	})
	checks = append(checks, check{
		name: "advance token call",
		send: func() mocktest.Result {
			return h.Do(h.Request(http.MethodPost, "/advance/openapi/face-identity/v1/ocr-kk-check", strings.NewReader("{}"),
				with(http.Header{"X-Access-Token": {token}, "Content-Type": {"application/json"}})))
		},
	})
	date := mocktest.Epoch.Format(http.TimeFormat)
	legacy := advance.LegacySignature("samplesecretkey", advance.LegacySignStrings(http.MethodPost, "/advance/openapi/face-identity/v1/ocr-kk-check", "", date)[0])
	checks = append(checks, check{
		name: "advance legacy signature",
		send: func() mocktest.Result {
			return h.Do(h.Request(http.MethodPost, "/advance/openapi/face-identity/v1/ocr-kk-check", nil,
				with(http.Header{"Authorization": {"sampleaccesskey:" + legacy}, "Date": {date}})))
		},
		secrets: []string{legacy},
		want:    map[string]string{`"Authorization"`: strconv.Quote("sampleaccesskey:" + fp(legacy))},
	})
	// iziData: AK, time and signed headers in clear, the signature not.
	var izAuth string
	checks = append(checks, check{
		name: "izidata signed",
		send: func() mocktest.Result {
			body := []byte(url.Values{"number": {"6281234567890"}}.Encode())
			req := h.Request(http.MethodPost, "/izidata/v1/phone", nil, with(http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}))
			if err := izidata.Sign(req, body, "YOUR_ACCESS_KEY", "YOUR_SECRET_KEY", mocktest.Epoch, izidata.FamilyGoJava); err != nil {
				t.Fatal(err)
			}
			izAuth = req.Header.Get("Authorization")
			return h.Do(req)
		},
		clear: []string{"credit-v1/YOUR_ACCESS_KEY/"},
	})

	for _, c := range checks {
		res := c.send()
		e := h.LastEntry()
		text := string(mocktest.JSONBody(t, e))
		secrets := append([]string{"cookie-secret-4711", "cHJveHk6cHJveHktcGFzcw=="}, c.secrets...)
		switch c.name {
		case "advance generate-token":
			if !strings.Contains(string(res.Body), token) {
				t.Errorf("the client did not get the token: %s", res.Body)
			}
			secrets = append(secrets, token)
			if !strings.Contains(text, strconv.Quote(fp(token))) {
				t.Errorf("%s: the answer's token is not fingerprinted in %s", c.name, text)
			}
		case "advance token call":
			secrets = append(secrets, token)
			if e.RequestHeaders["X-Access-Token"] != fp(token) || e.Credential != "sampleaccesskey" {
				t.Errorf("%s: X-Access-Token kept as %q, credential %q", c.name, e.RequestHeaders["X-Access-Token"], e.Credential)
			}
		case "izidata signed":
			cut := strings.LastIndexByte(izAuth, '/') + 1
			secrets = append(secrets, izAuth[cut:])
			if !strings.Contains(text, strconv.Quote(izAuth[:cut]+fp(izAuth[cut:]))) {
				t.Errorf("%s: Authorization not kept as its clear part and the signature's fingerprint: %s", c.name, text)
			}
		}
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%s: the journal holds the secret %q:\n%s", c.name, s, text)
			}
		}
		for _, s := range c.clear {
			if !strings.Contains(text, s) {
				t.Errorf("%s: the journal lost %q:\n%s", c.name, s, text)
			}
		}
		for k, v := range c.want {
			if !strings.Contains(text, k+":"+v) {
				t.Errorf("%s: the journal lacks %s:%s:\n%s", c.name, k, v, text)
			}
		}
		for _, s := range []string{"Cookie", "Proxy-Authorization"} {
			if want := fp(generic.Get(s)); s == "Proxy-Authorization" {
				if e.RequestHeaders[s] != "Basic "+fp(strings.TrimPrefix(generic.Get(s), "Basic ")) {
					t.Errorf("%s: %s kept as %q", c.name, s, e.RequestHeaders[s])
				}
			} else if e.RequestHeaders[s] != want {
				t.Errorf("%s: %s kept as %q, want %q", c.name, s, e.RequestHeaders[s], want)
			}
		}
	}

	// The admin API serves the same entries; the key still finds its own.
	st, body := h.Admin(http.MethodGet, "/requests?credential=AbcdEfgh", "")
	if st != 200 || body["count"].(float64) != 1 {
		t.Errorf("?credential= with the key itself: %d %v", st, body)
	}
	res := h.Do(h.Request(http.MethodGet, "/__admin/requests", nil, nil))
	for _, s := range []string{"AbcdEfgh", "demo-api-secret", "demo-api-key", token, sig, legacy, "cookie-secret-4711"} {
		if strings.Contains(string(res.Body), s) {
			t.Errorf("/__admin/requests shows %q", s)
		}
	}
}
