package verihubs_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestForcedSuccessIsWhole: a scenario forcing a success on a payload the
// mock could not read (no image, an unreadable image, no face, no KTP)
// answers a whole, spec-valid body (the harness validates every response),
// the same bytes for the same request.
func TestForcedSuccessIsWhole(t *testing.T) {
	img := mocktest.ImageB64(t, imagecheck.FixtureSpec{})
	noFace := face(t, "faces=0")
	for _, c := range []struct {
		name, op, code, body string
		want                 []string // keys of data that must be there
	}{
		{"extract without image", "ktpExtract", "EXT-1", `{"is_quality":true}`, []string{"nik", "full_name", "rt_rw", "date_of_birth"}},
		{"extract, bad reference_id", "ktpExtract", "EXT-3", js("image", img, "is_quality", true, "validate_quality", true, "reference_id", "has space"), []string{"nik", "image_quality"}},
		{"extract, no ktp", "ktpExtract", "EXT-1", js("image", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "ktp=none"})), []string{"nik", "full_name"}},
		{"compare, image_2 missing", "faceCompare", "OK", js("image_1", face(t, "")), []string{"image_1", "image_2"}},
		{"compare, image_1 unreadable", "faceCompare", "FAIL_ON_16", js("image_1", "%%%", "image_2", face(t, "")), []string{"image_1", "image_2"}},
		{"compare, no face", "faceCompare", "OK", js("image_1", noFace, "image_2", noFace), []string{"image_1", "image_2"}},
		{"liveness without image", "faceLiveness", "OK", `{"is_quality":true}`, []string{"image"}},
		{"liveness, no face", "faceLiveness", "FAIL_ON_4", js("image", noFace), []string{"image"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var first []byte
			for i := 0; i < 2; i++ {
				h := mocktest.New(t, mocktest.WithConfig(testConfig))
				h.AddRules(rule(c.op, c.code))
				res := post(c.op, c.body).Send(h)
				if res.Status != http.StatusOK {
					t.Fatalf("HTTP %d %s", res.Status, res.Body)
				}
				data := res.JSON(t)["data"].(map[string]any)
				for _, k := range c.want {
					if data[k] == nil || data[k] == "" {
						t.Errorf("data.%s missing: %s", k, res.Body)
					}
				}
				for _, k := range []string{"image", "image_1", "image_2"} {
					if f, ok := data[k].(map[string]any); ok && f["face_count"].(float64) < 1 {
						t.Errorf("data.%s has no face: %s", k, res.Body)
					}
				}
				if i == 1 && !bytes.Equal(first, res.Body) {
					t.Errorf("not deterministic:\n%s\n%s", first, res.Body)
				}
				first = res.Body
			}
		})
	}
}

// TestForcedAcceptedStoresAWholeResult: forced acceptance of an unreadable
// payload stores (and would call back) a whole extraction.
func TestForcedAcceptedStoresAWholeResult(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	h.AddRules(rule("ktpExtractAsync", "ACCEPTED"))
	res := post("ktpExtractAsync", `{"is_quality":true}`).Send(h)
	if res.Status != http.StatusOK {
		t.Fatalf("HTTP %d %s", res.Status, res.Body)
	}
	ref := res.JSON(t)["data"].(map[string]any)["reference_id"].(string)
	pulled := req{method: http.MethodGet, path: paths["ktpExtractAsyncResult"] + "?reference_id=" + ref, app: "app", key: "key"}.Send(h)
	d := pulled.JSON(t)["data"].(map[string]any)
	if pulled.Status != http.StatusOK || d["nik"] == "" || d["full_name"] == "" {
		t.Errorf("pulled %d %s", pulled.Status, pulled.Body)
	}
}

// TestSetIsWhatIsKept: a rule's set: overrides reach the stored result, so
// the pull repeats the answer byte for byte, with or without a forced code.
func TestSetIsWhatIsKept(t *testing.T) {
	img := mocktest.ImageB64(t, imagecheck.FixtureSpec{})
	for _, respond := range []string{`{"set":{"data.full_name":"BUDI SANTOSO"}}`, `{"code":"EXT-1","set":{"data.full_name":"BUDI SANTOSO"}}`} {
		h := mocktest.New(t, mocktest.WithConfig(testConfig))
		h.AddRules(`{"name":"t","vendor":"verihubs","endpoint":"ktpExtract","respond":` + respond + `}`)
		res := post("ktpExtract", js("image", img, "reference_id", "set-1")).Send(h)
		if res.Status != http.StatusOK || res.JSON(t)["data"].(map[string]any)["full_name"] != "BUDI SANTOSO" {
			t.Fatalf("%s: HTTP %d %s", respond, res.Status, res.Body)
		}
		pulled := req{method: http.MethodGet, path: paths["ktpExtractAsyncResult"] + "?reference_id=set-1", app: "app", key: "key"}.Send(h)
		if !bytes.Equal(pulled.Body, res.Body) {
			t.Errorf("%s:\nanswered %s\npulled   %s", respond, res.Body, pulled.Body)
		}
	}
}

