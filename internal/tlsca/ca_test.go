package tlsca

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// epoch is the wall-clock time the tests run at.
var epoch = time.Date(2026, 3, 19, 10, 30, 0, 0, time.UTC)

func TestGenerate(t *testing.T) {
	ca, err := Generate(epoch)
	if err != nil {
		t.Fatal(err)
	}
	c := ca.Certificate()
	if c.Subject.CommonName != Name || !c.IsCA || !c.BasicConstraintsValid || c.KeyUsage&x509.KeyUsageCertSign == 0 {
		t.Errorf("CA certificate %+v", c.Subject)
	}
	if !c.NotBefore.Equal(epoch.Add(-time.Hour)) || !c.NotAfter.Equal(epoch.Add(caValidity)) {
		t.Errorf("CA valid %s..%s", c.NotBefore, c.NotAfter)
	}
	if _, ok := c.PublicKey.(*ecdsa.PublicKey); !ok {
		t.Errorf("CA key %T, want ECDSA", c.PublicKey)
	}
	block, rest := pem.Decode(ca.CertPEM())
	if block == nil || block.Type != "CERTIFICATE" || len(rest) != 0 || !bytes.Equal(block.Bytes, c.Raw) {
		t.Errorf("CertPEM is not exactly the certificate: %q", ca.CertPEM())
	}
	if ca.Dir() != "" || ca.CertPath() != "" || !ca.Created() {
		t.Errorf("a generated CA: dir %q, path %q, created %v", ca.Dir(), ca.CertPath(), ca.Created())
	}
}

// TestOpenKeepsTheCA: the first Open creates the directory and both files
// (the key private), the next loads the same CA.
func TestOpenKeepsTheCA(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ca", "nested")
	first, err := Open(dir, epoch)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Created() || first.Dir() != dir || first.CertPath() != filepath.Join(dir, CertFile) {
		t.Errorf("first Open: created %v dir %q path %q", first.Created(), first.Dir(), first.CertPath())
	}
	for name, want := range map[string]os.FileMode{CertFile: 0o644, KeyFile: 0o600} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s mode %v, want %v", name, st.Mode().Perm(), want)
		}
	}
	onDisk, _ := os.ReadFile(filepath.Join(dir, CertFile))
	if !bytes.Equal(onDisk, first.CertPEM()) {
		t.Error("ca.pem differs from CertPEM")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("the directory holds %d entries, want ca.pem and ca-key.pem alone", len(entries))
	}
	second, err := Open(dir, epoch.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if second.Created() || !bytes.Equal(second.Certificate().Raw, first.Certificate().Raw) || !second.key.Equal(first.key) {
		t.Error("the second Open did not load the kept CA")
	}
}

