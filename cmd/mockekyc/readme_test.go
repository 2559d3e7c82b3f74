package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/server"
)

// TestMain lets the test binary stand in for the mockekyc binary: the
// README runner calls it for `go run ./cmd/mockekyc fixture ...`.
func TestMain(m *testing.M) {
	if os.Getenv("MOCKEKYC_TEST_AS_CLI") == "1" {
		os.Exit(exitCode(run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr), os.Stderr))
	}
	os.Exit(m.Run())
}

// readmeCommand is one shell command of a README example: its first line,
// its text (continuation lines included) and the comments that go with it
// (on its lines, and the comment lines right after it: the answer shown).
type readmeCommand struct {
	line     int
	text     string
	comments string
}

// readmeExamples are the commands of the README's sh blocks that talk to
// a running mock on localhost:8080 (or through `mockekyc izidata`), in
// README order. Blocks that need Docker, HTTPS or another address are not
// examples of this kind; lines that start the mock itself are left out.
func readmeExamples(t *testing.T) []readmeCommand {
	t.Helper()
	f, err := os.Open("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type block struct {
		start int
		lines []string
	}
	var blocks []block
	var cur *block
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		switch {
		case cur == nil && text == "```sh":
			cur = &block{start: n + 1}
		case cur != nil && text == "```":
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.lines = append(cur.lines, text)
		}
	}
	var cmds []readmeCommand
	for _, b := range blocks {
		all := strings.Join(b.lines, "\n")
		if !strings.Contains(all, "localhost:8080") && !strings.Contains(all, "mockekyc izidata") || strings.Contains(all, "docker ") {
			continue
		}
		var last *readmeCommand
		cont := false
		for i, text := range b.lines {
			trimmed := strings.TrimSpace(text)
			switch {
			case cont:
				last.text += "\n" + text
				last.comments += trailingComment(text)
			case trimmed == "":
				last = nil
				continue
			case strings.HasPrefix(trimmed, "#"):
				if last != nil {
					last.comments += " " + trimmed
				}
				continue
			case trimmed == "go run ./cmd/mockekyc &" || trimmed == "go run ./cmd/mockekyc":
				last = nil // the mock the examples talk to: the test's
				continue
			default:
				cmds = append(cmds, readmeCommand{line: b.start + i, text: text, comments: trailingComment(text)})
				last = &cmds[len(cmds)-1]
			}
			cont = strings.HasSuffix(text, "\\")
		}
	}
	return cmds
}

var shellComment = regexp.MustCompile(`\s#\s.*$`)

func trailingComment(line string) string { return " " + shellComment.FindString(line) }

// TestREADMEExamples runs the README's curl and `mockekyc izidata`
// examples in order, as a reader pastes them, against a mock started as
// the README starts it (the default config, the real clock), so that the
// docs cannot drift from the mock. Each call to a vendor is then judged
// by its journal entry: the codes its comments name (IAM_FAILED,
// NO_AUTHORIZATION, ...) when they name any, else an answer that no
// credential check or limit refused; and every literal "key":value the
// comments show of the answer must be in the answer.
func TestREADMEExamples(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatal("the README examples need bash")
	}
	for _, tool := range []string{"curl", "openssl", "sed", "base64"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the README examples need %s", tool)
		}
	}
	cmds := readmeExamples(t)
	if len(cmds) < 30 {
		t.Fatalf("found %d README example commands; the extraction is broken", len(cmds))
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", anyPort}, noEnv, &out, &errOut) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	addr := waitListening(t, &out, &errOut)

	work := t.TempDir()
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var script strings.Builder
	fmt.Fprintf(&script, `ADDR=%q
WORK=%q
mockekyc() {
  if [ "$1" = izidata ]; then echo "$README_CMD" >> "$WORK/calls"; fi
  MOCKEKYC_TEST_AS_CLI=1 MOCKEKYC_IZIDATA_URL="http://$ADDR/izidata" %q "$@"
}
curl() {
  local a
  for a in "$@"; do
    case "$a" in
      *"$ADDR/__admin"*) break ;;
      *"$ADDR/"*) echo "$README_CMD" >> "$WORK/calls"; break ;;
    esac
  done
  command curl "$@"
}
`, addr, work, bin)
	for i, c := range cmds {
		text := strings.ReplaceAll(c.text, "go run ./cmd/mockekyc", "mockekyc")
		text = strings.ReplaceAll(text, "localhost:8080", addr)
		text = strings.ReplaceAll(text, "/tmp/", work+"/")
		fmt.Fprintf(&script, "README_CMD=%d\necho \">>> README.md:%d\"\n%s\n", i, c.line, text)
	}
	sh := exec.Command("bash", "-c", script.String())
	sh.Dir = work
	shOut, err := sh.CombinedOutput()
	if err != nil {
		t.Fatalf("the examples failed: %v\n%s", err, shOut)
	}

	calls := readCalls(t, filepath.Join(work, "calls"))
	entries := journalEntries(t, addr)
	if len(entries) != len(calls) {
		t.Fatalf("%d calls to a vendor, %d journal entries\n%s", len(calls), len(entries), shOut)
	}
	cat, err := server.NewCatalogue(nil)
	if err != nil {
		t.Fatal(err)
	}
	person := identityName(t, addr, readmeNIK)
	names := 0
	for i, e := range entries {
		c := cmds[calls[i]]
		where := fmt.Sprintf("README.md:%d (%s %s)", c.line, e.Vendor, e.Endpoint)
		// A name sent with the README's NIK is the person's the mock
		// holds, unless the example says it is another's.
		if (e.Fields["idNumber"] == readmeNIK || e.Fields["id_number"] == readmeNIK) && e.Fields["name"] != "" {
			names++
			if e.Fields["name"] != person && !strings.Contains(c.comments, "another name") {
				t.Errorf("%s: sends the name %q with NIK %s, whose person is %q (GET /__admin/identity/%s)", where, e.Fields["name"], readmeNIK, person, readmeNIK)
			}
		}
		var named []string
		for _, w := range codeWord.FindAllString(c.comments, -1) {
			if slices.Contains(cat.Codes(e.Vendor, e.Endpoint), w) {
				named = append(named, w)
			}
		}
		switch {
		case len(named) > 0 && !slices.Contains(named, e.Code):
			t.Errorf("%s: answered %s (%s), the README says %v", where, e.Code, e.Why, named)
		case len(named) == 0 && !slices.Contains([]string{"natural", "marker", "scenario"}, e.Why):
			t.Errorf("%s: answered %s %q (why %s, notes %v), which the README does not show", where, e.Code, e.Message, e.Why, e.Notes)
		}
		for _, kv := range shownPair.FindAllStringSubmatch(c.comments, -1) {
			key, want := kv[1], kv[2]
			if strings.Contains(want, "…") {
				continue
			}
			if !hasPair(e.Response, key, want) {
				t.Errorf("%s: the README shows \"%s\":%s, the answer is %s", where, key, want, e.Response)
			}
		}
	}
	if names == 0 {
		t.Errorf("no example sent a name with NIK %s; the name check checked nothing", readmeNIK)
	}
	if t.Failed() {
		t.Logf("the examples said:\n%s", shOut)
	}
}

