package verihubs_test

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/emulate/verihubs"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// fourApps are App-IDs of every kind the one Verihubs emulator serves:
// two configured apps, a credential added at run time and a workspace's
// own. What they remember shares one total bound.
func fourApps(t *testing.T, h *mocktest.Harness) [][2]string {
	t.Helper()
	if st, body := h.Admin(http.MethodPost, "/accounts", `{"vendor":"verihubs","credential":{"id":"runtime-app","secret":"runtime-key"}}`); st != 201 {
		t.Fatalf("add account: %d %v", st, body)
	}
	st, ws := h.Admin(http.MethodPost, "/workspaces", `{}`)
	if st != 201 {
		t.Fatalf("create workspace: %d %v", st, ws)
	}
	cred := ws["credentials"].(map[string]any)["verihubs"].([]any)[0].(map[string]any)
	return [][2]string{{"app", "key"}, {"other-app", "other-key"}, {"runtime-app", "runtime-key"}, {cred["id"].(string), cred["secret"].(string)}}
}

func withSettings(lines ...string) string {
	return strings.Replace(testConfig, "    settings:\n", "    settings:\n      "+strings.Join(lines, "\n      ")+"\n", 1)
}

// TestFaceBytesTotalAcrossApps: settings.max_face_bytes_total bounds the
// faces every App-ID holds together, the oldest enrolment of any App-ID
// first out, though its own App-ID is under its own bound; a search no
// longer finds an evicted subject and a delete no longer knows it.
func TestFaceBytesTotalAcrossApps(t *testing.T) {
	img := face(t, "nik="+nikA)
	raw, err := base64.StdEncoding.DecodeString(img)
	if err != nil {
		t.Fatal(err)
	}
	// Room for three enrolments of this image (each also counts ~0.5 KB
	// beside it), not four.
	total := 3*len(raw) + len(raw)/2
	h := mocktest.New(t, mocktest.WithConfig(withSettings(fmt.Sprintf("max_face_bytes_total: %d", total))))
	apps := fourApps(t, h)
	held := func() []string {
		var all []string
		for _, a := range apps {
			for _, m := range search(t, h, post("faceSearch", js("image", img, "limit", 10, "threshold", 0)).as(a[0], a[1])).Data.Matches {
				all = append(all, m.SubjectID)
			}
		}
		slices.Sort(all)
		return all
	}
	var enrolled []string
	for i := range 10 {
		a := apps[i%len(apps)]
		id := fmt.Sprintf("s%02d", i)
		if res := post("faceEnroll", js("image", img, "subject_id", id)).as(a[0], a[1]).Send(h); res.Status != 200 {
			t.Fatalf("enrol %s: HTTP %d %s", id, res.Status, res.Body)
		}
		enrolled = append(enrolled, id)
		want := enrolled[max(0, len(enrolled)-3):]
		if got := held(); !slices.Equal(got, want) {
			t.Fatalf("after enrolling %s under %s: the App-IDs hold %v, want the newest three %v", id, a[0], got, want)
		}
	}
	// s06 was app's, enrolled before the three held (s07 s08 s09).
	if res := del("s06").Send(h); res.Status != 400 {
		t.Errorf("delete of the evicted s06: HTTP %d %s", res.Status, res.Body)
	}
	// A replaced subject is the newest: enrolling s07 again (other-app's)
	// makes s08 the oldest, and the next enrolment evicts it.
	post("faceEnroll", js("image", img, "subject_id", "s07")).as(apps[3%4][0], apps[3%4][1]).Send(h)
	post("faceEnroll", js("image", img, "subject_id", "s10")).Send(h)
	if got := held(); !slices.Equal(got, []string{"s07", "s09", "s10"}) {
		t.Errorf("after re-enrolling s07 and enrolling s10: %v", got)
	}
}

// TestFaceBytesTotalDefault: with the default settings the faces of many
// App-IDs together hold at most 16 MiB: 1 MiB enrolments under 17 runtime
// credentials (each far under its own App-ID's bound) keep the newest 15,
// each counted with its ~0.5 KB beside the image.
func TestFaceBytesTotalDefault(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	img := mocktest.ImageB64(t, imagecheck.FixtureSpec{Width: 400, Height: 500, Bytes: 1 << 20, Marker: "nik=" + nikA})
	const n = 17
	for i := range n {
		app := fmt.Sprintf("rt-%02d", i)
		if st, body := h.Admin(http.MethodPost, "/accounts", `{"vendor":"verihubs","credential":{"id":"`+app+`","secret":"k"}}`); st != 201 {
			t.Fatalf("add account: %d %v", st, body)
		}
		if res := post("faceEnroll", js("image", img, "subject_id", app)).as(app, "k").Send(h); res.Status != 200 {
			t.Fatalf("enrol under %s: HTTP %d %s", app, res.Status, res.Body)
		}
	}
	var held []string
	for i := range n {
		app := fmt.Sprintf("rt-%02d", i)
		if got := ids(search(t, h, post("faceSearch", js("image", img, "limit", 10, "threshold", 0)).as(app, "k"))); got != "" {
			held = append(held, got)
		}
	}
	if len(held) != 15 || held[0] != "rt-02" {
		t.Errorf("held %d subjects %v, want the newest 15 (16 MiB)", len(held), held)
	}
}

