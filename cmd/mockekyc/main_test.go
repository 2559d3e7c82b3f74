package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// syncBuffer is a log sink safe to read while the server writes.
type syncBuffer = mocktest.Log

func noEnv(string) string { return "" }

// anyPort is the listen address the tests give serve: the kernel picks a
// free port as serve listens, and the test reads it from the banner
// (waitListening, bannerAddr). A port picked beforehand by listening and
// closing could be taken by another process before serve listens on it.
const anyPort = "127.0.0.1:0"

// TestServeHealthcheckShutdown runs the binary's serve as a user would: the
// banner names every vendor and the docs' credentials, a doc example works,
// healthcheck succeeds, and SIGINT (a cancelled context) stops it cleanly.
func TestServeHealthcheckShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", anyPort}, noEnv, &out, &errOut) }()
	addr := waitListening(t, &out, &errOut)
	for _, want := range []string{"eKYCPro", "/ekycpro", "api.ekycpro.com", "AbcdEfgh", "/__admin/health"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, out.String())
		}
	}
	var hc bytes.Buffer
	if err := run(context.Background(), []string{"healthcheck", "-addr", addr}, noEnv, &hc, &hc); err != nil {
		t.Fatalf("healthcheck: %v %s", err, hc.String())
	}
	// The seed doc's curl, pasted with a real image.
	img, _ := imagecheck.MakeFixture(imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 800, Height: 500})
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/v1/id_ocr/general",
		strings.NewReader(url.Values{"img": {base64.StdEncoding.EncodeToString(img)}}.Encode()))
	req.Host = "api.ekycpro.com"
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-API-Key", "AbcdEfgh")
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("doc example: %v %v", err, res)
	}
	res.Body.Close()
	stopServe(t, cancel, done)
	if err := run(context.Background(), []string{"healthcheck", "-addr", addr, "-timeout", "300ms"}, noEnv, &hc, &hc); err == nil {
		t.Error("healthcheck passed with the server stopped")
	}
}

// stopServe cancels a serve started by the test and waits (at most 10 s)
// for it to return without an error.
func stopServe(t *testing.T, cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// waitListening waits for the server's banner on out and returns the
// address its main listener is bound to, failing the test (with what the
// server said on errOut) when none comes within 30 s (a bound for a bug:
// it comes in well under a second). serve writes the banner in one piece,
// so the whole of it is on out once its first line is.
func waitListening(t *testing.T, out, errOut *syncBuffer) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out.String(), "listening") {
		if time.Now().After(deadline) {
			t.Fatalf("no banner; stderr: %s", errOut.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	return bannerAddr(t, out.String(), "listening on http://")
}

// bannerAddr is the host:port that follows prefix in serve's banner: how a
// test learns the port of a listener it asked for as anyPort.
func bannerAddr(t *testing.T, banner, prefix string) string {
	t.Helper()
	_, rest, ok := strings.Cut(banner, prefix)
	if i := strings.IndexAny(rest, " /,\n"); ok && i > 0 {
		rest = rest[:i]
	}
	if _, port, err := net.SplitHostPort(rest); !ok || err != nil || port == "0" {
		t.Fatalf("the banner names no address after %q:\n%s", prefix, banner)
	}
	return rest
}

// TestServeEnvAndBadFlags: each bad variable or flag is refused with an
// error that names it and the bad value (or, for an address, the listen
// error; for a config file, the missing file), not just any error.
func TestServeEnvAndBadFlags(t *testing.T) {
	var out bytes.Buffer
	for _, c := range []struct {
		env   map[string]string
		args  []string
		want  []string         // each in the error text
		is    func(error) bool // or this holds
		about string
	}{
		{env: map[string]string{"MOCKEKYC_ADDR": "256.0.0.1:x"}, is: func(err error) bool {
			var op *net.OpError
			return errors.As(err, &op) && op.Op == "listen"
		}, about: "a listen error"},
		{env: map[string]string{"MOCKEKYC_JOURNAL_CAP": "abc"}, want: []string{"MOCKEKYC_JOURNAL_CAP", `"abc"`}},
		{args: []string{"-nope"}, want: []string{"-nope"}},
		{args: []string{"-seed", "x"}, want: []string{"-seed", `"x"`}},
		{args: []string{"-log-level", "loud"}, want: []string{"-log-level", "loud"}},
		{args: []string{"extra"}, want: []string{`unknown command "extra"`}},
		{args: []string{"serve", "extra"}, want: []string{"serve", `"extra"`}},
		{args: []string{"-config", "/does/not/exist"}, is: func(err error) bool { return errors.Is(err, fs.ErrNotExist) }, about: "a missing file"},
		{args: []string{"-journal-cap", "-5"}, want: []string{"-journal-cap", "-5"}},
		{args: []string{"-journal-cap", "5000000"}, want: []string{"-journal-cap", "5000000"}},
	} {
		env := noEnv
		if c.env != nil {
			env = func(k string) string { return c.env[k] }
		}
		err := run(context.Background(), c.args, env, &out, &out)
		if err == nil {
			t.Errorf("env %v args %v accepted", c.env, c.args)
			continue
		}
		if c.is != nil && !c.is(err) {
			t.Errorf("env %v args %v: %v, want %s", c.env, c.args, err, c.about)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("env %v args %v: %q does not name %s", c.env, c.args, err, w)
			}
		}
	}
}

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"good.yaml":   "scenarios:\n  - {name: a, vendor: ekycpro, endpoint: idOcr, respond: {code: FAIL}}\n",
		"bad.yaml":    "scenarios:\n  - name: a\n    vendor: ekycpro\n    endpoint: idOcr\n    respond: {code: FAIL_ON_2}\n",
		"config.yaml": "seed: 3\nvendors:\n  ekycpro:\n    credentials: [{id: k}]\n",
		"badcfg.yaml": "seed: 3\nvendors:\n  ekycpro:\n    credentials: [{id: k, colour: red}]\n",
		"broken.yaml": "scenarios: [\n",
		"badset.yaml": "seed: 3\nvendors:\n  ekycpro:\n    credentials: [{id: k}]\n    settings:\n      colour: red\n      size: 3\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"validate", filepath.Join(dir, "good.yaml"), filepath.Join(dir, "config.yaml")}, noEnv, &out, &errOut); err != nil {
		t.Fatalf("good files: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "ok (1 scenario rules)") || !strings.Contains(out.String(), "ok (config)") {
		t.Errorf("output %q", out.String())
	}
	for name, want := range map[string]string{"bad.yaml": "bad.yaml:5", "badcfg.yaml": "badcfg.yaml:4", "broken.yaml": "broken.yaml:"} {
		errOut.Reset()
		err := run(context.Background(), []string{"validate", filepath.Join(dir, name)}, noEnv, &out, &errOut)
		if err == nil || !strings.Contains(errOut.String(), want) {
			t.Errorf("%s: err %v, stderr %q, want %q", name, err, errOut.String(), want)
		}
	}
	// Vendor settings errors keep the file and the vendor, on every line.
	errOut.Reset()
	_ = run(context.Background(), []string{"validate", filepath.Join(dir, "badset.yaml")}, noEnv, &out, &errOut)
	for _, line := range []string{`badset.yaml: ekycpro settings: line 6: unknown setting "colour"`, `badset.yaml: ekycpro settings: line 7: unknown setting "size"`} {
		if !strings.Contains(errOut.String(), line) {
			t.Errorf("validate badset.yaml: stderr %q lacks %q", errOut.String(), line)
		}
	}
	if err := run(context.Background(), []string{"validate"}, noEnv, &out, &errOut); err == nil {
		t.Error("validate without files succeeded")
	}
}

