package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	stdlog "log"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/ledger"
	"github.com/mockekyc/mockekyc/internal/outbound"
	"github.com/mockekyc/mockekyc/internal/server"
	"github.com/mockekyc/mockekyc/internal/tlsca"
)

// buildVersion and buildRevision are set at link time, as the Dockerfile
// does: -ldflags "-X main.buildVersion=v1.2.3 -X main.buildRevision=<commit>".
// A Docker build has no .git (.dockerignore), so no VCS stamp: these are how
// the image knows what it is. TestDockerfileStampsVersion keeps the names
// in step with the Dockerfile.
var buildVersion, buildRevision string

// version is what `mockekyc version`, the banner and /__admin/health say.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return versionOf(buildVersion, buildRevision, bi)
}

// versionOf chooses, in order: the link-time version (with its revision);
// a release version of the module (go install ...@v1.2.3); the VCS stamp
// of a build in a git checkout (vcs.revision, vcs.time, vcs.modified: go
// build stamps it unless -buildvcs=false; go run does not); then the
// module's pseudo-version; else "dev".
func versionOf(linked, linkedRev string, bi *debug.BuildInfo) string {
	if linked != "" {
		if linkedRev != "" {
			return fmt.Sprintf("%s (commit %s)", linked, shortRev(linkedRev))
		}
		return linked
	}
	if bi == nil {
		return "dev"
	}
	mod := bi.Main.Version
	if mod != "" && mod != "(devel)" && !pseudoVersion.MatchString(mod) {
		return mod
	}
	vcs := map[string]string{}
	for _, s := range bi.Settings {
		vcs[s.Key] = s.Value
	}
	if rev := vcs["vcs.revision"]; rev != "" {
		v := "dev-" + shortRev(rev)
		if vcs["vcs.modified"] == "true" {
			v += "-modified"
		}
		if t := vcs["vcs.time"]; t != "" {
			v += " (commit of " + t + ")"
		}
		return v
	}
	if mod != "" && mod != "(devel)" {
		return mod
	}
	return "dev"
}

// pseudoVersion matches the go command's pseudo-versions
// (v0.0.0-20261207152055-4ffbd7bbea8e, v1.2.4-0.2026…-…, with +dirty):
// a commit, not a release, which the VCS stamp says more readably.
var pseudoVersion = regexp.MustCompile(`[-.]\d{14}-[0-9a-f]{12}(\+dirty)?$`)

// shortRev is a commit hash as git abbreviates it by default, a little longer.
func shortRev(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
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
	reproducibleIDs                         bool
	tlsAddr, tlsCADir                       string
	outbound                                outboundFlags
	admin                                   adminFlags
	workspaces                              workspaceFlags
	limits                                  server.Limits
}

// outboundFlags: where callbacks and image URL fetches may go, and how
// long a shutdown waits for requests and callbacks in flight.
type outboundFlags struct {
	callbackAllow, imageAllow string
	grace                     time.Duration
}

// defaultShutdownGrace is how long shutdown waits for requests and
// callback deliveries in flight: under docker stop's 10 s, so the mock
// records what it could not deliver before it is killed. Requests waiting
// in a scenario delay or a timeout fault do not need it: they are
// answered at once when shutdown starts.
const defaultShutdownGrace = 8 * time.Second

func (o *outboundFlags) register(fs *flag.FlagSet, getenv func(string) string) error {
	grace := defaultShutdownGrace
	if v := getenv("MOCKEKYC_SHUTDOWN_GRACE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return usageError{fmt.Sprintf("MOCKEKYC_SHUTDOWN_GRACE must be a duration such as 30s, got %q", v)}
		}
		grace = d
	}
	fs.StringVar(&o.callbackAllow, "callback-allow", getenv("MOCKEKYC_CALLBACK_ALLOW"), "only these callback destinations: hosts, *.domain, host:port, IPs, CIDRs, comma-separated (MOCKEKYC_CALLBACK_ALLOW)")
	fs.StringVar(&o.imageAllow, "image-url-allow", getenv("MOCKEKYC_IMAGE_URL_ALLOW"), "only these image URL hosts, same form (MOCKEKYC_IMAGE_URL_ALLOW)")
	fs.DurationVar(&o.grace, "shutdown-grace", grace, "how long shutdown waits for requests and callbacks in flight (MOCKEKYC_SHUTDOWN_GRACE)")
	return nil
}

