// Package tlsca is mockekyc's own certificate authority: a CA generated at
// start (or kept in a directory and reused, so clients trust it once) that
// signs, on the fly, a leaf certificate for whatever name a TLS client asks
// for (SNI). Every vendor hostname then works over HTTPS, and so does any
// alias a user points at the mock.
//
// The CA's key never leaves the process or its directory: CertPEM is all a
// client needs.
package tlsca

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// The file names inside a CA directory.
const (
	CertFile = "ca.pem"
	KeyFile  = "ca-key.pem"
)

// Name is the CA's common name, what a trust store lists.
const Name = "mockekyc local CA"

// caValidity is how long a generated CA is valid: ten years, so that a CA
// kept in a directory and trusted once is not a chore to renew. (A leaf's
// validity is short; see leafValidity.)
const caValidity = 10 * 365 * 24 * time.Hour

// skew backdates every certificate: a client whose clock runs up to an hour
// behind still accepts a certificate issued just now.
const skew = time.Hour

// CA is a certificate authority's certificate and key.
type CA struct {
	cert    *x509.Certificate
	key     *ecdsa.PrivateKey
	certPEM []byte
	dir     string // "" when ephemeral
	created bool
}

// Certificate is the CA's certificate.
func (c *CA) Certificate() *x509.Certificate { return c.cert }

// CertPEM is the CA's certificate, PEM encoded: what clients trust.
func (c *CA) CertPEM() []byte { return bytes.Clone(c.certPEM) }

// Dir is the directory the CA is kept in, "" when it lives only in this
// process.
func (c *CA) Dir() string { return c.dir }

// CertPath is the CA certificate's file, "" when ephemeral.
func (c *CA) CertPath() string {
	if c.dir == "" {
		return ""
	}
	return filepath.Join(c.dir, CertFile)
}

// Created says whether this process generated the CA (a new or ephemeral
// CA) rather than loading it from its directory.
func (c *CA) Created() bool { return c.created }

// Generate makes a new CA that lives only in memory. now is the wall clock
// (see Issuer.now).
func Generate(now time.Time) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := randSerial()
	if err != nil {
		return nil, err
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return nil, err
	}
	ski := sha256.Sum256(pub)
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject: pkix.Name{
			CommonName:         Name,
			Organization:       []string{"mockekyc"},
			OrganizationalUnit: []string{"for tests only: trust it in test environments, never in production"},
		},
		NotBefore:             now.Add(-skew),
		NotAfter:              now.Add(caValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
		SubjectKeyId:          ski[:20],
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &CA{cert: cert, key: key, certPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), created: true}, nil
}

func randSerial() (*big.Int, error) {
	return rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
}

// Open loads the CA kept in dir, or generates one and keeps it there when
// the directory holds neither file (creating the directory). The key file
// is written with mode 0600, the certificate and a directory made here are
// readable by all (0644, 0755): an application container sharing the volume
// under another user can then read ca.pem, and the key stays private. Several processes starting at
// once on a shared, empty directory agree on one CA: the first to link its
// key in place wins, the others load its CA. A directory with one file and
// not the other, a file that does not parse, a key that does not match the
// certificate or a certificate that is no CA or has expired is an error
// that names the file.
func Open(dir string, now time.Time) (*CA, error) {
	if dir == "" {
		return nil, errors.New("tlsca: no directory given")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("CA directory: %w", err)
	}
	ca, err := load(dir, now)
	if !errors.Is(err, errNoCA) {
		return ca, err
	}
	fresh, err := Generate(now)
	if err != nil {
		return nil, err
	}
	won, err := fresh.save(dir)
	if err != nil {
		return nil, err
	}
	if won {
		fresh.dir = dir
		return fresh, nil
	}
	// Another process kept its CA first: wait for its certificate (it
	// links the key, then the certificate) and use that.
	for range 50 {
		ca, err = load(dir, now)
		if !errors.Is(err, errHalf) {
			return ca, err
		}
		time.Sleep(100 * time.Millisecond)
	}
	return ca, err
}

var (
	errNoCA = errors.New("no CA in the directory")
	errHalf = errors.New("half a CA in the directory")
)

