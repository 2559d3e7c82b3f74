package accuauth_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestNotFound: docs/vendors/accuauth.md#ac-10 and docs/vendors/README.md#x-1 — the India host's endpoints and any other
// path are the documented 404 NOT_FOUND; so is a wrong method, as the table has no 405
// (docs/vendors/README.md#x-2).
func TestNotFound(t *testing.T) {
	h := mocktest.New(t)
	for _, p := range []string{"/face/v2/verify/", "/image/quality", "/ocr/indian_card", "/verify/indian_aadhaar", "/ocr//idcard", "/ocr/idcard/"} {
		res := multi(t, p, file("file", mocktest.Image(t, imagecheck.FixtureSpec{}))).Send(h)
		body := res.JSON(t)
		if res.Status != 404 || body["status"] != "NOT_FOUND" || body["reason"] != "Requested API cannot be found" || !tidRe.MatchString(body["request_id"].(string)) {
			t.Errorf("%s: %d %s", p, res.Status, res.Body)
		}
		if e := h.LastEntry(); e.Code != "NOT_FOUND" || e.Charged {
			t.Errorf("%s: journal %s charged %v", p, e.Code, e.Charged)
		}
	}
	res := call{method: http.MethodGet, path: "/ocr/idcard", id: demoID, secret: demoSecret}.Send(h)
	if body := res.JSON(t); res.Status != http.StatusNotFound || body["status"] != "NOT_FOUND" || body["reason"] != "Requested API cannot be found" {
		t.Errorf("GET /ocr/idcard: %d %s", res.Status, res.Body)
	}
}

// TestOCRReadsThePerson: the card is the person the image stands for (a
// marker nik= picks one), with gender_s agreeing with gender, and the same
// image reads the same way through file and image_base64.
func TestOCRReadsThePerson(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	img := mocktest.Image(t, imagecheck.FixtureSpec{Marker: "nik=" + knownNIK})
	a := multi(t, "/ocr/idcard", file("file", img)).Send(h)
	b := form("/ocr/idcard", "image_base64", mocktest.B64(img)).Send(h)
	card := func(r mocktest.Result) map[string]any {
		t.Helper()
		var body struct {
			Results []map[string]any `json:"results"`
		}
		if err := json.Unmarshal(r.Body, &body); err != nil || len(body.Results) != 1 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		return body.Results[0]
	}
	ca, cb := card(a), card(b)
	p := person(t, knownNIK)
	if ca["id_number"] != knownNIK || ca["name"] != p.Name || ca["pob"] != p.BirthPlace || ca["nationnality"] != p.Nationality {
		t.Errorf("card %v, want the person of %s (%s)", ca, knownNIK, p.Name)
	}
	if want := map[string]string{"LAKI-LAKI": "M", "PEREMPUAN": "F"}[p.Gender]; ca["gender_s"] != want {
		t.Errorf("gender %v gender_s %v", ca["gender"], ca["gender_s"])
	}
	ja, _ := json.Marshal(ca)
	jb, _ := json.Marshal(cb)
	if !bytes.Equal(ja, jb) {
		t.Errorf("file and image_base64 read differently:\n%s\n%s", ja, jb)
	}
	if !strings.HasPrefix(string(a.Body), `{"request_id":"TID`) || !strings.Contains(string(a.Body), `"results":[{"id_number":`) {
		t.Errorf("key order differs from the docs: %.120s", a.Body)
	}
}

// TestBilling: docs/vendors/accuauth.md#ac-2 and #s3-4 — only HTTP 200 OK (OCR, name check) and
// results 01/02 are charged; a key with quota 2 survives free answers.
func TestBilling(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig("seed: 7\nvendors:\n  accuauth:\n    credentials: [{id: q, secret: s, quota: 2}]\n"))
	send := func(c call) int { return c.as("q", "s").Send(h).Status }
	for i := 0; i < 3; i++ {
		send(form("/verify/id_name", "id_number", unknownNIK, "name", "BUDI"))                // 03, free
		send(form("/verify/id_selfie", "id_number", unknownNIK, "face_image", selfie(t, ""))) // 05, free
		send(form("/ocr/idcard", "image_base64", "%%%"))                                      // 400, free
	}
	if st := send(form("/verify/id_name", "id_number", knownNIK, "name", "X")); st != 200 {
		t.Fatalf("first charged call: %d", st)
	}
	if st := send(multi(t, "/ocr/idcard", file("file", mocktest.Image(t, imagecheck.FixtureSpec{})))); st != 200 {
		t.Fatalf("second charged call: %d", st)
	}
	if res := form("/verify/id_name_check", "id_number", knownNIK, "name", "X").as("q", "s").Send(h); res.Status != 403 || res.JSON(t)["status"] != "OUT_OF_QUOTA" {
		t.Errorf("third charged call: %d %s", res.Status, res.Body)
	}
}