func (o outboundFlags) options() (outbound.Options, error) {
	var out outbound.Options
	var err error
	if o.grace < 0 {
		return out, usageError{fmt.Sprintf("-shutdown-grace must not be negative, got %s", o.grace)}
	}
	if out.CallbackAllow, err = outbound.ParseAllow(o.callbackAllow); err != nil {
		return out, usageError{"-callback-allow: " + err.Error()}
	}
	if out.ImageAllow, err = outbound.ParseAllow(o.imageAllow); err != nil {
		return out, usageError{"-image-url-allow: " + err.Error()}
	}
	return out, nil

}

// adminFlags say who may drive /__admin.
type adminFlags struct {
	// addr, when set, moves /__admin to a listener of its own; the main
	// listener then answers /__admin with the plain 404.
	addr string
	// token is read from the environment only (MOCKEKYC_ADMIN_TOKEN): a
	// command-line token would show in ps and in shell history.
	token string
	// credentials bounds the credentials POST /__admin/accounts adds.
	credentials int
}

// maxRuntimeCredentials bounds -max-runtime-credentials: 100 000 credentials
// of at most a few KB each stay within a few hundred MB.
const maxRuntimeCredentials = 100_000

func (a *adminFlags) register(fs *flag.FlagSet, getenv func(string) string) error {
	fs.StringVar(&a.addr, "admin-addr", getenv("MOCKEKYC_ADMIN_ADDR"), "serve /__admin on this address only, e.g. 127.0.0.1:8081 (MOCKEKYC_ADMIN_ADDR; default: on -addr)")
	a.token = getenv("MOCKEKYC_ADMIN_TOKEN")
	creds := admin.DefaultLimits().RuntimeCredentials
	if v := getenv("MOCKEKYC_MAX_RUNTIME_CREDENTIALS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return usageError{fmt.Sprintf("MOCKEKYC_MAX_RUNTIME_CREDENTIALS must be an integer, got %q", v)}
		}
		creds = n
	}
	fs.IntVar(&a.credentials, "max-runtime-credentials", creds, "how many credentials POST /__admin/accounts may have added at once (MOCKEKYC_MAX_RUNTIME_CREDENTIALS)")
	return nil
}

// limits checks the flags' values.
func (a *adminFlags) limits() (admin.Limits, error) {
	if a.credentials < 1 || a.credentials > maxRuntimeCredentials {
		return admin.Limits{}, usageError{fmt.Sprintf("-max-runtime-credentials must be 1 to %d, got %d", maxRuntimeCredentials, a.credentials)}
	}
	return admin.Limits{RuntimeCredentials: a.credentials}, nil
}

func parseServe(args []string, getenv func(string) string, stderr io.Writer) (serveFlags, error) {
	fs, f, limits, err := serveFlagSet(getenv)
	if err != nil {
		return *f, err
	}
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: mockekyc [serve] [flags]   ('mockekyc help' lists the other commands)\n\nFlags (each has a MOCKEKYC_* twin):\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return *f, err
	}
	if f.limits, err = limits(); err != nil {
		return *f, err
	}
	if fs.NArg() > 0 {
		return *f, usageError{fmt.Sprintf("serve takes no arguments, got %q", fs.Args())}
	}
	// 0 keeps the config's capacity; otherwise the config's own bounds.
	if f.journalCap < 0 || f.journalCap > config.MaxJournalCapacity {
		return *f, usageError{fmt.Sprintf("-journal-cap must be 1 to %d (0: the config's), got %d", config.MaxJournalCapacity, f.journalCap)}
	}
	if _, err := f.outbound.options(); err != nil {
		return *f, err
	}
	if _, err := f.workspaces.options(); err != nil {
		return *f, err
	}
	if _, err := f.admin.limits(); err != nil {
		return *f, err
	}
	return *f, nil
}