// TestAsyncSetReferenceID: a rule that sets the acceptance's reference_id
// files the result under it: the pull by that id and the callback carry it.
func TestAsyncSetReferenceID(t *testing.T) {
	got := make(chan []byte, 1)
	cb := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- b
	}))
	defer cb.Close()
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	h.AddRules(`{"name":"t","vendor":"verihubs","endpoint":"ktpExtractAsync","respond":{"set":{"data.reference_id":"chosen-ref"}}}`)
	res := post("ktpExtractAsync", js("image", mocktest.ImageB64(t, imagecheck.FixtureSpec{}), "callback_url", cb.URL)).Send(h)
	if res.Status != http.StatusOK || res.JSON(t)["data"].(map[string]any)["reference_id"] != "chosen-ref" {
		t.Fatalf("HTTP %d %s", res.Status, res.Body)
	}
	pulled := req{method: http.MethodGet, path: paths["ktpExtractAsyncResult"] + "?reference_id=chosen-ref", app: "app", key: "key"}.Send(h)
	if pulled.Status != http.StatusOK || pulled.JSON(t)["data"].(map[string]any)["reference_id"] != "chosen-ref" {
		t.Fatalf("pulled %d %s", pulled.Status, pulled.Body)
	}
	// A guard, not a measure: a callback that never comes fails here
	// instead of hanging until go test's own timeout.
	select {
	case b := <-got:
		if !bytes.Equal(b, pulled.Body) {
			t.Errorf("callback %s\npulled   %s", b, pulled.Body)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no callback within 30 s")
	}
}

// TestSandboxPullIsTheAnswer: the pull of a sandbox id repeats the sandbox
// extract's answer byte for byte, image_quality included, whatever
// is_quality was: the id names the quality, not the flag.
func TestSandboxPullIsTheAnswer(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	for _, code := range []string{"KTP", "KTP_B", "KTP_DG"} {
		for _, body := range []string{js("image", code), js("image", code, "is_quality", true), js("image", code, "is_quality", true, "validate_quality", true)} {
			res := post("ktpExtract", body).as("sandbox-app", "sandbox-key").Send(h)
			d := res.JSON(t)["data"].(map[string]any)
			if d["image_quality"] == nil {
				t.Errorf("%s: no image_quality: %s", body, res.Body)
			}
			pulled := req{method: http.MethodGet, path: paths["ktpExtractAsyncResult"] + "?reference_id=" + d["reference_id"].(string), app: "sandbox-app", key: "sandbox-key"}.Send(h)
			if !bytes.Equal(pulled.Body, res.Body) {
				t.Errorf("%s:\nanswered %s\npulled   %s", body, res.Body, pulled.Body)
			}
		}
	}
}

// TestForcedSandboxRealImage: a scenario forcing success for a sandbox app
// that sent a real image (the checks stop at INVALID_SANDBOX_CODE) answers
// the KTP code's dummy under its pullable id, not an id built from the
// image's base64.
func TestForcedSandboxRealImage(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	h.AddRules(rule("ktpExtract", "EXT-1"))
	res := post("ktpExtract", js("image", mocktest.ImageB64(t, imagecheck.FixtureSpec{}))).as("sandbox-app", "sandbox-key").Send(h)
	d := res.JSON(t)["data"].(map[string]any)
	if res.Status != http.StatusOK || d["reference_id"] != "REFERENCE_ID_KTP" {
		t.Fatalf("HTTP %d, reference_id %.60v", res.Status, d["reference_id"])
	}
	pulled := req{method: http.MethodGet, path: paths["ktpExtractAsyncResult"] + "?reference_id=REFERENCE_ID_KTP", app: "sandbox-app", key: "sandbox-key"}.Send(h)
	if pulled.Status != http.StatusOK {
		t.Errorf("pull: HTTP %d %s", pulled.Status, pulled.Body)
	}
}

// TestNIKFacts: a rule matching a NIK reaches ID forgery and face calls
// about that person (a marker nik= on any image picks it), as it reaches
// extraction; not another NIK.
func TestNIKFacts(t *testing.T) {
	const nik, other = "3171024302821001", "3171024302821002"
	ktp := mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "nik=" + nik})
	for _, c := range []struct {
		op, code, body string
	}{
		{"idForgery", "FAIL_ON_2", js("image", ktp)},
		{"faceCompare", "FAIL_ON_16", js("image_1", face(t, ""), "image_2", face(t, "nik="+nik))},
		{"faceLiveness", "FAIL_ON_8", js("image", face(t, "nik="+nik))},
	} {
		for _, ruleNIK := range []string{nik, other} {
			h := mocktest.New(t, mocktest.WithConfig(testConfig))
			h.AddRules(`{"name":"t","vendor":"verihubs","endpoint":"` + c.op + `","match":{"nik":"` + ruleNIK + `"},"respond":{"code":"` + c.code + `"}}`)
			res := post(c.op, c.body).Send(h)
			forced := h.LastEntry().Why == emulate.WhyScenario
			if res.Status != http.StatusOK || forced != (ruleNIK == nik) || forced && res.JSON(t)["error_code"] != c.code {
				t.Errorf("%s, rule on %s: HTTP %d, forced %v: %s", c.op, ruleNIK, res.Status, forced, res.Body)
			}
		}
	}
}