// TestNameCheck: name_percent is a JSON number 0..1 (docs/vendors/accuauth.md#ac-8), 1 for the
// person's own name in any case or order, lower for another name.
func TestNameCheck(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	p := person(t, knownNIK)
	words := strings.Fields(p.Name)
	for i, j := 0, len(words)-1; i < j; i, j = i+1, j-1 {
		words[i], words[j] = words[j], words[i]
	}
	for _, c := range []struct {
		name string
		same bool
	}{{p.Name, true}, {strings.ToLower(strings.Join(words, "  ")), true}, {"QWERTY ZXCVB", false}} {
		res := form("/verify/id_name_check", "id_number", knownNIK, "name", c.name).Send(h)
		if !bytes.Contains(res.Body, []byte(`"name_percent":`)) || bytes.Contains(res.Body, []byte(`"name_percent":"`)) {
			t.Fatalf("name_percent is not a number: %s", res.Body)
		}
		r := resultMap(res.JSON(t))
		pct, _ := r["name_percent"].(float64)
		if r["real_name"] != p.Name || (pct == 1) != c.same || pct < 0 || pct > 1 {
			t.Errorf("%q: %v", c.name, r)
		}
	}
}

// TestSelfieFields: id_selfie compares each optional field it is given.
func TestSelfieFields(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	p := person(t, knownNIK)
	res := jsonCall(t, "/verify/id_selfie", map[string]any{"id_number": knownNIK, "face_image": selfie(t, ""),
		"ktp_image": selfie(t, "nik=3171024302821002"), "name": p.Name, "birth_date": "1900-01-01"}).Send(h)
	r := resultMap(res.JSON(t))
	if r["result"] != "02" || r["name"] != true || r["birth_date"] != false || r["face_percent"] != true || r["ktp_face_percent"] != false || r["id_number"] != knownNIK {
		t.Errorf("%s", res.Body)
	}
	if s, _ := r["ktp_face_score"].(float64); s >= 65 {
		t.Errorf("ktp face of another person scores %v", s)
	}
	// A caller's face_threshold above the score turns the face into a mismatch.
	res = form("/verify/id_selfie", "id_number", knownNIK, "face_image", selfie(t, "similarity=80"), "face_threshold", "90").Send(h)
	if r := resultMap(res.JSON(t)); r["result"] != "02" || r["face_percent"] != false || r["face_score"] != 80.0 {
		t.Errorf("threshold 90, score 80: %s", res.Body)
	}
}

// TestDeterministic: the same seed and requests give the same bytes
// (request ids, order numbers and people included).
func TestDeterministic(t *testing.T) {
	run := func() []byte {
		h := mocktest.New(t, mocktest.WithConfig(accessConfig))
		var out []byte
		for _, c := range []call{
			form("/verify/id_name", "id_number", knownNIK, "name", "BUDI"),
			form("/ocr/idcard", "image_base64", mocktest.B64(mocktest.Image(t, imagecheck.FixtureSpec{}))),
			form("/verify/id_selfie", "id_number", knownNIK, "face_image", selfie(t, "")),
		} {
			out = append(out, c.Send(h).Body...)
		}
		return out
	}
	if a, b := run(), run(); !bytes.Equal(a, b) {
		t.Errorf("two runs differ:\n%s\n%s", a, b)
	}
}

