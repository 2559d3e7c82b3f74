package specs

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/specs/internal/build"
)

// TestCompiledSpecs: each compiled/<vendor>.json is its YAML as kin-openapi
// loads it, and loads back to the same document; a YAML edited without
// go generate fails here.
func TestCompiledSpecs(t *testing.T) {
	names, err := fs.Glob(FS, "*.yaml")
	if err != nil || len(names) != 5 {
		t.Fatalf("specs %v, %v", names, err)
	}
	compiled, _ := fs.Glob(FS, "compiled/*.json")
	if len(compiled) != len(names) {
		t.Errorf("compiled %v for %v", compiled, names)
	}
	load := func(data []byte) []byte {
		t.Helper()
		js, err := build.Compile(data)
		if err != nil {
			t.Fatal(err)
		}
		return js
	}
	for _, name := range names {
		yaml, _ := fs.ReadFile(FS, name)
		js, err := fs.ReadFile(FS, "compiled/"+strings.TrimSuffix(name, ".yaml")+".json")
		if err != nil {
			t.Errorf("%s: %v (run go generate ./specs)", name, err)
			continue
		}
		if !bytes.Equal(load(yaml), js) {
			t.Errorf("compiled JSON of %s is stale: run go generate ./specs", name)
		}
		if !bytes.Equal(load(js), js) {
			t.Errorf("compiled JSON of %s does not load back to itself", name)
		}
		// compiled/requests/<vendor>.json: exactly the request sides
		// CompileRequests makes of the compiled document.
		vendor := strings.TrimSuffix(name, ".yaml")
		want, err := build.CompileRequests(js)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := fs.ReadFile(FS, "compiled/requests/"+vendor+".json")
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("compiled/requests/%s.json is stale or missing: run go generate ./specs", vendor)
		}
	}
}
