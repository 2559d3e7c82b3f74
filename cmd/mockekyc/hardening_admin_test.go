package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestServeAdminListenerAndToken: MOCKEKYC_ADMIN_ADDR puts /__admin on a
// listener of its own (the main one answers it with its 404),
// MOCKEKYC_ADMIN_TOKEN guards every admin call but health, the banner says
// both, and healthcheck finds health on the admin listener without a
// token.
func TestServeAdminListenerAndToken(t *testing.T) {
	serveEnv := map[string]string{"MOCKEKYC_ADMIN_ADDR": anyPort, "MOCKEKYC_ADMIN_TOKEN": "tok-123"}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", anyPort}, func(k string) string { return serveEnv[k] }, &out, &errOut)
	}()
	addr := waitListening(t, &out, &errOut)
	// The admin listener's own port, which the requests below prove it is.
	adminAddr := bannerAddr(t, out.String(), "admin: http://")
	if adminAddr == addr {
		t.Fatalf("the banner names the main listener %s as the admin one", addr)
	}
	getenv := func(k string) string {
		return map[string]string{"MOCKEKYC_ADMIN_ADDR": adminAddr, "MOCKEKYC_ADMIN_TOKEN": "tok-123"}[k]
	}
	for _, want := range []string{"own listener", "token-protected"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, out.String())
		}
	}
	get := func(url, auth string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for _, tc := range []struct {
		url, auth string
		want      int
	}{
		{"http://" + addr + "/__admin/health", "", 404},
		{"http://" + addr + "/__admin/requests", "Bearer tok-123", 404},
		{"http://" + adminAddr + "/__admin/health", "", 200},
		{"http://" + adminAddr + "/__admin/requests", "", 401},
		{"http://" + adminAddr + "/__admin/requests", "Bearer tok-12", 401},
		{"http://" + adminAddr + "/__admin/requests", "Bearer tok-123", 200},
	} {
		if got := get(tc.url, tc.auth); got != tc.want {
			t.Errorf("GET %s (%q): HTTP %d, want %d", tc.url, tc.auth, got, tc.want)
		}
	}
	var hc bytes.Buffer
	if err := run(context.Background(), []string{"healthcheck"}, getenv, &hc, &hc); err != nil || !strings.Contains(hc.String(), adminAddr) {
		t.Errorf("healthcheck with MOCKEKYC_ADMIN_ADDR: %v %s", err, hc.String())
	}
	// Only MOCKEKYC_ADDR set: the main listener, where admin is not.
	hc.Reset()
	if err := run(context.Background(), []string{"healthcheck"}, func(k string) string {
		return map[string]string{"MOCKEKYC_ADDR": addr}[k]
	}, &hc, &hc); err == nil {
		t.Errorf("healthcheck of the main listener passed while admin is elsewhere: %s", hc.String())
	}
	stopServe(t, cancel, done)
}

func TestServeBadAdminAddr(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-admin-addr", "256.0.0.1:x"}, noEnv, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "-admin-addr") {
		t.Errorf("a bad -admin-addr: %v", err)
	}
}