func TestFixtureAndVersion(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	p := filepath.Join(dir, "ktp.png")
	if err := run(context.Background(), []string{"fixture", "-format", "png", "-width", "1200", "-height", "760", "-marker", "scenario=FAIL", "-o", p}, noEnv, &out, &out); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	info := imagecheck.Inspect(b)
	if info.Format != imagecheck.PNG || info.Width != 1200 || info.Height != 760 || info.Marker["scenario"] != "FAIL" {
		t.Errorf("fixture inspected as %+v", info)
	}
	out.Reset()
	if err := run(context.Background(), []string{"fixture", "-bytes", "50000", "-base64"}, noEnv, &out, &out); err != nil {
		t.Fatal(err)
	}
	raw, err := base64.StdEncoding.DecodeString(out.String())
	if err != nil || len(raw) < 49000 || len(raw) > 51000 {
		t.Errorf("-bytes 50000 -base64 gave %d bytes (%v)", len(raw), err)
	}
	if err := run(context.Background(), []string{"fixture", "-format", "heic"}, noEnv, &out, &out); err == nil {
		t.Error("unknown format accepted")
	}
	out.Reset()
	if err := run(context.Background(), []string{"version"}, noEnv, &out, &out); err != nil || !strings.HasPrefix(out.String(), "mockekyc ") {
		t.Errorf("version: %v %q", err, out.String())
	}
	if err := run(context.Background(), []string{"frobnicate"}, noEnv, &out, &out); err == nil {
		t.Error("unknown command accepted")
	}
}

