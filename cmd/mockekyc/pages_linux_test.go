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
	static := staticExec(ef)
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

// TestCleanMappings: of the binary's mappings only the read-only ones
// without an anonymous page are let go; a RELRO mapping a loader wrote
// (read-only again, Anonymous above 0), a writable one, one with swapped
// anonymous pages, another file and another inode are kept.
func TestCleanMappings(t *testing.T) {
	const smaps = `00400000-00800000 r-xp 00000000 fe:00 42 /app/mockekyc
Rss:                4096 kB
Anonymous:             0 kB
Swap:                  0 kB
00800000-00900000 r--p 00400000 fe:00 42 /app/mockekyc
Anonymous:             0 kB
Swap:                  0 kB
00900000-00901000 r--p 00500000 fe:00 42 /app/mockekyc
Anonymous:             8 kB
Swap:                  0 kB
00901000-00902000 r--p 00501000 fe:00 42 /app/mockekyc
Anonymous:             0 kB
Swap:                  4 kB
00902000-00a00000 rw-p 00502000 fe:00 42 /app/mockekyc
Anonymous:             0 kB
7f0000000000-7f0000001000 r--p 00000000 fe:00 42 /lib/other
Anonymous:             0 kB
7f0000001000-7f0000002000 r--p 00000000 fe:00 43 /app/mockekyc
Anonymous:             0 kB
`
	got, err := cleanMappings(strings.NewReader(smaps), "/app/mockekyc", 42)
	if err != nil {
		t.Fatal(err)
	}
	want := []span{{0x400000, 0x800000}, {0x800000, 0x900000}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("spans %x, want %x", got, want)
	}
}

// TestStaticExec: an executable a loader relocates is not advised.
func TestStaticExec(t *testing.T) {
	for _, c := range []struct {
		f    elf.File
		want bool
	}{
		{elf.File{FileHeader: elf.FileHeader{Type: elf.ET_EXEC}}, true},
		{elf.File{FileHeader: elf.FileHeader{Type: elf.ET_DYN}}, false},
		{elf.File{FileHeader: elf.FileHeader{Type: elf.ET_EXEC}, Progs: []*elf.Prog{{ProgHeader: elf.ProgHeader{Type: elf.PT_INTERP}}}}, false},
		{elf.File{FileHeader: elf.FileHeader{Type: elf.ET_EXEC}, Progs: []*elf.Prog{{ProgHeader: elf.ProgHeader{Type: elf.PT_GNU_RELRO}}}}, false},
	} {
		if got := staticExec(&c.f); got != c.want {
			t.Errorf("%v %v: %v", c.f.Type, len(c.f.Progs), got)
		}
	}
}
