// Command compile writes specs/compiled/<vendor>.json for every
// specs/<vendor>.yaml: the document as kin-openapi loads it, in its own JSON
// form. The server loads the JSON: kin-openapi reads YAML by converting it
// to JSON first, a third of a spec's loading time, and the first request to
// each vendor waits for its spec.
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

	"github.com/mockekyc/mockekyc/specs"
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
		js, err := specs.Compile(data)
		if err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		out := filepath.Join("compiled", strings.TrimSuffix(name, ".yaml")+".json")
		if err := os.WriteFile(out, js, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