// TestOpenConcurrent: processes starting together on one empty volume agree
// on one CA, and the files hold that CA.
func TestOpenConcurrent(t *testing.T) {
	dir := t.TempDir()
	const n = 8
	cas := make([]*CA, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for k := range n {
		wg.Go(func() { cas[k], errs[k] = Open(dir, epoch) })
	}
	wg.Wait()
	created := 0
	for k := range n {
		if errs[k] != nil {
			t.Fatalf("Open %d: %v", k, errs[k])
		}
		if !bytes.Equal(cas[k].Certificate().Raw, cas[0].Certificate().Raw) {
			t.Fatalf("Open %d got another CA", k)
		}
		if cas[k].Created() {
			created++
		}
	}
	if created != 1 {
		t.Errorf("%d Opens say they created the CA, want 1", created)
	}
	kept, err := Open(dir, epoch)
	if err != nil || !bytes.Equal(kept.Certificate().Raw, cas[0].Certificate().Raw) {
		t.Errorf("the kept CA differs from the one every Open returned (%v)", err)
	}
}

// TestOpenRefuses: each broken directory gives an error naming the file at
// fault and what to do.
func TestOpenRefuses(t *testing.T) {
	good, err := Generate(epoch)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := Generate(epoch)
	keyPEM := func(ca *CA) []byte {
		der, _ := x509.MarshalPKCS8PrivateKey(ca.key)
		return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	}
	// A self-signed certificate that may not sign others.
	notCAKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "not a CA"}, NotBefore: epoch, NotAfter: epoch.Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature}
	notCADER, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &notCAKey.PublicKey, notCAKey)
	notCAKeyDER, _ := x509.MarshalPKCS8PrivateKey(notCAKey)
	rsaLike := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: []byte{1, 2, 3}})

	for _, tc := range []struct {
		name       string
		cert, key  []byte // nil: file absent
		now        time.Time
		file, want string
	}{
		{"certificate alone", good.CertPEM(), nil, epoch, CertFile, "ca-key.pem does not"},
		{"garbage certificate", []byte("hello"), keyPEM(good), epoch, CertFile, "no PEM CERTIFICATE block"},
		{"truncated certificate", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: good.Certificate().Raw[:100]}), keyPEM(good), epoch, CertFile, "does not parse"},
		{"garbage key", good.CertPEM(), []byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), epoch, KeyFile, "does not parse"},
		{"no PEM key", good.CertPEM(), []byte("secret"), epoch, KeyFile, "no PEM block"},
		{"RSA key block", good.CertPEM(), rsaLike, epoch, KeyFile, `"RSA PRIVATE KEY"`},
		{"mismatched key", good.CertPEM(), keyPEM(other), epoch, KeyFile, "two different CAs"},
		{"not a CA", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: notCADER}),
			pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: notCAKeyDER}), epoch, CertFile, "not a CA certificate"},
		{"expired", good.CertPEM(), keyPEM(good), epoch.Add(caValidity + time.Hour), CertFile, "expired on"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.cert != nil {
				os.WriteFile(filepath.Join(dir, CertFile), tc.cert, 0o644)
			}
			if tc.key != nil {
				os.WriteFile(filepath.Join(dir, KeyFile), tc.key, 0o600)
			}
			_, err := Open(dir, tc.now)
			if err == nil {
				t.Fatal("Open succeeded")
			}
			if !strings.Contains(err.Error(), filepath.Join(dir, tc.file)) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to name %s and say %q", err, tc.file, tc.want)
			}
		})
	}
	// A key without its certificate: after waiting for the certificate a
	// concurrent start would write, the same kind of error.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, KeyFile), keyPEM(good), 0o600)
	if _, err := load(dir, epoch); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, KeyFile)+" exists but") {
		t.Errorf("key alone: %v", err)
	}
	if _, err := Open("", epoch); err == nil {
		t.Error("Open without a directory succeeded")
	}
	// The legacy EC key block loads too (a CA made with openssl ecparam).
	dir = t.TempDir()
	ecDER, _ := x509.MarshalECPrivateKey(good.key)
	os.WriteFile(filepath.Join(dir, CertFile), good.CertPEM(), 0o644)
	os.WriteFile(filepath.Join(dir, KeyFile), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: ecDER}), 0o600)
	if ca, err := Open(dir, epoch); err != nil || !bytes.Equal(ca.Certificate().Raw, good.Certificate().Raw) {
		t.Errorf("EC PRIVATE KEY: %v", err)
	}
}

// FuzzParseCAFiles: whatever ca.pem and ca-key.pem hold, reading them
// gives a CA or an error, never a panic.
func FuzzParseCAFiles(f *testing.F) {
	ca, _ := Generate(epoch)
	der, _ := x509.MarshalPKCS8PrivateKey(ca.key)
	f.Add(ca.CertPEM())
	f.Add(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if c, err := parseCert(data); err == nil && c == nil {
			t.Fatal("no certificate and no error")
		}
		if k, err := parseKey(data); err == nil && k == nil {
			t.Fatal("no key and no error")
		}
	})
}
