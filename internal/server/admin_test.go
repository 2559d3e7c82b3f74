package server_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

func ocr(h *mocktest.Harness, t *testing.T, key string, extra http.Header) mocktest.Result {
	hdr := http.Header{"X-Api-Key": {key}, "Content-Type": {"application/x-www-form-urlencoded"}}
	for k, v := range extra {
		hdr[k] = v
	}
	return h.Do(h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader(ocrForm(t)), hdr))
}

func TestAdminHealthAndCatalogue(t *testing.T) {
	h := mocktest.New(t)
	st, body := h.Admin(http.MethodGet, "/health", "")
	if st != 200 || body["status"] != "ok" || len(mocktest.At[[]any](t, body, "vendors")) == 0 {
		t.Fatalf("health %d %v", st, body)
	}
	st, body = h.Admin(http.MethodGet, "/catalogue?vendor=ekycpro", "")
	if st != 200 {
		t.Fatalf("catalogue %d %v", st, body)
	}
	eps := mocktest.At[[]any](t, body, "endpoints")
	if len(eps) != 11 {
		t.Errorf("catalogue lists %d eKYCPro endpoints, want 11", len(eps))
	}
	a := mocktest.At[map[string]any](t, eps, 0, "answers", 0)
	for _, k := range []string{"code", "http_status", "charged", "billing", "trigger"} {
		if _, ok := a[k]; !ok {
			t.Errorf("catalogue answer lacks %q: %v", k, a)
		}
	}
	if st, _ := h.Admin(http.MethodGet, "/catalogue?vendor=nope", ""); st != 400 {
		t.Errorf("unknown vendor catalogue: %d", st)
	}
	res := h.Do(h.Request(http.MethodGet, "/__admin/specs/ekycpro", nil, nil))
	if res.Status != 200 || !strings.HasPrefix(string(res.Body), "openapi: 3") {
		t.Errorf("spec: %d %.60s", res.Status, res.Body)
	}
}

func TestAdminJournalAndAccounts(t *testing.T) {
	h := mocktest.New(t)
	ocr(h, t, "AbcdEfgh", nil)
	ocr(h, t, "wrong", nil)
	st, body := h.Admin(http.MethodGet, "/requests?vendor=ekycpro&code=NO_AUTHORIZATION", "")
	if st != 200 || mocktest.At[float64](t, body, "count") != 1 {
		t.Fatalf("requests %d %v", st, body)
	}
	e := mocktest.At[map[string]any](t, body, "requests", 0)
	// eKYCPro's key is the credential: the journal keeps its fingerprint.
	if e["why"] != "auth" || e["credential"] != journal.Fingerprint("wrong") || mocktest.At[float64](t, e, "status") != 401 {
		t.Errorf("entry %v", e)
	}
	st, body = h.Admin(http.MethodGet, "/requests?code=OK", "")
	if st != 200 || mocktest.At[float64](t, body, "count") != 1 {
		t.Fatalf("requests?code=OK %d %v", st, body)
	}
	e = mocktest.At[map[string]any](t, body, "requests", 0)
	id := fmt.Sprint(int(mocktest.At[float64](t, e, "id")))
	if st, one := h.Admin(http.MethodGet, "/requests/"+id, ""); st != 200 || one["code"] != "OK" {
		t.Errorf("requests/%s: %d %v", id, st, one)
	}
	if st, _ := h.Admin(http.MethodGet, "/requests/999999", ""); st != 404 {
		t.Errorf("unknown request id: %d", st)
	}
	imgs := mocktest.At[[]any](t, e, "images")
	if len(imgs) != 1 || mocktest.At[string](t, imgs, 0, "digest") == "" {
		t.Errorf("image recorded as %v", imgs)
	}
	if strings.Contains(fmt.Sprint(e), "/9j/") {
		t.Error("the journal holds image bytes")
	}
	st, body = h.Admin(http.MethodGet, "/accounts", "")
	if st != 200 || !strings.Contains(fmt.Sprint(body), "AbcdEfgh") {
		t.Errorf("accounts %d %v", st, body)
	}
	if st, _ = h.Admin(http.MethodDelete, "/requests", ""); st != 204 {
		t.Errorf("clear: %d", st)
	}
	if _, body = h.Admin(http.MethodGet, "/requests", ""); mocktest.At[float64](t, body, "count") != 0 {
		t.Errorf("after clear: %v", body)
	}
	if st, _ = h.Admin(http.MethodGet, "/requests?limit=x", ""); st != 400 {
		t.Errorf("bad limit: %d", st)
	}
}

