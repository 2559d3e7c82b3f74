package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// startBanner serves with args until the banner is whole, then stops, and
// returns the banner.
func startBanner(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"-addr", anyPort}, args...), noEnv, &out, &errOut) }()
	defer cancel() // when waitListening fails the test
	waitListening(t, &out, &errOut)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	return out.String()
}

// TestBannerWarnsOfVendorsWithoutCredentials: a -config that leaves a
// vendor without a usable credential starts with a warning naming the
// vendor, the file and what to add, not silently.
func TestBannerWarnsOfVendorsWithoutCredentials(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "only-ekycpro.yaml")
	text := "vendors:\n  ekycpro:\n    credentials: [{id: k1}]\n  verihubs:\n    credentials:\n      - {id: a, secret: b, disabled: true}\n      - {id: c, secret: d, expires: 2020-01-01T00:00:00Z}\n"
	if err := os.WriteFile(cfg, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	banner := startBanner(t, "-config", cfg)
	for _, want := range []string{
		"WARNING: ADVANCE.AI has no credentials in " + cfg + ": every call to it will be refused as a wrong credential.",
		"Add one under vendors.advance.credentials, e.g. the default's: - {id: sampleaccesskey, secret: samplesecretkey}",
		"WARNING: iziData has no credentials in " + cfg,
		"vendors.izidata.credentials, e.g. the default's: - {id: YOUR_ACCESS_KEY, secret: YOUR_SECRET_KEY}",
		"WARNING: AccuAuth has no credentials",
		"WARNING: Verihubs has no usable credential (2, all disabled or expired) in " + cfg,
	} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, banner)
		}
	}
	if strings.Contains(banner, "WARNING: eKYCPro") {
		t.Errorf("eKYCPro has a credential, yet the banner warns:\n%s", banner)
	}
	if banner := startBanner(t); strings.Contains(banner, "WARNING") {
		t.Errorf("the default config warns:\n%s", banner)
	}
}

// TestBannerPrintsTheUI: a new user finds the web UI from the start
// banner, at an address that answers with the page.
func TestBannerPrintsTheUI(t *testing.T) {
	banner := startBanner(t)
	i := strings.Index(banner, "web UI: http://")
	if i < 0 {
		t.Fatalf("the banner names no web UI:\n%s", banner)
	}
	url := strings.Fields(banner[i+len("web UI: "):])[0]
	if !strings.HasSuffix(url, "/__admin/ui/") {
		t.Fatalf("web UI address %q", url)
	}
}
