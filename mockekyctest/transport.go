package mockekyctest

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// Client is an *http.Client whose requests to a vendor's hostname reach
// this mock: http://api.ekycpro.com/... its plain listener, and
// https://api.verihubs.com/... its HTTPS listener, with a certificate the
// client trusts (the mock's CA, and no other). Whatever the port in the
// URL, the scheme decides the listener. The mock's own addresses (URL,
// BaseURL, HTTPSBaseURL) work too; any other host fails at once with an
// error naming the hosts it reaches, so a test never reaches the internet.
// Each call returns a new Client on the server's one Transport.
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: s.tr, Timeout: 2 * time.Minute}
}

// Transport is the transport of Client, for code that builds its own
// *http.Client or wraps a transport.
func (s *Server) Transport() *http.Transport { return s.tr }

func (s *Server) newTransport() *http.Transport {
	dialer := &net.Dialer{Timeout: 10 * time.Second}
	plain, secure := s.plain.Addr().String(), s.tlsLn.Addr().String()
	return &http.Transport{
		// Never a proxy from the environment: the mock is on loopback.
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if _, err := s.route(addr, plain, "http"); err != nil {
				return nil, err
			}
			return dialer.DialContext(ctx, "tcp", plain)
		},
		DialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, err := s.route(addr, secure, "https")
			if err != nil {
				return nil, err
			}
			raw, err := dialer.DialContext(ctx, "tcp", secure)
			if err != nil {
				return nil, err
			}
			conn := tls.Client(raw, &tls.Config{
				ServerName: host,
				RootCAs:    s.pool,
				MinVersion: tls.VersionTLS12,
				NextProtos: []string{"http/1.1"},
			})
			if err := conn.HandshakeContext(ctx); err != nil {
				raw.Close()
				return nil, err
			}
			return conn, nil
		},
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       30 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// route checks that addr (host:port, as the transport dials it) is a
// vendor host or the listener own, and returns its host.
func (s *Server) route(addr, own, scheme string) (string, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	name := strings.ToLower(strings.TrimSuffix(host, "."))
	if s.hosts[name] || addr == own {
		return host, nil
	}
	return "", fmt.Errorf("mockekyctest: %s://%s is not the mock: this client reaches only the vendors' hosts (%s) and the mock's own address %s",
		scheme, addr, strings.Join(s.Hosts(), ", "), own)
}