func TestAdminScenariosScopedByCredential(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(`
vendors:
  ekycpro:
    credentials: [{id: suite-a}, {id: suite-b}]
`))
	rule := `{"name":"a-fails","vendor":"ekycpro","endpoint":"idOcr","match":{"credential":"suite-a"},"respond":{"code":"FAIL"},"times":1}`
	st, body := h.Admin(http.MethodPost, "/scenarios", rule)
	if st != 201 {
		t.Fatalf("add %d %v", st, body)
	}
	id := mocktest.At[string](t, body, "id")
	if got := ocr(h, t, "suite-b", nil).JSON(t)["status"]; got != "OK" {
		t.Errorf("suite-b got %v, want OK", got)
	}
	if got := ocr(h, t, "suite-a", nil).JSON(t)["status"]; got != "FAIL" {
		t.Errorf("suite-a got %v, want FAIL", got)
	}
	if got := ocr(h, t, "suite-a", nil).JSON(t)["status"]; got != "OK" {
		t.Errorf("suite-a after times:1 got %v, want OK", got)
	}
	if st, _ := h.Admin(http.MethodDelete, "/scenarios/"+id, ""); st != 204 {
		t.Errorf("remove: %d", st)
	}
	if st, _ := h.Admin(http.MethodDelete, "/scenarios/"+id, ""); st != 404 {
		t.Errorf("remove twice: %d", st)
	}
	bad := `{"name":"x","vendor":"ekycpro","endpoint":"idOcr","respond":{"code":"FAIL_ON_2"}}`
	st, body = h.Admin(http.MethodPost, "/scenarios", bad)
	if st != 400 || !strings.Contains(fmt.Sprint(body["error"]), "FAIL_ON_2") {
		t.Errorf("undocumented code accepted: %d %v", st, body)
	}
}

func TestAdminCoverage(t *testing.T) {
	h := mocktest.New(t)
	ocr(h, t, "AbcdEfgh", nil)
	ocr(h, t, "nope", nil)
	_, body := h.Admin(http.MethodGet, "/coverage?vendor=ekycpro&credential=AbcdEfgh", "")
	var ocrEp map[string]any
	for i := range mocktest.At[[]any](t, body, "endpoints") {
		if e := mocktest.At[map[string]any](t, body, "endpoints", i); e["operation_id"] == "idOcr" {
			ocrEp = e
		}
	}
	if ocrEp == nil {
		t.Fatalf("no idOcr in %v", body)
	}
	if mocktest.At[float64](t, ocrEp, "answered", "OK") != 1 {
		t.Errorf("answered %v", ocrEp["answered"])
	}
	if _, seen := mocktest.At[map[string]any](t, ocrEp, "answered")["NO_AUTHORIZATION"]; seen {
		t.Error("the other credential's answer counted for AbcdEfgh")
	}
	if !strings.Contains(fmt.Sprint(ocrEp["missing"]), "IMAGE_INVALID_SIZE") {
		t.Errorf("missing %v", ocrEp["missing"])
	}
	h.Admin(http.MethodPost, "/reset", "")
	_, body = h.Admin(http.MethodGet, "/coverage?vendor=ekycpro", "")
	if mocktest.At[float64](t, body, "answered") != 0 {
		t.Errorf("after reset answered = %v", body["answered"])
	}
}

