package uitest

import (
	"context"
	"encoding/base64"
	"flag"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
	"github.com/mockekyc/mockekyc/internal/server"
)

var screenshots = flag.String("screenshots", "", "write a PNG of each view into this directory (README pictures)")

// browser starts headless Chromium for one test.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no Chromium: .ci/run installs Debian's chromium package before these tests")
		}
		t.Skip("no Chromium on this machine (apt-get install chromium); CI runs these tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // CI runs as root
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	// A loaded 2-core machine starts Chromium slowly; every step below has
	// its own wait, and this bounds the whole test.
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return ctx
}

func run(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// shot writes a screenshot of the page when -screenshots is set.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if *screenshots == "" {
		return
	}
	var png []byte
	run(t, ctx, "screenshot "+name, chromedp.CaptureScreenshot(&png))
	if err := os.MkdirAll(*screenshots, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*screenshots, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func send(t *testing.T, h *mocktest.Harness, method, path string, hdr http.Header) mocktest.Result {
	t.Helper()
	return h.Do(h.Request(method, path, nil, hdr))
}

var key = http.Header{"X-Api-Key": {"AbcdEfgh"}}

// TestUI is the path a developer takes: open the UI, watch requests
// arrive, open a refused one to see why, find an answer the suite never
// met in the coverage view, force it once and see it land; then the
// scenario editor's validation, the catalogue and a person card.
func TestUI(t *testing.T) {
	h := mocktest.New(t)
	ctx := browser(t)
	base := h.HTTP.URL

	run(t, ctx, "open the UI", chromedp.Navigate(base+"/"), chromedp.WaitVisible(`#journal-empty`), chromedp.WaitVisible(`#live`))
	// The stream is open ("live") before the requests, so they arrive live.
	run(t, ctx, "stream live", chromedp.Poll(`document.querySelector('#live').textContent === 'live'`, nil, chromedp.WithPollingTimeout(30*time.Second)))

	ok := send(t, h, http.MethodGet, "/ekycpro/v1/balance", key)
	bad := send(t, h, http.MethodGet, "/ekycpro/v1/balance", http.Header{"X-Api-Key": {"wrong-key"}})
	if ok.Status != 200 || bad.Status != 401 {
		t.Fatalf("balance calls: HTTP %d and %d", ok.Status, bad.Status)
	}
	run(t, ctx, "both requests appear", chromedp.WaitVisible(`#journal-table tr[data-id="2"]`))
	var rows int
	run(t, ctx, "count rows", chromedp.Evaluate(`document.querySelectorAll('#journal-table tbody tr').length`, &rows))
	if rows != 2 {
		t.Fatalf("%d rows, want 2", rows)
	}

	// Open the refused one with the keyboard.
	var detail string
	run(t, ctx, "open the refused request",
		chromedp.Focus(`#journal-table tr[data-id="2"]`),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(`#detail h3`),
		chromedp.Text(`#detail`, &detail))
	for _, want := range []string{"HTTP 401", "NO_AUTHORIZATION", "invalid api key", "auth: The credential check decided", "X-Api-Key"} {
		if !strings.Contains(detail, want) {
			t.Errorf("the detail lacks %q:\n%s", want, detail)
		}
	}
	if strings.Contains(detail, "wrong-key") {
		t.Errorf("the detail shows the API key in clear:\n%s", detail)
	}
	// An image sent while the page watches gets a thumbnail in its detail.
	img, err := imagecheck.MakeFixture(imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 900, Height: 560, Marker: "nik=3171024302821001"})
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"img": {base64.StdEncoding.EncodeToString(img)}}.Encode()
	if res := h.Do(h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader(form),
		http.Header{"X-Api-Key": {"AbcdEfgh"}, "Content-Type": {"application/x-www-form-urlencoded"}})); res.Status != 200 {
		t.Fatalf("OCR: HTTP %d %s", res.Status, res.Body)
	}
	h.Server.Deps().Thumbs.Wait()
	var thumbW int
	var imgText string
	run(t, ctx, "the image's thumbnail",
		chromedp.WaitVisible(`#journal-table tr[data-id="3"]`),
		chromedp.Click(`#journal-table tr[data-id="3"]`),
		chromedp.WaitVisible(`#detail figure.image img`),
		chromedp.Poll(`document.querySelector('#detail figure.image img').naturalWidth > 0`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Evaluate(`document.querySelector('#detail figure.image img').naturalWidth`, &thumbW),
		chromedp.Text(`#detail figure.image figcaption`, &imgText))
	digest := imagecheck.Inspect(img).Digest
	if thumbW != 96 || !strings.Contains(imgText, digest) || !strings.Contains(imgText, "900×560") || !strings.Contains(imgText, "nik=3171024302821001") {
		t.Errorf("image card: thumbnail %d px wide, caption %q", thumbW, imgText)
	}
	var html string
	run(t, ctx, "no base64 in the page", chromedp.OuterHTML(`html`, &html))
	if strings.Contains(html, base64.StdEncoding.EncodeToString(img)[:64]) {
		t.Error("the page holds the image's base64")
	}
	shot(t, ctx, "journal")

	// Coverage: balance's RETRY_LATER was never met; force it once.
	run(t, ctx, "coverage view",
		chromedp.Navigate(base+"/__admin/ui/#coverage"),
		chromedp.WaitVisible(`#coverage-filter select[name=vendor]`),
		chromedp.SetValue(`#coverage-filter select[name=vendor]`, "ekycpro"),
		chromedp.Click(`#coverage-filter button[type=submit]`),
		chromedp.WaitVisible(`tr[data-endpoint="balance"][data-code="RETRY_LATER"] button`))
	var summary, trigger string
	run(t, ctx, "read coverage",
		chromedp.Text(`#coverage-summary`, &summary),
		chromedp.Text(`tr[data-endpoint="balance"][data-code="RETRY_LATER"] td:nth-child(4)`, &trigger))
	if !strings.Contains(summary, "documented answers met") || strings.TrimSpace(trigger) == "" {
		t.Errorf("coverage summary %q, trigger %q", summary, trigger)
	}
	shot(t, ctx, "coverage")
	run(t, ctx, "force RETRY_LATER once",
		chromedp.Click(`tr[data-endpoint="balance"][data-code="RETRY_LATER"] button`),
		chromedp.WaitVisible(`tr[data-endpoint="balance"][data-code="RETRY_LATER"] .pill`))
	forced := send(t, h, http.MethodGet, "/ekycpro/v1/balance", key)
	if forced.Status != 429 || !strings.Contains(string(forced.Body), "RETRY_LATER") {
		t.Fatalf("after Force once: HTTP %d %s", forced.Status, forced.Body)
	}
	if again := send(t, h, http.MethodGet, "/ekycpro/v1/balance", key); again.Status != 200 {
		t.Fatalf("the forced rule answered twice: HTTP %d", again.Status)
	}
	run(t, ctx, "the forced answer is met",
		chromedp.Click(`#coverage-filter button[type=submit]`),
		chromedp.WaitVisible(`tr.met[data-endpoint="balance"][data-code="RETRY_LATER"]`))
	run(t, ctx, "and lands in the journal as a scenario answer",
		chromedp.Navigate(base+"/__admin/ui/#journal"),
		chromedp.WaitVisible(`#journal-table tr[data-id="4"]`),
		chromedp.Text(`#journal-table tr[data-id="4"]`, &detail))
	if !strings.Contains(detail, "RETRY_LATER") || !strings.Contains(detail, "scenario") {
		t.Errorf("journal row 4: %q", detail)
	}

	// Scenarios: a bad rule gets validate's message; a good one is listed.
	var errText string
	run(t, ctx, "scenario validation",
		chromedp.Navigate(base+"/__admin/ui/#scenarios"),
		chromedp.WaitVisible(`#scenario-yaml`),
		chromedp.SetValue(`#scenario-yaml`, "scenarios:\n  - name: typo\n    vendor: ekycpro\n    respond: {code: NOPE}\n"),
		chromedp.Click(`#scenario-form button[type=submit]`),
		chromedp.WaitVisible(`#scenario-error`),
		chromedp.Text(`#scenario-error`, &errText))
	if !strings.HasPrefix(errText, "admin:4:") || !strings.Contains(errText, "NOPE") {
		t.Errorf("scenario error %q", errText)
	}
	var list string
	run(t, ctx, "add a rule",
		chromedp.SetValue(`#scenario-yaml`, "scenarios:\n  - name: from-the-ui\n    vendor: ekycpro\n    endpoint: balance\n    respond: {code: INNER_ERROR}\n"),
		chromedp.Click(`#scenario-form button[type=submit]`),
		chromedp.Poll(`document.querySelector('#scenario-list').textContent.includes('from-the-ui')`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Text(`#scenario-list`, &list))
	if !strings.Contains(list, "admin rules") || !strings.Contains(list, "shipped rules") {
		t.Errorf("scenario list: %.300s", list)
	}
	shot(t, ctx, "scenarios")

	// Catalogue: the search narrows to an answer, with its evidence.
	var cat string
	run(t, ctx, "catalogue",
		chromedp.Navigate(base+"/__admin/ui/#catalogue"),
		chromedp.WaitVisible(`#catalogue-body details`),
		chromedp.SendKeys(`#catalogue-filter input[name=q]`, "FAIL_ON_2"),
		chromedp.Poll(`document.querySelectorAll('#catalogue-body details').length > 0 && [...document.querySelectorAll('#catalogue-body summary')].every(s => s.textContent.startsWith('verihubs'))`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Text(`#catalogue-body`, &cat))
	if !strings.Contains(cat, "seed-docs") {
		t.Errorf("catalogue: %.300s", cat)
	}
	shot(t, ctx, "catalogue")

	// People: the person card and the KTP image the mock reads as them.
	var name string
	var imgWidth int
	run(t, ctx, "person card",
		chromedp.Navigate(base+"/__admin/ui/#people"),
		chromedp.WaitVisible(`#person-form`),
		chromedp.Click(`#person-form button[type=submit]`),
		chromedp.WaitVisible(`#person figure.ktp img`),
		chromedp.Poll(`document.querySelector('#person figure.ktp img').naturalWidth > 0`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Text(`#person h4`, &name),
		chromedp.Evaluate(`document.querySelector('#person figure.ktp img').naturalWidth`, &imgWidth))
	st, person := h.Admin(http.MethodGet, "/identity/3171024302821001", "")
	if st != 200 || name != person["name"] || imgWidth != 1000 {
		t.Errorf("person card %q (image %d px wide), the mock's person %v", name, imgWidth, person["name"])
	}
	shot(t, ctx, "people")
}

// TestUIAsksForToken: with MOCKEKYC_ADMIN_TOKEN set, the page asks for it
// and then works.
func TestUIAsksForToken(t *testing.T) {
	h := mocktest.New(t, mocktest.WithOptions(func(o *server.Options) { o.AdminToken = "ui-token" }))
	ctx := browser(t)
	send(t, h, http.MethodGet, "/ekycpro/v1/balance", key)
	run(t, ctx, "the page asks for the token",
		chromedp.Navigate(h.HTTP.URL+"/__admin/ui/"),
		chromedp.WaitVisible(`#token-form`))
	run(t, ctx, "with the token, the journal loads",
		chromedp.SendKeys(`#token`, "ui-token"),
		chromedp.Click(`#token-form button[type=submit]`),
		chromedp.WaitVisible(`#journal-table tr[data-id="1"]`))
	var hidden bool
	run(t, ctx, "form gone", chromedp.Evaluate(`document.querySelector('#token-form').hidden`, &hidden))
	if !hidden {
		t.Error("the token form stayed")
	}
}

// TestUIPhoneWidth: the journal is usable on a phone-sized screen: no
// horizontal scrolling of the page itself.
func TestUIPhoneWidth(t *testing.T) {
	h := mocktest.New(t)
	ctx := browser(t)
	send(t, h, http.MethodGet, "/ekycpro/v1/balance", key)
	var scrollW, clientW int
	run(t, ctx, "phone width",
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(h.HTTP.URL+"/__admin/ui/"),
		chromedp.WaitVisible(`#journal-table tr[data-id="1"]`),
		chromedp.Click(`#journal-table tr[data-id="1"]`),
		chromedp.WaitVisible(`#detail h3`),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollW),
		chromedp.Evaluate(`document.documentElement.clientWidth`, &clientW))
	if scrollW > clientW {
		t.Errorf("the page scrolls sideways on a phone: %d px wide in a %d px screen", scrollW, clientW)
	}
	shot(t, ctx, "phone")
}

// TestUIWorkspace: the workspace picker shows a workspace's journal, and
// the default workspace's journal does not hold its requests.
func TestUIWorkspace(t *testing.T) {
	h := mocktest.New(t)
	st, ws := h.Admin(http.MethodPost, "/workspaces", "{}")
	if st != http.StatusCreated {
		t.Fatalf("create workspace: HTTP %d %v", st, ws)
	}
	id, _ := ws["id"].(string)
	creds, _ := ws["credentials"].(map[string]any)
	ek, _ := creds["ekycpro"].([]any)
	if id == "" || len(ek) == 0 {
		t.Fatalf("workspace %v", ws)
	}
	wsKey, _ := ek[0].(map[string]any)["id"].(string)
	send(t, h, http.MethodGet, "/ekycpro/v1/balance", key)                               // default workspace
	send(t, h, http.MethodGet, "/ekycpro/v1/balance", http.Header{"X-Api-Key": {wsKey}}) // the workspace's
	ctx := browser(t)
	var rows int
	var picked string
	run(t, ctx, "the workspace's journal",
		chromedp.Navigate(h.HTTP.URL+"/__admin/ui/?ws="+id+"#journal"),
		chromedp.WaitVisible(`#journal-table tbody tr`),
		chromedp.Value(`#workspace`, &picked),
		chromedp.Evaluate(`document.querySelectorAll('#journal-table tbody tr').length`, &rows))
	if picked != id || rows != 1 {
		t.Fatalf("workspace %q picked, %d rows; want %q and 1", picked, rows, id)
	}
	var cred string
	run(t, ctx, "its credential", chromedp.Text(`#journal-table tbody tr td.cred`, &cred))
	_, wsList := h.Admin(http.MethodGet, "/workspaces/"+id+"/requests", "")
	_, defList := h.Admin(http.MethodGet, "/requests", "")
	credOf := func(l map[string]any) string {
		rs, _ := l["requests"].([]any)
		if len(rs) != 1 {
			t.Fatalf("journal %v", l)
		}
		c, _ := rs[0].(map[string]any)["credential"].(string)
		return c
	}
	if want, other := credOf(wsList), credOf(defList); cred != want || cred == other {
		t.Errorf("credential cell %q, the workspace's request has %q, the default one's %q", cred, want, other)
	}
	run(t, ctx, "back to the default workspace",
		chromedp.SetValue(`#workspace`, ""),
		chromedp.Evaluate(`document.querySelector('#workspace').dispatchEvent(new Event('change'))`, nil),
		chromedp.Poll(`document.querySelectorAll('#journal-table tbody tr').length === 1 && !location.search.includes('ws=')`, nil, chromedp.WithPollingTimeout(20*time.Second)))
}
