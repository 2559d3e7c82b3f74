//go:build unix

package server_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/server"
	"github.com/mockekyc/mockekyc/internal/tlsca"
)

// BenchmarkFirstAnswer is what HTTPS costs a client that opens a fresh
// connection per request (BENCHMARKS.md, issue 12): dial, the TLS handshake
// (a full one: Go's client keeps no session cache unless given one) and the
// first answer of eKYCPro's balance at its real hostname, against the same
// over plain HTTP, on loopback. The leaf is issued before the timer starts
// (BenchmarkIssue in internal/tlsca measures a first signature).
func BenchmarkFirstAnswer(b *testing.B) {
	srv, err := server.New(context.Background(), server.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ca, err := tlsca.Generate(time.Now())
	if err != nil {
		b.Fatal(err)
	}
	iss, err := ca.NewIssuer(tlsca.IssuerOptions{})
	if err != nil {
		b.Fatal(err)
	}
	hs := &http.Server{Handler: srv, TLSConfig: iss.TLSConfig()}
	plainLn, _ := net.Listen("tcp", "127.0.0.1:0")
	tlsLn, _ := net.Listen("tcp", "127.0.0.1:0")
	go hs.Serve(plainLn)
	go hs.ServeTLS(tlsLn, "", "")
	b.Cleanup(func() { hs.Close() })
	roots := x509.NewCertPool()
	roots.AddCert(ca.Certificate())

	transport := func(addr string, protos []string, sessions tls.ClientSessionCache) *http.Transport {
		var d net.Dialer
		return &http.Transport{
			DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				return d.DialContext(ctx, network, addr)
			},
			TLSClientConfig:   &tls.Config{RootCAs: roots, NextProtos: protos, ClientSessionCache: sessions},
			ForceAttemptHTTP2: len(protos) > 0 && protos[0] == "h2",
			DisableKeepAlives: true,
		}
	}
	for _, c := range []struct {
		name, scheme, addr, proto string
		protos                    []string
		resume                    bool
	}{
		{"http", "http", plainLn.Addr().String(), "HTTP/1.1", nil, false},
		{"https_http1.1", "https", tlsLn.Addr().String(), "HTTP/1.1", []string{"http/1.1"}, false},
		{"https_h2", "https", tlsLn.Addr().String(), "HTTP/2.0", []string{"h2", "http/1.1"}, false},
		// A client that keeps TLS sessions (curl, Java, browsers do; Go's
		// only when given a ClientSessionCache) resumes: no certificate
		// sent or verified.
		{"https_http1.1_resumed", "https", tlsLn.Addr().String(), "HTTP/1.1", []string{"http/1.1"}, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			req, _ := http.NewRequest(http.MethodGet, c.scheme+"://api.ekycpro.com/v1/balance", nil)
			req.Header.Set("X-API-Key", "AbcdEfgh")
			var sessions tls.ClientSessionCache
			if c.resume {
				sessions = tls.NewLRUClientSessionCache(8)
			}
			warm := false
			get := func() {
				// A new transport each time: nothing is reused, not even
				// an HTTP/2 connection.
				tr := transport(c.addr, c.protos, sessions)
				defer tr.CloseIdleConnections()
				res, err := tr.RoundTrip(req)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 || res.Proto != c.proto {
					b.Fatalf("%s %s", res.Proto, res.Status)
				}
				if warm && res.TLS != nil && res.TLS.DidResume != c.resume {
					b.Fatalf("resumed %v, want %v", res.TLS.DidResume, c.resume)
				}
			}
			get() // the leaf is issued, the route warmed, a session kept
			warm = true
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				get()
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime is the CPU time this process (client and server alike) has used,
// in ns: on a machine shared with other work, wall time per operation
// includes waiting for a core; CPU time is the work done.
func cpuTime() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}