func TestAdminClock(t *testing.T) {
	h := mocktest.New(t)
	st, body := h.Admin(http.MethodPost, "/clock", `{"advance":"36h"}`)
	if st != 200 || !strings.HasPrefix(mocktest.At[string](t, body, "now"), mocktest.Epoch.Add(36*time.Hour).Format("2006-01-02T15")) {
		t.Fatalf("advance: %d %v", st, body)
	}
	res := h.Do(h.Request(http.MethodGet, "/ekycpro/v1/balance", nil, http.Header{"X-Api-Key": {"AbcdEfgh"}}))
	if want := "2026-03-21T00:00:00Z"; res.JSON(t)["reset_time"] != want {
		t.Errorf("balance reset_time %v after moving the clock, want %s", res.JSON(t)["reset_time"], want)
	}
	for _, bad := range []string{`{"advance":"soon"}`, `{"set":"tomorrow"}`, `{}`, `{"nope":1}`} {
		if st, _ := h.Admin(http.MethodPost, "/clock", bad); st != 400 {
			t.Errorf("clock %s: %d", bad, st)
		}
	}
	h.Admin(http.MethodPost, "/clock", `{"reset":true}`)
	if _, body = h.Admin(http.MethodGet, "/clock", ""); body["offset"] != "0s" {
		t.Errorf("after reset %v", body)
	}
}

func TestAdminIdentity(t *testing.T) {
	h := mocktest.New(t)
	st, body := h.Admin(http.MethodGet, "/identity/3171024302821001", "")
	if st != 200 || body["nik"] != "3171024302821001" || body["gender"] != "PEREMPUAN" {
		t.Fatalf("identity %d %v", st, body)
	}
	// The name the mock holds for a NIK is the one ididcheck matches.
	form := url.Values{"id": {"3171024302821001"}, "name": {mocktest.At[string](t, body, "name")}}
	res := h.PostForm("/ekycpro/v1/ididcheck", form, http.Header{"X-Api-Key": {"AbcdEfgh"}})
	if m := res.JSON(t); m["status"] != "OK" || mocktest.At[float64](t, m, "message", "score") != 1 {
		t.Errorf("ididcheck with the mock's own name: %s", res.Body)
	}
	if st, _ := h.Admin(http.MethodGet, "/identity/12", ""); st != 400 {
		t.Errorf("short NIK: %d", st)
	}
}

func TestFaults(t *testing.T) {
	h := mocktest.New(t)
	for _, tc := range []struct {
		fault  string
		status int
		check  func(res *http.Response, err error) error
	}{
		{"empty_body", 200, func(res *http.Response, err error) error {
			b, _ := io.ReadAll(res.Body)
			if len(b) != 0 {
				return fmt.Errorf("body %q", b)
			}
			return nil
		}},
		{"malformed_body", 200, func(res *http.Response, err error) error {
			b, _ := io.ReadAll(res.Body)
			if len(b) == 0 || strings.HasSuffix(string(b), "}") {
				return fmt.Errorf("body %q still whole", b)
			}
			return nil
		}},
		{"http_503", 503, func(res *http.Response, err error) error {
			if ct := res.Header.Get("Content-Type"); ct != "text/html" {
				return fmt.Errorf("content type %q", ct)
			}
			return nil
		}},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			rule := fmt.Sprintf(`{"name":"f","vendor":"ekycpro","endpoint":"idOcr","respond":{"fault":%q},"times":1}`, tc.fault)
			if st, b := h.Admin(http.MethodPost, "/scenarios", rule); st != 201 {
				t.Fatalf("%d %v", st, b)
			}
			req := h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader(ocrForm(t)), http.Header{
				"X-Api-Key": {"AbcdEfgh"}, "Content-Type": {"application/x-www-form-urlencoded"}})
			res, err := h.Client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			if res.StatusCode != tc.status {
				t.Fatalf("HTTP %d, want %d", res.StatusCode, tc.status)
			}
			if err := tc.check(res, err); err != nil {
				t.Error(err)
			}
		})
	}
	t.Run("connection_reset by header (shipped scenario)", func(t *testing.T) {
		req := h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader(ocrForm(t)), http.Header{
			"X-Api-Key": {"AbcdEfgh"}, "Content-Type": {"application/x-www-form-urlencoded"}, "X-Mockekyc-Fault": {"connection_reset"}})
		_, err := h.Client.Do(req)
		if err == nil {
			t.Fatal("the connection was not reset")
		}
	})
	t.Run("timeout", func(t *testing.T) {
		c := *h.Client
		c.Timeout = 300 * time.Millisecond
		req := h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader(ocrForm(t)), http.Header{
			"X-Api-Key": {"AbcdEfgh"}, "Content-Type": {"application/x-www-form-urlencoded"}, "X-Mockekyc-Fault": {"timeout"}})
		_, err := c.Do(req)
		var ue *url.Error
		if !errors.As(err, &ue) || !ue.Timeout() {
			t.Fatalf("want a client timeout, got %v", err)
		}
	})
	// The server still answers after every fault.
	if got := ocr(h, t, "AbcdEfgh", nil).JSON(t)["status"]; got != "OK" {
		t.Errorf("after faults: %v", got)
	}
}