// readmeNIK is the NIK of the README's examples.
const readmeNIK = "3171024302821001"

// identityName is the name of the person the mock holds for nik.
func identityName(t *testing.T, addr, nik string) string {
	t.Helper()
	c := http.Client{Timeout: 10 * time.Second}
	res, err := c.Get("http://" + addr + "/__admin/identity/" + nik)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var p struct{ Name string }
	if err := json.NewDecoder(res.Body).Decode(&p); err != nil || p.Name == "" {
		t.Fatalf("identity of %s: %v %+v", nik, err, p)
	}
	return p.Name
}

// codeWord: what a code looks like in a comment.
var codeWord = regexp.MustCompile(`\b[A-Z][A-Z0-9]*(?:[_/-][A-Z0-9]+)*\b`)

// shownPair: a "key":value pair of an answer shown in a comment, the value
// a string or a number or a boolean.
var shownPair = regexp.MustCompile(`"(\w+)":("[^"]*"|-?[0-9.]+|true|false)`)

// hasPair reports whether key has value want (JSON text) anywhere in the
// answer.
func hasPair(raw json.RawMessage, key, want string) bool {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return false
	}
	var wantV any
	if json.Unmarshal([]byte(want), &wantV) != nil {
		return false
	}
	var walk func(any) bool
	walk = func(v any) bool {
		switch v := v.(type) {
		case map[string]any:
			if got, ok := v[key]; ok && fmt.Sprint(got) == fmt.Sprint(wantV) {
				return true
			}
			for _, c := range v {
				if walk(c) {
					return true
				}
			}
		case []any:
			return slices.ContainsFunc(v, walk)
		}
		return false
	}
	return walk(v)
}

func readCalls(t *testing.T, path string) []int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, f := range strings.Fields(string(data)) {
		n, err := strconv.Atoi(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// journalEntries is the whole journal, oldest first.
func journalEntries(t *testing.T, addr string) []journal.Entry {
	t.Helper()
	c := http.Client{Timeout: 10 * time.Second}
	res, err := c.Get("http://" + addr + "/__admin/requests")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var list admin.RequestList
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	slices.Reverse(list.Requests)
	return list.Requests
}

// TestREADMEGoVersion: the Go version the README asks for is go.mod's go
// directive, whatever that is.
func TestREADMEGoVersion(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod has no go directive")
	}
	want := string(m[1])
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	stated := regexp.MustCompile(`\bGo \(?(\d+\.\d+(?:\.\d+)?)`).FindAllSubmatch(readme, -1)
	if len(stated) == 0 {
		t.Fatal("the README states no Go version (\"Go (1.x.y or later ...\")")
	}
	for _, s := range stated {
		if string(s[1]) != want {
			t.Errorf("the README says Go %s, go.mod's go directive is %s", s[1], want)
		}
	}
}

// TestREADMEHostsLine: the README gives the /etc/hosts line for the
// <vendor>.localhost names (Go and Python on Debian do not resolve them),
// naming every vendor's.
func TestREADMEHostsLine(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`(?m)^127\.0\.0\.1\s+(.*\.localhost.*)$`).FindSubmatch(readme)
	if line == nil {
		t.Fatal("the README gives no /etc/hosts line (127.0.0.1 <vendor>.localhost ...)")
	}
	got := strings.Fields(string(line[1]))
	cat, err := server.NewCatalogue(nil)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, v := range cat.Vendors() {
		for _, h := range server.Hosts(v) {
			if strings.HasSuffix(h, ".localhost") {
				want = append(want, h)
			}
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the README's hosts line names %v, the mock answers %v", got, want)
	}
	for _, say := range []string{"Go programs", "Python", "/etc/hosts"} {
		if !strings.Contains(string(readme), say) {
			t.Errorf("the README does not say which resolvers miss <vendor>.localhost (%q)", say)
		}
	}
}
