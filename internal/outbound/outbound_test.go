package outbound

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestParseAllow(t *testing.T) {
	rules, err := ParseAllow("fixtures, *.example.com receiver:9000,10.0.0.0/8, 192.168.1.5, [fd00::1]:80, 169.254.10.0/24")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rules {
		got = append(got, r.String())
	}
	if want := "fixtures *.example.com receiver:9000 10.0.0.0/8 192.168.1.5 [fd00::1]:80 169.254.10.0/24"; strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
	for _, bad := range []string{"host:0", "host:99999", "http://x", "a/b", "*", "*."} {
		if _, err := ParseAllow(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func FuzzParseAllow(f *testing.F) {
	for _, s := range []string{"fixtures,*.example.com", "10.0.0.0/8", "[::1]:80", "host:65535", "a b\tc\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rules, err := ParseAllow(s)
		if err != nil {
			return
		}
		// What a rule prints parses back to the same rule.
		for _, r := range rules {
			again, err := ParseAllow(r.String())
			if err != nil || len(again) != 1 || again[0] != r {
				t.Fatalf("%q -> %+v -> %q -> %+v, %v", s, r, r.String(), again, err)
			}
		}
	})
}

func ap(s string) netip.AddrPort { return netip.MustParseAddrPort(s) }

func TestCheck(t *testing.T) {
	p := New(Options{})
	p.localAddrs = func() []netip.Addr { return []netip.Addr{netip.MustParseAddr("172.18.0.5")} }
	p.AddListener(&net.TCPAddr{IP: net.IPv6unspecified, Port: 8080})
	p.AddListener(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9090})
	for addr, want := range map[string]string{
		"169.254.169.254:80": "link-local",
		"[fe80::1]:80":       "link-local",
		"[fd00:ec2::254]:80": "metadata",
		"100.100.100.200:80": "metadata",
		"0.0.0.0:80":         "unspecified",
		"0.1.2.3:80":         "unspecified",
		"[::]:80":            "unspecified",
		"224.0.0.1:80":       "multicast",
		"255.255.255.255:80": "multicast",
		"127.0.0.1:8080":     "the mock itself", // :8080 listens on every address
		"127.0.0.2:8080":     "the mock itself",
		"172.18.0.5:8080":    "the mock itself",
		"127.0.0.1:9090":     "the mock itself",
		"127.0.0.1:9091":     "", // a receiver beside the mock
		"127.0.0.2:9090":     "", // 9090 listens on 127.0.0.1 only
		"172.18.0.6:8080":    "", // another container
		"10.1.2.3:443":       "",
		"[2001:db8::1]:443":  "",
		"100.100.100.201:80": "",
	} {
		if got := p.check(Callback, ap(addr), false); want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", addr, got, want)
		}
	}
}

func TestCheckAllowList(t *testing.T) {
	rules, _ := ParseAllow("receiver, 10.0.0.0/8, 169.254.10.0/24, fixtures:9000")
	p := New(Options{CallbackAllow: rules})
	p.AddListener(&net.TCPAddr{IP: net.IPv4(10, 0, 0, 9), Port: 8080})
	for _, c := range []struct {
		addr  string
		named bool
		want  string
	}{
		{"10.2.3.4:80", false, ""},
		{"192.168.1.1:80", false, "not in the callback allow-list"},
		{"192.168.1.1:80", true, ""},                // the name matched
		{"169.254.10.7:80", false, ""},              // named explicitly
		{"169.254.169.254:80", true, "link-local"},  // a name never opens it
		{"10.0.0.9:8080", false, "the mock itself"}, // nothing opens that
		{"127.0.0.1:80", false, "not in the callback allow-list"},
	} {
		if got := p.check(Callback, ap(c.addr), c.named); c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("%s named=%v: %q, want %q", c.addr, c.named, got, c.want)
		}
	}
	if got := p.check(Image, ap("192.168.1.1:80"), false); got != "" {
		t.Errorf("the callback list applied to images: %q", got)
	}
	if !rules[0].matchHost("receiver", 1) || rules[3].matchHost("fixtures", 9001) || !rules[3].matchHost("fixtures", 9000) {
		t.Error("host rules")
	}
	wild, _ := ParseAllow("*.example.com")
	if !wild[0].matchHost("img.example.com", 443) || wild[0].matchHost("example.com", 443) || wild[0].matchHost("badexample.com", 443) {
		t.Error("wildcard rule")
	}
}

