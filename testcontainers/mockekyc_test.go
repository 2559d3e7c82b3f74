package mockekyc_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"

	"github.com/mockekyc/mockekyc/mockekycadmin"
	"github.com/mockekyc/mockekyc/mockekyctest"
	mockekyc "github.com/mockekyc/mockekyc/testcontainers"
)

func TestMain(m *testing.M) {
	// Ryuk, Testcontainers' reaper, is an image of its own that a machine
	// without a registry cannot pull; the tests terminate their containers
	// themselves. It must be set before Testcontainers reads its config.
	if os.Getenv("TESTCONTAINERS_RYUK_DISABLED") == "" {
		os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	}
	// A local engine publishes the ports on this machine. Testcontainers,
	// when it believes it runs inside a container (a sandbox, a CI job),
	// reaches them through the default gateway instead: tests here talk to
	// loopback only.
	if h := os.Getenv("DOCKER_HOST"); os.Getenv("TESTCONTAINERS_HOST_OVERRIDE") == "" && (h == "" || strings.HasPrefix(h, "unix://")) {
		os.Setenv("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1")
	}
	os.Exit(m.Run())
}

// image is the mockekyc image under test: MOCKEKYC_IMAGE, else the one
// .ci/docker-test builds.
func image() string {
	if img := os.Getenv("MOCKEKYC_IMAGE"); img != "" {
		return img
	}
	return "mockekyc:dev"
}

// needDocker fails the test in CI (CI=true) and skips it elsewhere, with
// the reason, when no Docker engine answers or the image is not built.
// The image is never pulled: it is built locally (bash .ci/docker-test).
func needDocker(t *testing.T) {
	t.Helper()
	unavailable := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatalf(format, args...)
		}
		t.Skipf(format+" (CI=true makes this a failure)", args...)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		unavailable("no Docker engine: %v", err)
		return
	}
	defer cli.Close()
	if _, err := cli.Ping(ctx, client.PingOptions{NegotiateAPIVersion: true}); err != nil {
		unavailable("the Docker engine does not answer: %v", err)
		return
	}
	if _, err := cli.ImageInspect(ctx, image()); err != nil {
		unavailable("the image %s is not on this engine (build it: bash .ci/docker-test, or docker build -t %s .): %v", image(), image(), err)
	}
}

func run(t *testing.T, opts ...testcontainers.ContainerCustomizer) *mockekyc.Container {
	t.Helper()
	needDocker(t)
	ctr, err := mockekyc.Run(context.Background(), image(), opts...)
	testcontainers.CleanupContainer(t, ctr)
	if err != nil {
		t.Fatal(err)
	}
	return ctr
}

func balance(t *testing.T, c *http.Client, url string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("X-API-Key", "AbcdEfgh")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("GET %s: HTTP %d, not JSON: %v", url, resp.StatusCode, err)
	}
	return resp.StatusCode, body
}

// TestRun: the container answers eKYCPro's balance under the vendor's own
// hostname over HTTPS through Client, at its base URL with any client, and
// its admin API forces a documented code and journals why.
func TestRun(t *testing.T) {
	ctr := run(t)
	ctx := context.Background()
	if status, body := balance(t, ctr.Client(), "https://api.ekycpro.com/v1/balance"); status != 200 || body["status"] != "OK" {
		t.Errorf("https://api.ekycpro.com through Client: HTTP %d %v", status, body)
	}
	if status, body := balance(t, ctr.Client(), "http://api.ekycpro.com/v1/balance"); status != 200 || body["status"] != "OK" {
		t.Errorf("http://api.ekycpro.com through Client: HTTP %d %v", status, body)
	}
	if status, body := balance(t, http.DefaultClient, ctr.URL("ekycpro")+"/v1/balance"); status != 200 || body["status"] != "OK" {
		t.Errorf("URL(ekycpro) through http.DefaultClient: HTTP %d %v", status, body)
	}
	if len(ctr.URLs()) != 5 || !strings.HasPrefix(ctr.URL("verihubs"), ctr.BaseURL()+"/verihubs") {
		t.Errorf("URLs %v", ctr.URLs())
	}
	if _, err := ctr.Client().Get("https://example.com/"); err == nil || !strings.Contains(err.Error(), "is not the mock") {
		t.Errorf("another host through Client: %v", err)
	}

	st, err := ctr.Admin().AddRule(ctx, mockekycadmin.Rule{Name: "down", Vendor: "ekycpro", Endpoint: "balance", Respond: mockekycadmin.Respond{Code: "INNER_ERROR"}, Times: 1})
	if err != nil {
		t.Fatal(err)
	}
	if status, body := balance(t, ctr.Client(), "https://api.ekycpro.com/v1/balance"); status != 500 || body["status"] != "INNER_ERROR" {
		t.Errorf("forced: HTTP %d %v", status, body)
	}
	es, err := ctr.Admin().Requests(ctx, mockekycadmin.Filter{Vendor: "ekycpro", Limit: 1})
	if err != nil || len(es) != 1 || es[0].Why != "scenario" || es[0].Rule != "down" || es[0].Host != "api.ekycpro.com" {
		t.Errorf("journal %+v, %v (rule %s)", es, err, st.ID)
	}
}

// TestOptions: the seed, a config and a scenario file reach the
// container, and the same seed gives the same person as in-process.
func TestOptions(t *testing.T) {
	ctr := run(t,
		mockekyc.WithSeed(99),
		mockekyc.WithAdminToken("s3cret"),
		mockekyc.WithConfig([]byte("vendors:\n  ekycpro:\n    credentials:\n      - {id: ContainerKey1}\n")),
		mockekyc.WithScenarios("down", []byte("scenarios:\n  - name: idcheck down\n    vendor: ekycpro\n    endpoint: balance\n    match: {header: {X-Down: \"1\"}}\n    respond: {code: INNER_ERROR}\n")),
	)
	ctx := context.Background()
	const nik = "3171234567890003"
	p, err := ctr.Admin().Person(ctx, nik)
	if err != nil {
		t.Fatal(err)
	}
	if local := mockekyctest.New(t, mockekyctest.WithSeed(99)).Person(nik); local != p {
		t.Errorf("seed 99: the container's person %+v, in-process %+v", p, local)
	}
	accts, err := ctr.Admin().Accounts(ctx)
	if err != nil || len(accts) == 0 {
		t.Fatalf("accounts %v %v", accts, err)
	}
	found := false
	for _, a := range accts {
		found = found || a.ID == "ContainerKey1"
	}
	if !found {
		t.Errorf("the config's key is not an account: %+v", accts)
	}
	rules, err := ctr.Admin().Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found = false
	for _, r := range rules {
		found = found || (r.Name == "idcheck down" && r.Group == "dir")
	}
	if !found {
		t.Errorf("the scenario file's rule is not loaded: %+v", rules)
	}
	// The token is required, and Admin sends it.
	bare, _ := mockekycadmin.New(ctr.BaseURL())
	if _, err := bare.Accounts(ctx); err == nil || !strings.Contains(err.Error(), "HTTP 401") {
		t.Errorf("admin without the token: %v", err)
	}
}
