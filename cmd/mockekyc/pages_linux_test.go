package main

import (
	"bytes"
	"debug/elf"
	"os"
	"strconv"
	"strings"
	"testing"
)

// rssFile is the process's resident pages of files, in KiB.
func rssFile(t *testing.T) int {
	t.Helper()
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "RssFile:"); ok {
			kb, err := strconv.Atoi(strings.Fields(rest)[0])
			if err != nil {
				t.Fatal(err)
			}
			return kb
		}
	}
	t.Fatal("no RssFile in /proc/self/status")
	return 0
}

// TestDropStartupPages: in a static executable (this test's, as go test
// builds it here) the binary's read-only pages are let go, the resident
// set shrinks, and the process goes on running code from those pages (it
// serves a command); a position-independent one is left alone.
func TestDropStartupPages(t *testing.T) {
	ef, err := elf.Open("/proc/self/exe")
	if err != nil {
		t.Fatal(err)
	}
	static := ef.Type == elf.ET_EXEC
	ef.Close()
	before := rssFile(t)
	n, err := dropStartupPages()
	after := rssFile(t)
	if err != nil {
		t.Fatal(err)
	}
	if !static {
		if n != 0 {
			t.Fatalf("a position-independent binary: %d bytes advised, want none", n)
		}
		return
	}
	if n <= 0 || after >= before {
		t.Fatalf("%d bytes advised; RssFile %d KiB before, %d KiB after", n, before, after)
	}
	// Code of the binary runs again after the drop.
	var out, errOut bytes.Buffer
	if err := run(t.Context(), []string{"version"}, func(string) string { return "" }, &out, &errOut); err != nil || !strings.Contains(out.String(), "mockekyc") {
		t.Errorf("version after the drop: %v %q %q", err, out.String(), errOut.String())
	}
	t.Logf("%d KiB advised; RssFile %d KiB before, %d KiB after", n>>10, before, after)
}