// serveFlagSet declares serve's flags, their defaults taken from the
// environment; help prints them with an empty one.
func serveFlagSet(getenv func(string) string) (*flag.FlagSet, *serveFlags, func() (server.Limits, error), error) {
	f := new(serveFlags)
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&f.addr, "addr", envOr(getenv, "MOCKEKYC_ADDR", ":8080"), "listen address; port 0 takes a free port, which the banner's first line names (MOCKEKYC_ADDR)")
	fs.StringVar(&f.configFile, "config", getenv("MOCKEKYC_CONFIG"), "config file replacing the embedded default (MOCKEKYC_CONFIG)")
	fs.StringVar(&f.scenarioDir, "scenarios", getenv("MOCKEKYC_SCENARIOS"), "directory of scenario *.yaml files, reloaded on change (MOCKEKYC_SCENARIOS)")
	fs.StringVar(&f.seed, "seed", getenv("MOCKEKYC_SEED"), "identity seed, overrides the config's (MOCKEKYC_SEED)")
	var jcap int
	if v := getenv("MOCKEKYC_JOURNAL_CAP"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fs, f, nil, usageError{fmt.Sprintf("MOCKEKYC_JOURNAL_CAP must be an integer, got %q", v)}
		}
		jcap = n
	}
	fs.IntVar(&f.journalCap, "journal-cap", jcap, "journal capacity in requests, overrides the config's (MOCKEKYC_JOURNAL_CAP)")
	var reproducible bool
	if v := getenv("MOCKEKYC_REPRODUCIBLE_IDS"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fs, f, nil, usageError{fmt.Sprintf("MOCKEKYC_REPRODUCIBLE_IDS must be true or false, got %q", v)}
		}
		reproducible = b
	}
	fs.BoolVar(&f.reproducibleIDs, "reproducible-ids", reproducible, "the same ids in answers on every run and after every reset, as the config's ids: reproducible (MOCKEKYC_REPRODUCIBLE_IDS; default: unique per run)")
	fs.StringVar(&f.tlsAddr, "tls-addr", getenv("MOCKEKYC_TLS_ADDR"), "HTTPS listen address, e.g. :8443; off when empty (MOCKEKYC_TLS_ADDR)")
	fs.StringVar(&f.tlsCADir, "tls-ca-dir", getenv("MOCKEKYC_TLS_CA_DIR"), "directory keeping the HTTPS CA (ca.pem, ca-key.pem), created on first start; empty: a new CA each start (MOCKEKYC_TLS_CA_DIR)")
	fs.StringVar(&f.logLevel, "log-level", envOr(getenv, "MOCKEKYC_LOG_LEVEL", "info"), "debug, info, warn or error (MOCKEKYC_LOG_LEVEL)")
	if err := f.outbound.register(fs, getenv); err != nil {
		return fs, f, nil, err
	}
	if err := f.admin.register(fs, getenv); err != nil {
		return fs, f, nil, err
	}
	if err := f.workspaces.register(fs, getenv); err != nil {
		return fs, f, nil, err
	}
	return fs, f, limitFlags(fs, getenv), nil
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
	if f.reproducibleIDs {
		cfg.IDs = config.IDsReproducible
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
	out, err := f.outbound.options()
	if err != nil {
		return err
	}
	var ca *tlsca.CA
	switch {
	case f.tlsAddr != "" && f.tlsCADir != "":
		if ca, err = tlsca.Open(f.tlsCADir, time.Now()); err != nil {
			return fmt.Errorf("-tls-ca-dir: %w", err)
		}
	case f.tlsAddr != "":
		if ca, err = tlsca.Generate(time.Now()); err != nil {
			return err
		}
	case f.tlsCADir != "":
		log.Warn("HTTPS is off (no -tls-addr / MOCKEKYC_TLS_ADDR): the CA directory is not used", "tls_ca_dir", f.tlsCADir)
	}
	spaces, err := f.workspaces.options()
	if err != nil {
		return err
	}
	adminLimits, err := f.admin.limits()
	if err != nil {
		return err
	}
	opts := server.Options{Config: cfg, ScenarioDir: f.scenarioDir, Log: log, Version: version(), Outbound: out,
		AdminToken: f.admin.token, SeparateAdmin: f.admin.addr != "", Limits: f.limits, Workspaces: spaces, Admin: adminLimits}
	if ca != nil {
		opts.CACertPEM = ca.CertPEM()
	}
	srv, err := server.New(ctx, opts)
	if err != nil {
		return err
	}
	// The warm-up left some 10 MB of garbage (decompressed tables, parsed
	// YAML) that the runtime would return to the OS only slowly, and pages
	// of the binary that only start-up read (dropStartupPages). The
	// process is the command's, so the command returns them (the library
	// does not touch its importer's memory).
	go func() {
		select {
		case <-srv.Warmed():
			debug.FreeOSMemory()
			if n, err := dropStartupPages(); err != nil {
				log.Debug("the binary's start-up pages were kept", "err", err)
			} else {
				log.Debug("the binary's start-up pages were let go", "bytes", n)
			}
		case <-ctx.Done():
		}
	}()
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		_ = srv.Close(ctx)
		return err
	}
	all := []served{{hs: newHTTPServer(srv, srv, log), ln: ln}}
	closeAll := func() {
		for _, s := range all {
			s.ln.Close()
		}
		_ = srv.Close(ctx)
	}
	var tlsLn net.Listener
	if ca != nil {
		// A client without SNI (one that connects by IP address) gets a
		// certificate for that address, localhost and every vendor host.
		names := []string{"localhost"}
		for _, v := range srv.Catalogue().Vendors() {
			names = append(names, server.Hosts(v)...)
		}
		iss, err := ca.NewIssuer(tlsca.IssuerOptions{NoSNINames: names, Log: log})
		if err != nil {
			closeAll()
			return err
		}
		// One http.Server on the plain and the TLS listener.
		all[0].hs.TLSConfig = iss.TLSConfig()
		if tlsLn, err = net.Listen("tcp", f.tlsAddr); err != nil {
			closeAll()
			return fmt.Errorf("-tls-addr: %w", err)
		}
		all = append(all, served{hs: all[0].hs, ln: tlsLn, tls: true})
	}
	adminAddr := ln.Addr()
	if f.admin.addr != "" {
		aln, err := net.Listen("tcp", f.admin.addr)
		if err != nil {
			closeAll()
			return fmt.Errorf("-admin-addr: %w", err)
		}
		all = append(all, served{hs: newHTTPServer(srv, srv.AdminHandler(), log), ln: aln})
		adminAddr = aln.Addr()
	}
	servers := []*http.Server{all[0].hs}
	for _, s := range all {
		// No callback or image fetch may reach any of the mock's listeners.
		srv.AddListener(s.ln.Addr())
		if !slices.Contains(servers, s.hs) {
			servers = append(servers, s.hs)
		}
	}
	// The banner goes out in one write: whoever reads its first line (a
	// script, a test that asked for port 0 and learns the port from it)
	// has all of it.
	var b strings.Builder
	banner(&b, ln.Addr(), adminAddr, f.admin.token != "", cfg, srv)
	if tlsLn != nil {
		tlsBanner(&b, tlsLn.Addr(), ln.Addr(), ca)
	}
	_, _ = io.WriteString(stdout, b.String())
	errc := make(chan error, len(all))
	for _, s := range all {
		go func() {
			if s.tls {
				errc <- s.hs.ServeTLS(s.ln, "", "")
				return
			}
			errc <- s.hs.Serve(s.ln)
		}()
	}
	var serveErr error
	select {
	case serveErr = <-errc:
		// One listener failed: stop the others and the server's own work.
	case <-ctx.Done():
	}
	return cmp.Or(serveErr, shutdown(servers, srv, f.outbound.grace, log))
}

