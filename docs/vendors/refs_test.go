// Package vendors holds no code: its test keeps the citations of vendor facts
// (docs/vendors/*.md) in the repository's comments, strings and documents
// resolvable, and converts old-style citations when run with -rewrite.
package vendors

import (
	"bytes"
	"flag"
	"fmt"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var rewrite = flag.Bool("rewrite", false, "convert old-style vendor citations (VENDORS.md, bare IZ-6 / §4.2, ../shared/vendor-docs) in place")

// root is the repository, seen from docs/vendors.
const root = "../.."

// docDir is where the vendor pages live, relative to root.
const docDir = "docs/vendors"

// prefixPage is the page of each fact-id prefix; BS ids are split by number
// (bsPage).
var prefixPage = map[string]string{
	"IZ": "izidata.md", "AD": "advance.md", "AC": "accuauth.md",
	"VH": "verihubs.md", "EK": "ekycpro.md", "X": "README.md",
}

// bsPage: BS-1..7 ADVANCE.AI, 8..11 iziData, 12..13 Verihubs, 14..16 AccuAuth.
func bsPage(n int) string {
	switch {
	case n <= 7:
		return "advance.md"
	case n <= 11:
		return "izidata.md"
	case n <= 13:
		return "verihubs.md"
	default:
		return "accuauth.md"
	}
}

// sectionPage is the page of a § number's first part (the numbering of the
// former VENDORS.md, kept by the pages).
var sectionPage = map[string]string{
	"0": "README.md", "1": "izidata.md", "2": "advance.md", "3": "accuauth.md",
	"4": "verihubs.md", "5": "ekycpro.md", "6": "README.md",
}

// beyondPage is the page of a VENDORS-BEYOND.md § number's first part.
var beyondPage = map[string]string{
	"1": "advance.md", "2": "izidata.md", "3": "verihubs.md", "4": "accuauth.md", "5": "ekycpro.md",
}

var seedDocs = map[string]string{
	"izidata": "izidata.md", "advance": "advance.md", "accuauth": "accuauth.md",
	"verihubs": "verihubs.md", "ekycpro": "ekycpro.md",
}

var (
	// One alternation, tried left to right at each position, so that the
	// longest old-style form is taken whole.
	oldRef = regexp.MustCompile(
		`(?:\.\./)*(?:shared/)?vendor-docs/([a-z]+)\.txt` + // 1: seed doc
			`|(?:\.\./shared/)?VENDORS-BEYOND\.md,? ?§ ?([0-9]+(?:\.[0-9]+)*)` + // 2: beyond section
			`|(?:\.\./shared/)?VENDORS(?:\.md)?,? ?(?:§ ?([0-9]+(?:\.[0-9]+)*)(?: #([0-9]+))?|\b(IZ|AD|AC|VH|EK|BS|X)-([0-9]+)\b)` + // 3,4: section, item; 5,6: id
			`|§ ?([0-9]+(?:\.[0-9]+)*)(?: #([0-9]+))?` + // 7, 8: bare section, item
			`|\b(IZ|AD|AC|VH|EK|BS|X)-([0-9]+)\b` + // 9, 10: bare id
			`|(?:\.\./shared/)?VENDORS(?:-BEYOND)?\.md`) // any other mention: the index
	// stale finds what must not remain after a rewrite.
	stale = regexp.MustCompile(`\bVENDORS\b|\.\./shared|vendor-docs/|§ ?[0-9]|\b(?:IZ|AD|AC|VH|EK|BS|X)-[0-9]+\b`)
	// citation is a citation of a vendor page, with or without an anchor,
	// and the further anchors of the same page that may follow it
	// ("docs/vendors/izidata.md#iz-12/#iz-13, #iz-14").
	citation = regexp.MustCompile(`docs/vendors/([A-Za-z0-9_-]+\.md)(?:#([a-z0-9-]+))?((?:(?:/|, | and )#[a-z0-9-]+)*)`)
	// more splits a citation's further anchors.
	more = regexp.MustCompile(`#([a-z0-9-]+)`)
	// cited is one full citation with an anchor, as compact rewrites it.
	cited = regexp.MustCompile(`docs/vendors/([A-Za-z0-9_-]+\.md)#[a-z0-9-]+`)
	// mdLink is a Markdown link; mdCode an inline code span.
	mdLink = regexp.MustCompile(`\[[^\]\n]*\]\([^)\n]*\)`)
	mdCode = regexp.MustCompile("`[^`\n]*`")
	// pageLink is a link between the vendor pages: (page.md#anchor) or (#anchor).
	pageLink  = regexp.MustCompile(`\]\(((?:[a-z]+|README)\.md)?(?:#([a-z0-9-]+))?\)`)
	anchorTag = regexp.MustCompile(`<a id="([^"]+)"></a>`)
)

// foreign is a section of another document (RFC 6066 §3, ISO 8601 §4.1):
// not a vendor citation, neither rewritten nor reported.
var foreign = regexp.MustCompile(`\b(?:RFC|ISO|IEC|IEEE|ECMA|ITU)[ -]?[0-9][0-9.:-]*,? ?§ ?[0-9]+(?:\.[0-9]+)*`)

// allowed are mentions of ../shared that are build inputs, not citations:
// the region table identity is generated from (NOTICE).
var allowed = regexp.MustCompile(`(?:\.\./)*shared/data/wilayah\.csv`)

// target resolves one old-style match to a page and an anchor, and the
// label a Markdown link shows.
func target(m []string) (page, anchor, label string) {
	section := func(num, item string) string {
		a := "s" + strings.ReplaceAll(num, ".", "-")
		if item != "" {
			a += "-" + item
		}
		return a
	}
	first := func(num string) string { return strings.SplitN(num, ".", 2)[0] }
	switch {
	case m[1] != "":
		return seedDocs[m[1]], "seed", "seed doc"
	case m[2] != "":
		p := beyondPage[first(m[2])]
		if !strings.Contains(m[2], ".") {
			return p, "beyond", "beyond the seed"
		}
		return p, "b" + strings.ReplaceAll(m[2], ".", "-"), "§B" + m[2]
	case m[3] != "":
		return sectionPage[first(m[3])], section(m[3], m[4]), strings.TrimSuffix("§"+m[3]+" #"+m[4], " #")
	case m[5] != "":
		return idTarget(m[5], m[6])
	case m[7] != "":
		return sectionPage[first(m[7])], section(m[7], m[8]), strings.TrimSuffix("§"+m[7]+" #"+m[8], " #")
	case m[9] != "":
		return idTarget(m[9], m[10])
	}
	return "README.md", "", "docs/vendors"
}

func idTarget(prefix, num string) (page, anchor, label string) {
	page = prefixPage[prefix]
	if prefix == "BS" {
		n, _ := strconv.Atoi(num)
		page = bsPage(n)
	}
	return page, strings.ToLower(prefix) + "-" + num, prefix + "-" + num
}

// rewriteText converts the old-style citations of one piece of text. In
// Markdown (md true) a citation becomes a link relative to dir (the file's
// directory under root), and existing links and code spans are kept.
func rewriteText(text string, md bool, dir string) string {
	var keep [][]int
	if md {
		keep = append(mdLink.FindAllStringIndex(text, -1), mdCode.FindAllStringIndex(text, -1)...)
		sort.Slice(keep, func(i, j int) bool { return keep[i][0] < keep[j][0] })
	}
	external := foreign.FindAllStringIndex(text, -1)
	var out strings.Builder
	last := 0
	for _, loc := range oldRef.FindAllStringSubmatchIndex(text, -1) {
		if inside(keep, loc[0]) || inside(external, loc[0]) {
			continue
		}
		m := make([]string, len(loc)/2)
		for i := range m {
			if loc[2*i] >= 0 {
				m[i] = text[loc[2*i]:loc[2*i+1]]
			}
		}
		page, anchor, label := target(m)
		if page == "" {
			continue // a number no page has: left for the check to report
		}
		ref := docDir + "/" + page
		if anchor != "" {
			ref += "#" + anchor
		}
		out.WriteString(text[last:loc[0]])
		if md {
			rel, _ := filepath.Rel(dir, filepath.FromSlash(docDir+"/"+page))
			link := filepath.ToSlash(rel)
			if anchor != "" {
				link += "#" + anchor
			}
			if label == "docs/vendors" {
				label = ref
			}
			fmt.Fprintf(&out, "[%s](%s)", label, link)
		} else {
			out.WriteString(ref)
		}
		last = loc[1]
	}
	out.WriteString(text[last:])
	if md {
		return out.String()
	}
	return compact(out.String())
}

// compact writes a run of citations of one page, separated by "/", ", " or
// " and ", as the first citation followed by anchors alone:
// "docs/vendors/verihubs.md#vh-2/#vh-3" rather than the page twice.
func compact(text string) string {
	var out strings.Builder
	last, prevEnd, prevPage := 0, -1, ""
	for _, loc := range cited.FindAllStringSubmatchIndex(text, -1) {
		page := text[loc[2]:loc[3]]
		sep := ""
		if prevEnd >= 0 {
			sep = text[prevEnd:loc[0]]
		}
		if page == prevPage && (sep == "/" || sep == ", " || sep == " and ") {
			out.WriteString(text[last:loc[0]])
			out.WriteString(text[loc[3]:loc[1]]) // "#anchor"
			last = loc[1]
		}
		prevEnd, prevPage = loc[1], page
	}
	out.WriteString(text[last:])
	return out.String()
}

func inside(spans [][]int, at int) bool {
	for _, s := range spans {
		if at >= s[0] && at < s[1] {
			return true
		}
	}
	return false
}

// goPieces returns the byte spans of a Go file's comments and string
// literals: the only text a rewrite may touch in Go.
func goPieces(src []byte) [][2]int {
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	s.Init(file, src, nil, scanner.ScanComments)
	var spans [][2]int
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return spans
		}
		if tok == token.COMMENT || tok == token.STRING {
			off := file.Offset(pos)
			spans = append(spans, [2]int{off, off + len(lit)})
		}
	}
}

