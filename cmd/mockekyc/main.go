// Command mockekyc serves five Indonesian eKYC vendor APIs (iziData,
// ADVANCE.AI, AccuAuth, Verihubs, eKYCPro) on one port for integration tests
// and local development. `mockekyc -h` lists the subcommands.
//
// Fake people are deterministic: the same seed and subject give the same
// person on every run. The ids in answers (ADVANCE transactionId, Verihubs
// id and reference_id, AccuAuth request_id and order_no) are unique per run
// by default: a random nonce drawn at start and at every admin reset is
// mixed into their sequences, so ids an application stores under a unique
// constraint do not collide from one test run to the next. The config's
// `ids: reproducible`, -reproducible-ids or MOCKEKYC_REPRODUCIBLE_IDS=true
// gives the same ids, byte for byte, for the same seed, clock and requests.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode reports err on stderr and is the process's exit status: 0, 2
// for a usage error, else 1.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ue usageError
	if !errors.As(err, &ue) || ue.msg != "" {
		fmt.Fprintln(stderr, "mockekyc:", err)
	}
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// parseFlags parses a subcommand's flags: -h is a usageError without a
// message (the flag package has printed the usage), any other mistake one
// with flag's message.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return usageError{}
		}
		return usageError{err.Error()}
	}
	return nil
}

const usage = `mockekyc — a faithful mock of five Indonesian eKYC vendor APIs

Usage:
  mockekyc [serve] [flags]           serve every vendor on one port (default; -tls-addr :8443 adds HTTPS)
  mockekyc validate FILE...          check config and scenario files (exit 1 with file:line: reason)
  mockekyc healthcheck [-addr A]     exit 0 when a running mockekyc answers (for container health checks)
  mockekyc fixture [flags]           write a test image (format, size, bytes, marker)
  mockekyc izidata PATH field=...    send one request signed as the iziData SDKs sign
  mockekyc ca [-tls-ca-dir D]        print the HTTPS CA certificate to trust (from D, or a running server)
  mockekyc version                   print the version

Run 'mockekyc <command> -h' for the flags of a command.
`

// help prints the commands, then the flags of serve, the default command
// (their defaults as without any MOCKEKYC_* variable).
func help(w io.Writer) error {
	fmt.Fprint(w, usage)
	fs, _, _, err := serveFlagSet(func(string) string { return "" })
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nFlags of serve, the default command (each has a MOCKEKYC_* twin):\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	return nil
}

// run is main without the process: tests call it with their own args,
// environment and output.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		// The program's help, not serve's: serve is only the default.
		cmd = "help"
	} else if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, getenv, stdout, stderr)
	case "validate":
		return validate(args, stdout, stderr)
	case "healthcheck":
		return healthcheck(ctx, args, getenv, stdout, stderr)
	case "fixture":
		return fixture(args, getenv, stdout, stderr)
	case "izidata":
		return izidataCmd(ctx, args, getenv, stdout, stderr)
	case "ca":
		return caCmd(ctx, args, getenv, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "mockekyc", version())
		return nil
	case "help":
		return help(stdout)
	default:
		fmt.Fprint(stderr, usage)
		return usageError{fmt.Sprintf("unknown command %q", cmd)}
	}
}