// served is one listener and the http.Server answering on it.
type served struct {
	hs  *http.Server
	ln  net.Listener
	tls bool
}

// shutdown answers what is in flight within grace: delays and timeout
// faults end at once (Drain), requests finish, queued and running callback
// deliveries get the rest of the grace, then are dropped (journaled, and
// counted in the log).
func shutdown(servers []*http.Server, srv *server.Server, grace time.Duration, log *slog.Logger) error {
	log.Info("shutting down", "grace", grace)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	srv.Drain()
	var err error
	for _, hs := range servers {
		if serr := hs.Shutdown(sctx); serr != nil {
			err = cmp.Or(err, hs.Close())
		}
	}
	_ = srv.Close(sctx)
	return err
}

// newHTTPServer is the server's http.Server (its connection limits) for h,
// with net/http's errors logged through httpErrorLog.
func newHTTPServer(srv *server.Server, h http.Handler, log *slog.Logger) *http.Server {
	hs := srv.HTTPServer(h, log)
	hs.ErrorLog = stdlog.New(httpErrorLog{log}, "", 0)
	return hs
}

// baseURL is the http:// URL a client on this machine uses for addr.
func baseURL(addr net.Addr) string { return "http://" + displayHost(addr) }

// defaultMemoryLimit is the Go runtime's soft memory limit when GOMEMLIMIT
// is not set. The collector works harder only as the runtime's memory nears
// it. RSS is about this limit plus the binary's own pages (18 MiB,
// file-backed, which no setting moves): 38 MiB keeps the hostile run
// (6 MB images back to back, 100 stalled bodies, every request kind at
// once) under 64 MB resident, where 44 MiB peaked at 66 MiB and 40 MiB at
// 60-62 MiB (BENCHMARKS.md says what it costs in CPU). Large image
// bodies are held twice, not three times (the JSON string and form value
// share the body), which leaves the collector more room under it. An idle
// server holds about 30 MB.
const defaultMemoryLimit = 38 << 20

