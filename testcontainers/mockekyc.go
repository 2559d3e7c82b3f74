// Package mockekyc is a Testcontainers for Go module for mockekyc, the
// mock of five Indonesian eKYC vendor APIs (iziData, ADVANCE.AI, AccuAuth,
// Verihubs, eKYCPro): Run starts the image, waits until its admin API
// answers, and hands back the vendors' base URLs, the CA of its HTTPS
// listener, an *http.Client that sends the vendors' own hostnames to the
// container, and the typed admin client.
//
//	ctr, err := mockekyc.Run(ctx, "mockekyc:dev")
//	...
//	defer testcontainers.TerminateContainer(ctr)
//	resp, err := ctr.Client().Get("https://api.verihubs.com/...") // reaches the container
//
// It is a module of its own (github.com/mockekyc/mockekyc/testcontainers),
// so that users of the main module do not inherit Docker's dependencies.
// For a mock inside the test process, with no Docker at all, use package
// github.com/mockekyc/mockekyc/mockekyctest.
package mockekyc

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/mockekyc/mockekyc/mockekycadmin"
)

// The image's ports: plain HTTP, and HTTPS with a certificate for every
// vendor hostname.
const (
	HTTPPort  = "8080/tcp"
	HTTPSPort = "8443/tcp"
)

// Container is a running mockekyc.
type Container struct {
	*testcontainers.DockerContainer

	base, httpsBase string
	caPEM           []byte
	vendors         map[string]string // name → base URL
	hosts           []string
	tr              *http.Transport
	admin           *mockekycadmin.Client
}

// Run starts image (built from mockekyc's Dockerfile) and returns when its
// admin API answers. opts are Testcontainers' customizers, this package's
// (WithSeed, WithConfig, WithScenarios, WithAdminToken) among them.
// On an error after the container was created, the returned Container is
// not nil: terminate it.
func Run(ctx context.Context, image string, opts ...testcontainers.ContainerCustomizer) (*Container, error) {
	all := append([]testcontainers.ContainerCustomizer{
		testcontainers.WithExposedPorts(HTTPPort, HTTPSPort),
		testcontainers.WithWaitStrategy(wait.ForHTTP("/__admin/health").WithPort(HTTPPort).
			WithStatusCodeMatcher(func(status int) bool { return status == http.StatusOK }).
			WithStartupTimeout(60 * time.Second)),
	}, opts...)
	ctr, err := testcontainers.Run(ctx, image, all...)
	var c *Container
	if ctr != nil {
		c = &Container{DockerContainer: ctr}
	}
	if err != nil {
		return c, fmt.Errorf("mockekyc: run %s: %w", image, err)
	}
	if err := c.connect(ctx); err != nil {
		return c, fmt.Errorf("mockekyc: %s: %w", image, err)
	}
	return c, nil
}

// connect reads where the container's ports are mapped, its admin token,
// vendors and CA.
func (c *Container) connect(ctx context.Context) error {
	plain, err := c.PortEndpoint(ctx, HTTPPort, "")
	if err != nil {
		return err
	}
	secure, err := c.PortEndpoint(ctx, HTTPSPort, "")
	if err != nil {
		return err
	}
	c.base, c.httpsBase = "http://"+plain, "https://"+secure
	info, err := c.Inspect(ctx)
	if err != nil {
		return err
	}
	var token string
	for _, kv := range info.Config.Env {
		if v, ok := strings.CutPrefix(kv, "MOCKEKYC_ADMIN_TOKEN="); ok {
			token = v
		}
	}
	if c.admin, err = mockekycadmin.New(c.base, mockekycadmin.WithToken(token)); err != nil {
		return err
	}
	health, err := c.admin.Health(ctx)
	if err != nil {
		return err
	}
	c.vendors = map[string]string{}
	for _, v := range health.Vendors {
		c.vendors[v.Name] = c.base + strings.TrimSuffix(v.PathPrefix, "/")
		c.hosts = append(c.hosts, v.Hosts...)
	}
	if c.caPEM, err = c.admin.CACertPEM(ctx); err != nil {
		return fmt.Errorf("the image serves no HTTPS CA (MOCKEKYC_TLS_ADDR unset?): %w", err)
	}
	c.tr, err = mockekycadmin.VendorTransport(mockekycadmin.Routes{Hosts: c.hosts, HTTPAddr: plain, HTTPSAddr: secure, CACertPEM: c.caPEM})
	return err
}

