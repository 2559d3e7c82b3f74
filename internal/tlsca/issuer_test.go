package tlsca

import (
	"crypto/tls"
	"crypto/x509"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/mocktest"
)

func newIssuer(t testing.TB, o IssuerOptions) (*CA, *Issuer) {
	t.Helper()
	ca, err := Generate(epoch)
	if err != nil {
		t.Fatal(err)
	}
	if o.Now == nil {
		o.Now = func() time.Time { return epoch }
	}
	iss, err := ca.NewIssuer(o)
	if err != nil {
		t.Fatal(err)
	}
	return ca, iss
}

func pool(ca *CA) *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.Certificate())
	return p
}

func hello(name string) *tls.ClientHelloInfo { return &tls.ClientHelloInfo{ServerName: name} }

// TestLeaf: a leaf for the asked name, valid from an hour before now for the
// leaf validity, for server authentication, verifying against the CA alone.
func TestLeaf(t *testing.T) {
	ca, iss := newIssuer(t, IssuerOptions{})
	cert, err := iss.GetCertificate(hello("API.Verihubs.com"))
	if err != nil || cert == nil {
		t.Fatalf("GetCertificate: %v %v", cert, err)
	}
	leaf := cert.Leaf
	if len(leaf.DNSNames) != 1 || leaf.DNSNames[0] != "api.verihubs.com" || len(leaf.IPAddresses) != 0 {
		t.Errorf("SANs %v %v", leaf.DNSNames, leaf.IPAddresses)
	}
	if !leaf.NotBefore.Equal(epoch.Add(-time.Hour)) || !leaf.NotAfter.Equal(epoch.Add(DefaultLeafValidity)) {
		t.Errorf("leaf valid %s..%s", leaf.NotBefore, leaf.NotAfter)
	}
	if leaf.IsCA {
		t.Error("the leaf is a CA")
	}
	for _, at := range []time.Time{epoch.Add(-59 * time.Minute), epoch, epoch.Add(DefaultLeafValidity - time.Minute)} {
		if _, err := leaf.Verify(x509.VerifyOptions{Roots: pool(ca), DNSName: "api.verihubs.com", CurrentTime: at}); err != nil {
			t.Errorf("at %s: %v", at, err)
		}
	}
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: pool(ca), DNSName: "api.ekycpro.com", CurrentTime: epoch}); err == nil {
		t.Error("a leaf for api.verihubs.com verified for api.ekycpro.com")
	}
	other, _ := Generate(epoch)
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: pool(other), DNSName: "api.verihubs.com", CurrentTime: epoch}); err == nil {
		t.Error("the leaf verified against another CA")
	}
	again, _ := iss.GetCertificate(hello("api.verihubs.com"))
	if again != cert || iss.signed.Load() != 1 {
		t.Errorf("the same name in another case was signed again (%d signatures)", iss.signed.Load())
	}
	// An IP address as SNI (clients should not send one) gets an IP SAN.
	ipCert, err := iss.GetCertificate(hello("127.0.0.2"))
	if err != nil || len(ipCert.Leaf.IPAddresses) != 1 || !ipCert.Leaf.IPAddresses[0].Equal(net.ParseIP("127.0.0.2")) || len(ipCert.Leaf.DNSNames) != 0 {
		t.Errorf("IP as SNI: %v %+v", err, ipCert)
	}
}

// TestLeafRenewal: a leaf half-way through its validity is issued anew; one
// never outlives the CA.
func TestLeafRenewal(t *testing.T) {
	now := epoch
	_, iss := newIssuer(t, IssuerOptions{LeafValidity: 48 * time.Hour, Now: func() time.Time { return now }})
	first, _ := iss.GetCertificate(hello("a.example"))
	now = epoch.Add(23 * time.Hour)
	if c, _ := iss.GetCertificate(hello("a.example")); c != first {
		t.Error("renewed before half its validity")
	}
	now = epoch.Add(25 * time.Hour)
	c, _ := iss.GetCertificate(hello("a.example"))
	if c == first || !c.Leaf.NotAfter.Equal(now.Add(48*time.Hour)) || iss.Len() != 1 {
		t.Errorf("after half its validity: same %v, not after %s, cache %d", c == first, c.Leaf.NotAfter, iss.Len())
	}
	now = epoch.Add(caValidity - time.Hour)
	c, _ = iss.GetCertificate(hello("a.example"))
	if !c.Leaf.NotAfter.Equal(epoch.Add(caValidity)) {
		t.Errorf("a leaf near the CA's end lasts until %s, past the CA", c.Leaf.NotAfter)
	}
}

