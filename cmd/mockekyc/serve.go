package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/server"
)

// version is set with -ldflags "-X main.buildVersion=v1.2.3"; otherwise the
// module version from the build info.
var buildVersion string

func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// envOr is the environment's value for key, else def: every flag has a
// MOCKEKYC_* twin so a docker-compose file needs no command line.
func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

type serveFlags struct {
	addr, configFile, scenarioDir, logLevel string
	seed                                    string
	journalCap                              int
	limits                                  server.Limits
}

func parseServe(args []string, getenv func(string) string, stderr io.Writer) (serveFlags, error) {
	var f serveFlags
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.addr, "addr", envOr(getenv, "MOCKEKYC_ADDR", ":8080"), "listen address (MOCKEKYC_ADDR)")
	fs.StringVar(&f.configFile, "config", getenv("MOCKEKYC_CONFIG"), "config file replacing the embedded default (MOCKEKYC_CONFIG)")
	fs.StringVar(&f.scenarioDir, "scenarios", getenv("MOCKEKYC_SCENARIOS"), "directory of scenario *.yaml files, reloaded on change (MOCKEKYC_SCENARIOS)")
	fs.StringVar(&f.seed, "seed", getenv("MOCKEKYC_SEED"), "identity seed, overrides the config's (MOCKEKYC_SEED)")
	var jcap int
	if v := getenv("MOCKEKYC_JOURNAL_CAP"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return f, usageError{fmt.Sprintf("MOCKEKYC_JOURNAL_CAP must be an integer, got %q", v)}
		}
		jcap = n
	}
	fs.IntVar(&f.journalCap, "journal-cap", jcap, "journal capacity in requests, overrides the config's (MOCKEKYC_JOURNAL_CAP)")
	fs.StringVar(&f.logLevel, "log-level", envOr(getenv, "MOCKEKYC_LOG_LEVEL", "info"), "debug, info, warn or error (MOCKEKYC_LOG_LEVEL)")
	limits := limitFlags(fs, getenv)
	if err := parseFlags(fs, args); err != nil {
		return f, err
	}
	var err error
	if f.limits, err = limits(); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		return f, usageError{fmt.Sprintf("serve takes no arguments, got %q", fs.Args())}
	}
	// 0 keeps the config's capacity; otherwise the config's own bounds.
	if f.journalCap < 0 || f.journalCap > config.MaxJournalCapacity {
		return f, usageError{fmt.Sprintf("-journal-cap must be 1 to %d (0: the config's), got %d", config.MaxJournalCapacity, f.journalCap)}
	}
	return f, nil
}

func loadConfig(f serveFlags) (*config.Config, error) {
	cfg := config.Default()
	if f.configFile != "" {
		data, err := os.ReadFile(f.configFile)
		if err != nil {
			return nil, err
		}
		if cfg, err = config.Parse(f.configFile, data); err != nil {
			return nil, err
		}
	}
	if f.seed != "" {
		n, err := strconv.ParseInt(f.seed, 10, 64)
		if err != nil {
			return nil, usageError{fmt.Sprintf("-seed must be an integer, got %q", f.seed)}
		}
		cfg.Seed = n
	}
	if f.journalCap > 0 {
		cfg.Journal.Capacity = f.journalCap
	}
	return cfg, nil
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	f, err := parseServe(args, getenv, stderr)
	if err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(f.logLevel)); err != nil {
		return usageError{fmt.Sprintf("-log-level: %v", err)}
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	cfg, err := loadConfig(f)
	if err != nil {
		return err
	}
	defer debug.SetMemoryLimit(setMemoryLimit(getenv))
	srv, err := server.New(ctx, server.Options{Config: cfg, ScenarioDir: f.scenarioDir, Log: log, Version: version(), Limits: f.limits})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return err
	}
	hs := srv.HTTPServer(srv, log)
	banner(stdout, ln.Addr(), cfg, srv)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return hs.Close()
	}
	return nil
}

// defaultMemoryLimit is the Go runtime's soft memory limit when GOMEMLIMIT
// is not set. The collector works harder only as the runtime's memory nears
// it: a busy mock (cmd/loadbench's soak, every request kind at once, 1 MB
// images among them) then stays under 64 MB resident, 18 MB of that the
// binary's own pages. That costs nothing measurable on the mixed soak and
// 8-13% of the throughput when every client sends large bodies
// (BENCHMARKS.md). An idle server holds about 30 MB.
const defaultMemoryLimit = 44 << 20

// setMemoryLimit applies defaultMemoryLimit unless GOMEMLIMIT is set (the
// runtime has read it then; GOMEMLIMIT=off means no limit) and returns the
// limit it replaced.
func setMemoryLimit(getenv func(string) string) (previous int64) {
	if getenv("GOMEMLIMIT") != "" {
		return debug.SetMemoryLimit(-1)
	}
	return debug.SetMemoryLimit(defaultMemoryLimit)
}

// banner prints where each vendor answers and which credentials work.
func banner(w io.Writer, addr net.Addr, cfg *config.Config, srv *server.Server) {
	host := addr.String()
	if tcp, ok := addr.(*net.TCPAddr); ok && (tcp.IP == nil || tcp.IP.IsUnspecified()) {
		host = net.JoinHostPort("localhost", strconv.Itoa(tcp.Port))
	}
	base := "http://" + host
	fmt.Fprintf(w, "mockekyc %s listening on %s (seed %d)\n\n", version(), base, cfg.Seed)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VENDOR\tBASE URL\tOR HOST HEADER\tCREDENTIALS")
	for _, v := range srv.Catalogue().Vendors() {
		var creds []string
		for _, c := range cfg.Vendors[v.Name()].Credentials {
			s := c.ID
			if c.Secret != "" {
				s += " / " + c.Secret
			}
			creds = append(creds, s)
		}
		fmt.Fprintf(tw, "%s\t%s/%s\t%s\t%s\n", v.Title(), base, v.Name(), strings.Join(server.Hosts(v), ", "), strings.Join(creds, "; "))
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "\nadmin: %s/__admin/health   journal: %s/__admin/requests   catalogue: %s/__admin/catalogue\n", base, base, base)
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		fmt.Fprintf(w, "memory: soft limit %d MiB (GOMEMLIMIT=128MiB to raise it, GOMEMLIMIT=off for none)\n", limit>>20)
	}
}