// TestDial: the policy's client refuses at connect time, names the policy
// in its error, marks its requests with the loop token, and reaches an
// allowed receiver.
func TestDial(t *testing.T) {
	var token string
	rcv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { token = r.Header.Get(LoopHeader) }))
	defer rcv.Close()
	p := New(Options{})
	resp, err := p.Client(Callback).Get(rcv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if token != p.Token() || token == "" {
		t.Errorf("loop header %q, want %q", token, p.Token())
	}
	p = New(Options{}) // a fresh one: no pooled connection
	p.AddListener(rcv.Listener.Addr())
	_, err = p.Client(Callback).Get(rcv.URL)
	var ref *Refused
	if !errors.As(err, &ref) || !strings.Contains(Describe(err), "refused by the mock's outbound policy: callback 127.0.0.1:") {
		t.Errorf("own listener: %v (%s)", err, Describe(err))
	}
	// Refused in Control, before connect: nothing leaves the host.
	_, err = p.Client(Image).Get("http://169.254.169.254/latest/meta-data/")
	if !strings.Contains(Describe(err), "image URL 169.254.169.254:80 is link-local") {
		t.Errorf("metadata: %s", Describe(err))
	}
	_, err = p.Client(Image).Get("http://[::ffff:169.254.169.254]/")
	if !strings.Contains(Describe(err), "is link-local") {
		t.Errorf("mapped metadata: %s", Describe(err))
	}
}

func TestDescribe(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	_, err := New(Options{}).Client(Callback).Get("http://" + addr)
	if got := Describe(err); got != "could not connect" {
		t.Errorf("closed port: %q (%v)", got, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr, nil)
	_, err = New(Options{}).Client(Callback).Do(req)
	if got := Describe(err); !strings.HasPrefix(got, "cancelled") {
		t.Errorf("cancelled: %q", got)
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(2, 1)
	relA, err := l.Acquire(context.Background(), "a")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Acquire(ctx, "a"); err == nil {
		t.Error("a second slot of a")
	}
	relB, err := l.Acquire(context.Background(), "b")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Acquire(ctx, "c"); err == nil {
		t.Error("a third global slot")
	}
	relA()
	relB()
	if l.Waiting() != 0 {
		t.Errorf("waiting %d", l.Waiting())
	}
}

// TestCloseIdle: the connections the clients pool for reuse are closed,
// so a receiver sees none left open after the server closes.
func TestCloseIdle(t *testing.T) {
	var mu sync.Mutex
	states := map[net.Conn]http.ConnState{}
	rcv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	rcv.Config.ConnState = func(c net.Conn, s http.ConnState) { mu.Lock(); states[c] = s; mu.Unlock() }
	rcv.Start()
	defer rcv.Close()
	p := New(Options{})
	for _, k := range []Kind{Callback, Image} {
		resp, err := p.Client(k).Get(rcv.URL)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	open := func() int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, s := range states {
			if s != http.StateClosed {
				n++
			}
		}
		return n
	}
	if open() != 2 {
		t.Fatalf("%d pooled connections before CloseIdle, want 2", open())
	}
	p.CloseIdle()
	deadline := time.Now().Add(5 * time.Second)
	for open() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := open(); n != 0 {
		t.Fatalf("%d connections still open after CloseIdle", n)
	}
}

// TestCloseIdleClosesALateDial: a request cancelled while its connection
// is still being dialled leaves the dial running (the transport detaches
// it from the request, to pool the connection for a later one), and the
// connection arrives after the request has ended. CloseIdle, called once
// the requests have ended, must close it too: this is how a Verihubs
// callback cancelled by Close left its receiver's connection open for
// IdleConnTimeout (mockekyctest's TestCloseCancelsCallbacks).
func TestCloseIdleClosesALateDial(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			accepted <- c // and never answer
		}
	}()
	p := New(Options{})
	release := make(chan struct{})
	p.afterDial = func() { <-release }
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+ln.Addr().String()+"/hook", strings.NewReader("{}"))
		resp, err := p.Client(Callback).Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	conn := <-accepted // connected; the dial is held before the transport has it
	defer conn.Close()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		close(release)
		t.Fatalf("the cancelled request ended with %v", err)
	}
	p.CloseIdle()
	close(release)
	// The deadline only bounds a bug: the connection is closed as soon as
	// the dial hands it over.
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	buf := make([]byte, 4<<10)
	for {
		if _, err := conn.Read(buf); err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Fatal("the late dial's connection is still open after CloseIdle")
			}
			return
		}
	}
}