// BaseURL is the mock's root on this machine, http://HOST:PORT: the admin
// API is under /__admin.
func (c *Container) BaseURL() string { return c.base }

// HTTPSBaseURL is the mock's HTTPS root on this machine; its certificate
// is signed by CACertPEM.
func (c *Container) HTTPSBaseURL() string { return c.httpsBase }

// URL is a vendor's base URL on the mock (izidata, advance, accuauth,
// verihubs, ekycpro): http://HOST:PORT/<vendor>; "" for an unknown name.
func (c *Container) URL(vendor string) string { return c.vendors[vendor] }

// URLs are every vendor's base URL, by name.
func (c *Container) URLs() map[string]string {
	out := make(map[string]string, len(c.vendors))
	for k, v := range c.vendors {
		out[k] = v
	}
	return out
}

// CACertPEM is the certificate of the CA that signs the container's HTTPS
// certificates, PEM-encoded.
func (c *Container) CACertPEM() []byte { return bytes.Clone(c.caPEM) }

// Hosts are the hostnames the mock answers as a vendor.
func (c *Container) Hosts() []string { return append([]string(nil), c.hosts...) }

// Client is an *http.Client that sends every vendor hostname to the
// container (http:// to its plain port, https:// to its HTTPS port,
// trusting only its CA) and refuses any other host: client code with the
// vendors' URLs built in runs unchanged.
func (c *Container) Client() *http.Client {
	return &http.Client{Transport: c.tr, Timeout: 2 * time.Minute}
}

// Transport is Client's transport.
func (c *Container) Transport() *http.Transport { return c.tr }

// Admin is the typed client of the container's admin API.
func (c *Container) Admin() *mockekycadmin.Client { return c.admin }

// WithSeed sets the seed of the fake people and ids (MOCKEKYC_SEED).
func WithSeed(seed int64) testcontainers.CustomizeRequestOption {
	return testcontainers.WithEnv(map[string]string{"MOCKEKYC_SEED": strconv.FormatInt(seed, 10)})
}

// WithConfig replaces the embedded config with YAML text (copied into the
// container, MOCKEKYC_CONFIG).
func WithConfig(yaml []byte) testcontainers.CustomizeRequestOption {
	const path = "/tmp/mockekyc-config.yaml"
	return func(req *testcontainers.GenericContainerRequest) error {
		if err := testcontainers.WithFiles(testcontainers.ContainerFile{Reader: bytes.NewReader(yaml), ContainerFilePath: path, FileMode: 0o644})(req); err != nil {
			return err
		}
		return testcontainers.WithEnv(map[string]string{"MOCKEKYC_CONFIG": path})(req)
	}
}

// WithScenarios adds a scenario file (YAML, README.md#scenarios) under
// /scenarios, which the mock loads and watches (MOCKEKYC_SCENARIOS). Give
// each file its own name.
func WithScenarios(name string, yaml []byte) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		if name == "" || strings.ContainsAny(name, "/\\") {
			return fmt.Errorf("mockekyc: WithScenarios: %q is not a file name", name)
		}
		if !strings.HasSuffix(name, ".yaml") {
			name += ".yaml"
		}
		f := testcontainers.ContainerFile{Reader: bytes.NewReader(yaml), ContainerFilePath: "/scenarios/" + name, FileMode: 0o644}
		if err := testcontainers.WithFiles(f)(req); err != nil {
			return err
		}
		return testcontainers.WithEnv(map[string]string{"MOCKEKYC_SCENARIOS": "/scenarios"})(req)
	}
}

// WithAdminToken protects the admin API with a bearer token
// (MOCKEKYC_ADMIN_TOKEN); Admin sends it.
func WithAdminToken(token string) testcontainers.CustomizeRequestOption {
	return testcontainers.WithEnv(map[string]string{"MOCKEKYC_ADMIN_TOKEN": token})
}