// TestHost: the vendor answers on its real hostname, paths unprefixed.
func TestHost(t *testing.T) {
	h := mocktest.New(t)
	req := httptest.NewRequest(http.MethodPost, "/verify/id_name", strings.NewReader("id_number="+unknownNIK+"&name=BUDI"))
	req.Host = "cloudapi.indonesia.accuauth.com"
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-DF-API-ID", demoID)
	req.Header.Set("X-DF-API-SECRET", demoSecret)
	rec := httptest.NewRecorder()
	h.Server.ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"remark":"UNKNOW"`) {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
}

// TestForcedMatchIgnoresABadThreshold: a bad face_threshold is not written
// into the scores of a forced 01 (NaN made the body unencodable: a 500;
// 150 broke the spec's maximum of 100).
func TestForcedMatchIgnoresABadThreshold(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	if st, b := h.Admin(http.MethodPost, "/scenarios", rule("verifyIdSelfie", "OK/01")); st != 201 {
		t.Fatalf("%d %v", st, b)
	}
	for _, th := range []string{"NaN", "1e400", "150"} {
		res := form("/verify/id_selfie", "id_number", knownNIK, "face_image", selfie(t, "similarity=80"), "face_threshold", th).Send(h)
		r := resultMap(res.JSON(t))
		if s, _ := r["face_score"].(float64); res.Status != 200 || r["result"] != "01" || s != 80 {
			t.Errorf("face_threshold %s: HTTP %d %s", th, res.Status, res.Body)
		}
	}
}

// TestJSONExtraMembers: the JSON bodies allow members besides the
// documented ones (specs/accuauth.yaml has no additionalProperties: false),
// so an object, an array or null among them is ignored, not a bad request.
func TestJSONExtraMembers(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	p := person(t, knownNIK)
	for _, extra := range []any{map[string]any{"source": "app", "v": 2}, []any{1, "x", nil}, []any{}, nil} {
		for _, c := range []struct {
			path, want string
			body       map[string]any
		}{
			{"/verify/id_name", `"result":"01"`, map[string]any{"id_number": knownNIK, "name": p.Name}},
			{"/verify/id_name_check", `"name_percent":1`, map[string]any{"id_number": knownNIK, "name": p.Name}},
			{"/verify/id_selfie", `"result":"01"`, map[string]any{"id_number": knownNIK, "face_image": selfie(t, "")}},
		} {
			c.body["meta"] = extra
			res := jsonCall(t, c.path, c.body).Send(h)
			if res.Status != http.StatusOK || !strings.Contains(string(res.Body), c.want) {
				t.Errorf("%s with meta %v: %d %.200s", c.path, extra, res.Status, res.Body)
			}
		}
	}
}

// TestRepeatWindow: docs/vendors/accuauth.md#ac-5 with abnormal_repeat 2 and a 1 h window. The
// windows are the clock's whole hours; a call is counted whether or not it
// is refused; the key, the endpoint and every parameter (each image byte
// included) tell calls apart.
func TestRepeatWindow(t *testing.T) {
	cfg := "seed: 7\nvendors:\n  accuauth:\n    credentials: [{id: demo-api-id, secret: demo-api-secret}, {id: other, secret: s}]\n" +
		"    settings: {abnormal_repeat: 2, abnormal_window: 1h}\n"
	h := mocktest.New(t, mocktest.WithConfig(cfg))
	at := func(ts string) {
		t.Helper()
		if st, body := h.Admin(http.MethodPost, "/clock", `{"set":"`+ts+`"}`); st != http.StatusOK {
			t.Fatalf("clock: %d %v", st, body)
		}
	}
	face := selfie(t, "")
	other := selfie(t, "similarity=99")
	selfieCall := func(img string) call {
		return jsonCall(t, "/verify/id_selfie", map[string]any{"id_number": knownNIK, "face_image": img})
	}
	step := func(what string, c call, want int) {
		t.Helper()
		res := c.Send(h)
		if res.Status != want {
			t.Fatalf("%s: HTTP %d, want %d: %.200s", what, res.Status, want, res.Body)
		}
		if want == http.StatusBadRequest {
			if b := res.JSON(t); b["status"] != "ABNORMAL_BEHAVIOURS_DETECTED" || b["reason"] != "Request with same parameters repeated more than amount of times" {
				t.Fatalf("%s: %s", what, res.Body)
			}
		}
	}
	at("2026-03-19T10:00:00Z")
	step("first", selfieCall(face), 200)
	at("2026-03-19T10:59:59.999999999Z")
	step("second, last instant of the hour", selfieCall(face), 200)
	step("third", selfieCall(face), 400)
	step("fourth (once over, refused for the rest of the hour)", selfieCall(face), 400)
	step("another face image", selfieCall(other), 200)
	step("another key", selfieCall(face).as("other", "s"), 200)
	nameBody := map[string]any{"id_number": knownNIK, "name": "BUDI"}
	step("id_name", jsonCall(t, "/verify/id_name", nameBody), 200)
	step("id_name again", jsonCall(t, "/verify/id_name", nameBody), 200)
	step("id_name_check, same parameters", jsonCall(t, "/verify/id_name_check", nameBody), 200)
	step("id_name a third time", jsonCall(t, "/verify/id_name", nameBody), 400)
	at("2026-03-19T11:00:00Z")
	step("first of the next hour", selfieCall(face), 200)
	step("second of the next hour", selfieCall(face), 200)
	step("third of the next hour", selfieCall(face), 400)
	// Admin reset clears the counters.
	if st, body := h.Admin(http.MethodPost, "/reset", ""); st != http.StatusOK && st != http.StatusNoContent {
		t.Fatalf("reset: %d %v", st, body)
	}
	at("2026-03-19T11:00:00Z")
	step("after reset", selfieCall(face), 200)
}

// TestJSONNumbersAsSent: a JSON number is read as its literal, as a form
// would carry it: face_threshold 8e1 is 80, and an extra member that no
// float64 holds is ignored like any other extra member.
func TestJSONNumbersAsSent(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	send := func(body string) (int, map[string]any) {
		res := call{path: "/verify/id_selfie", contentType: "application/json", body: []byte(body), id: demoID, secret: demoSecret}.Send(h)
		return res.Status, res.JSON(t)
	}
	face := selfie(t, "similarity=80")
	st, b := send(`{"id_number":"` + knownNIK + `","face_image":"` + face + `","face_threshold":8e1}`)
	if r := resultMap(b); st != 200 || r["result"] != "01" || r["face_score"] != 80.0 {
		t.Errorf("face_threshold 8e1 (80), score 80: %d %v", st, b)
	}
	st, b = send(`{"id_number":"` + knownNIK + `","face_image":"` + face + `","retries":1e400}`)
	if r := resultMap(b); st != 200 || r["result"] != "01" {
		t.Errorf("extra member 1e400: %d %v", st, b)
	}
}
