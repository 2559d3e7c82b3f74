package main

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/tlsca"
)

// caCmd prints the certificate of the CA behind mockekyc's HTTPS listener,
// for clients to trust: from the CA directory (creating the CA there when
// absent, so it can be trusted before the server first starts), or from a
// running server's /__admin/ca.pem (the only source of an ephemeral CA).
//
//	docker compose exec mockekyc mockekyc ca > mockekyc-ca.pem
func caCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ca", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("tls-ca-dir", getenv("MOCKEKYC_TLS_CA_DIR"), "the CA directory the server uses (MOCKEKYC_TLS_CA_DIR); the CA is created there when absent")
	addr := envOr(getenv, "MOCKEKYC_ADDR", ":8080")
	rawURL := fs.String("url", "", "a running mockekyc's URL to fetch /__admin/ca.pem from (default: the one on MOCKEKYC_ADDR of this machine, "+addr+", when no CA directory is set)")
	timeout := fs.Duration("timeout", 5*time.Second, "how long to wait for a running server's answer")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: mockekyc ca [-tls-ca-dir DIR | -url http://HOST:8080]\n\n"+
			"Prints the PEM certificate of the CA that signs mockekyc's HTTPS certificates: from DIR\n"+
			"(created there when absent), else from a running mockekyc's /__admin/ca.pem.\n\n"+
			"examples:\n  mockekyc ca -tls-ca-dir ./ca > mockekyc-ca.pem\n  mockekyc ca -url http://mockekyc:8080 > mockekyc-ca.pem\n  docker compose exec mockekyc mockekyc ca > mockekyc-ca.pem\n\nflags:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("ca takes no arguments, got %q", fs.Args())}
	}
	urlSet := false
	fs.Visit(func(f *flag.Flag) { urlSet = urlSet || f.Name == "url" })
	if *dir != "" && !urlSet {
		ca, err := tlsca.Open(*dir, time.Now())
		if err != nil {
			return err
		}
		if ca.Created() {
			fmt.Fprintf(stderr, "mockekyc ca: created a new CA in %s; a mockekyc started with -tls-ca-dir %s uses it\n", *dir, *dir)
		}
		_, err = stdout.Write(ca.CertPEM())
		return err
	}
	u := *rawURL
	if u == "" {
		base, err := localURL(addr)
		if err != nil {
			return err
		}
		u = base
	}
	u = strings.TrimRight(u, "/")
	if !strings.HasSuffix(u, "/__admin/ca.pem") {
		u += "/__admin/ca.pem"
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return usageError{fmt.Sprintf("-url: %v", err)}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("fetching the CA: %w (is mockekyc running there? or give -tls-ca-dir)", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s: %s", u, resp.Status, strings.TrimSpace(string(body)))
	}
	block, _ := pem.Decode(body)
	if block == nil || block.Type != "CERTIFICATE" {
		return fmt.Errorf("%s answered no PEM certificate: %.200q", u, body)
	}
	if _, err := x509.ParseCertificate(block.Bytes); err != nil {
		return fmt.Errorf("%s answered a certificate that does not parse: %w", u, err)
	}
	_, err = stdout.Write(body)
	return err
}