// TestIzidataCommand signs and sends real requests to a running mock.
func TestIzidataCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var srvOut syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", anyPort}, noEnv, &srvOut, &srvOut) }()
	// Wait for serve to return: it puts the process's memory limit back
	// then, which TestServeMemoryLimit reads.
	t.Cleanup(func() { cancel(); <-done })
	addr := waitListening(t, &srvOut, &srvOut)
	dir := t.TempDir()
	p := filepath.Join(dir, "ktp.jpg")
	if err := run(context.Background(), []string{"fixture", "-o", p}, noEnv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	base := "http://" + addr + "/izidata"
	for _, args := range [][]string{
		{"-url", base, "/v1/id_ocr/general", "img=@" + p},
		{"-url", base, "-family", "python", "/v1/idinquiries", "id=3171024302821001"},
		{"-url", base, "-family", "python-host", "/v1/phone", "number=83899575175", "country=ID"},
	} {
		var out bytes.Buffer
		if err := run(context.Background(), append([]string{"izidata"}, args...), noEnv, &out, io.Discard); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if !strings.Contains(strings.ToLower(out.String()), `"status":"ok"`) {
			t.Errorf("%v: %s", args, out.String())
		}
	}
	var out bytes.Buffer
	_ = run(context.Background(), []string{"izidata", "-url", base, "-sk", "wrong", "/v1/phone", "number=1"}, noEnv, &out, io.Discard)
	if !strings.Contains(out.String(), "NO_AUTHORIZATION") {
		t.Errorf("wrong SK: %s", out.String())
	}
	for _, bad := range [][]string{{}, {"-family", "rust", "/v1/phone"}, {"/v1/phone", "novalue"}} {
		if err := run(context.Background(), append([]string{"izidata"}, bad...), noEnv, io.Discard, io.Discard); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// TestServeMemoryLimit: serve sets the runtime's soft memory limit to
// defaultMemoryLimit unless GOMEMLIMIT is set, says so in the banner, and
// puts the previous limit back when it stops.
func TestServeMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	for _, tc := range []struct {
		name   string
		env    func(string) string
		want   int64
		banner bool
	}{
		{"default", noEnv, defaultMemoryLimit, true},
		{"GOMEMLIMIT set", func(k string) string {
			if k == "GOMEMLIMIT" {
				return "off"
			}
			return ""
		}, before, before != math.MaxInt64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			var out, errOut syncBuffer
			done := make(chan error, 1)
			go func() { done <- run(ctx, []string{"-addr", anyPort}, tc.env, &out, &errOut) }()
			waitListening(t, &out, &errOut)
			if got := debug.SetMemoryLimit(-1); got != tc.want {
				t.Errorf("memory limit while serving %d, want %d", got, tc.want)
			}
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			wantLine := fmt.Sprintf("memory: soft limit %d MiB", tc.want>>20)
			if got := strings.Contains(out.String(), wantLine); got != tc.banner {
				t.Errorf("banner has %q: %v, want %v:\n%s", wantLine, got, tc.banner, out.String())
			}
			if got := debug.SetMemoryLimit(-1); got != before {
				t.Errorf("memory limit after serving %d, want the previous %d", got, before)
			}
		})
	}
}

// TestServeOutboundFlags: -shutdown-grace, -callback-allow and
// -image-url-allow, their MOCKEKYC_* twins, and their bad values.
func TestServeOutboundFlags(t *testing.T) {
	var out bytes.Buffer
	env := func(k string) string {
		return map[string]string{"MOCKEKYC_SHUTDOWN_GRACE": "45s", "MOCKEKYC_CALLBACK_ALLOW": "receiver,10.0.0.0/8"}[k]
	}
	f, err := parseServe(nil, env, &out)
	if err != nil || f.outbound.grace != 45*time.Second {
		t.Fatalf("env grace: %v %v", f.outbound.grace, err)
	}
	o, _ := f.outbound.options()
	if len(o.CallbackAllow) != 2 || len(o.ImageAllow) != 0 {
		t.Errorf("env allow-lists: %+v", o)
	}
	f, err = parseServe([]string{"-shutdown-grace", "2m", "-image-url-allow", "fixtures:8000"}, env, &out)
	if o, _ := f.outbound.options(); err != nil || f.outbound.grace != 2*time.Minute || len(o.ImageAllow) != 1 || o.ImageAllow[0].String() != "fixtures:8000" {
		t.Errorf("flags: %v %+v %v", f.outbound.grace, o, err)
	}
	if f, _ := parseServe(nil, noEnv, &out); f.outbound.grace != defaultShutdownGrace {
		t.Errorf("default grace %s", f.outbound.grace)
	}
	for _, args := range [][]string{{"-shutdown-grace", "-1s"}, {"-shutdown-grace", "soon"}, {"-callback-allow", "http://x/"}, {"-image-url-allow", "a/b"}} {
		if _, err := parseServe(args, noEnv, &out); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	if _, err := parseServe(nil, func(k string) string {
		return map[string]string{"MOCKEKYC_SHUTDOWN_GRACE": "10"}[k]
	}, &out); err == nil || !strings.Contains(err.Error(), "MOCKEKYC_SHUTDOWN_GRACE") {
		t.Errorf("MOCKEKYC_SHUTDOWN_GRACE=10: %v", err)
	}
}