// TestCacheBound: the cache keeps CacheSize leaves, dropping the least
// recently used; a dropped name is signed again when asked.
func TestCacheBound(t *testing.T) {
	_, iss := newIssuer(t, IssuerOptions{CacheSize: 3})
	for _, n := range []string{"a.test", "b.test", "c.test"} {
		iss.GetCertificate(hello(n))
	}
	iss.GetCertificate(hello("a.test")) // a is now the most recent; b the least
	iss.GetCertificate(hello("d.test"))
	if iss.Len() != 3 || iss.signed.Load() != 4 {
		t.Fatalf("cache %d, signatures %d; want 3 and 4", iss.Len(), iss.signed.Load())
	}
	for _, n := range []string{"a.test", "c.test", "d.test"} {
		iss.GetCertificate(hello(n))
	}
	if iss.signed.Load() != 4 {
		t.Errorf("a kept name was signed again: %d signatures", iss.signed.Load())
	}
	iss.GetCertificate(hello("b.test"))
	if iss.signed.Load() != 5 || iss.Len() != 3 {
		t.Errorf("the dropped name: %d signatures, cache %d", iss.signed.Load(), iss.Len())
	}
	// The default bound, filled past.
	_, big := newIssuer(t, IssuerOptions{})
	for k := range DefaultCacheSize + 10 {
		big.GetCertificate(hello("n" + string(rune('a'+k%26)) + strings.Repeat("x", k/26) + ".test"))
	}
	if big.Len() != DefaultCacheSize {
		t.Errorf("default cache holds %d after %d names, want %d", big.Len(), DefaultCacheSize+10, DefaultCacheSize)
	}
}

// TestOneSignaturePerName: handshakes asking for one name at once wait for
// one signature.
func TestOneSignaturePerName(t *testing.T) {
	_, iss := newIssuer(t, IssuerOptions{})
	const n = 16
	var entered atomic.Int64
	release := make(chan struct{})
	iss.signHook = func() {
		entered.Add(1)
		<-release
	}
	var wg sync.WaitGroup
	certs := make([]*tls.Certificate, n)
	for k := range n {
		wg.Go(func() { certs[k], _ = iss.GetCertificate(hello("api.advance.ai")) })
	}
	// Every handshake is either signing or waiting for a signature.
	for entered.Load()+iss.waiters.Load() < n {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if entered.Load() != 1 {
		t.Errorf("%d signatures for one name asked %d times at once, want 1", entered.Load(), n)
	}
	for k := range n {
		if certs[k] == nil || certs[k] != certs[0] {
			t.Fatalf("handshake %d got another certificate", k)
		}
	}
}

// serveTLS runs one TLS server handshake per connection on a loopback
// listener, then closes the connection.
func serveTLS(t *testing.T, cfg *tls.Config) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				tc := tls.Server(c, cfg)
				_ = tc.Handshake()
				tc.Close()
			}()
		}
	}()
	return ln.Addr().String()
}

// syncBuffer is a log sink safe to read while the server writes.
type syncBuffer = mocktest.Log

