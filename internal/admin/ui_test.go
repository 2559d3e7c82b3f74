package admin_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/mocktest"
	"github.com/mockekyc/mockekyc/internal/scenario"
	"github.com/mockekyc/mockekyc/internal/server"
)

// balance sends one eKYCPro balance call, which the journal records.
func balance(t *testing.T, h *mocktest.Harness) {
	t.Helper()
	res := h.Do(h.Request(http.MethodGet, "/ekycpro/v1/balance", nil, http.Header{"X-Api-Key": {"AbcdEfgh"}}))
	if res.Status != http.StatusOK {
		t.Fatalf("balance: HTTP %d: %s", res.Status, res.Body)
	}
}

// sse reads server-sent events from an open stream.
type sse struct {
	t    *testing.T
	resp *http.Response
	r    *bufio.Reader
}

func openStream(t *testing.T, h *mocktest.Harness, query string) *sse {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req := h.Request(http.MethodGet, "/__admin/requests/stream"+query, nil, nil)
	resp, err := h.Client.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("stream: HTTP %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	return &sse{t: t, resp: resp, r: bufio.NewReader(resp.Body)}
}

// next returns the next "entry" event's id and entry, skipping comments;
// it fails the test when none comes within d.
func (s *sse) next(d time.Duration) (uint64, journal.Entry) {
	s.t.Helper()
	type ev struct {
		id   uint64
		e    journal.Entry
		err  error
		kind string
	}
	ch := make(chan ev, 1)
	go func() {
		var out ev
		for {
			line, err := s.r.ReadString('\n')
			if err != nil {
				out.err = err
				ch <- out
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case line == "":
				if out.kind != "" {
					ch <- out
					return
				}
			case strings.HasPrefix(line, "id: "):
				out.id, _ = strconv.ParseUint(line[4:], 10, 64)
			case strings.HasPrefix(line, "event: "):
				out.kind = line[7:]
			case strings.HasPrefix(line, "data: "):
				out.err = json.Unmarshal([]byte(line[6:]), &out.e)
			}
		}
	}()
	select {
	case got := <-ch:
		if got.err != nil {
			s.t.Fatalf("stream: %v", got.err)
		}
		if got.kind != "entry" || got.id != got.e.ID {
			s.t.Fatalf("event %q with id %d for entry %d", got.kind, got.id, got.e.ID)
		}
		return got.id, got.e
	case <-time.After(d):
		s.t.Fatalf("no stream event within %s", d)
	}
	return 0, journal.Entry{}
}

// TestStreamBacklogThenLive: the stream sends what the journal holds,
// oldest first, then each new request as it is answered; since= resumes
// after an id without repeating it.
func TestStreamBacklogThenLive(t *testing.T) {
	h := mocktest.New(t)
	balance(t, h)
	balance(t, h)
	s := openStream(t, h, "?vendor=ekycpro")
	id1, e1 := s.next(5 * time.Second)
	id2, _ := s.next(5 * time.Second)
	if id1 >= id2 || e1.Vendor != "ekycpro" || e1.Endpoint != "balance" || e1.Status != 200 {
		t.Fatalf("backlog out of order or wrong: %d %d %+v", id1, id2, e1)
	}
	balance(t, h)
	id3, e3 := s.next(5 * time.Second)
	if id3 != id2+1 || e3.Code != "OK" {
		t.Fatalf("live entry %d (%s), want %d OK", id3, e3.Code, id2+1)
	}
	resumed := openStream(t, h, "?since="+strconv.FormatUint(id2, 10))
	if id, _ := resumed.next(5 * time.Second); id != id3 {
		t.Fatalf("resumed after %d at %d, want %d", id2, id, id3)
	}
	// A filter skips what it does not match: the ekycpro call is not
	// sent, the verihubs one (refused for want of credentials) is.
	other := openStream(t, h, "?vendor=verihubs")
	balance(t, h)
	h.Do(h.Request(http.MethodPost, "/verihubs/v2/ktp/extract", strings.NewReader("{}"), http.Header{"Content-Type": {"application/json"}}))
	if _, e := other.next(5 * time.Second); e.Vendor != "verihubs" {
		t.Fatalf("the verihubs stream sent a %s entry", e.Vendor)
	}
}

func TestStreamBadSince(t *testing.T) {
	h := mocktest.New(t)
	failing(t, h, http.MethodGet, "/requests/stream?since=abc", "", 400, `since must be a request id, got "abc"`)
	res := h.Do(h.Request(http.MethodGet, "/__admin/requests/stream?vendor=typo", nil, nil))
	if res.Status != 400 || !strings.Contains(decode[admin.Error](t, res).Error, `"typo"`) {
		t.Fatalf("unknown vendor: HTTP %d %s", res.Status, res.Body)
	}
}

// TestStreamEndsOnDrain: a shutdown does not wait for open streams.
func TestStreamEndsOnDrain(t *testing.T) {
	h := mocktest.New(t)
	s := openStream(t, h, "")
	done := make(chan error, 1)
	go func() { _, err := io.Copy(io.Discard, s.resp.Body); done <- err }()
	h.Server.Drain()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the stream outlived Drain")
	}
}

