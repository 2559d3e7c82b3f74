//go:build integration

// The example's integration test. It runs in a container of the compose
// project (`docker compose run --rm test`), drives the onboarding app and
// fails unless every vendor call reached the mock, under the vendor's own
// hostname, and got the vendor's documented answer.
//
//	ONBOARDING_URL      the app (default http://onboarding:8000)
//	MOCKEKYC_ADMIN_URL  the mock's admin API, to read its journal (default http://mockekyc:8080/__admin)
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"testing"
	"time"
)

// The documented success answers of the calls the app makes (README.md of
// mockekyc, the vendors' sections), with the hostname each must arrive under.
var want = []struct {
	vendor, call, host, path, endpoint string
	status                             int
	code                               string
}{
	{"verihubs", "POST https://api.verihubs.com/v2/ktp/extract", "api.verihubs.com", "/v2/ktp/extract", "ktpExtract", 200, "EXT-1"},
	{"accuauth", "POST https://cloudapi.indonesia.accuauth.com/verify/id_name", "cloudapi.indonesia.accuauth.com", "/verify/id_name", "verifyIdName", 200, "OK/01"},
	{"advance", "POST https://api.advance.ai/openapi/auth/ticket/v1/generate-token", "api.advance.ai", "/openapi/auth/ticket/v1/generate-token", "", 200, "SUCCESS"},
	{"advance", "POST https://api.advance.ai/openapi/anti-fraud/v3/identity-check", "api.advance.ai", "/openapi/anti-fraud/v3/identity-check", "", 200, "SUCCESS"},
	{"ekycpro", "POST https://api.ekycpro.com/v1/ididinquiries", "api.ekycpro.com", "/v1/ididinquiries", "idInquiries", 200, "OK"},
	{"izidata", "POST https://api.izidata.co.id/v1/phone", "api.izidata.co.id", "/v1/phone", "", 200, "ok"},
}

func TestOnboardingReachesTheMock(t *testing.T) {
	app := envOr("ONBOARDING_URL", "http://onboarding:8000")
	admin := envOr("MOCKEKYC_ADMIN_URL", "http://mockekyc:8080/__admin")
	client := &http.Client{Timeout: 60 * time.Second}

	// The journal's newest entry before the test: only later entries count.
	var before journalPage
	getJSON(t, client, admin+"/requests?limit=1", &before)
	var since uint64
	if len(before.Requests) > 0 {
		since = before.Requests[0].ID
	}

	body, _ := json.Marshal(onboardRequest{KTPImage: ktpJPEG(t), Phone: "83899575175"})
	resp, err := client.Post(app+"/onboard", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /onboard: %s %s", resp.Status, raw)
	}
	var got onboardResponse
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("POST /onboard: %v: %s", err, raw)
	}
	t.Logf("onboarding answered: %s", raw)

	// What the app saw.
	if len(got.Steps) != len(want) {
		t.Fatalf("%d vendor calls, want %d: %+v", len(got.Steps), len(want), got.Steps)
	}
	for i, w := range want {
		s := got.Steps[i]
		if s.Vendor != w.vendor || s.Call != w.call || s.Error != "" || s.HTTPStatus != w.status || s.Code != w.code {
			t.Errorf("call %d: %+v\nwant %s %s → HTTP %d %s", i+1, s, w.vendor, w.call, w.status, w.code)
		}
	}
	if !got.Approved {
		t.Errorf("the customer was not approved")
	}
	if got.Detail("izidata") != "AXIS" {
		t.Errorf("iziData /v1/phone carrier %q, want AXIS (83899575175 is an AXIS number)", got.Detail("izidata"))
	}

	// The person the mock holds for that NIK is the one the vendors described.
	var person struct {
		NIK  string `json:"nik"`
		Name string `json:"name"`
	}
	getJSON(t, client, admin+"/identity/"+got.NIK, &person)
	if got.NIK == "" || person.NIK != got.NIK || person.Name != got.Name {
		t.Errorf("Verihubs read NIK %q name %q; the mock holds %q %q", got.NIK, got.Name, person.NIK, person.Name)
	}

	// What the mock saw: each call in its journal, under the vendor's own
	// hostname, with the same answer.
	for _, w := range want {
		var page journalPage
		getJSON(t, client, admin+"/requests?vendor="+w.vendor+"&limit=50", &page)
		found := false
		for _, e := range page.Requests {
			if e.ID > since && e.Host == w.host && e.Path == w.path && e.Status == w.status && e.Code == w.code &&
				(w.endpoint == "" || e.Endpoint == w.endpoint) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("the mock's journal has no %s %s%s answered HTTP %d %s since entry %d: %+v", w.vendor, w.host, w.path, w.status, w.code, since, page.Requests)
		}
	}
}

// TestScenariosMounted: the rules of the mounted scenarios directory
// (examples/scenarios) are loaded.
func TestScenariosMounted(t *testing.T) {
	admin := envOr("MOCKEKYC_ADMIN_URL", "http://mockekyc:8080/__admin")
	var list struct {
		Scenarios []struct {
			Name  string `json:"name"`
			Group string `json:"group"`
		} `json:"scenarios"`
	}
	getJSON(t, &http.Client{Timeout: 10 * time.Second}, admin+"/scenarios", &list)
	for _, s := range list.Scenarios {
		if s.Name == "compose-example-busy-inquiries" {
			return
		}
	}
	t.Errorf("GET /__admin/scenarios has no compose-example-busy-inquiries (examples/scenarios/example.yaml): %+v", list.Scenarios)
}

// Detail is what the app reported of the vendor's last call.
func (r onboardResponse) Detail(vendor string) string {
	for i := len(r.Steps) - 1; i >= 0; i-- {
		if r.Steps[i].Vendor == vendor {
			return r.Steps[i].Detail
		}
	}
	return ""
}

type journalPage struct {
	Requests []struct {
		ID       uint64 `json:"id"`
		Vendor   string `json:"vendor"`
		Endpoint string `json:"endpoint"`
		Host     string `json:"host"`
		Path     string `json:"path"`
		Status   int    `json:"status"`
		Code     string `json:"code"`
	} `json:"requests"`
}

func getJSON(t *testing.T, client *http.Client, u string, into any) {
	t.Helper()
	resp, err := client.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s %s", u, resp.Status, raw)
	}
	if err := json.Unmarshal(raw, into); err != nil {
		t.Fatalf("GET %s: %v: %s", u, err, raw)
	}
}

// ktpJPEG is a KTP-sized photo (1000×630, over Verihubs' 720×480 minimum),
// base64-encoded as the vendors take it.
func ktpJPEG(t *testing.T) string {
	img := image.NewRGBA(image.Rect(0, 0, 1000, 630))
	for y := 0; y < 630; y++ {
		for x := 0; x < 1000; x++ {
			img.Set(x, y, color.RGBA{uint8(x / 4), uint8(y / 3), 200, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}
