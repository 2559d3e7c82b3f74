package main

import (
	"bufio"
	"debug/elf"
	"fmt"
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
// Only the read-only mappings of a static executable (ELF type EXEC, as
// the Dockerfile and go build make it) are dropped: they are never written,
// so dropping loses nothing. A position-independent binary's read-only
// mappings may hold pages written while it was relocated, so it is left
// alone, and so is every writable mapping. It returns the bytes advised.
func dropStartupPages() (int64, error) {
	exe, err := os.Open("/proc/self/exe")
	if err != nil {
		return 0, err
	}
	defer exe.Close()
	ef, err := elf.NewFile(exe)
	if err != nil {
		return 0, err
	}
	if ef.Type != elf.ET_EXEC {
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
	maps, err := os.Open("/proc/self/maps")
	if err != nil {
		return 0, err
	}
	defer maps.Close()
	var dropped int64
	sc := bufio.NewScanner(maps)
	for sc.Scan() {
		// address perms offset dev inode path
		f := strings.Fields(sc.Text())
		if len(f) < 6 || strings.ContainsRune(f[1], 'w') || f[4] != strconv.FormatUint(st.Ino, 10) {
			continue
		}
		lo, hi, _ := strings.Cut(f[0], "-")
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			return dropped, fmt.Errorf("/proc/self/maps: %q", sc.Text())
		}
		if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, uintptr(start), uintptr(end-start), syscall.MADV_DONTNEED); errno != 0 {
			return dropped, errno
		}
		dropped += int64(end - start)
	}
	return dropped, sc.Err()
}