// TestFixtureEndpoint: the image is what `mockekyc fixture` makes, with the
// NIK in its marker, and bad parameters are 400s that say why.
func TestFixtureEndpoint(t *testing.T) {
	h := mocktest.New(t)
	res := h.Do(h.Request(http.MethodGet, "/__admin/fixture?nik=3171024302821001&format=png&width=640&height=400&marker=scenario%3DFAIL", nil, nil))
	if res.Status != 200 || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("HTTP %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	info := imagecheck.Inspect(res.Body)
	if info.Err != nil || info.Format != imagecheck.PNG || info.Width != 640 || info.Height != 400 {
		t.Fatalf("fixture: %+v", info)
	}
	if info.Marker["nik"] != "3171024302821001" || info.Marker["scenario"] != "FAIL" {
		t.Fatalf("marker %v", info.Marker)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "ktp-3171024302821001.png") {
		t.Errorf("Content-Disposition %q", cd)
	}
	def := h.Do(h.Request(http.MethodGet, "/__admin/fixture", nil, nil))
	if i := imagecheck.Inspect(def.Body); def.Status != 200 || i.Format != imagecheck.JPEG || i.Width != 1000 || i.Height != 630 {
		t.Fatalf("default fixture: HTTP %d %+v", def.Status, i)
	}
	failing(t, h, http.MethodGet, "/fixture?format=heic", "", 400, `format must be one of jpeg, png, gif, bmp, tiff, webp, pdf; got "heic"`)
	failing(t, h, http.MethodGet, "/fixture?width=5000", "", 400, `width must be a whole number from 1 to 4096 for jpeg, got "5000"`)
	failing(t, h, http.MethodGet, "/fixture?format=png&height=7000", "", 400, `height must be a whole number from 1 to 6144 for png, got "7000"`)
	// Past AccuAuth's 6000 pixels (and ADVANCE's 4096) in a format made
	// from rows: a client without Go can trigger their "too large".
	wide := h.Do(h.Request(http.MethodGet, "/__admin/fixture?format=png&width=6001&height=480", nil, nil))
	if i := imagecheck.Inspect(wide.Body); wide.Status != 200 || i.Format != imagecheck.PNG || i.Width != 6001 || i.Height != 480 {
		t.Fatalf("6001 px PNG: HTTP %d %+v", wide.Status, i)
	}
	res = h.Do(h.Request(http.MethodGet, "/__admin/fixture?nik=12", nil, nil))
	if res.Status != 400 || !strings.HasPrefix(decode[admin.Error](t, res).Error, "nik: ") {
		t.Fatalf("bad NIK: HTTP %d %s", res.Status, res.Body)
	}
}

// TestScenarioYAML: a scenario file posted as YAML adds all its rules, and
// a bad one is refused with the message `mockekyc validate` gives.
func TestScenarioYAML(t *testing.T) {
	h := mocktest.New(t)
	post := func(body string) mocktest.Result {
		return h.Do(h.Request(http.MethodPost, "/__admin/scenarios", strings.NewReader(body), http.Header{"Content-Type": {"application/yaml"}}))
	}
	good := "scenarios:\n  - name: a\n    vendor: ekycpro\n    endpoint: balance\n    respond: {code: NO_AUTHORIZATION}\n  - name: b\n    vendor: ekycpro\n    respond: {code: RETRY_LATER}\n    times: 2\n"
	res := post(good)
	if res.Status != http.StatusCreated {
		t.Fatalf("HTTP %d: %s", res.Status, res.Body)
	}
	list := decode[admin.ScenarioList](t, res)
	if list.Count != 2 || list.Scenarios[0].Name != "a" || list.Scenarios[1].Remaining == nil || *list.Scenarios[1].Remaining != 2 {
		t.Fatalf("added %+v", list)
	}
	bad := "scenarios:\n  - name: c\n    vendor: ekycpro\n    respond: {code: NOPE}\n"
	_, want := scenario.Parse("admin", []byte(bad), h.Server.Catalogue())
	if want == nil {
		t.Fatal("the bad file parses")
	}
	res = post(bad)
	if res.Status != 400 || decode[admin.Error](t, res).Error != want.Error() {
		t.Fatalf("HTTP %d %s, want 400 %q", res.Status, res.Body, want)
	}
	if !strings.HasPrefix(want.Error(), "admin:4:") {
		t.Errorf("message %q does not point at the line", want)
	}
	if l := get[admin.ScenarioList](t, h, http.MethodGet, "/scenarios", "", 200); countGroup(l, "admin") != 2 {
		t.Fatalf("after the bad file, %d admin rules, want 2", countGroup(l, "admin"))
	}
	res = post("scenarios: []\n")
	if res.Status != 400 {
		t.Fatalf("an empty file: HTTP %d", res.Status)
	}
}

func countGroup(l admin.ScenarioList, g string) int {
	n := 0
	for _, r := range l.Scenarios {
		if r.Group == g {
			n++
		}
	}
	return n
}

// TestUIServed: the page and its files are served from the binary, with
// no token needed for them (they hold no data) while the API keeps
// needing it; browsers opening the root are sent to the UI.
func TestUIServed(t *testing.T) {
	h := mocktest.New(t, withAdminToken("s3cret"))
	for path, ct := range map[string]string{"/__admin/ui/": "text/html", "/__admin/ui/app.js": "text/javascript", "/__admin/ui/app.css": "text/css"} {
		res := h.Do(h.Request(http.MethodGet, path, nil, nil))
		if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), ct) || len(res.Body) < 100 {
			t.Errorf("%s: HTTP %d %q (%d bytes)", path, res.Status, res.Header.Get("Content-Type"), len(res.Body))
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
	}
	if res := h.Do(h.Request(http.MethodGet, "/__admin/requests/stream", nil, nil)); res.Status != 401 {
		t.Errorf("the stream without the token: HTTP %d", res.Status)
	}
	noRedirect := *h.Client
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, c := range []struct {
		path, accept string
		status       int
		location     string
	}{
		{"/", "text/html,application/xhtml+xml", 302, admin.UIPath},
		{"/", "application/json", 404, ""},
		{"/__admin/ui", "text/html", 301, admin.UIPath},
	} {
		req := h.Request(http.MethodGet, c.path, nil, http.Header{"Accept": {c.accept}})
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.status || resp.Header.Get("Location") != c.location {
			t.Errorf("GET %s (Accept %s): HTTP %d Location %q, want %d %q", c.path, c.accept, resp.StatusCode, resp.Header.Get("Location"), c.status, c.location)
		}
	}
}