// TestHandshakes: real handshakes with a client that trusts only the CA.
func TestHandshakes(t *testing.T) {
	var logs syncBuffer
	ca, iss := newIssuer(t, IssuerOptions{
		NoSNINames: []string{"localhost", "api.ekycpro.com"}, Now: time.Now,
		Log: slog.New(slog.NewTextHandler(&logs, nil)),
	})
	addr := serveTLS(t, iss.TLSConfig())
	dial := func(cfg *tls.Config) (tls.ConnectionState, error) {
		if cfg.RootCAs == nil {
			cfg.RootCAs = pool(ca)
		}
		c, err := tls.Dial("tcp", addr, cfg)
		if err != nil {
			return tls.ConnectionState{}, err
		}
		defer c.Close()
		return c.ConnectionState(), nil
	}

	// Any hostname, with the protocol the client prefers.
	st, err := dial(&tls.Config{ServerName: "my-alias.internal", NextProtos: []string{"h2", "http/1.1"}})
	if err != nil {
		t.Fatalf("alias: %v", err)
	}
	if st.Version != tls.VersionTLS13 || st.NegotiatedProtocol != "h2" {
		t.Errorf("version %x, protocol %q", st.Version, st.NegotiatedProtocol)
	}
	// TLS 1.2 is served; TLS 1.1 is refused.
	if st, err := dial(&tls.Config{ServerName: "api.verihubs.com", MaxVersion: tls.VersionTLS12}); err != nil || st.Version != tls.VersionTLS12 {
		t.Errorf("TLS 1.2: %v %x", err, st.Version)
	}
	if _, err := dial(&tls.Config{ServerName: "api.verihubs.com", MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}); err == nil {
		t.Error("TLS 1.1 was served")
	}

	// No SNI (connected by IP): the address and the no-SNI names.
	st, err = dial(&tls.Config{})
	if err != nil {
		t.Fatalf("by IP, no SNI: %v", err)
	}
	leaf := st.PeerCertificates[0]
	if len(leaf.IPAddresses) != 1 || !leaf.IPAddresses[0].Equal(net.IPv4(127, 0, 0, 1)) {
		t.Errorf("no-SNI leaf IPs %v", leaf.IPAddresses)
	}
	for _, n := range []string{"localhost", "api.ekycpro.com"} {
		if err := leaf.VerifyHostname(n); err != nil {
			t.Errorf("no-SNI leaf: %v", err)
		}
	}

	// A name that is no hostname: refused with unrecognized_name, logged.
	_, err = dial(&tls.Config{ServerName: "bad name!", InsecureSkipVerify: true})
	if err == nil || !strings.Contains(err.Error(), "unrecognized name") {
		t.Errorf("bad SNI: %v, want the alert unrecognized name", err)
	}
	if !strings.Contains(logs.String(), `sni="bad name!"`) || !strings.Contains(logs.String(), "not a hostname") {
		t.Errorf("the refusal was not logged clearly: %s", logs.String())
	}
}

func TestCheckHostname(t *testing.T) {
	for _, ok := range []string{"localhost", "api.izidata.co.id", "my_service", "xn--bcher-kva.example", "a", strings.Repeat("a", 63) + ".b",
		strings.Repeat(strings.Repeat("a", 62)+".", 4) + "a"} {
		if err := CheckHostname(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for bad, why := range map[string]string{
		"":                              "empty",
		"a..b":                          "empty label",
		".a":                            "empty label",
		"*.example.com":                 "not allowed",
		"bad name":                      "not allowed",
		"bücher.example":                "not allowed",
		"-a.example":                    "hyphen",
		"a-.example":                    "hyphen",
		strings.Repeat("a", 64) + ".b":  "at most 63",
		strings.Repeat("a.", 127) + "a": "at most 253",
	} {
		if err := CheckHostname(bad); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("%q: %v, want %q", bad, err, why)
		}
	}
	ca, _ := Generate(epoch)
	if _, err := ca.NewIssuer(IssuerOptions{NoSNINames: []string{"bad name"}}); err == nil {
		t.Error("a bad no-SNI name was accepted")
	}
}

// FuzzCheckHostname: a name CheckHostname accepts gets a leaf that verifies
// for it; the check never panics.
func FuzzCheckHostname(f *testing.F) {
	for _, s := range []string{"localhost", "api.advance.ai", "a_b.c", "a..b", "-x", "x.", "*.a", "127.0.0.1"} {
		f.Add(s)
	}
	ca, iss := newIssuer(f, IssuerOptions{})
	f.Fuzz(func(t *testing.T, name string) {
		if CheckHostname(name) != nil {
			return
		}
		c, err := iss.GetCertificate(hello(name))
		if err != nil || c == nil {
			t.Fatalf("%q: accepted, but no certificate: %v", name, err)
		}
		if _, err := c.Leaf.Verify(x509.VerifyOptions{Roots: pool(ca), DNSName: name, CurrentTime: epoch}); err != nil {
			t.Fatalf("%q: the leaf does not verify: %v", name, err)
		}
	})
}
