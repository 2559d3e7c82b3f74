package main

import (
	"bytes"
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

// TestHelpListsCommands: `mockekyc -h` is the program's help, as `mockekyc
// help` is (the commands, then serve's flags), not serve's flags alone.
func TestHelpListsCommands(t *testing.T) {
	var help, helpErr bytes.Buffer
	if err := run(context.Background(), []string{"help"}, noEnv, &help, &helpErr); err != nil {
		t.Fatalf("help: %v", err)
	}
	for _, want := range []string{"mockekyc validate FILE", "mockekyc healthcheck", "mockekyc version", "Flags of serve", "-addr", "-tls-addr", "-max-header-bytes"} {
		if !strings.Contains(help.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, help.String())
		}
	}
	for _, flag := range []string{"-h", "-help", "--help"} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), []string{flag}, noEnv, &out, &errOut); err != nil {
			t.Errorf("mockekyc %s: %v", flag, err)
		}
		if out.String() != help.String() || errOut.Len() != 0 {
			t.Errorf("mockekyc %s printed\n%s\nstderr %q, want what mockekyc help prints", flag, out.String(), errOut.String())
		}
	}
	// serve -h stays serve's, and says where the rest is.
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"serve", "-h"}, noEnv, &out, &errOut); err == nil || !strings.Contains(errOut.String(), "'mockekyc help' lists the other commands") || !strings.Contains(errOut.String(), "-addr") {
		t.Errorf("serve -h: %v\n%s", err, errOut.String())
	}
}

// TestVersionOf: a build from a git checkout names its commit (the VCS
// stamp), a link-time version wins, a release is itself.
func TestVersionOf(t *testing.T) {
	vcs := func(modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "4ffbd7bbea8e4a2238cf9e6286c65302e688169e"},
			{Key: "vcs.time", Value: "2026-12-07T15:20:55Z"}, {Key: "vcs.modified", Value: modified}}
	}
	info := func(v string, s []debug.BuildSetting) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Path: "github.com/mockekyc/mockekyc", Version: v}, Settings: s}
	}
	for _, tc := range []struct {
		name, linked, rev string
		bi                *debug.BuildInfo
		want              string
	}{
		{"git checkout, clean", "", "", info("v0.0.0-20261207152055-4ffbd7bbea8e", vcs("false")), "dev-4ffbd7bbea8e (commit of 2026-12-07T15:20:55Z)"},
		{"git checkout, modified", "", "", info("v0.0.0-20261207152055-4ffbd7bbea8e+dirty", vcs("true")), "dev-4ffbd7bbea8e-modified (commit of 2026-12-07T15:20:55Z)"},
		{"stamp without a module version", "", "", info("(devel)", vcs("false")), "dev-4ffbd7bbea8e (commit of 2026-12-07T15:20:55Z)"},
		{"release", "", "", info("v1.4.0", vcs("false")), "v1.4.0"},
		{"pseudo-version alone", "", "", info("v0.0.0-20261207152055-4ffbd7bbea8e", nil), "v0.0.0-20261207152055-4ffbd7bbea8e"},
		{"docker build", "v1.4.0-3-g4ffbd7b", "4ffbd7bbea8e4a2238cf9e6286c65302e688169e", info("(devel)", nil), "v1.4.0-3-g4ffbd7b (commit 4ffbd7bbea8e)"},
		{"docker build, no revision", "dev", "", info("(devel)", nil), "dev"},
		{"go run, -buildvcs=false", "", "", info("(devel)", nil), "dev"},
		{"no build info", "", "", nil, "dev"},
	} {
		if got := versionOf(tc.linked, tc.rev, tc.bi); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestDockerfileStampsVersion: the Dockerfile's -ldflags -X names
// variables package main declares (the linker ignores a name that does
// not exist, silently), sets the version and the commit, and declares
// their ARGs in the build stage.
func TestDockerfileStampsVersion(t *testing.T) {
	data, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	build, _, _ := strings.Cut(string(data), "FROM scratch")
	vars := packageVars(t)
	stamped := map[string]string{}
	for _, m := range regexp.MustCompile(`-X main\.(\w+)=\$\{(\w+)\}`).FindAllStringSubmatch(build, -1) {
		stamped[m[1]] = m[2]
		if !vars[m[1]] {
			t.Errorf("the Dockerfile sets main.%s, which package main does not declare", m[1])
		}
		if !regexp.MustCompile(`(?m)^ARG ` + m[2] + `\b`).MatchString(build) {
			t.Errorf("the Dockerfile's build stage uses ${%s} without ARG %s", m[2], m[2])
		}
	}
	if stamped["buildVersion"] != "VERSION" || stamped["buildRevision"] != "REVISION" {
		t.Errorf("the Dockerfile stamps %v, want buildVersion=${VERSION} and buildRevision=${REVISION}", stamped)
	}
}

// packageVars lists the package-level variables of package main.
func packageVars(t *testing.T) map[string]bool {
	t.Helper()
	files, _ := filepath.Glob("*.go")
	out := map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
				for _, s := range g.Specs {
					for _, n := range s.(*ast.ValueSpec).Names {
						out[n.Name] = true
					}
				}
			}
		}
	}
	return out
}