func TestScenarioDirReload(t *testing.T) {
	dir := t.TempDir()
	write := func(text string) {
		if err := os.WriteFile(filepath.Join(dir, "suite.yaml"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("scenarios:\n  - {name: a, vendor: ekycpro, endpoint: idOcr, respond: {code: FAIL}}\n")
	h := mocktest.New(t, mocktest.WithScenarioDir(dir))
	if got := ocr(h, t, "AbcdEfgh", nil).JSON(t)["status"]; got != "FAIL" {
		t.Fatalf("dir rule not applied: %v", got)
	}
	write("scenarios:\n  - {name: a, vendor: ekycpro, endpoint: idOcr, respond: {code: IMAGE_INVALID_SIZE}}\n")
	if _, err := settle(h); err != nil {
		t.Fatal(err)
	}
	if got := ocr(h, t, "AbcdEfgh", nil).JSON(t)["status"]; got != "IMAGE_INVALID_SIZE" {
		t.Fatalf("reloaded rule not applied: %v", got)
	}
	write("scenarios:\n  - {name: a, vendor: ekycpro, endpoint: idOcr, respond: {code: NOPE}}\n")
	if _, err := settle(h); err == nil || !strings.Contains(err.Error(), "suite.yaml:2") {
		t.Fatalf("broken file: err = %v, want suite.yaml:2", err)
	}
	if got := ocr(h, t, "AbcdEfgh", nil).JSON(t)["status"]; got != "IMAGE_INVALID_SIZE" {
		t.Fatalf("a broken file dropped the previous rules: %v", got)
	}
}

// TestDeterministic: same seed and clock, same bytes, across two servers;
// another seed, another person.
func TestDeterministic(t *testing.T) {
	img := mocktest.B64(mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 1000, Height: 630}))
	paths := []struct{ path, form string }{
		{"/ekycpro/v1/id_ocr/general", url.Values{"img": {img}}.Encode()},
		{"/ekycpro/v1/id_card/antifake", url.Values{"img": {img}}.Encode()},
		{"/ekycpro/v1/picturelive", url.Values{"img": {img}, "detail": {"1"}}.Encode()},
		{"/ekycpro/v1/facecompare", url.Values{"img1": {img}, "img2": {img}}.Encode()},
		{"/ekycpro/v1/ididinquiries", "id=3171024302821001"},
	}
	run := func(seed string) []string {
		h := mocktest.New(t, mocktest.WithConfig("seed: "+seed+"\nvendors:\n  ekycpro:\n    credentials: [{id: AbcdEfgh}]\n"))
		var out []string
		for _, p := range paths {
			res := h.Do(h.Request(http.MethodPost, p.path, strings.NewReader(p.form), http.Header{
				"X-Api-Key": {"AbcdEfgh"}, "Content-Type": {"application/x-www-form-urlencoded"}}))
			out = append(out, string(res.Body))
		}
		return out
	}
	a, b, c := run("42"), run("42"), run("43")
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("%s differs between two servers with one seed:\n%s\n%s", paths[i].path, a[i], b[i])
		}
	}
	if a[0] == c[0] {
		t.Errorf("KTP OCR is the same person under another seed: %s", a[0])
	}
}

// settle polls the scenario directory as the reloader's ticker does until a
// change applies: the first poll after an edit only notes it, the second,
// reading the same files, loads them.
func settle(h *mocktest.Harness) (bool, error) {
	if _, err := h.Server.Reloader().Check(); err != nil {
		return false, err
	}
	return h.Server.Reloader().Check()
}
