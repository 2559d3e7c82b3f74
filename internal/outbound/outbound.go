// Package outbound is the policy for every connection the mock opens
// itself: vendor callbacks and image URL fetches. Both are chosen by
// whoever holds a demo credential, so without a policy the mock is a
// request forger for its network.
//
// The default stays usable for integration tests (fixture servers and
// callback receivers are usually other containers on a private network,
// or other ports on 127.0.0.1), and refuses what is never a test receiver:
//
//   - link-local addresses (169.254.0.0/16, fe80::/10), which hold the
//     cloud metadata services (169.254.169.254), and the other metadata
//     addresses (fd00:ec2::254, 100.100.100.200, 192.0.0.192);
//   - unspecified, "this network" (0.0.0.0/8), multicast and broadcast;
//   - the mock's own listeners (an admin reset through a callback), and any
//     request that carries the mock's own loop token (its listener reached
//     another way, e.g. through a published docker port).
//
// The check runs on the address actually dialled (net.Dialer.Control), so
// a name that resolves to a public address when checked and to a refused
// one when connecting (DNS rebinding) gains nothing. Allow-lists per kind
// narrow it further: a host name (optionally *.suffix), host:port, an IP or
// a CIDR. An allow-list CIDR that names a refused range explicitly (e.g.
// 169.254.10.0/24) lets that range through; nothing lets the mock's own
// listeners through. Proxies from the environment are not used: a proxy
// would connect on the mock's behalf and bypass the check.
package outbound

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Kind is what an outbound connection is for; each has its own allow-list.
type Kind int

// Kinds of outbound calls.
const (
	Callback Kind = iota
	Image
)

func (k Kind) String() string {
	if k == Image {
		return "image URL"
	}
	return "callback"
}

// LoopHeader carries the mock's loop token on every outbound request; the
// server refuses a request that carries its own token.
const LoopHeader = "X-Mockekyc-Outbound"

// Rule is one allow-list entry.
type Rule struct {
	Host   string       // lower-case name; "*.example.com" matches sub-domains
	Prefix netip.Prefix // an IP or CIDR (valid when Host is "")
	Port   int          // 0: any port
}

// ParseAllow reads a comma- or space-separated allow-list: names
// (fixtures, *.example.com), name:port, IPs, [v6]:port, CIDRs.
func ParseAllow(s string) ([]Rule, error) {
	var out []Rule
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		r, err := parseRule(f)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func parseRule(s string) (Rule, error) {
	bad := func(why string) (Rule, error) {
		return Rule{}, fmt.Errorf("allow-list entry %q: %s (want a host name, *.domain, host:port, an IP or a CIDR)", s, why)
	}
	if p, err := netip.ParsePrefix(s); err == nil {
		return Rule{Prefix: p.Masked()}, nil
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return Rule{Prefix: netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())}, nil
	}
	host, port := s, 0
	if h, p, err := net.SplitHostPort(s); err == nil {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return bad("port must be 1 to 65535")
		}
		host, port = h, n
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if a, err := netip.ParseAddr(host); err == nil {
		return Rule{Prefix: netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), Port: port}, nil
	}
	name := strings.TrimPrefix(host, "*.")
	if !validName(name) {
		return bad("not a host name")
	}
	return Rule{Host: host, Port: port}, nil
}

