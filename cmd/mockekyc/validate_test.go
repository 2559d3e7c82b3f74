package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/mockekyc/mockekyc/internal/scenario"
	"github.com/mockekyc/mockekyc/internal/server"
)

// TestValidateAgreesWithReload: a broken scenario file gets the same
// file:line: reason lines from `mockekyc validate` as from the server's
// reload of the scenario directory, including files that yaml.v3 cannot
// decode into a map (a duplicate top-level key, a syntax error, a misspelt
// or colon-less "scenarios"), which validate once took for config files.
func TestValidateAgreesWithReload(t *testing.T) {
	rule := "  - name: a\n    vendor: ekycpro\n    endpoint: idCheck\n    respond: {code: NOT}\n"
	cases := map[string]string{
		"duplicate top key":  "scenarios:\n" + rule + "scenarios:\n" + rule,
		"syntax error":       "scenarios:\n" + rule + "  - name: b\n    vendor: ekycpro\n     endpoint: idCheck\n",
		"unclosed flow":      "scenarios:\n  - name: a\n    vendor: ekycpro\n    endpoint: idCheck\n    respond: {code: NOT\n",
		"misspelt top key":   "scenarios_:\n" + rule,
		"top key no colon":   "x-shared: &s {vendor: ekycpro}\nscenarios\n" + rule,
		"broken JSON":        `{"scenarios": [{"name": "a", "vendor": "ekycpro",}` + "\n",
		"anchor after error": "x-a: &a\n  vendor: ekycpro\nscenarios:\n  - <<: *b\n    endpoint: idCheck\n",
		"second document":    "scenarios:\n" + rule + "---\nscenarios: [\n",
	}
	cat, err := server.NewCatalogue(nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range cases {
		dir := t.TempDir()
		file := filepath.Join(dir, "rules.yaml")
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, reloadErr := scenario.NewReloader(dir, cat, scenario.NewSet(cat), slog.New(slog.NewTextHandler(io.Discard, nil))).Check()
		if reloadErr == nil {
			t.Fatalf("%s: the reload accepted the file", name)
		}
		var out, errOut bytes.Buffer
		if err := run(context.Background(), []string{"validate", file}, noEnv, &out, &errOut); err == nil {
			t.Errorf("%s: validate accepted the file", name)
			continue
		}
		got := strings.TrimSuffix(errOut.String(), "\n")
		want := reloadErr.Error()
		if got != want {
			t.Errorf("%s:\nvalidate: %s\nreload:   %s", name, got, want)
		}
	}
}

// FuzzIsScenarioFile: any bytes are classified without a panic, and a file
// that YAML reads as a mapping whose first known top-level key is
// "scenarios" is always a scenario file, "vendors" always a config file.
func FuzzIsScenarioFile(f *testing.F) {
	for _, s := range []string{"scenarios:\n  - name: a\n", "seed: 3\nvendors: {}\n", "scenarios: [\n", "{\"scenarios\": [", "x-a: &a {}\nscenarios\n", "\t- respond: {code: X}\n", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		isScenarioFile(data) // any bytes: no panic
		for _, pre := range []struct {
			head string
			want bool
		}{{"scenarios: []\n", true}, {"vendors: {}\n", false}} {
			// A known key first, on a line of its own, wins whatever follows
			// as long as the whole still parses as a mapping.
			whole := append([]byte(pre.head), data...)
			var m map[string]any
			if yaml.Unmarshal(whole, &m) == nil && len(m) > 0 && !bytes.Contains(data, []byte("\n")) {
				if isScenarioFile(whole) != pre.want {
					t.Errorf("%q: isScenarioFile = %v, want %v", whole, !pre.want, pre.want)
				}
			}
		}
	})
}