// load reads the CA kept in dir: errNoCA when neither file exists.
func load(dir string, now time.Time) (*CA, error) {
	certPath, keyPath := filepath.Join(dir, CertFile), filepath.Join(dir, KeyFile)
	certPEM, certErr := os.ReadFile(certPath)
	keyPEM, keyErr := os.ReadFile(keyPath)
	certMissing, keyMissing := errors.Is(certErr, fs.ErrNotExist), errors.Is(keyErr, fs.ErrNotExist)
	switch {
	case certMissing && keyMissing:
		return nil, errNoCA
	case certMissing && keyErr == nil:
		return nil, fmt.Errorf("%w: %s exists but %s does not: restore it, or delete %s to have a new CA generated (clients must then trust the new one)",
			errHalf, keyPath, certPath, keyPath)
	case keyMissing && certErr == nil:
		return nil, fmt.Errorf("%s exists but %s does not: restore the key, or delete %s to have a new CA generated (clients must then trust the new one)",
			certPath, keyPath, certPath)
	case certErr != nil:
		return nil, fmt.Errorf("CA certificate: %w", certErr)
	case keyErr != nil:
		return nil, fmt.Errorf("CA key: %w", keyErr)
	}
	cert, err := parseCert(certPEM)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", certPath, err)
	}
	key, err := parseKey(keyPEM)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", keyPath, err)
	}
	if !key.PublicKey.Equal(cert.PublicKey) {
		return nil, fmt.Errorf("%s does not belong to %s: the key and the certificate are of two different CAs", keyPath, certPath)
	}
	if !cert.IsCA || cert.KeyUsage&x509.KeyUsageCertSign == 0 {
		return nil, fmt.Errorf("%s is not a CA certificate (it may not sign certificates)", certPath)
	}
	if now.After(cert.NotAfter) {
		return nil, fmt.Errorf("%s expired on %s: delete %s and %s to have a new CA generated (clients must then trust the new one)",
			certPath, cert.NotAfter.Format(time.DateOnly), certPath, keyPath)
	}
	// Keep the file's bytes as they are (a user may have added comments);
	// clients get exactly the certificate block.
	return &CA{cert: cert, key: key, certPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), dir: dir}, nil
}

func parseCert(data []byte) (*x509.Certificate, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, errors.New("no PEM CERTIFICATE block")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("the certificate does not parse: %w", err)
	}
	return cert, nil
}

func parseKey(data []byte) (*ecdsa.PrivateKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	var k any
	var err error
	switch block.Type {
	case "PRIVATE KEY":
		k, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		k, err = x509.ParseECPrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("a PEM %q block, want PRIVATE KEY", block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("the key does not parse: %w", err)
	}
	ec, ok := k.(*ecdsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("a %T key, want an ECDSA key", k)
	}
	return ec, nil
}

// save writes the CA into dir, each file first to a temporary name. The key
// is put in place with a hard link, which fails when the name exists: of
// processes saving at once exactly one wins (won), and only the winner
// renames its certificate in place. A file system without hard links falls
// back to a rename (last one wins, which a single process never notices).
func (c *CA) save(dir string) (won bool, err error) {
	der, err := x509.MarshalPKCS8PrivateKey(c.key)
	if err != nil {
		return false, err
	}
	keyTmp, err := writeTemp(dir, KeyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	if err != nil {
		return false, err
	}
	defer os.Remove(keyTmp)
	certTmp, err := writeTemp(dir, CertFile, c.certPEM)
	if err != nil {
		return false, err
	}
	defer os.Remove(certTmp)
	if err := os.Chmod(certTmp, 0o644); err != nil {
		return false, err
	}
	keyPath := filepath.Join(dir, KeyFile)
	if err := os.Link(keyTmp, keyPath); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		if err := os.Rename(keyTmp, keyPath); err != nil {
			return false, fmt.Errorf("CA key: %w", err)
		}
	}
	if err := os.Rename(certTmp, filepath.Join(dir, CertFile)); err != nil {
		return false, fmt.Errorf("CA certificate: %w", err)
	}
	return true, nil
}

// writeTemp writes data to a new file beside name, mode 0600, synced.
func writeTemp(dir, name string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, "."+name+".tmp*")
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}