// validName: dot-separated non-empty labels of letters, digits, '-'
// and '_' (docker-compose service names have underscores).
func validName(s string) bool {
	for _, label := range strings.Split(s, ".") {
		if label == "" {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

func (r Rule) String() string {
	h := r.Host
	if h == "" {
		h = r.Prefix.String()
		if r.Prefix.IsSingleIP() {
			h = r.Prefix.Addr().String()
		}
	}
	if r.Port == 0 {
		return h
	}
	return net.JoinHostPort(h, strconv.Itoa(r.Port))
}

func (r Rule) matchHost(host string, port int) bool {
	if r.Host == "" || r.Port != 0 && r.Port != port {
		return false
	}
	if suffix, ok := strings.CutPrefix(r.Host, "*."); ok {
		return strings.HasSuffix(host, "."+suffix)
	}
	return host == r.Host
}

func (r Rule) matchAddr(a netip.AddrPort) bool {
	return r.Host == "" && (r.Port == 0 || r.Port == int(a.Port())) && r.Prefix.Contains(a.Addr())
}

// Options configure a Policy.
type Options struct {
	// CallbackAllow and ImageAllow, when not empty, are the only
	// destinations of callbacks and image URL fetches.
	CallbackAllow, ImageAllow []Rule
}

// Policy decides which connections the mock opens, and builds the HTTP
// clients that obey it.
type Policy struct {
	allow [2][]Rule
	token string

	mu   sync.RWMutex
	self []netip.AddrPort

	clients [2]*http.Client
	// localAddrs lists this host's addresses (a listener on 0.0.0.0 is
	// reached through any of them); a variable for tests.
	localAddrs func() []netip.Addr
	// afterDial, when set (tests), runs once a dial has connected and
	// before the transport has the connection: a test holds a dial there
	// while the request that started it is cancelled.
	afterDial func()
}

// New makes a policy.
func New(o Options) *Policy {
	var b [16]byte
	_, _ = rand.Read(b[:])
	p := &Policy{token: hex.EncodeToString(b[:]), localAddrs: interfaceAddrs}
	p.allow[Callback], p.allow[Image] = o.CallbackAllow, o.ImageAllow
	for _, k := range []Kind{Callback, Image} {
		p.clients[k] = p.newClient(k)
	}
	return p
}

// Token is the loop token this policy's requests carry in LoopHeader.
func (p *Policy) Token() string { return p.token }

// AddListener records an address the mock serves on: no outbound call may
// connect to it. A listener on an unspecified address (":8080") covers its
// port on every local address.
func (p *Policy) AddListener(addr net.Addr) {
	ap, err := netip.ParseAddrPort(addr.String())
	if err != nil {
		return
	}
	p.mu.Lock()
	p.self = append(p.self, netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port()))
	p.mu.Unlock()
}

// Allow lists the allow-list of kind (nil: any destination the fixed
// refusals leave).
func (p *Policy) Allow(k Kind) []Rule { return p.allow[k] }

// Client is the HTTP client for kind: no proxy, the policy checked on
// every connection, the loop token on every request, redirects not
// followed (a fetcher copies the client and sets its own CheckRedirect).
func (p *Policy) Client(k Kind) *http.Client { return p.clients[k] }

// CloseIdle closes the connections the policy's clients keep for reuse.
// The server calls it when it closes: a connection dialled for a delivery
// that was cancelled while dialling goes to the idle pool, and would
// otherwise stay open to the receiver after Close for IdleConnTimeout.
func (p *Policy) CloseIdle() {
	for _, c := range p.clients {
		if c != nil {
			c.CloseIdleConnections()
		}
	}
}

// Refused is the error of a connection the policy refused. Its text is
// what the journal shows: the reason, never the result of trying.
type Refused struct {
	Kind   Kind
	Target string // host:port as the URL named it
	Reason string
}

func (e *Refused) Error() string {
	return fmt.Sprintf("refused by the mock's outbound policy: %s %s %s", e.Kind, e.Target, e.Reason)
}

// hostAllowedKey carries, to the dial's Control hook, whether the URL's
// host name matched a name rule of the allow-list.
type hostAllowedKey struct{}

func (p *Policy) newClient(k Kind) *http.Client {
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy:                 nil,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   8,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, portText, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			port, _ := strconv.Atoi(portText)
			host = strings.ToLower(strings.TrimSuffix(host, "."))
			named := false
			for _, r := range p.allow[k] {
				named = named || r.matchHost(host, port)
			}
			// Happy Eyeballs may dial two addresses at once.
			var refused atomic.Pointer[Refused]
			dd := *d
			dd.Control = func(_, address string, _ syscall.RawConn) error {
				ap, err := netip.ParseAddrPort(address)
				if err != nil {
					return err
				}
				if why := p.check(k, netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port()), named); why != "" {
					r := &Refused{Kind: k, Target: addr, Reason: why}
					refused.Store(r)
					return r
				}
				return nil
			}
			conn, err := dd.DialContext(ctx, network, addr)
			if err == nil && p.afterDial != nil {
				p.afterDial()
			}
			if r := refused.Load(); err != nil && r != nil {
				// The policy's reason, not the dialler's wrapping of it.
				return nil, r
			}
			return conn, err
		},
	}
	return &http.Client{
		Transport:     loopMarker{tr, p.token},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// loopMarker sets LoopHeader on every request, redirects included.
type loopMarker struct {
	rt    http.RoundTripper
	token string
}

// CloseIdleConnections lets http.Client.CloseIdleConnections reach the
// transport.
func (m loopMarker) CloseIdleConnections() {
	if c, ok := m.rt.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

func (m loopMarker) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set(LoopHeader, m.token)
	return m.rt.RoundTrip(r)
}

// metadata are cloud metadata services outside the link-local ranges.
var metadata = []netip.Addr{
	netip.MustParseAddr("fd00:ec2::254"),   // AWS over IPv6
	netip.MustParseAddr("100.100.100.200"), // Alibaba Cloud
	netip.MustParseAddr("192.0.0.192"),     // Oracle Cloud (classic)
}

var thisNetwork = netip.MustParsePrefix("0.0.0.0/8")

// check is "" when kind may connect to a, else the reason it may not.
// named: the URL's host matched a name rule of the allow-list.
func (p *Policy) check(k Kind, a netip.AddrPort, named bool) string {
	if p.isSelf(a) {
		return "is the mock itself"
	}
	explicit := false // an allow-list CIDR or IP covers a
	for _, r := range p.allow[k] {
		explicit = explicit || r.matchAddr(a)
	}
	ip := a.Addr()
	if !explicit {
		switch {
		case ip.IsLinkLocalUnicast():
			return "is link-local (cloud metadata lives there)"
		case slicesContains(metadata, ip):
			return "is a cloud metadata address"
		case ip.IsUnspecified() || thisNetwork.Contains(ip):
			return "is an unspecified address"
		case ip.IsMulticast() || ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
			return "is multicast or broadcast"
		}
	}
	if len(p.allow[k]) > 0 && !named && !explicit {
		return "is not in the " + k.String() + " allow-list"
	}
	return ""
}

func slicesContains(list []netip.Addr, a netip.Addr) bool {
	for _, b := range list {
		if a == b {
			return true
		}
	}
	return false
}

// isSelf: a reaches one of the mock's listeners.
func (p *Policy) isSelf(a netip.AddrPort) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	for _, l := range p.self {
		if l.Port() != a.Port() {
			continue
		}
		if l.Addr() == a.Addr() {
			return true
		}
		if l.Addr().IsUnspecified() {
			if a.Addr().IsLoopback() || a.Addr().IsUnspecified() {
				return true
			}
			for _, own := range p.localAddrs() {
				if own == a.Addr() {
					return true
				}
			}
		}
	}
	return false
}

func interfaceAddrs() []netip.Addr {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []netip.Addr
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			if ip, ok := netip.AddrFromSlice(n.IP); ok {
				out = append(out, ip.Unmap())
			}
		}
	}
	return out
}

// Describe turns an outbound error into the journal's text: a policy
// refusal says so with its reason; any other failure is one of a few
// coarse words (no resolved address, no socket error text), so that the
// journal tells no more about the network than the vendor's own answer
// already does.
func Describe(err error) string {
	var ref *Refused
	var dns *net.DNSError
	var ne net.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &ref):
		return ref.Error()
	case errors.Is(err, context.Canceled):
		return "cancelled: the mock is shutting down"
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		return "timed out"
	case errors.As(err, &dns):
		return "host name did not resolve"
	case strings.Contains(err.Error(), "tls:") || strings.Contains(err.Error(), "x509:"):
		return "TLS handshake failed"
	case isDial(err):
		return "could not connect"
	}
	return "connection failed before an HTTP answer"
}

func isDial(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}
