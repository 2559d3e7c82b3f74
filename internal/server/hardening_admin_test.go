package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/mocktest"
	"github.com/mockekyc/mockekyc/internal/server"
)

// TestAdminNotReachableThroughVendor: a request addressed to a vendor, by
// any of its Host values or by its path prefix, never reaches /__admin: it
// gets the vendor's own unknown-path (or wrong-method) answer, and nothing
// is reset. Before, /__admin was matched ahead of Host routing, so a
// client configured with a vendor URL, or a vendor callback aimed at the
// mock, could reset the clock, the rules and the journal.
func TestAdminNotReachableThroughVendor(t *testing.T) {
	h := mocktest.New(t)
	if st, body := h.Admin(http.MethodPost, "/clock", `{"advance":"1h"}`); st != 200 {
		t.Fatalf("moving the clock: %d %v", st, body)
	}
	h.AddRules(`{"name":"kept","vendor":"ekycpro","endpoint":"idOcr","respond":{"code":"FAIL"}}`)

	type target struct{ name, host, prefix string }
	var targets []target
	for _, v := range h.Server.Catalogue().Vendors() {
		for _, host := range server.Hosts(v) {
			targets = append(targets, target{v.Name() + " host " + host, host, ""})
			targets = append(targets, target{v.Name() + " host " + host + ":443", host + ":443", ""})
		}
		targets = append(targets, target{v.Name() + " prefix", "", "/" + v.Name()})
	}
	for _, tg := range targets {
		for _, method := range []string{http.MethodPost, http.MethodGet} {
			for _, p := range []string{"/__admin/reset", "/__admin/requests", "/__admin", "/__admin/health"} {
				send := func(path string) mocktest.Result {
					req := h.Request(method, tg.prefix+path, strings.NewReader("{}"), http.Header{"Content-Type": {"application/json"}})
					if tg.host != "" {
						req.Host = tg.host
					}
					return h.Do(req)
				}
				got := send(p)
				// The same vendor's answer to a path it certainly does not serve.
				want := send(strings.Replace(p, "__admin", "__no_such_path", 1))
				if got.Status != want.Status || got.Header.Get("Content-Type") != want.Header.Get("Content-Type") || !sameShape(got.Body, want.Body) {
					t.Errorf("%s: %s %s answered HTTP %d %.200s\nwant the vendor's unknown-path answer HTTP %d %.200s",
						tg.name, method, p, got.Status, got.Body, want.Status, want.Body)
				}
			}
		}
	}

	st, clk := h.Admin(http.MethodGet, "/clock", "")
	if st != 200 || clk["offset"] != "1h0m0s" {
		t.Errorf("the clock was moved back: %d %v", st, clk)
	}
	st, rules := h.Admin(http.MethodGet, "/scenarios", "")
	if st != 200 || !strings.Contains(string(mocktest.JSONBody(t, rules)), `"kept"`) {
		t.Errorf("the admin rule was dropped: %d %v", st, rules)
	}
	// Each of those was a vendor request, journaled as an unknown path.
	entries := h.Server.Deps().Journal.List(journal.Filter{})
	routed := 0
	for _, e := range entries {
		if strings.Contains(e.Path, "__admin") {
			if e.Why != "routing" {
				t.Errorf("journal: %s %s (host %s) why %q, want routing", e.Method, e.Path, e.Host, e.Why)
			}
			routed++
		}
	}
	if want := len(targets) * 2 * 4; routed != want {
		t.Errorf("journal holds %d vendor requests to /__admin paths, want %d", routed, want)
	}
}

// sameShape compares two answers apart from values that differ per request
// (request ids, timestamps): the same JSON keys, or the same text.
func sameShape(a, b []byte) bool {
	var ma, mb map[string]any
	if json.Unmarshal(a, &ma) != nil || json.Unmarshal(b, &mb) != nil {
		return bytes.Equal(a, b)
	}
	if len(ma) != len(mb) {
		return false
	}
	for k := range ma {
		if _, ok := mb[k]; !ok {
			return false
		}
	}
	return true
}

// TestAdminNotAddressedToAVendor: the Host values that are not a vendor's
// (loopback names and addresses, the compose service name, anything else)
// reach /__admin.
func TestAdminNotAddressedToAVendor(t *testing.T) {
	h := mocktest.New(t)
	for _, host := range []string{"localhost:8080", "127.0.0.1", "[::1]:8080", "mockekyc:8080", "mock.internal", "ekycpro.example"} {
		req := h.Request(http.MethodGet, "/__admin/health", nil, nil)
		req.Host = host
		if res := h.Do(req); res.Status != 200 || res.JSON(t)["status"] != "ok" {
			t.Errorf("Host %s: HTTP %d %.200s", host, res.Status, res.Body)
		}
	}
}

