// Command compile writes specs/compiled/<vendor>.json for every
// specs/<vendor>.yaml: the document as kin-openapi loads it, in its own JSON
// form, which the tests' kin-openapi validator loads (kin-openapi reads
// YAML by converting it to JSON first, a third of a spec's loading time);
// and compiled/requests/<vendor>.json, the request sides of its operations
// in internal/reqspec's compact form (build.CompileRequests), which is what
// the running mock validates requests against.
//
// Usage (see the go:generate line in ../../embed.go), from specs/:
//
//	go run ./internal/compile
//
// TestCompiledSpecs fails until it is run after a change to a YAML file.
package main

import (
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/mockekyc/mockekyc/specs/internal/build"
)

func main() {
	log.SetFlags(0)
	names, err := filepath.Glob("*.yaml")
	if err != nil || len(names) == 0 {
		log.Fatalf("no *.yaml here (run from specs/): %v", err)
	}
	// compiled/ops held the request sides for kin-openapi before
	// internal/reqspec; compiled/requests is written anew.
	for _, dir := range []string{filepath.Join("compiled", "ops"), filepath.Join("compiled", "requests")} {
		if err := os.RemoveAll(dir); err != nil {
			log.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join("compiled", "requests"), 0o755); err != nil {
		log.Fatal(err)
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			log.Fatal(err)
		}
		js, err := build.Compile(data)
		if err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		vendor := strings.TrimSuffix(name, ".yaml")
		if err := os.WriteFile(filepath.Join("compiled", vendor+".json"), js, 0o644); err != nil {
			log.Fatal(err)
		}
		reqs, err := build.CompileRequests(js)
		if err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join("compiled", "requests", vendor+".json"), reqs, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
