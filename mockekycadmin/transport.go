package mockekycadmin

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Routes say where a mock listens and which hostnames it answers as a
// vendor, for VendorTransport.
type Routes struct {
	// Hosts are the vendors' hostnames (Health's Vendors[].Hosts).
	Hosts []string
	// HTTPAddr and HTTPSAddr are the host:port of the mock's plain and
	// HTTPS listeners as this machine reaches them (a container's mapped
	// ports). HTTPSAddr may be empty when HTTPS is off.
	HTTPAddr, HTTPSAddr string
	// CACertPEM is the mock's CA (GET /__admin/ca.pem), the only one the
	// transport trusts.
	CACertPEM []byte
}

// VendorTransport is an *http.Transport that sends every request for one
// of r.Hosts to the mock, whatever the URL's port: http:// to HTTPAddr,
// https:// to HTTPSAddr with the certificate checked against r.CACertPEM
// for the vendor's hostname. Requests to HTTPAddr and HTTPSAddr themselves
// go there too. Any other host fails at once with an error that names the
// hosts the transport reaches: client code with the vendors' URLs built in
// runs unchanged against the mock, and never reaches the real vendor.
func VendorTransport(r Routes) (*http.Transport, error) {
	if r.HTTPAddr == "" || len(r.Hosts) == 0 {
		return nil, errors.New("mockekycadmin: VendorTransport needs the mock's HTTP address and the vendors' hosts")
	}
	var pool *x509.CertPool
	if r.HTTPSAddr != "" {
		pool = x509.NewCertPool()
		if !pool.AppendCertsFromPEM(r.CACertPEM) {
			return nil, errors.New("mockekycadmin: VendorTransport: CACertPEM holds no PEM certificate")
		}
	}
	hosts := map[string]bool{}
	for _, h := range r.Hosts {
		hosts[strings.ToLower(h)] = true
	}
	listed := slices.Sorted(func(yield func(string) bool) {
		for h := range hosts {
			if !yield(h) {
				return
			}
		}
	})
	route := func(addr, own, scheme string) (string, error) {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			host = addr
		}
		if own != "" && (hosts[strings.ToLower(strings.TrimSuffix(host, "."))] || addr == own) {
			return host, nil
		}
		if own == "" {
			return "", fmt.Errorf("mockekycadmin: %s://%s: the mock has no HTTPS listener", scheme, addr)
		}
		return "", fmt.Errorf("mockekycadmin: %s://%s is not the mock: this client reaches only the vendors' hosts (%s) and the mock's own address %s",
			scheme, addr, strings.Join(listed, ", "), own)
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second}
	return &http.Transport{
		// Never a proxy from the environment: the mock is reached directly.
		Proxy: nil,
		DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
			if _, err := route(addr, r.HTTPAddr, "http"); err != nil {
				return nil, err
			}
			return dialer.DialContext(ctx, "tcp", r.HTTPAddr)
		},
		DialTLSContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
			host, err := route(addr, r.HTTPSAddr, "https")
			if err != nil {
				return nil, err
			}
			raw, err := dialer.DialContext(ctx, "tcp", r.HTTPSAddr)
			if err != nil {
				return nil, err
			}
			conn := tls.Client(raw, &tls.Config{ServerName: host, RootCAs: pool, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}})
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
	}, nil
}