// setMemoryLimit applies defaultMemoryLimit unless GOMEMLIMIT is set (the
// runtime has read it then; GOMEMLIMIT=off means no limit) and returns the
// limit it replaced.
func setMemoryLimit(getenv func(string) string) (previous int64) {
	if getenv("GOMEMLIMIT") != "" {
		return debug.SetMemoryLimit(-1)
	}
	return debug.SetMemoryLimit(defaultMemoryLimit)
}

// httpErrorLog carries net/http's error log into log at level warn, with
// TLS handshake errors made helpful: a client that does not trust the CA is
// told where the CA is, and the refusal of a bad SNI, which the issuer has
// logged already, is not logged a second time under crypto/tls's
// misleading "no certificates configured".
type httpErrorLog struct{ log *slog.Logger }

func (h httpErrorLog) Write(p []byte) (int, error) {
	msg := strings.TrimSuffix(string(p), "\n")
	switch {
	case strings.Contains(msg, "TLS handshake error") && strings.HasSuffix(msg, "tls: no certificates configured"):
	case strings.Contains(msg, "TLS handshake error") && (strings.Contains(msg, "bad certificate") || strings.Contains(msg, "unknown certificate authority")):
		h.log.Warn(msg, "hint", "the client does not trust mockekyc's CA: 'mockekyc ca' or GET /__admin/ca.pem gives it, README.md#https-for-the-vendors-real-hostnames says how to trust it")
	default:
		h.log.Warn(msg)
	}
	return len(p), nil
}

// displayHost is addr as a user types it: localhost for a listener on
// every interface.
func displayHost(addr net.Addr) string {
	if tcp, ok := addr.(*net.TCPAddr); ok && (tcp.IP == nil || tcp.IP.IsUnspecified()) {
		return net.JoinHostPort("localhost", strconv.Itoa(tcp.Port))
	}
	return addr.String()
}

