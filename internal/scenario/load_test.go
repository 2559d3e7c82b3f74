package scenario

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func ruleSources(rules []Rule) []string {
	var out []string
	for _, r := range rules {
		out = append(out, r.Name+"@"+r.Source)
	}
	return out
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "b.yaml", "scenarios:\n  - {name: b, vendor: izidata, respond: {code: SUCCESS}}\n")
	writeFile(t, dir, "a.yml", "# first by name\nscenarios:\n  - {name: a, vendor: verihubs, respond: {code: OK}}\n")
	writeFile(t, dir, "c.YAML", "scenarios: []\n")
	writeFile(t, dir, ".#b.yaml", "broken: [") // editor lock files are skipped
	writeFile(t, dir, "notes.txt", "broken: [")
	writeFile(t, dir, "sub/d.yaml", "broken: [") // subdirectories are not read

	rules, err := LoadDir(dir, testCatalogue())
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(ruleSources(rules), " ")
	want := "a@" + filepath.Join(dir, "a.yml") + ":3 b@" + filepath.Join(dir, "b.yaml") + ":2"
	if got != want {
		t.Errorf("rules = %s\nwant    %s", got, want)
	}
}

func TestLoadDirReportsEveryFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "1.yaml", "scenarios:\n  - {name: a, vendor: nope, respond: {code: OK}}\n")
	writeFile(t, dir, "2.yaml", "scenarios:\n  - {name: ok, vendor: verihubs, respond: {code: OK}}\n")
	writeFile(t, dir, "3.yaml", "scenarios:\n  - name: b\n    vendor: verihubs\n    respond: {fault: boom}\n")
	rules, err := LoadDir(dir, testCatalogue())
	if rules != nil {
		t.Errorf("rules returned with errors: %v", rules)
	}
	got := errorLines(t, err)
	if len(got) != 2 ||
		!strings.HasPrefix(got[0], filepath.Join(dir, "1.yaml")+`:2: unknown vendor "nope"`) ||
		!strings.HasPrefix(got[1], filepath.Join(dir, "3.yaml")+`:4: unknown respond.fault "boom"`) {
		t.Errorf("errors:\n%s", strings.Join(got, "\n"))
	}
}

func TestLoadDirMissing(t *testing.T) {
	if _, err := LoadDir(filepath.Join(t.TempDir(), "nope"), testCatalogue()); err == nil {
		t.Error("missing directory loaded without error")
	}
}

func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"scenarios/verihubs.yaml": {Data: []byte("scenarios:\n\n  - {name: v, vendor: verihubs, respond: {code: OK}}\n")},
		"scenarios/izidata.yml":   {Data: []byte("scenarios:\n  - {name: i, vendor: izidata, respond: {code: SUCCESS}}\n")},
		"scenarios/README.md":     {Data: []byte("# not a rule file")},
		"other/x.yaml":            {Data: []byte("broken: [")},
	}
	rules, err := LoadFS(fsys, "scenarios", testCatalogue())
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(ruleSources(rules), " ")
	if want := "i@embedded:scenarios/izidata.yml:2 v@embedded:scenarios/verihubs.yaml:3"; got != want {
		t.Errorf("rules = %s, want %s", got, want)
	}
	fsys["scenarios/bad.yaml"] = &fstest.MapFile{Data: []byte("scenarios:\n  - {name: b, vendor: verihubs, endpoint: x, respond: {code: OK}}\n")}
	if _, err := LoadFS(fsys, "scenarios", testCatalogue()); err == nil ||
		!strings.HasPrefix(err.Error(), `embedded:scenarios/bad.yaml:2: unknown endpoint "x"`) {
		t.Errorf("err = %v", err)
	}
}

