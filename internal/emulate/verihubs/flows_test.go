package verihubs_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestImageByURL: images fetched from a local server, every failure kind.
func TestImageByURL(t *testing.T) {
	jpeg := mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 1000, Height: 630, Marker: "forgery=true"})
	huge := mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 1000, Height: 630, Bytes: MaxImage + 10})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ktp.jpg":
			_, _ = w.Write(jpeg)
		case "/huge.png":
			_, _ = w.Write(huge)
		case "/page.html":
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, "<html><body>not an image</body></html>")
		case "/redirect":
			http.Redirect(w, r, "/ktp.jpg", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL + "/ktp.jpg"
	dead.Close()
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	for _, c := range []struct {
		url        string
		status     int
		code, prop string
	}{
		{srv.URL + "/ktp.jpg", 200, "FAIL_ON_2", ""}, // the marker travelled with the fetched bytes
		{srv.URL + "/redirect", 200, "FAIL_ON_2", ""},
		{srv.URL + "/huge.png", 400, "INVALID_PAYLOAD_IMAGE_SIZE", ""},
		{srv.URL + "/page.html", 400, "INVALID_PAYLOAD_IMAGE_FORMAT", ""},
		{deadURL, 400, "INVALID_PAYLOAD_IMAGE_FORMAT", ""},
	} {
		res := post("idForgery", js("image", c.url)).Send(h)
		if res.Status != c.status || res.JSON(t)["error_code"] != c.code {
			t.Errorf("%s: HTTP %d %s, want %d %s", c.url, res.Status, res.Body, c.status, c.code)
		}
	}
	// A server that never answers: the fetch gives up at the configured
	// timeout (1 ms here, so that no test waits one out).
	slow := mocktest.New(t, mocktest.WithConfig(slowURLConfig))
	if res := post("idForgery", js("image", silentServer(t))).Send(slow); res.Status != 400 || res.JSON(t)["error_code"] != "INVALID_PAYLOAD_IMAGE_TIMEOUT" {
		t.Errorf("silent server: HTTP %d %s, want 400 INVALID_PAYLOAD_IMAGE_TIMEOUT", res.Status, res.Body)
	}
}

// TestImageURLAllowList: a host outside allow_hosts is never contacted.
func TestImageURLAllowList(t *testing.T) {
	hit := false
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit = true }))
	defer srv.Close()
	cfg := strings.Replace(testConfig, "image_url: {timeout: 1m}", "image_url: {timeout: 1m, allow_hosts: [images.example.com]}", 1)
	h := mocktest.New(t, mocktest.WithConfig(cfg))
	res := post("idForgery", js("image", srv.URL+"/ktp.jpg")).Send(h)
	if res.Status != 400 || res.JSON(t)["error_code"] != "INVALID_PAYLOAD_IMAGE_FORMAT" || hit {
		t.Errorf("HTTP %d %s, server hit %v", res.Status, res.Body, hit)
	}
}

// TestQualityAgreesWithScores: booleans follow docs/vendors/verihubs.md#vh-5 thresholds; quality is
// present only with is_quality (docs/vendors/verihubs.md#vh-4); FAIL_ON_1 has no forgery verdict.
func TestQualityAgreesWithScores(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	for _, m := range []string{"", "blur=true", "dark=true", "blur=49.5", "dark=50", "flashlight=true; grayscale=true"} {
		img := mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: m})
		res := post("idForgery", js("image", img, "is_quality", true)).Send(h)
		data := res.JSON(t)["data"].(map[string]any)
		q := data["image_quality"].(map[string]any)
		if (q["blur_score"].(float64) >= 50) != q["blur"].(bool) || (q["dark_score"].(float64) >= 50) != q["dark"].(bool) {
			t.Errorf("marker %q: %v", m, q)
		}
		if strings.Contains(m, "flashlight") != q["flashlight"].(bool) || strings.Contains(m, "grayscale") != q["grayscale"].(bool) {
			t.Errorf("marker %q: %v", m, q)
		}
		noQ := post("idForgery", js("image", img)).Send(h).JSON(t)
		if _, ok := noQ["data"].(map[string]any)["image_quality"]; ok {
			t.Errorf("image_quality without is_quality: %v", noQ)
		}
	}
	res := post("idForgery", js("image", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "blur=true; forgery=true"}), "is_quality", true, "validate_quality", true)).Send(h).JSON(t)
	if res["status_code"] != "FRG-2" || res["error_code"] != "FAIL_ON_1" || res["data"].(map[string]any)["forgery"] != nil {
		t.Errorf("quality failure: %v", res)
	}
	res = post("idForgery", js("image", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "forgery=true"}), "is_quality", true, "validate_quality", true)).Send(h).JSON(t)
	if res["status_code"] != "FRG-3" || res["error_code"] != "FAIL_ON_2" || res["data"].(map[string]any)["forgery"] != true {
		t.Errorf("validated forgery: %v", res)
	}
}