// TestAdminListenerRootRedirects: on -admin-addr's own listener GET / is
// the UI.
func TestAdminListenerRootRedirects(t *testing.T) {
	h := mocktest.New(t, mocktest.WithOptions(func(o *server.Options) { o.SeparateAdmin = true }))
	ts := httptest.NewServer(h.Server.AdminHandler())
	defer ts.Close()
	c := ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 302 || resp.Header.Get("Location") != admin.UIPath {
		t.Fatalf("GET /: HTTP %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func withAdminToken(token string) mocktest.Option {
	return mocktest.WithOptions(func(o *server.Options) { o.AdminToken = token })
}

// TestThumbnails: an image sent while the UI watches the journal gets a
// thumbnail at /__admin/thumbs/{digest}; one sent while nobody watched
// does not, and the 404 says why.
func TestThumbnails(t *testing.T) {
	h := mocktest.New(t)
	send := func(w, hgt int) string {
		img := mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: w, Height: hgt})
		res := h.Do(h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader(url.Values{"img": {mocktest.B64(img)}}.Encode()),
			http.Header{"X-Api-Key": {"AbcdEfgh"}, "Content-Type": {"application/x-www-form-urlencoded"}}))
		if res.Status != 200 {
			t.Fatalf("OCR: HTTP %d %s", res.Status, res.Body)
		}
		h.Server.Deps().Thumbs.Wait()
		return imagecheck.Inspect(img).Digest
	}
	unwatched := send(900, 560)
	res := h.Do(h.Request(http.MethodGet, "/__admin/thumbs/"+unwatched, nil, nil))
	if res.Status != 404 || !strings.Contains(decode[admin.Error](t, res).Error, "while the web UI watches") {
		t.Fatalf("unwatched image: HTTP %d %s", res.Status, res.Body)
	}
	openStream(t, h, "")
	watched := send(800, 500)
	res = h.Do(h.Request(http.MethodGet, "/__admin/thumbs/"+watched, nil, nil))
	if res.Status != 200 || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("watched image: HTTP %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	if info := imagecheck.Inspect(res.Body); info.Err != nil || info.Width != 96 || info.Height != 60 {
		t.Fatalf("thumbnail %+v", info)
	}
	failing(t, h, http.MethodGet, "/thumbs/nothex", "", 404, "no admin endpoint GET /__admin/thumbs/nothex; see README.md#admin-api")
}

// TestUIInsertsNoHTML: journal values are vendor traffic, anyone's input.
// The page puts them in as text only; no API that parses a string as
// HTML or code may appear in its script.
func TestUIInsertsNoHTML(t *testing.T) {
	h := mocktest.New(t)
	js := string(h.Do(h.Request(http.MethodGet, "/__admin/ui/app.js", nil, nil)).Body)
	if !strings.Contains(js, "textContent") {
		t.Fatal("app.js not served")
	}
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute(\"on", "javascript:"} {
		if strings.Contains(js, bad) {
			t.Errorf("app.js uses %s", bad)
		}
	}
}
