package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate/advance"
	"github.com/mockekyc/mockekyc/internal/emulate/izidata"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

// startTLS runs `mockekyc serve` with HTTPS as a user would and returns the
// plain and HTTPS addresses and the server's output; it stops the server
// when the test ends.
func startTLS(t *testing.T, extra ...string) (addr, tlsAddr string, out, errOut *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut = &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", anyPort, "-tls-addr", anyPort}, extra...), noEnv, out, errOut)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve returned %v", err)
		}
	})
	addr = waitListening(t, out, errOut)
	return addr, bannerAddr(t, out.String(), "https: https://"), out, errOut
}

// vendorClient is an HTTP client as an application's would be once the
// vendors' hostnames resolve to the mock: every address dials the mock's
// HTTPS listener, and the only CA it trusts is the mock's.
func vendorClient(t *testing.T, tlsAddr string, caPEM []byte) *http.Client {
	t.Helper()
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		t.Fatalf("no certificate in %q", caPEM)
	}
	var d net.Dialer
	tr := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, tlsAddr)
		},
		// A custom dialer turns Go's HTTP/2 off unless asked for.
		ForceAttemptHTTP2: true,
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

type answer struct {
	status int
	proto  string
	body   map[string]any
	raw    string
}

func send(t *testing.T, c *http.Client, req *http.Request) answer {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, proto: resp.Proto, raw: string(raw)}
	_ = json.Unmarshal(raw, &a.body)
	return a
}

func newReq(t *testing.T, method, u string, body []byte, hdr ...string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return req
}

