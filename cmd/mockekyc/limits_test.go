package main

import (
	"errors"
	"io"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/server"
)

// TestLimitFlags: the connection and memory limits come from flags and
// MOCKEKYC_* variables (a flag wins), 0 turns one off, and bad values are
// usage errors that name the variable.
func TestLimitFlags(t *testing.T) {
	env := map[string]string{"MOCKEKYC_BODY_BUDGET": "1MiB", "MOCKEKYC_WRITE_TIMEOUT": "5s", "MOCKEKYC_IDLE_TIMEOUT": "9s"}
	f, err := parseServe([]string{"-idle-timeout", "2s", "-read-timeout", "0", "-max-header-bytes", "8KiB"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := server.Limits{ReadHeaderTimeout: -1, BodyTimeout: -1, BodyMinRate: 16 << 10, WriteTimeout: 5 * time.Second,
		IdleTimeout: 2 * time.Second, MaxHeaderBytes: 8 << 10, BodyBudget: 1 << 20}
	if f.limits != want {
		t.Errorf("limits %+v, want %+v", f.limits, want)
	}
	d, err := parseServe(nil, noEnv, io.Discard)
	if err != nil || d.limits != server.DefaultLimits() {
		t.Errorf("no flags: %+v, %v; want the defaults %+v", d.limits, err, server.DefaultLimits())
	}
	for _, bad := range []map[string]string{{"MOCKEKYC_BODY_BUDGET": "lots"}, {"MOCKEKYC_READ_TIMEOUT": "-1s"}, {"MOCKEKYC_BODY_MIN_RATE": "1.5KiB"}} {
		_, err := parseServe(nil, func(k string) string { return bad[k] }, io.Discard)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("%v: %v, want a usage error", bad, err)
		}
	}
}

// FuzzByteSize: any text either fails or gives a size that prints and
// parses back to itself.
func FuzzByteSize(f *testing.F) {
	for _, s := range []string{"0", "64KiB", "48MiB", "1g", " 12 kb", "-1", "1.5KiB", "9999999999999GiB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b byteSize
		if b.Set(s) != nil {
			return
		}
		if b < 0 {
			t.Fatalf("%q: negative %d", s, b)
		}
		var again byteSize
		if err := again.Set(b.String()); err != nil || again != b {
			t.Fatalf("%q → %d → %q → %d, %v", s, b, b.String(), again, err)
		}
	})
}