func withAdminToken(token string) mocktest.Option {
	return func(o *server.Options) { o.AdminToken = token }
}

// TestAdminToken: with a token set, every admin call but health needs
// `Authorization: Bearer <token>`; a refusal is a JSON 401 with a Bearer
// challenge and changes nothing.
func TestAdminToken(t *testing.T) {
	const token = "s3cret-admin-token"
	h := mocktest.New(t, withAdminToken(token))
	call := func(method, path, auth, body string) mocktest.Result {
		req := h.Request(method, path, strings.NewReader(body), http.Header{"Content-Type": {"application/json"}})
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		return h.Do(req)
	}
	for _, tc := range []struct{ name, auth, challenge string }{
		{"no header", "", `Bearer realm="mockekyc admin"`},
		{"wrong token", "Bearer nope", `Bearer realm="mockekyc admin", error="invalid_token"`},
		{"token's prefix", "Bearer " + token[:5], `Bearer realm="mockekyc admin", error="invalid_token"`},
		{"token and more", "Bearer " + token + "x", `Bearer realm="mockekyc admin", error="invalid_token"`},
		{"basic scheme", "Basic " + token, `Bearer realm="mockekyc admin", error="invalid_token"`},
		{"bare token", token, `Bearer realm="mockekyc admin", error="invalid_token"`},
	} {
		for _, c := range []struct{ method, path, body string }{
			{http.MethodPost, "/__admin/clock", `{"advance":"1h"}`},
			{http.MethodPost, "/__admin/reset", ""},
			{http.MethodGet, "/__admin/requests", ""},
			{http.MethodGet, "/__admin/accounts", ""},
			{http.MethodGet, "/__admin/nope", ""},
		} {
			res := call(c.method, c.path, tc.auth, c.body)
			if res.Status != 401 || res.Header.Get("WWW-Authenticate") != tc.challenge ||
				res.Header.Get("Content-Type") != "application/json" || res.JSON(t)["error"] == nil {
				t.Errorf("%s: %s %s: HTTP %d %q %s", tc.name, c.method, c.path, res.Status, res.Header.Get("WWW-Authenticate"), res.Body)
			}
		}
	}
	if off := h.Server.Clock().Offset(); off != 0 {
		t.Errorf("a refused call moved the clock by %v", off)
	}
	for _, auth := range []string{"", "Bearer nope"} {
		if res := call(http.MethodGet, "/__admin/health", auth, ""); res.Status != 200 {
			t.Errorf("health with %q: HTTP %d %s", auth, res.Status, res.Body)
		}
	}
	for _, auth := range []string{"Bearer " + token, "bearer " + token, "Bearer  " + token + " "} {
		if res := call(http.MethodPost, "/__admin/clock", auth, `{"advance":"1m"}`); res.Status != 200 {
			t.Errorf("%q: HTTP %d %s", auth, res.Status, res.Body)
		}
	}
	if off := h.Server.Clock().Offset(); off.Minutes() != 3 {
		t.Errorf("clock offset %v after three authorised moves of 1m", off)
	}
}

// TestSeparateAdmin: with admin on its own listener the main handler
// answers /__admin with its plain 404 (and no longer points to it), and
// the admin handler serves only /__admin.
func TestSeparateAdmin(t *testing.T) {
	h := mocktest.New(t, func(o *server.Options) { o.SeparateAdmin = true })
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		for _, p := range []string{"/__admin/health", "/__admin/reset", "/__admin"} {
			res := h.Do(h.Request(method, p, nil, nil))
			body := res.JSON(t)
			if res.Status != 404 || body["vendors"] == nil || body["admin"] != nil {
				t.Errorf("main listener %s %s: HTTP %d %s", method, p, res.Status, res.Body)
			}
		}
	}
	admin := httptest.NewServer(h.Server.AdminHandler())
	defer admin.Close()
	res, err := admin.Client().Get(admin.URL + "/__admin/health")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("admin listener health: %v %v", err, res)
	}
	res.Body.Close()
	res, err = admin.Client().Get(admin.URL + "/ekycpro/v1/balance")
	if err != nil || res.StatusCode != 404 || res.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("admin listener, vendor path: %v %v", err, res)
	}
	res.Body.Close()
}