// tlsBanner says where HTTPS answers and how to get the CA to trust.
func tlsBanner(w io.Writer, tlsAddr, addr net.Addr, ca *tlsca.CA) {
	_, port, _ := net.SplitHostPort(displayHost(tlsAddr))
	fmt.Fprintf(w, "https: https://%s, and https://api.ekycpro.com:%s etc. once a vendor's hostname resolves to the mock:\n", displayHost(tlsAddr), port)
	fmt.Fprintf(w, "       every hostname a client asks for (SNI) gets a certificate signed by %q\n", tlsca.Name)
	if ca.Dir() != "" {
		how := "loaded"
		if ca.Created() {
			how = "created now"
		}
		fmt.Fprintf(w, "CA:    %s (%s, kept for later starts: trust it once); also: mockekyc ca -tls-ca-dir %s\n", ca.CertPath(), how, ca.Dir())
	} else {
		fmt.Fprintf(w, "CA:    new at each start (set -tls-ca-dir to keep it): curl -so mockekyc-ca.pem http://%s/__admin/ca.pem\n", displayHost(addr))
	}
}

// credentialWarnings warns of each vendor that no credential lets in: one
// without credentials (a -config that leaves its block out) or with only
// disabled or expired ones. The mock would start and refuse every call to
// it with the vendor's wrong-credential answer, which looks like a client
// bug; the warning names the vendor, the file and what to add.
func credentialWarnings(w io.Writer, cfg *config.Config, vendors []emulate.Vendor, now time.Time) {
	file := cfg.File
	if file == "" || file == "default.yaml" {
		file = "the config"
	}
	first := true
	for _, v := range vendors {
		creds := cfg.Vendors[v.Name()].Credentials
		usable := slices.ContainsFunc(creds, func(c ledger.Credential) bool {
			return !c.Disabled && (c.Expires == nil || now.Before(*c.Expires))
		})
		if usable {
			continue
		}
		if first {
			fmt.Fprintln(w)
			first = false
		}
		what := "no credentials"
		if len(creds) > 0 {
			what = fmt.Sprintf("no usable credential (%d, all disabled or expired)", len(creds))
		}
		fmt.Fprintf(w, "WARNING: %s has %s in %s: every call to it will be refused as a wrong credential.\n", v.Title(), what, file)
		fmt.Fprintf(w, "         Add one under vendors.%s.credentials", v.Name())
		if def := config.Default().Vendors[v.Name()].Credentials; len(def) > 0 {
			c := def[0]
			fmt.Fprintf(w, ", e.g. the default's: - {id: %s", c.ID)
			if c.Secret != "" {
				fmt.Fprintf(w, ", secret: %s", c.Secret)
			}
			fmt.Fprint(w, "}")
		}
		fmt.Fprintln(w)
	}
}

// banner prints where each vendor answers and which credentials work.
func banner(w io.Writer, addr, adminAddr net.Addr, adminToken bool, cfg *config.Config, srv *server.Server) {
	base := baseURL(addr)
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
		if len(creds) == 0 {
			creds = []string{"none (see the warning below)"}
		}
		fmt.Fprintf(tw, "%s\t%s/%s\t%s\t%s\n", v.Title(), base, v.Name(), strings.Join(server.Hosts(v), ", "), strings.Join(creds, "; "))
	}
	_ = tw.Flush()
	credentialWarnings(w, cfg, srv.Catalogue().Vendors(), time.Now())
	admin := baseURL(adminAddr)
	fmt.Fprintf(w, "\nweb UI: %s/__admin/ui/   (what your client sent, why the mock answered so, coverage)\n", admin)
	fmt.Fprintf(w, "admin: %s/__admin/health   journal: %s/__admin/requests   catalogue: %s/__admin/catalogue\n", admin, admin, admin)
	switch {
	case admin != base && adminToken:
		fmt.Fprintf(w, "admin: on its own listener only, token-protected (Authorization: Bearer $MOCKEKYC_ADMIN_TOKEN; health needs none)\n")
	case admin != base:
		fmt.Fprintf(w, "admin: on its own listener only, no token (MOCKEKYC_ADMIN_TOKEN sets one)\n")
	case adminToken:
		fmt.Fprintf(w, "admin: token-protected (Authorization: Bearer $MOCKEKYC_ADMIN_TOKEN; health needs none)\n")
	}
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		fmt.Fprintf(w, "memory: soft limit %d MiB (GOMEMLIMIT=128MiB to raise it, GOMEMLIMIT=off for none)\n", limit>>20)
	}
}