// scanned reports whether the test reads the file at rel (slash path under
// root).
func scanned(rel string) bool {
	switch {
	case strings.HasPrefix(rel, ".git/"), strings.HasPrefix(rel, "specs/compiled/"),
		rel == docDir+"/refs_test.go":
		return false
	case strings.HasPrefix(rel, docDir+"/"):
		return strings.HasSuffix(rel, ".md")
	}
	for _, ext := range []string{".go", ".yaml", ".yml", ".md"} {
		if strings.HasSuffix(rel, ext) {
			return true
		}
	}
	return rel == "NOTICE"
}

// anchors reads the explicit anchors of every vendor page.
func anchors(t *testing.T) map[string]map[string]bool {
	t.Helper()
	pages, err := filepath.Glob(filepath.Join(root, docDir, "*.md"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no vendor pages: %v", err)
	}
	all := map[string]map[string]bool{}
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		for _, m := range anchorTag.FindAllStringSubmatch(string(data), -1) {
			if ids[m[1]] {
				t.Errorf("%s: anchor %q twice", filepath.Base(p), m[1])
			}
			ids[m[1]] = true
		}
		all[filepath.Base(p)] = ids
	}
	return all
}

// TestDocReferencesResolve: every citation of a vendor page in the
// repository's Go comments and strings, YAML and Markdown names a page and
// an anchor that exist; nothing cites the former ../shared sources
// (VENDORS.md, vendor-docs) or a bare fact id or § that a reader cannot
// follow. With -rewrite it first converts such old-style citations in place
// (idempotent; run go generate ./specs afterwards for the spec descriptions).
func TestDocReferencesResolve(t *testing.T) {
	pages := anchors(t)
	resolve := func(where, page, anchor string) {
		ids, ok := pages[page]
		switch {
		case !ok:
			t.Errorf("%s: no page docs/vendors/%s", where, page)
		case anchor != "" && !ids[anchor]:
			t.Errorf("%s: docs/vendors/%s has no anchor #%s", where, page, anchor)
		}
	}
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == ".git" || strings.HasPrefix(d.Name(), ".") && rel != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !scanned(rel) {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		isGo, isMD := strings.HasSuffix(rel, ".go"), strings.HasSuffix(rel, ".md")
		vendorPage := strings.HasPrefix(rel, docDir+"/")
		if vendorPage {
			// The pages link to each other: (page.md#anchor) or (#anchor).
			for i, line := range strings.Split(string(src), "\n") {
				for _, m := range pageLink.FindAllStringSubmatch(line, -1) {
					page := m[1]
					if page == "" {
						page = filepath.Base(rel)
					}
					resolve(fmt.Sprintf("%s:%d", rel, i+1), page, m[2])
				}
			}
			return nil
		}
		pieces := [][2]int{{0, len(src)}}
		if isGo {
			pieces = goPieces(src)
		}
		if *rewrite {
			var out bytes.Buffer
			last := 0
			for _, p := range pieces {
				out.Write(src[last:p[0]])
				out.WriteString(rewriteText(string(src[p[0]:p[1]]), isMD, filepath.Dir(filepath.FromSlash(rel))))
				last = p[1]
			}
			out.Write(src[last:])
			if !bytes.Equal(out.Bytes(), src) {
				if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
					return err
				}
				t.Logf("rewrote %s", rel)
				src = out.Bytes()
				if isGo {
					pieces = goPieces(src)
				} else {
					pieces = [][2]int{{0, len(src)}}
				}
			}
		}
		checked++
		for _, p := range pieces {
			text := string(src[p[0]:p[1]])
			line := 1 + bytes.Count(src[:p[0]], []byte("\n"))
			for i, l := range strings.Split(text, "\n") {
				where := fmt.Sprintf("%s:%d", rel, line+i)
				for _, m := range citation.FindAllStringSubmatch(l, -1) {
					resolve(where, m[1], m[2])
					for _, a := range more.FindAllStringSubmatch(m[3], -1) {
						resolve(where, m[1], a[1])
					}
				}
				bare := l
				if isMD {
					bare = mdLink.ReplaceAllString(mdCode.ReplaceAllString(bare, ""), "")
				}
				bare = foreign.ReplaceAllString(allowed.ReplaceAllString(bare, ""), "")
				if s := stale.FindString(bare); s != "" {
					t.Errorf("%s: old-style citation %q (run go test ./docs/vendors -run TestDocReferencesResolve -rewrite)", where, s)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("only %d files scanned: is root %s the repository?", checked, root)
	}
}

// TestRewriteText pins the conversion of each old-style form, and that a
// second pass changes nothing.
func TestRewriteText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"(VENDORS.md §4.2)", "(docs/vendors/verihubs.md#s4-2)"},
		{"VENDORS.md IZ-8's M", "docs/vendors/izidata.md#iz-8's M"},
		{"(VH-6), X-1, BS-9, BS-15", "(docs/vendors/verihubs.md#vh-6), docs/vendors/README.md#x-1, docs/vendors/izidata.md#bs-9, docs/vendors/accuauth.md#bs-15"},
		{"VH-2/VH-3/VH-4: clean", "docs/vendors/verihubs.md#vh-2/#vh-3/#vh-4: clean"},
		{"(VENDORS.md EK-1, EK-2, EK-7)", "(docs/vendors/ekycpro.md#ek-1, #ek-2, #ek-7)"},
		{"(§2.4, §2.5, AD-15) and (X-1, X-2, AD-1)", "(docs/vendors/advance.md#s2-4, #s2-5, #ad-15) and (docs/vendors/README.md#x-1, #x-2, docs/vendors/advance.md#ad-1)"},
		{"IZ-6 and IZ-7", "docs/vendors/izidata.md#iz-6 and #iz-7"},
		{"§3.2/§3.3", "docs/vendors/accuauth.md#s3-2/#s3-3"},
		{"(§2.6 #4): both", "(docs/vendors/advance.md#s2-6-4): both"},
		{"VENDORS.md §1.3.5.", "docs/vendors/izidata.md#s1-3-5."},
		{"(../shared/vendor-docs/izidata.txt)", "(docs/vendors/izidata.md#seed)"},
		{"vendor-docs/verihubs.txt, the", "docs/vendors/verihubs.md#seed, the"},
		{"VENDORS-BEYOND.md §2.3", "docs/vendors/izidata.md#b2-3"},
		{"the VENDORS.md index", "the docs/vendors/README.md index"},
		{"VENDORS.md §0 score table", "docs/vendors/README.md#s0 score table"},
		{"an address (RFC 6066 §3), but §4.2", "an address (RFC 6066 §3), but docs/vendors/verihubs.md#s4-2"},
		{"VENDORS §4.3's face", "docs/vendors/verihubs.md#s4-3's face"},
		{"FRG-1, EXT-3, X-DF-API-ID, OCR_40001", "FRG-1, EXT-3, X-DF-API-ID, OCR_40001"},
		{"-in ../../../shared/data/wilayah.csv", "-in ../../../shared/data/wilayah.csv"},
	}
	for _, c := range cases {
		got := rewriteText(c.in, false, ".")
		if got != c.want {
			t.Errorf("rewrite %q\n got %q\nwant %q", c.in, got, c.want)
		}
		if again := rewriteText(got, false, "."); again != got {
			t.Errorf("second rewrite of %q changed it to %q", got, again)
		}
	}
	md := []struct{ in, dir, want string }{
		{"(VENDORS.md AD-1…AD-16) are in", ".", "([AD-1](docs/vendors/advance.md#ad-1)…[AD-16](docs/vendors/advance.md#ad-16)) are in"},
		{"see §4.2 and `IZ-6`", "internal/x", "see [§4.2](../../docs/vendors/verihubs.md#s4-2) and `IZ-6`"},
	}
	for _, c := range md {
		got := rewriteText(c.in, true, filepath.FromSlash(c.dir))
		if got != c.want {
			t.Errorf("markdown rewrite %q\n got %q\nwant %q", c.in, got, c.want)
		}
		if again := rewriteText(got, true, filepath.FromSlash(c.dir)); again != got {
			t.Errorf("second markdown rewrite of %q changed it to %q", got, again)
		}
	}
}