// TestHTTPSVendorsByRealHostname: with -tls-addr, a Go client trusting only
// the mock's CA reaches each vendor at its real hostname over HTTPS (HTTP/2),
// with the vendor's real auth and signatures, and gets its documented
// answers; any alias works too; the CA is kept in -tls-ca-dir, and
// `mockekyc ca` and /__admin/ca.pem give the same certificate.
func TestHTTPSVendorsByRealHostname(t *testing.T) {
	caDir := filepath.Join(t.TempDir(), "ca")
	addr, tlsAddr, out, _ := startTLS(t, "-tls-ca-dir", caDir)
	for _, want := range []string{"https: https://" + tlsAddr, filepath.Join(caDir, "ca.pem") + " (created now"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, out.String())
		}
	}

	// The CA three ways: the directory, the command, the admin route.
	onDisk, err := os.ReadFile(filepath.Join(caDir, "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	var fromDir, fromURL bytes.Buffer
	if err := run(context.Background(), []string{"ca", "-tls-ca-dir", caDir}, noEnv, &fromDir, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"ca", "-url", "http://" + addr}, noEnv, &fromURL, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fromDir.Bytes(), onDisk) || !bytes.Equal(fromURL.Bytes(), onDisk) {
		t.Fatalf("the CA differs: dir %q, command %q, admin %q", onDisk, fromDir.String(), fromURL.String())
	}

	c := vendorClient(t, tlsAddr, onDisk)
	img, _ := imagecheck.MakeFixture(imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 1000, Height: 630})
	b64 := func() string { return base64.StdEncoding.EncodeToString(img) }

	t.Run("iziData signed AK/SK", func(t *testing.T) {
		for _, fam := range []izidata.Family{izidata.FamilyGoJava, izidata.FamilyPythonHost} {
			body := []byte(url.Values{"number": {"83899575175"}, "country": {"ID"}}.Encode())
			req := newReq(t, http.MethodPost, "https://api.izidata.co.id/v1/phone", nil)
			if err := izidata.Sign(req, body, "YOUR_ACCESS_KEY", "YOUR_SECRET_KEY", time.Now(), fam); err != nil {
				t.Fatal(err)
			}
			a := send(t, c, req)
			if a.status != 200 || a.body["status"] != "ok" || a.proto != "HTTP/2.0" {
				t.Errorf("family %d: %s %d %s", fam, a.proto, a.status, a.raw)
			}
		}
		body := []byte(url.Values{"number": {"83899575175"}}.Encode())
		req := newReq(t, http.MethodPost, "https://api.izidata.co.id/v1/phone", nil)
		_ = izidata.Sign(req, body, "YOUR_ACCESS_KEY", "wrong", time.Now(), izidata.FamilyGoJava)
		if a := send(t, c, req); a.body["status"] != "NO_AUTHORIZATION" {
			t.Errorf("wrong SK: %d %s", a.status, a.raw)
		}
	})

	t.Run("ADVANCE.AI token then a call", func(t *testing.T) {
		ts := strconv.FormatInt(time.Now().UnixMilli(), 10)
		tok, _ := json.Marshal(map[string]any{"accessKey": "sampleaccesskey", "timestamp": json.Number(ts),
			"signature": advance.Signature("sampleaccesskey", "samplesecretkey", ts), "periodSecond": 3600})
		a := send(t, c, newReq(t, http.MethodPost, "https://api.advance.ai/openapi/auth/ticket/v1/generate-token", tok, "Content-Type", "application/json"))
		data, _ := a.body["data"].(map[string]any)
		token, _ := data["token"].(string)
		if a.body["code"] != "SUCCESS" || token == "" {
			t.Fatalf("generate-token: %s", a.raw)
		}
		a = send(t, c, newReq(t, http.MethodPost, "https://api.advance.ai/openapi/anti-fraud/v3/identity-check",
			[]byte(`{"idNumber":"3171024302821001","name":"BUDI"}`), "Content-Type", "application/json", "X-ACCESS-TOKEN", token))
		if a.status != 200 || a.body["code"] != "SUCCESS" || a.body["pricingStrategy"] != "PAY" {
			t.Errorf("identity-check: %d %s", a.status, a.raw)
		}
		a = send(t, c, newReq(t, http.MethodPost, "https://api.advance.ai/openapi/anti-fraud/v3/identity-check",
			[]byte(`{"idNumber":"3171024302821001","name":"BUDI"}`), "Content-Type", "application/json", "X-ACCESS-TOKEN", token+"x"))
		if a.body["code"] != "IAM_FAILED" {
			t.Errorf("tampered token: %s", a.raw)
		}
	})

	t.Run("AccuAuth", func(t *testing.T) {
		body := []byte(`{"id_number":"3171024302821001","name":"BUDI"}`)
		a := send(t, c, newReq(t, http.MethodPost, "https://cloudapi.indonesia.accuauth.com/verify/id_name_check", body,
			"Content-Type", "application/json", "X-DF-API-ID", "demo-api-id", "X-DF-API-SECRET", "demo-api-secret"))
		if a.status != 200 || a.body["status"] != "OK" || !strings.HasPrefix(fmt.Sprint(a.body["request_id"]), "TID") {
			t.Errorf("id_name_check: %d %s", a.status, a.raw)
		}
		a = send(t, c, newReq(t, http.MethodPost, "https://cloudapi.indonesia.accuauth.com/verify/id_name_check", body,
			"Content-Type", "application/json", "X-DF-API-ID", "demo-api-id", "X-DF-API-SECRET", "wrong"))
		if a.status != 401 || a.body["status"] != "UNAUTHORIZED" {
			t.Errorf("wrong secret: %d %s", a.status, a.raw)
		}
	})

	t.Run("Verihubs", func(t *testing.T) {
		body := []byte(fmt.Sprintf(`{"image":%q,"is_quality":true}`, b64()))
		a := send(t, c, newReq(t, http.MethodPost, "https://api.verihubs.com/v2/ktp/idforgery", body,
			"Content-Type", "application/json", "App-ID", "demo-app-id", "API-Key", "demo-api-key"))
		if a.status != 200 || a.body["status_code"] != "FRG-1" || a.body["message"] != "Forgery not detected" {
			t.Errorf("idforgery: %d %s", a.status, a.raw)
		}
		a = send(t, c, newReq(t, http.MethodPost, "https://api.verihubs.com/v2/ktp/idforgery", []byte(`{}`),
			"Content-Type", "application/json", "App-ID", "demo-app-id", "API-Key", "wrong"))
		if a.status != 401 || a.body["message"] != "Authorization failed" {
			t.Errorf("wrong key: %d %s", a.status, a.raw)
		}
	})

	t.Run("eKYCPro", func(t *testing.T) {
		body := []byte(url.Values{"img": {b64()}}.Encode())
		a := send(t, c, newReq(t, http.MethodPost, "https://api.ekycpro.com/v1/id_ocr/general", body,
			"Content-Type", "application/x-www-form-urlencoded", "X-API-Key", "AbcdEfgh"))
		msg, _ := a.body["message"].(map[string]any)
		if a.status != 200 || a.body["status"] != "OK" || len(fmt.Sprint(msg["id"])) != 16 {
			t.Errorf("id_ocr: %d %s", a.status, a.raw)
		}
		a = send(t, c, newReq(t, http.MethodGet, "https://api.ekycpro.com/v1/balance", nil, "X-API-Key", "nope"))
		if a.body["status"] != "NO_AUTHORIZATION" {
			t.Errorf("wrong key: %d %s", a.status, a.raw)
		}
	})

	t.Run("an alias the user added", func(t *testing.T) {
		a := send(t, c, newReq(t, http.MethodGet, "https://kyc-mock.my-company.internal/ekycpro/v1/balance", nil, "X-API-Key", "AbcdEfgh"))
		if a.status != 200 || a.body["status"] != "OK" {
			t.Errorf("alias: %d %s", a.status, a.raw)
		}
	})

	t.Run("HTTP/1.1 too", func(t *testing.T) {
		c1 := vendorClient(t, tlsAddr, onDisk)
		tr := c1.Transport.(*http.Transport)
		tr.ForceAttemptHTTP2 = false
		tr.TLSClientConfig.NextProtos = []string{"http/1.1"}
		a := send(t, c1, newReq(t, http.MethodGet, "https://api.ekycpro.com/v1/balance", nil, "X-API-Key", "AbcdEfgh"))
		if a.status != 200 || a.proto != "HTTP/1.1" {
			t.Errorf("HTTP/1.1: %s %d %s", a.proto, a.status, a.raw)
		}
	})

	// A second start on the same directory keeps the CA: clients trust it once.
	_, tlsAddr2, out2, _ := startTLS(t, "-tls-ca-dir", caDir)
	if !strings.Contains(out2.String(), filepath.Join(caDir, "ca.pem")+" (loaded") {
		t.Errorf("second start banner:\n%s", out2.String())
	}
	c2 := vendorClient(t, tlsAddr2, onDisk)
	if a := send(t, c2, newReq(t, http.MethodGet, "https://api.ekycpro.com/v1/balance", nil, "X-API-Key", "AbcdEfgh")); a.status != 200 {
		t.Errorf("second start with the kept CA: %d %s", a.status, a.raw)
	}
}

