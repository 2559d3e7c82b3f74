package scenario

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
)

// TestReloaderInPlaceRewrites: a file rewritten in place (truncate, then
// write in two steps) while requests are answered. The reloader polls at
// every step of every rewrite, as an unlucky ticker would, and no
// request may be answered without the rule: the empty file and the file
// holding only its first rule are never loaded. Each settled rewrite is
// loaded.
func TestReloaderInPlaceRewrites(t *testing.T) {
	dir := t.TempDir()
	set := NewSet(testCatalogue())
	r := NewReloader(dir, testCatalogue(), set, nil)
	// The first rule does not apply to forgeryFacts; the second does, so a
	// file cut after its first rule parses but answers without the rule.
	first := func(n int) string {
		return fmt.Sprintf("scenarios:\n  - {name: other-%d, vendor: verihubs, match: {credential: someone-else}, respond: {code: OK}}\n", n)
	}
	second := func(n int) string {
		return fmt.Sprintf("  - {name: rule-%d, vendor: verihubs, respond: {code: OK}}\n", n)
	}
	p := filepath.Join(dir, "suite.yaml")
	if err := os.WriteFile(p, []byte(first(0)+second(0)), 0o644); err != nil {
		t.Fatal(err)
	}
	if reloaded, err := r.Check(); !reloaded || err != nil {
		t.Fatalf("first Check = %v, %v", reloaded, err)
	}

	var misses, answered atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if set.Resolve(forgeryFacts()) == nil {
					misses.Add(1)
				}
				answered.Add(1)
			}
		}()
	}
	poll := func(step string, n int) {
		t.Helper()
		if _, err := r.Check(); err != nil {
			t.Errorf("rewrite %d, %s: %v", n, step, err)
		}
		if set.Resolve(forgeryFacts()) == nil {
			t.Errorf("rewrite %d, %s: answered without the rule", n, step)
		}
	}
	for n := 1; n <= 50; n++ {
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			t.Fatal(err)
		}
		poll("truncated", n)
		if _, err := f.WriteString(first(n)); err != nil {
			t.Fatal(err)
		}
		poll("first half written", n)
		if _, err := f.WriteString(second(n)); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		poll("written", n)
		poll("settled", n)
		if got, want := ruleName(set.Resolve(forgeryFacts())), fmt.Sprintf("rule-%d", n); got != want {
			t.Fatalf("after rewrite %d settled: rule %s, want %s", n, got, want)
		}
	}
	close(stop)
	wg.Wait()
	if misses.Load() != 0 {
		t.Errorf("%d of %d concurrent requests answered without the rule", misses.Load(), answered.Load())
	}
}

// TestReloaderRenameSave: editors that save by writing a temporary file and
// renaming it over the old one (vim with backupcopy=no, VS Code, sed -i), or
// that delete the old file first: the rule is there at every poll, and the
// new one is loaded once settled.
func TestReloaderRenameSave(t *testing.T) {
	dir := t.TempDir()
	set := NewSet(testCatalogue())
	r := NewReloader(dir, testCatalogue(), set, nil)
	p := writeFile(t, dir, "suite.yaml", "scenarios:\n  - {name: old, vendor: verihubs, respond: {code: OK}}\n")
	if _, err := r.Check(); err != nil {
		t.Fatal(err)
	}
	poll := func(step string) {
		t.Helper()
		if _, err := r.Check(); err != nil {
			t.Errorf("%s: %v", step, err)
		}
		if set.Resolve(forgeryFacts()) == nil {
			t.Errorf("%s: answered without the rule", step)
		}
	}
	for _, tmp := range []string{".suite.yaml.swp", "suite.yaml~", "suite.yaml.tmp"} {
		writeFile(t, dir, tmp, "scenarios:\n  - {name: ne")
		poll("temporary half written: " + tmp)
		writeFile(t, dir, tmp, "scenarios:\n  - {name: new, vendor: verihubs, respond: {code: OK}}\n")
		poll("temporary written: " + tmp)
		if err := os.Rename(filepath.Join(dir, tmp), p); err != nil {
			t.Fatal(err)
		}
		poll("renamed: " + tmp)
		poll("settled: " + tmp)
		if got := ruleName(set.Resolve(forgeryFacts())); got != "new" {
			t.Fatalf("after rename of %s: %s", tmp, got)
		}
		writeFile(t, dir, "suite.yaml", "scenarios:\n  - {name: old, vendor: verihubs, respond: {code: OK}}\n")
		poll("back to old")
		poll("back to old, settled")
	}
}

// A file listed and then gone before it is read (an editor deleting it to
// rename another into place) is read as absent, not as a broken directory.
func TestReadFilesVanished(t *testing.T) {
	fsys := vanishingFS{fstest.MapFS{
		"a.yaml": {Data: []byte("scenarios: []\n")},
		"b.yaml": {Data: []byte("scenarios: []\n")},
	}, "b.yaml"}
	files, err := readFiles(fsys, ".", func(name string) string { return name })
	if err != nil || len(files) != 1 || files[0].display != "a.yaml" {
		t.Fatalf("readFiles = %v, %v; want a.yaml alone", files, err)
	}
}

// vanishingFS lists gone but cannot open it.
type vanishingFS struct {
	fstest.MapFS
	gone string
}

func (v vanishingFS) Open(name string) (fs.File, error) {
	if name == v.gone {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return v.MapFS.Open(name)
}

func (v vanishingFS) ReadFile(name string) ([]byte, error) {
	if name == v.gone {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return v.MapFS.ReadFile(name)
}
