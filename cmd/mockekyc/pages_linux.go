package main

import (
	"bufio"
	"debug/elf"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// dropStartupPages tells the kernel that the pages of the mock's own
// binary it holds now are not needed: after the warm-up most of them are
// code and data only package initialisation and the warm-up read
// (libphonenumber's metadata, gofakeit's word lists, the embedded tables
// now decompressed on the heap, the specs), and the kernel maps a
// neighbourhood of 16 pages around each page touched. They are clean
// pages of the file: what is used again is mapped again from the page
// cache (a minor fault, no disk read). Measured in the hostile run: the
// binary's resident pages at its end go from 19.3 to 14.6 MiB
// (BENCHMARKS.md, stop 23).
//
// Only a statically linked executable is advised (ELF type EXEC with no
// interpreter and no dynamic section, as the Dockerfile and go build make
// it): a dynamically linked one has pages its loader wrote (relocations,
// the GOT under RELRO) in mappings that read as read-only. And of its
// mappings only those that are read-only and hold no anonymous page are
// advised: a page copied on write (a relocation, a debugger's breakpoint)
// is not in the file and would be lost. It returns the bytes advised.
func dropStartupPages() (int64, error) {
	path, err := os.Readlink("/proc/self/exe")
	if err != nil {
		return 0, err
	}
	exe, err := os.Open("/proc/self/exe")
	if err != nil {
		return 0, err
	}
	defer exe.Close()
	ef, err := elf.NewFile(exe)
	if err != nil {
		return 0, err
	}
	if !staticExec(ef) {
		return 0, nil
	}
	fi, err := exe.Stat()
	if err != nil {
		return 0, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, nil
	}
	smaps, err := os.Open("/proc/self/smaps")
	if err != nil {
		return 0, err
	}
	defer smaps.Close()
	spans, err := cleanMappings(smaps, path, st.Ino)
	if err != nil {
		return 0, err
	}
	var dropped int64
	for _, s := range spans {
		if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, uintptr(s.start), uintptr(s.end-s.start), syscall.MADV_DONTNEED); errno != 0 {
			return dropped, errno
		}
		dropped += int64(s.end - s.start)
	}
	return dropped, nil
}

// staticExec tells whether f is a statically linked executable: no loader
// relocated it.
func staticExec(f *elf.File) bool {
	if f.Type != elf.ET_EXEC {
		return false
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC || p.Type == elf.PT_GNU_RELRO {
			return false
		}
	}
	return true
}

// span is an address range of a mapping.
type span struct{ start, end uint64 }

// cleanMappings reads /proc/self/smaps and returns the mappings of the file
// at path with inode ino that are read-only and hold no anonymous page,
// resident or swapped: pages only of the file.
func cleanMappings(r io.Reader, path string, ino uint64) ([]span, error) {
	var out []span
	var cur *span // the mapping being read, nil when it is not a candidate
	clean := true
	flush := func() {
		if cur != nil && clean {
			out = append(out, *cur)
		}
		cur, clean = nil, true
	}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if !strings.HasSuffix(f[0], ":") { // a mapping: address perms offset dev inode path
			flush()
			if len(f) < 6 || strings.ContainsRune(f[1], 'w') || f[4] != strconv.FormatUint(ino, 10) ||
				strings.Join(f[5:], " ") != path {
				continue
			}
			lo, hi, _ := strings.Cut(f[0], "-")
			start, err1 := strconv.ParseUint(lo, 16, 64)
			end, err2 := strconv.ParseUint(hi, 16, 64)
			if err1 != nil || err2 != nil || end <= start {
				return nil, fmt.Errorf("/proc/self/smaps: %q", line)
			}
			cur = &span{start, end}
			continue
		}
		if cur != nil && (f[0] == "Anonymous:" || f[0] == "Swap:") && len(f) > 1 && f[1] != "0" {
			clean = false
		}
	}
	flush()
	return out, sc.Err()
}