// TestExtractIsThePerson: the KTP fields are the person the image stands
// for (marker nik=), and the same image reads the same on every call.
func TestExtractIsThePerson(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	const nik = "3171024302821001"
	p, err := h.Server.Deps().People.PersonByNIK(nik)
	if err != nil {
		t.Fatal(err)
	}
	img := mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "nik=" + nik})
	d := post("ktpExtract", js("image", img)).Send(h).JSON(t)["data"].(map[string]any)
	want := map[string]string{"nik": nik, "full_name": p.Name, "date_of_birth": identity.FormatDate(p.BirthDate), "gender": p.Gender,
		"rt_rw": p.RT + "/" + p.RW, "city": p.City, "state": p.Province, "place_of_birth": p.BirthPlace}
	for k, v := range want {
		if d[k] != v {
			t.Errorf("%s = %v, want %s", k, d[k], v)
		}
	}
	again := post("ktpExtract", js("image", img)).Send(h).JSON(t)["data"].(map[string]any)
	if again["full_name"] != d["full_name"] || again["reference_id"] == d["reference_id"] {
		t.Errorf("second read %v", again)
	}
}

// TestReferenceIDsPerApp: a reference_id is unique per App-ID only.
func TestReferenceIDsPerApp(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	img := mocktest.ImageB64(t, imagecheck.FixtureSpec{})
	body := js("image", img, "reference_id", "order-42")
	if res := post("ktpExtract", body).Send(h); res.Status != 200 || res.JSON(t)["data"].(map[string]any)["reference_id"] != "order-42" {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	if res := post("ktpExtract", body).as("other-app", "other-key").Send(h); res.Status != 200 {
		t.Errorf("other app: %d %s", res.Status, res.Body)
	}
	if res := post("ktpExtractAsync", body).Send(h); res.JSON(t)["error_code"] != "INVALID_PAYLOAD_REFERENCE_ID_EXISTS" {
		t.Errorf("reuse: %s", res.Body)
	}
}

// TestHeaderCaseAndLiveQuota: header names match in any case (docs/vendors/verihubs.md#s4-1); a
// live app's quota is not enforced (docs/vendors/verihubs.md#vh-7).
func TestHeaderCaseAndLiveQuota(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	for i := 0; i < 3; i++ {
		r := h.Request(http.MethodPost, "/verihubs/v2/ktp/idforgery", strings.NewReader(js("image", mocktest.ImageB64(t, imagecheck.FixtureSpec{}))), nil)
		r.Header["content-type"] = []string{"application/json"}
		r.Header["app-id"] = []string{"live-quota"}
		r.Header["api-key"] = []string{"live-key"}
		if res := h.Do(r); res.Status != 200 {
			t.Fatalf("call %d: %d %s", i, res.Status, res.Body)
		}
	}
}

// TestSandboxMagic: the sandbox codes set the quality flags, and the result
// pull answers REFERENCE_ID_<code>[_V] without memory.
func TestSandboxMagic(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	for code, want := range map[string][4]bool{
		"KTP": {}, "KTP_B": {true}, "KTP_D": {false, true}, "KTP_BD": {true, true}, "KTP_BF": {true, false, true}, "KTP_F": {false, false, true},
		"KTP_G": {false, false, false, true}, "KTP_FG": {false, false, true, true}, "KTP_BG": {true, false, false, true}, "KTP_DG": {false, true, false, true},
	} {
		res := post("ktpExtract", js("image", code, "is_quality", true, "validate_quality", true)).as("sandbox-app", "sandbox-key").Send(h)
		b := res.JSON(t)
		q := b["data"].(map[string]any)["image_quality"].(map[string]any)
		got := [4]bool{q["blur"].(bool), q["dark"].(bool), q["flashlight"].(bool), q["grayscale"].(bool)}
		wantCode := "FAIL_ON_1"
		if code == "KTP" {
			wantCode = ""
		}
		if got != want || b["data"].(map[string]any)["reference_id"] != "REFERENCE_ID_"+code+"_V" || (b["error_code"] != nil) != (wantCode != "") {
			t.Errorf("%s: %s", code, res.Body)
		}
		e := h.LastEntry()
		if e.Charged {
			t.Errorf("%s: sandbox call charged", code)
		}
		pulled := req{method: http.MethodGet, path: paths["ktpExtractAsyncResult"] + "?reference_id=REFERENCE_ID_" + code + "_V", app: "sandbox-app", key: "sandbox-key"}.Send(h)
		var a, p map[string]any
		_ = json.Unmarshal(res.Body, &a)
		_ = json.Unmarshal(pulled.Body, &p)
		if a["error_code"] != p["error_code"] || a["data"].(map[string]any)["nik"] != p["data"].(map[string]any)["nik"] {
			t.Errorf("%s pulled %s", code, pulled.Body)
		}
	}
}

// TestAsyncCallback: the result is POSTed with Basic auth, retried after a
// failure, every try journaled; the pull returns the same bytes.
func TestAsyncCallback(t *testing.T) {
	var mu sync.Mutex
	var got [][]byte
	var users []string
	hits := 0
	cb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		hits++
		if hits == 1 {
			w.WriteHeader(http.StatusServiceUnavailable) // the mock retries
			return
		}
		u, p, ok := r.BasicAuth()
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		users = append(users, u+":"+p)
		b, _ := io.ReadAll(r.Body)
		got = append(got, b)
	}))
	defer cb.Close()
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	for _, c := range []struct{ app, key, auth string }{{"app", "key", "app:key"}, {"other-app", "other-key", "hook-user:hook-pass"}} {
		mu.Lock()
		hits, got, users = 0, nil, nil
		mu.Unlock()
		res := post("ktpExtractAsync", js("image", mocktest.ImageB64(t, imagecheck.FixtureSpec{}), "callback_url", cb.URL+"/hook", "reference_id", "async-1")).as(c.app, c.key).Send(h)
		if res.Status != 200 {
			t.Fatalf("%d %s", res.Status, res.Body)
		}
		id := h.LastEntry().ID
		deadline := time.Now().Add(5 * time.Second)
		var e journal.Entry
		for time.Now().Before(deadline) {
			if e, _ = h.Server.Deps().Journal.Get(id); len(e.Events) == 2 {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		if len(e.Events) != 2 || e.Events[0].OK || !e.Events[1].OK {
			t.Fatalf("events %+v", e.Events)
		}
		mu.Lock()
		if len(got) != 1 || users[0] != c.auth {
			t.Fatalf("deliveries %d, auth %v", len(got), users)
		}
		body := got[0]
		mu.Unlock()
		pulled := req{method: http.MethodGet, path: paths["ktpExtractAsyncResult"] + "?reference_id=async-1", app: c.app, key: c.key}.Send(h)
		if string(pulled.Body) != string(body) || !strings.Contains(string(body), `"status_code":"EXT-1"`) {
			t.Errorf("callback %s\npull %s", body, pulled.Body)
		}
	}
}
