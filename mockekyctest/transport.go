package mockekyctest

import (
	"net/http"
	"time"

	"github.com/mockekyc/mockekyc/mockekycadmin"
)

// Client is an *http.Client whose requests to a vendor's hostname reach
// this mock: http://api.ekycpro.com/... its plain listener, and
// https://api.verihubs.com/... its HTTPS listener, with a certificate the
// client trusts (the mock's CA, and no other). Whatever the port in the
// URL, the scheme decides the listener. The mock's own addresses (URL,
// BaseURL, HTTPSBaseURL) work too; any other host fails at once with an
// error naming the hosts it reaches, so a test never reaches the internet.
// Each call returns a new Client on the server's one Transport, with a
// 2-minute timeout so that a request held by a "timeout" fault cannot hang
// the test; set your own Timeout on it (or use Transport) for longer
// scenario delays.
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: s.tr, Timeout: 2 * time.Minute}
}

// Transport is the transport of Client, for code that builds its own
// *http.Client or wraps a transport.
func (s *Server) Transport() *http.Transport { return s.tr }

func (s *Server) newTransport() (*http.Transport, error) {
	return mockekycadmin.VendorTransport(mockekycadmin.Routes{
		Hosts: s.Hosts(), HTTPAddr: s.plain.Addr().String(), HTTPSAddr: s.tlsLn.Addr().String(), CACertPEM: s.caPEM,
	})
}
