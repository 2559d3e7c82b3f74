package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/server"
)

// limitFlags registers the connection and memory limits on fs, each with
// its MOCKEKYC_* twin, defaults from server.DefaultLimits; 0 turns a limit
// off. The returned function gives the limits once fs is parsed.
func limitFlags(fs *flag.FlagSet, getenv func(string) string) func() (server.Limits, error) {
	d := server.DefaultLimits()
	var errs []error
	dur := func(name, env string, def time.Duration, usage string) *time.Duration {
		v := def
		if s := getenv(env); s != "" {
			var err error
			if v, err = time.ParseDuration(s); err != nil || v < 0 {
				errs = append(errs, fmt.Errorf("%s must be a duration such as 30s or 0 (off), got %q", env, s))
			}
		}
		p := new(time.Duration)
		fs.DurationVar(p, name, v, usage+" ("+env+"; 0: none)")
		return p
	}
	size := func(name, env string, def int64, usage string) *byteSize {
		v := byteSize(def)
		if s := getenv(env); s != "" {
			if err := v.Set(s); err != nil {
				errs = append(errs, fmt.Errorf("%s: %v", env, err))
			}
		}
		fs.Var(&v, name, usage+" ("+env+"; 0: none)")
		return &v
	}
	read := dur("read-timeout", "MOCKEKYC_READ_TIMEOUT", d.BodyTimeout, "time for a request's headers, and how far its body may stall or fall behind -body-min-rate")
	rate := size("body-min-rate", "MOCKEKYC_BODY_MIN_RATE", d.BodyMinRate, "slowest steady body upload, bytes a second (KiB, MiB suffixes)")
	write := dur("write-timeout", "MOCKEKYC_WRITE_TIMEOUT", d.WriteTimeout, "time to write an answer, counted after any scenario delay")
	idle := dur("idle-timeout", "MOCKEKYC_IDLE_TIMEOUT", d.IdleTimeout, "how long an idle keep-alive connection stays open")
	header := size("max-header-bytes", "MOCKEKYC_MAX_HEADER_BYTES", int64(d.MaxHeaderBytes), "request line and headers an endpoint takes; more gets the vendor's invalid-request answer")
	budget := size("body-budget", "MOCKEKYC_BODY_BUDGET", d.BodyBudget, "bytes all request bodies in flight may hold together; a body finding no room waits -read-timeout, then gets a 503")
	off := func(v int64) int64 { // 0 on the command line is "none", -1 in Limits
		if v == 0 {
			return -1
		}
		return v
	}
	return func() (server.Limits, error) {
		if len(errs) > 0 {
			return server.Limits{}, usageError{errs[0].Error()}
		}
		return server.Limits{
			ReadHeaderTimeout: time.Duration(off(int64(*read))),
			BodyTimeout:       time.Duration(off(int64(*read))),
			BodyMinRate:       off(int64(*rate)),
			WriteTimeout:      time.Duration(off(int64(*write))),
			IdleTimeout:       time.Duration(off(int64(*idle))),
			MaxHeaderBytes:    int(off(int64(*header))),
			BodyBudget:        off(int64(*budget)),
		}, nil
	}
}

// byteSize is a flag of bytes: a number with an optional KiB, MiB or GiB
// (or K, M, G, KB, MB, GB, all binary) suffix.
type byteSize int64

func (b *byteSize) String() string {
	switch n := int64(*b); {
	case n != 0 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + "MiB"
	case n != 0 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + "KiB"
	default:
		return strconv.FormatInt(n, 10)
	}
}

func (b *byteSize) Set(s string) error {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 || n > (1<<50)/mult {
		return fmt.Errorf("want a size such as 64KiB, 48MiB or 0 (none), got %q", s)
	}
	*b = byteSize(n * mult)
	return nil
}