// TestFaceBytesPerAppUnderTheTotal: max_face_bytes still bounds one
// App-ID while the total has room, and a config may not set a total
// below 1.
func TestFaceBytesPerAppUnderTheTotal(t *testing.T) {
	img := face(t, "nik="+nikA)
	raw, _ := base64.StdEncoding.DecodeString(img)
	h := mocktest.New(t, mocktest.WithConfig(withSettings(fmt.Sprintf("max_face_bytes: %d", 2*len(raw)+len(raw)/2))))
	for _, id := range []string{"s1", "s2", "s3"} {
		post("faceEnroll", js("image", img, "subject_id", id)).Send(h)
	}
	post("faceEnroll", js("image", img, "subject_id", "o1")).as("other-app", "other-key").Send(h)
	if got := ids(search(t, h, post("faceSearch", js("image", img, "limit", 10, "threshold", 0)))); got != "s2,s3" && got != "s3,s2" {
		t.Errorf("app kept %s", got)
	}
	if got := ids(search(t, h, post("faceSearch", js("image", img, "limit", 10, "threshold", 0)).as("other-app", "other-key"))); got != "o1" {
		t.Errorf("other-app kept %s", got)
	}
}

// TestReferenceIDsTotalAcrossApps: settings.max_reference_ids_total
// bounds the reference_ids every App-ID remembers together: the oldest,
// of any App-ID, is forgotten (its result pull is unknown, the id free
// again).
func TestReferenceIDsTotalAcrossApps(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(withSettings("max_reference_ids_total: 2")))
	apps := fourApps(t, h)
	img := mocktest.ImageB64(t, imagecheck.FixtureSpec{})
	pull := func(a [2]string, ref string) string {
		res := req{method: http.MethodGet, path: paths["ktpExtractAsyncResult"] + "?reference_id=" + ref, app: a[0], key: a[1]}.Send(h)
		if code, _ := res.JSON(t)["error_code"].(string); code != "" {
			return code
		}
		return fmt.Sprint(res.Status)
	}
	for i, a := range apps[:3] {
		if res := post("ktpExtract", js("image", img, "reference_id", fmt.Sprintf("r%d", i))).as(a[0], a[1]).Send(h); res.Status != 200 {
			t.Fatalf("extract under %s: HTTP %d %s", a[0], res.Status, res.Body)
		}
	}
	if got := []string{pull(apps[0], "r0"), pull(apps[1], "r1"), pull(apps[2], "r2")}; !slices.Equal(got, []string{"INVALID_PAYLOAD_REFERENCE_ID", "200", "200"}) {
		t.Errorf("pulls of r0 r1 r2: %v", got)
	}
	// The workspace's extract-async takes the last place: r1 goes.
	if res := post("ktpExtractAsync", js("image", img, "reference_id", "r3")).as(apps[3][0], apps[3][1]).Send(h); res.Status != 200 {
		t.Fatalf("async: HTTP %d %s", res.Status, res.Body)
	}
	if got := []string{pull(apps[1], "r1"), pull(apps[2], "r2"), pull(apps[3], "r3")}; !slices.Equal(got, []string{"INVALID_PAYLOAD_REFERENCE_ID", "200", "200"}) {
		t.Errorf("pulls of r1 r2 r3: %v", got)
	}
	if res := post("ktpExtract", js("image", img, "reference_id", "r0")).Send(h); res.Status != 200 {
		t.Errorf("the forgotten r0 again: HTTP %d %s", res.Status, res.Body)
	}
	if res := post("ktpExtract", js("image", img, "reference_id", "r3")).as(apps[3][0], apps[3][1]).Send(h); res.JSON(t)["error_code"] != "INVALID_PAYLOAD_REFERENCE_ID_EXISTS" {
		t.Errorf("the remembered r3 again: HTTP %d %s", res.Status, res.Body)
	}
}

// TestOTPTotalAcrossApps: settings.max_otps_total bounds the OTP
// conversations every App-ID keeps together, the oldest of any App-ID
// first out.
func TestOTPTotalAcrossApps(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(withSettings("max_otps_total: 3")))
	apps := fourApps(t, h)
	for i, a := range apps {
		if res := post("smsOtpSendV2", js("msisdn", fmt.Sprintf("6281100000%d", i), "otp", "2468")).as(a[0], a[1]).Send(h); res.Status != 201 {
			t.Fatalf("send under %s: HTTP %d %s", a[0], res.Status, res.Body)
		}
	}
	var got []string
	for _, o := range otpList(t, h, "") {
		got = append(got, o.Credential+" "+o.MSISDN)
	}
	want := []string{"other-app 62811000001", "runtime-app 62811000002", apps[3][0] + " 62811000003"}
	if !slices.Equal(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
	if res := post("smsOtpVerifyV2", js("msisdn", "62811000000", "otp", "2468")).Send(h); res.Status != 404 {
		t.Errorf("verify of the forgotten OTP: HTTP %d %s", res.Status, res.Body)
	}
	if res := post("smsOtpVerifyV2", js("msisdn", "62811000001", "otp", "2468")).as("other-app", "other-key").Send(h); res.Status != 200 {
		t.Errorf("verify of a kept OTP: HTTP %d %s", res.Status, res.Body)
	}
}

// TestTotalsMustBePositive: a total below 1 is a config error.
func TestTotalsMustBePositive(t *testing.T) {
	for _, s := range []string{"max_face_bytes_total", "max_reference_ids_total", "max_otps_total"} {
		if _, err := newVendor(withSettings(s + ": 0")); err == nil || !strings.Contains(err.Error(), s) {
			t.Errorf("%s: 0: %v", s, err)
		}
	}
}

func newVendor(yamlText string) (*verihubs.Vendor, error) {
	cfg, err := config.Parse("test-config.yaml", []byte(yamlText))
	if err != nil {
		return nil, err
	}
	return verihubs.New(cfg.Vendors[verihubs.Name])
}