func TestReloader(t *testing.T) {
	dir := t.TempDir()
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	set := NewSet(testCatalogue())
	r := NewReloader(dir, testCatalogue(), set, log)
	resolve := func() string { return ruleName(set.Resolve(forgeryFacts())) }
	check := func(wantReloaded, wantErr bool) error {
		t.Helper()
		reloaded, err := r.Check()
		if reloaded != wantReloaded || (err != nil) != wantErr {
			t.Fatalf("Check() = %v, %v; want reloaded=%v err=%v", reloaded, err, wantReloaded, wantErr)
		}
		return err
	}
	// A change is loaded once two Checks read it alike (see Check): the
	// first Check after an edit only notes it.
	settle := func() {
		t.Helper()
		check(false, false)
	}

	p := writeFile(t, dir, "a.yaml", "scenarios:\n  - {name: one, vendor: verihubs, respond: {code: OK}}\n")
	check(true, false)
	if got := resolve(); got != "one" {
		t.Fatalf("after first load: %s", got)
	}
	check(false, false) // nothing changed

	// A broken edit: every problem logged, previous rules kept.
	writeFile(t, dir, "a.yaml", "scenarios:\n  - {name: two, vendor: verihubs, endpoint: nope, respond: {code: OK}}\n  - {name: three, vendor: verihubs, respond: {fault: boom}}\n")
	settle()
	err := check(false, true)
	if got := resolve(); got != "one" {
		t.Errorf("a broken file replaced the rules: %s", got)
	}
	for _, want := range []string{p + `:2: unknown endpoint \"nope\"`, p + `:3: unknown respond.fault \"boom\"`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
	if len(errorLines(t, err)) != 2 {
		t.Errorf("err = %v", err)
	}
	logged := logs.Len()
	check(false, false) // the same broken file is not re-logged
	if logs.Len() != logged {
		t.Errorf("unchanged broken file logged again:\n%s", logs.String()[logged:])
	}

	// The fix is picked up.
	writeFile(t, dir, "a.yaml", "scenarios:\n  - {name: two, vendor: verihubs, respond: {code: OK}}\n")
	settle()
	check(true, false)
	if got := resolve(); got != "two" {
		t.Errorf("after fix: %s", got)
	}

	// Same size, same mtime, different content: still noticed.
	info, _ := os.Stat(p)
	writeFile(t, dir, "a.yaml", "scenarios:\n  - {name: owt, vendor: verihubs, respond: {code: OK}}\n")
	if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	settle()
	check(true, false)
	if got := resolve(); got != "owt" {
		t.Errorf("after same-size edit: %s", got)
	}

	// Removing the last file empties the group.
	os.Remove(p)
	settle()
	check(true, false)
	if got := resolve(); got != "<nil>" {
		t.Errorf("after removal: %s", got)
	}
}

func TestReloaderMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "later")
	var logs bytes.Buffer
	set := NewSet(testCatalogue())
	r := NewReloader(dir, testCatalogue(), set, slog.New(slog.NewTextHandler(&logs, nil)))
	for range 3 {
		if _, err := r.Check(); err == nil {
			t.Fatal("missing directory: no error")
		}
	}
	if n := strings.Count(logs.String(), "unreadable"); n != 1 {
		t.Errorf("missing directory logged %d times, want once:\n%s", n, logs.String())
	}
	writeFile(t, dir, "a.yaml", "scenarios:\n  - {name: one, vendor: verihubs, respond: {code: OK}}\n")
	if reloaded, err := r.Check(); !reloaded || err != nil {
		t.Fatalf("Check() = %v, %v", reloaded, err)
	}
}

// TestReloaderRun: the reloader as the server runs it (Check, then Run)
// picks up a changed file and stops with its context.
func TestReloaderRun(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.yaml", "scenarios:\n  - {name: one, vendor: verihubs, respond: {code: OK}}\n")
	set := NewSet(testCatalogue())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	r := NewReloader(dir, testCatalogue(), set, nil)
	if _, err := r.Check(); err != nil {
		t.Fatal(err)
	}
	go func() {
		r.Run(ctx, 5*time.Millisecond)
		close(done)
	}()
	waitFor := func(want string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for ruleName(set.Resolve(forgeryFacts())) != want {
			if time.Now().After(deadline) {
				t.Fatalf("rule %s never loaded", want)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	waitFor("one")
	writeFile(t, dir, "a.yaml", "scenarios:\n  - {name: second, vendor: verihubs, respond: {code: OK}}\n")
	waitFor("second")
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}
