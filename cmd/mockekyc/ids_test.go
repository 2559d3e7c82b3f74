package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/config"
)

// TestReproducibleIDsFlag: ids are unique per run unless the config says
// ids: reproducible, -reproducible-ids is given or MOCKEKYC_REPRODUCIBLE_IDS
// is true; a bad value is a usage error.
func TestReproducibleIDsFlag(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(file, []byte("ids: reproducible\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want bool
	}{
		{"default", nil, nil, false},
		{"flag", []string{"-reproducible-ids"}, nil, true},
		{"env", nil, map[string]string{"MOCKEKYC_REPRODUCIBLE_IDS": "true"}, true},
		{"env false", nil, map[string]string{"MOCKEKYC_REPRODUCIBLE_IDS": "0"}, false},
		{"flag over env", []string{"-reproducible-ids=false"}, map[string]string{"MOCKEKYC_REPRODUCIBLE_IDS": "1"}, false},
		{"config", []string{"-config", file}, nil, true},
	} {
		f, err := parseServe(tc.args, func(k string) string { return tc.env[k] }, &out)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		cfg, err := loadConfig(f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := cfg.ReproducibleIDs(); got != tc.want {
			t.Errorf("%s: reproducible ids %v, want %v", tc.name, got, tc.want)
		}
	}
	_, err := parseServe(nil, func(k string) string { return map[string]string{"MOCKEKYC_REPRODUCIBLE_IDS": "yes please"}[k] }, &out)
	if err == nil || !strings.Contains(err.Error(), "MOCKEKYC_REPRODUCIBLE_IDS") {
		t.Errorf("bad env: %v", err)
	}
	if _, err := config.Parse("x.yaml", []byte("ids: random\n")); err == nil || !strings.Contains(err.Error(), "x.yaml:1: ids must be unique or reproducible") {
		t.Errorf("ids: random: %v", err)
	}
}