// TestHTTPSRefusals: TLS 1.1, a bad server name, no server name, and a
// client that does not trust the CA each get a clear answer.
func TestHTTPSRefusals(t *testing.T) {
	addr, tlsAddr, out, errOut := startTLS(t)
	if !strings.Contains(out.String(), "new at each start") || !strings.Contains(out.String(), "http://"+addr+"/__admin/ca.pem") {
		t.Errorf("banner of an ephemeral CA:\n%s", out.String())
	}
	var caPEM bytes.Buffer
	if err := run(context.Background(), []string{"ca"}, func(k string) string {
		return map[string]string{"MOCKEKYC_ADDR": addr}[k]
	}, &caPEM, io.Discard); err != nil {
		t.Fatalf("mockekyc ca from the server on MOCKEKYC_ADDR: %v", err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(caPEM.Bytes())
	dial := func(cfg *tls.Config) (*tls.Conn, error) {
		return tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", tlsAddr, cfg)
	}

	if _, err := dial(&tls.Config{RootCAs: roots, ServerName: "api.verihubs.com", MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}); err == nil ||
		!strings.Contains(err.Error(), "protocol version") {
		t.Errorf("TLS 1.1: %v, want the alert protocol version", err)
	}
	if _, err := dial(&tls.Config{ServerName: "no such host!", InsecureSkipVerify: true}); err == nil || !strings.Contains(err.Error(), "unrecognized name") {
		t.Errorf("bad SNI: %v, want the alert unrecognized name", err)
	}
	// By IP address, which SNI cannot carry: a certificate for the address.
	conn, err := dial(&tls.Config{RootCAs: roots})
	if err != nil {
		t.Fatalf("no SNI: %v", err)
	}
	leaf := conn.ConnectionState().PeerCertificates[0]
	conn.Close()
	for _, n := range []string{"localhost", "api.izidata.co.id", "cloudapi.indonesia.accuauth.com", "ekycpro.localhost"} {
		if err := leaf.VerifyHostname(n); err != nil {
			t.Errorf("the no-SNI certificate: %v", err)
		}
	}
	// A client that does not trust the CA: the server says what to do.
	if _, err := dial(&tls.Config{ServerName: "api.verihubs.com"}); err == nil {
		t.Error("a client without the CA connected")
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(errOut.String(), "does not trust mockekyc's CA") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	logs := errOut.String()
	if !strings.Contains(logs, "does not trust mockekyc's CA") || !strings.Contains(logs, `sni="no such host!"`) || strings.Contains(logs, "no certificates configured") {
		t.Errorf("server log:\n%s", logs)
	}
}

// TestCACommand: `mockekyc ca` creates a CA in a new directory (which a
// server then uses), refuses a server without HTTPS clearly, and its flags.
func TestCACommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ca")
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"ca"}, func(k string) string {
		return map[string]string{"MOCKEKYC_TLS_CA_DIR": dir}[k]
	}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	onDisk, _ := os.ReadFile(filepath.Join(dir, "ca.pem"))
	if len(onDisk) == 0 || !bytes.Equal(out.Bytes(), onDisk) || !strings.Contains(errOut.String(), "created a new CA in "+dir) {
		t.Errorf("ca in a new directory: %q / %q / %q", out.String(), onDisk, errOut.String())
	}

	// A server without HTTPS has no CA to give.
	ctx, cancel := context.WithCancel(context.Background())
	var srvOut, srvErr syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", anyPort, "-tls-ca-dir", dir}, noEnv, &srvOut, &srvErr) }()
	t.Cleanup(func() { cancel(); <-done })
	addr := waitListening(t, &srvOut, &srvErr)
	if !strings.Contains(srvErr.String(), "HTTPS is off") {
		t.Errorf("-tls-ca-dir without -tls-addr is not warned about: %s", srvErr.String())
	}
	err := run(context.Background(), []string{"ca", "-url", "http://" + addr}, noEnv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "404") || !strings.Contains(err.Error(), "-tls-addr") {
		t.Errorf("ca from a server without HTTPS: %v", err)
	}
	// A server that never answers: the port stays this test's, so nothing
	// else can answer on it.
	silent, err := net.Listen("tcp", anyPort)
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	for _, bad := range [][]string{{"ca", "extra"}, {"ca", "-nope"}, {"ca", "-url", "http://" + silent.Addr().String(), "-timeout", "300ms"}} {
		if err := run(context.Background(), bad, noEnv, io.Discard, io.Discard); err == nil {
			t.Errorf("%v succeeded", bad)
		}
	}
	// A broken directory is refused at serve, naming the file.
	os.WriteFile(filepath.Join(dir, "ca-key.pem"), []byte("junk"), 0o600)
	err = run(context.Background(), []string{"-addr", anyPort, "-tls-addr", anyPort, "-tls-ca-dir", dir}, noEnv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "ca-key.pem")) {
		t.Errorf("serve with a broken CA directory: %v", err)
	}
	if err := run(context.Background(), []string{"-addr", anyPort, "-tls-addr", "256.1.1.1:x"}, noEnv, io.Discard, io.Discard); err == nil {
		t.Error("a bad -tls-addr was accepted")
	}
}
