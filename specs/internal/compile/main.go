// Command compile writes specs/compiled/<vendor>.json for every
// specs/<vendor>.yaml: the document as kin-openapi loads it, in its own JSON
// form; and compiled/ops/<vendor>/<operationId>.json, each operation's
// request side alone (build.CompileOps). The server loads the JSON:
// kin-openapi reads YAML by converting it to JSON first, a third of a
// spec's loading time, and the first request to each vendor waits for the
// request side of its operation.
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
		ops, err := build.CompileOps(js)
		if err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		// The directory is written anew: an operation renamed or removed
		// leaves no stale file behind.
		dir := filepath.Join("compiled", "ops", vendor)
		if err := os.RemoveAll(dir); err != nil {
			log.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			log.Fatal(err)
		}
		for id, op := range ops {
			if err := os.WriteFile(filepath.Join(dir, id+".json"), op, 0o644); err != nil {
				log.Fatal(err)
			}
		}
	}
}
