package tlsca

import (
	"container/list"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults of IssuerOptions.
const (
	// DefaultCacheSize bounds the leaf cache: far more names than a test
	// setup uses (five vendors, a few aliases), small in memory (a leaf is
	// about 1.5 KB), and a client making up names cannot grow it.
	DefaultCacheSize = 1024
	// DefaultLeafValidity: leaves are never written anywhere, so they can be
	// short-lived; a week outlasts any test run, and a leaf is issued anew
	// once half of it has passed.
	DefaultLeafValidity = 7 * 24 * time.Hour
)

// IssuerOptions configure an Issuer. Every field has a default.
type IssuerOptions struct {
	// NoSNINames are the DNS names of the certificate given to a client
	// that sends no server name (it connected by IP address, which SNI
	// cannot carry, or it is too old to send one). That certificate also
	// holds the IP address the client connected to. Default: localhost.
	NoSNINames []string
	// CacheSize is how many leaves are kept, least recently used dropped
	// first (default DefaultCacheSize).
	CacheSize int
	// LeafValidity is how long a leaf is valid after it is issued (default
	// DefaultLeafValidity); every leaf is also valid from an hour before.
	LeafValidity time.Duration
	// Now is the wall clock (default time.Now). Not mockekyc's adjustable
	// clock: TLS clients check a certificate against their own wall clock,
	// so moving the mock's clock must not make its certificates expire.
	Now func() time.Time
	// Log hears of refused handshakes (default: discarded).
	Log *slog.Logger
}

// Issuer signs a leaf certificate for each server name clients ask for and
// keeps the most recently used ones.
type Issuer struct {
	ca      *CA
	leafKey *ecdsa.PrivateKey // one key for every leaf: signing, not key generation, per name
	opts    IssuerOptions

	mu       sync.Mutex
	lru      *list.List // of *entry, most recent first
	entries  map[string]*list.Element
	inflight map[string]*call
	signed   atomic.Int64
	waiters  atomic.Int64 // handshakes waiting for another's signature (tests)
	signHook func()       // tests: called before each signature
}

type entry struct {
	key     string
	cert    *tls.Certificate
	renewAt time.Time
}

// call is one signature in progress: concurrent handshakes for one name
// wait for it instead of signing again.
type call struct {
	done chan struct{}
	cert *tls.Certificate
	err  error
}

// NewIssuer makes an issuer of leaves signed by c.
func (c *CA) NewIssuer(o IssuerOptions) (*Issuer, error) {
	if len(o.NoSNINames) == 0 {
		o.NoSNINames = []string{"localhost"}
	}
	for _, n := range o.NoSNINames {
		if err := CheckHostname(n); err != nil {
			return nil, fmt.Errorf("no-SNI name %q: %w", n, err)
		}
	}
	if o.CacheSize <= 0 {
		o.CacheSize = DefaultCacheSize
	}
	if o.LeafValidity <= 0 {
		o.LeafValidity = DefaultLeafValidity
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	return &Issuer{ca: c, leafKey: key, opts: o, lru: list.New(), entries: map[string]*list.Element{}, inflight: map[string]*call{}}, nil
}

// TLSConfig is a server configuration that issues leaves with this issuer:
// TLS 1.2 and later (1.0 and 1.1 are deprecated, RFC 8996), HTTP/2 offered
// before HTTP/1.1.
func (i *Issuer) TLSConfig() *tls.Config {
	return &tls.Config{
		MinVersion:     tls.VersionTLS12,
		GetCertificate: i.GetCertificate,
		NextProtos:     []string{"h2", "http/1.1"},
	}
}

// Len is how many leaves the cache holds.
func (i *Issuer) Len() int {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.lru.Len()
}

// GetCertificate is tls.Config.GetCertificate: a leaf for the name the
// client sent (SNI), or, when it sent none, for NoSNINames and the address
// it connected to. A name that is not a hostname (nor an IP address) is
// refused: the refusal is logged, and the client gets the TLS alert
// unrecognized_name (returning no certificate and no error, with none
// configured, is how crypto/tls sends that alert).
func (i *Issuer) GetCertificate(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	name := strings.ToLower(hello.ServerName)
	if name == "" {
		var ip net.IP
		if hello.Conn != nil {
			if a, ok := hello.Conn.LocalAddr().(*net.TCPAddr); ok {
				ip = a.IP
			}
		}
		return i.leaf("\x00"+ip.String(), i.opts.NoSNINames, ip)
	}
	if addr, err := netip.ParseAddr(name); err == nil && addr.Zone() == "" {
		// SNI may not carry an address (RFC 6066 §3), but a client that
		// sends one anyway gets a certificate for it.
		return i.leaf(name, nil, addr.AsSlice())
	}
	if err := CheckHostname(name); err != nil {
		remote := "?"
		if hello.Conn != nil {
			remote = hello.Conn.RemoteAddr().String()
		}
		i.opts.Log.Warn("refusing TLS handshake: the server name the client asked for (SNI) is not a hostname; the client gets the alert unrecognized_name",
			"sni", hello.ServerName, "reason", err.Error(), "remote", remote)
		return nil, nil
	}
	return i.leaf(name, []string{name}, nil)
}

// leaf is the cached leaf under key, signing it (once, however many
// handshakes ask at the same time) when absent or half-way expired.
func (i *Issuer) leaf(key string, dns []string, ip net.IP) (*tls.Certificate, error) {
	now := i.opts.Now()
	i.mu.Lock()
	if el, ok := i.entries[key]; ok {
		e := el.Value.(*entry)
		if now.Before(e.renewAt) {
			i.lru.MoveToFront(el)
			i.mu.Unlock()
			return e.cert, nil
		}
	}
	if c, ok := i.inflight[key]; ok {
		i.mu.Unlock()
		i.waiters.Add(1)
		<-c.done
		return c.cert, c.err
	}
	c := &call{done: make(chan struct{})}
	i.inflight[key] = c
	i.mu.Unlock()

	c.cert, c.err = i.sign(dns, ip, now)

	i.mu.Lock()
	delete(i.inflight, key)
	if c.err == nil {
		e := &entry{key: key, cert: c.cert, renewAt: now.Add(i.opts.LeafValidity / 2)}
		if el, ok := i.entries[key]; ok {
			el.Value = e
			i.lru.MoveToFront(el)
		} else {
			i.entries[key] = i.lru.PushFront(e)
		}
		for i.lru.Len() > i.opts.CacheSize {
			oldest := i.lru.Back()
			i.lru.Remove(oldest)
			delete(i.entries, oldest.Value.(*entry).key)
		}
	}
	i.mu.Unlock()
	close(c.done)
	return c.cert, c.err
}

func (i *Issuer) sign(dns []string, ip net.IP, now time.Time) (*tls.Certificate, error) {
	if i.signHook != nil {
		i.signHook()
	}
	serial, err := randSerial()
	if err != nil {
		return nil, err
	}
	cn := ""
	if len(dns) > 0 {
		cn = dns[0]
	} else if ip != nil {
		cn = ip.String()
	}
	notAfter := now.Add(i.opts.LeafValidity)
	if notAfter.After(i.ca.cert.NotAfter) {
		notAfter = i.ca.cert.NotAfter
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: cn, Organization: []string{"mockekyc"}},
		DNSNames:     dns,
		NotBefore:    now.Add(-skew),
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if ip != nil {
		tmpl.IPAddresses = []net.IP{ip}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, i.ca.cert, &i.leafKey.PublicKey, i.ca.key)
	if err != nil {
		return nil, fmt.Errorf("signing a certificate for %q: %w", cn, err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	i.signed.Add(1)
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: i.leafKey, Leaf: leaf}, nil
}

// CheckHostname says why name is not a DNS hostname a certificate can be
// issued for: at most 253 characters, dot-separated labels of 1 to 63
// letters, digits, hyphens (not first or last) and underscores (which
// container and compose service names may hold, and Go and most TLS
// clients accept). Wildcards are refused: a client asks for one name.
func CheckHostname(name string) error {
	if name == "" {
		return fmt.Errorf("empty")
	}
	if len(name) > 253 {
		return fmt.Errorf("%d characters, at most 253", len(name))
	}
	for label := range strings.SplitSeq(name, ".") {
		if label == "" {
			return fmt.Errorf("an empty label")
		}
		if len(label) > 63 {
			return fmt.Errorf("label %.20q… has %d characters, at most 63", label, len(label))
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return fmt.Errorf("label %q begins or ends with a hyphen", label)
		}
		for _, r := range []byte(label) {
			switch {
			case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '-', r == '_':
			default:
				return fmt.Errorf("character %q is not allowed in a hostname", r)
			}
		}
	}
	return nil
}
