package server_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/mocktest"
	"github.com/mockekyc/mockekyc/internal/server"
	"github.com/mockekyc/mockekyc/internal/tlsca"
)

// TestAdminCAPEM: /__admin/ca.pem serves the CA behind the HTTPS listener,
// and says how to turn HTTPS on when it is off.
func TestAdminCAPEM(t *testing.T) {
	off := mocktest.New(t)
	res := off.Do(off.Request(http.MethodGet, "/__admin/ca.pem", nil, nil))
	body := res.JSON(t)
	if res.Status != http.StatusNotFound || !strings.Contains(body["error"].(string), "-tls-addr") {
		t.Errorf("HTTPS off: %d %v", res.Status, body)
	}

	ca, err := tlsca.Generate(mocktest.Epoch)
	if err != nil {
		t.Fatal(err)
	}
	on := mocktest.New(t, func(o *server.Options) { o.CACertPEM = ca.CertPEM() })
	res = on.Do(on.Request(http.MethodGet, "/__admin/ca.pem", nil, nil))
	if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/x-pem-file" || !bytes.Equal(res.Body, ca.CertPEM()) {
		t.Errorf("HTTPS on: %d %q %q", res.Status, res.Header.Get("Content-Type"), res.Body)
	}
	if res := on.Do(on.Request(http.MethodPost, "/__admin/ca.pem", nil, nil)); res.Status != http.StatusMethodNotAllowed {
		t.Errorf("POST ca.pem: %d", res.Status)
	}
}
