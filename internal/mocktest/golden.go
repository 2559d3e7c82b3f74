package mocktest

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

var update = flag.Bool("update", false, "rewrite the golden answers under testdata/golden (TestGolden)")

// GoldenDir is where a vendor package keeps its golden answers.
const GoldenDir = "testdata/golden"

// goldenLimit: a body over 16 KB is pinned by its size and SHA-256, not its
// text (no documented answer carries an image, so none comes near it).
const goldenLimit = 16 << 10

// Sample is a request outside the catalogue whose answer is pinned too (an
// unknown path, a wrong method); Name is its file under GoldenDir.
type Sample[R Request] struct {
	Name string
	Send func(t testing.TB) R
}

// Golden pins the values of the documented answers, not only their shapes:
// for each answer of the vendor's catalogue (endpoint, code, message,
// billing) the first case of the table that triggers it is sent to a fresh
// mock (the table's seed, the fixed clock, so reproducible ids), and its
// HTTP status, Content-Type, Retry-After and body must equal
// testdata/golden/<operationId>/<code>.json. With -update the files are
// written instead, and those no case produces any more are removed, so that
// a change of a value is seen in review.
func (a Answers[R]) Golden(t *testing.T, samples ...Sample[R]) {
	type job struct {
		file string
		c    Case[R]
	}
	var jobs []job
	v, ok := New(t, WithConfig(a.Config)).Server.Catalogue().Vendor(a.Vendor)
	if !ok {
		t.Fatalf("no vendor %q", a.Vendor)
	}
	for _, ep := range v.Endpoints() {
		for _, ans := range ep.Answers {
			key := AnswerKey{ep.OperationID, ans.Code, ans.Message, ans.Charged}
			for _, c := range a.Cases {
				if c.Key() == key {
					jobs = append(jobs, job{filepath.Join(ep.OperationID, goldenName(ep.Answers, key)+".json"), c})
					break
				}
			}
		}
	}
	for _, s := range samples {
		jobs = append(jobs, job{s.Name + ".json", Case[R]{Name: s.Name, Send: s.Send}})
	}
	made := map[string]bool{}
	for _, j := range jobs {
		made[filepath.Clean(j.file)] = true
		t.Run(strings.TrimSuffix(j.file, ".json"), func(t *testing.T) {
			var res Result
			if j.c.Op == "" { // a sample: any status, the default config
				res = j.c.Send(t).Send(New(t, WithConfig(a.Config)))
			} else {
				_, res = a.trigger(t, j.c)
			}
			checkGolden(t, filepath.Join(GoldenDir, j.file), renderGolden(t, j.c.Name, res))
		})
	}
	a.staleGoldens(t, made)
}

// goldenName is the file name of an answer: its code, with the message
// (and then the billing) added where the endpoint documents the code more
// than once.
func goldenName(answers []emulate.Answer, key AnswerKey) string {
	name := safeName(key.Code)
	var sameCode, sameMessage int
	for _, a := range answers {
		if a.Code == key.Code {
			sameCode++
			if a.Message == key.Message {
				sameMessage++
			}
		}
	}
	if sameCode > 1 && sameMessage < sameCode {
		name += "~" + slug(key.Message)
		for _, a := range answers { // two messages alike in their first 48 characters
			if a.Code == key.Code && a.Message != key.Message && slug(a.Message) == slug(key.Message) {
				name += "-" + fmt.Sprintf("%x", sha256.Sum256([]byte(key.Message)))[:6]
				break
			}
		}
	}
	if sameMessage > 1 {
		name += map[bool]string{true: "~charged", false: "~free"}[key.Charged]
	}
	return name
}

var unsafeRun = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

func safeName(s string) string { return unsafeRun.ReplaceAllString(s, "_") }

// slug is a message shortened to a file name: lower case, words joined by
// dashes, at most 48 characters.
func slug(s string) string {
	s = strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(s), "-"), "-")
	if len(s) > 48 {
		s = strings.TrimRight(s[:48], "-")
	}
	if s == "" {
		return "none"
	}
	return s
}

// renderGolden is the answer as indented JSON, keys in the order the mock
// sent them.
func renderGolden(t testing.TB, caseName string, res Result) []byte {
	t.Helper()
	str := func(s string) string {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		return strings.TrimSuffix(b.String(), "\n")
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"case":%s,"http":%d,"headers":{`, str(caseName), res.Status)
	sep := ""
	for _, h := range []string{"Content-Type", "Retry-After"} {
		if v := res.Header.Get(h); v != "" {
			fmt.Fprintf(&b, `%s%s:%s`, sep, str(h), str(v))
			sep = ","
		}
	}
	b.WriteString("}")
	switch {
	case len(res.Body) > goldenLimit:
		fmt.Fprintf(&b, `,"body_bytes":%d,"body_sha256":"%x"`, len(res.Body), sha256.Sum256(res.Body))
	case json.Valid(res.Body):
		b.WriteString(`,"body":`)
		b.Write(res.Body)
	default:
		fmt.Fprintf(&b, `,"body_text":%s`, str(string(res.Body)))
	}
	b.WriteString("}")
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		t.Fatalf("golden of %s: %v", caseName, err)
	}
	out.WriteByte('\n')
	return out.Bytes()
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("no golden answer %s; go test -run TestGolden -update writes it:\n%s", path, got)
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("the answer differs from %s (- golden, + now; go test -run TestGolden -update rewrites it):\n%s", path, lineDiff(string(want), string(got)))
	}
}

// staleGoldens fails for golden files no case produces (with -update:
// removes them).
func (a Answers[R]) staleGoldens(t *testing.T, made map[string]bool) {
	var stale []string
	err := filepath.WalkDir(GoldenDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		rel, _ := filepath.Rel(GoldenDir, path)
		if !made[rel] {
			stale = append(stale, path)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	sort.Strings(stale)
	for _, p := range stale {
		if *update {
			if err := os.Remove(p); err != nil {
				t.Error(err)
			}
			continue
		}
		t.Errorf("%s: no documented answer or sample produces it any more; go test -run TestGolden -update removes it", p)
	}
}

// lineDiff lists the lines that differ between a and b (a longest common
// subsequence of lines), each with its line number in a or b.
func lineDiff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	l := make([][]int, len(x)+1)
	for i := range l {
		l[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	var out strings.Builder
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			i, j = i+1, j+1
		case j == len(y) || i < len(x) && l[i+1][j] >= l[i][j+1]:
			fmt.Fprintf(&out, "%4d - %s\n", i+1, x[i])
			i++
		default:
			fmt.Fprintf(&out, "%4d + %s\n", j+1, y[j])
			j++
		}
	}
	return out.String()
}
