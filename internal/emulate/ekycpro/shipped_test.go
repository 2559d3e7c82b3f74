package ekycpro_test

import (
	"net/http"
	"testing"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestShippedScenarios: the rules in scenarios/ekycpro.yaml do what the
// README says, and a field rule sees the fields of an image endpoint.
func TestShippedScenarios(t *testing.T) {
	h := mocktest.New(t)
	for _, tc := range []struct {
		name string
		c    call
		want string
	}{
		{"all-zero md5 NIK", post("/v1/ididinquiries", "id", "00000000000000000000000000000000", "md5", "1"), "NOT_FOUND_MD5"},
		{"all-zero md5 phone", post("/v1/ididphoneinquiries", "phone", "00000000000000000000000000000000", "md5", "1"), "NOT_FOUND_MD5"},
		{"other md5 is known", post("/v1/ididinquiries", "id", "00000000000000000000000000000001", "md5", "1"), "OK"},
		{"service down NIK", post("/v1/ididinquiries", "id", "3171010101010000"), "RETRY_LATER"},
		{"service down NIK on ididcheck", post("/v1/ididcheck", "id", "3171010101010000"), "RETRY_LATER"},
		// KTP OCR and ID holding document RETRY_LATER with other texts:
		// the rule does not reach them (it answered a 500 panic there).
		{"service down NIK on KTP OCR", post("/v1/id_ocr/general", "img", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "nik=3171010101010000"})), "OK"},
		{"service down NIK on ID holding", post("/v1/idholding", "img", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "nik=3171010101010000"})), "OK"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := tc.c.Send(h)
			if got := res.JSON(t)["status"]; res.Status != 200 || got != tc.want {
				t.Fatalf("HTTP %d %s, want %s", res.Status, res.Body, tc.want)
			}
		})
	}
	rule := `{"name":"mx","vendor":"ekycpro","endpoint":"pictureLive","match":{"field":{"country":"MX"}},"respond":{"code":"FAIL"}}`
	if st, b := h.Admin(http.MethodPost, "/scenarios", rule); st != 201 {
		t.Fatalf("%d %v", st, b)
	}
	res := post("/v1/picturelive", "img", mocktest.ImageB64(t, imagecheck.FixtureSpec{}), "country", "MX").Send(h)
	if got := res.JSON(t)["status"]; got != "FAIL" {
		t.Errorf("field rule on pictureLive: %s", res.Body)
	}
}

// TestMarkers: test images steer the answers, and the answers stay
// consistent with the documented thresholds.
func TestMarkers(t *testing.T) {
	h := mocktest.New(t)
	msg := func(c call) map[string]any {
		t.Helper()
		res := c.Send(h)
		m, ok := res.JSON(t)["message"].(map[string]any)
		if !ok {
			t.Fatalf("no message object: %s", res.Body)
		}
		return m
	}
	nik := "3171024302821001"
	k := msg(post("/v1/id_ocr/general", "img", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "nik=" + nik})))
	if k["id"] != nik || k["gender"] != "PEREMPUAN" || k["dob"] != "03-02-1982" {
		t.Errorf("KTP for marker nik: %v", k)
	}
	same := msg(post("/v1/ididcheck", "id", nik, "name", k["name"].(string)))
	if same["score"].(float64) != 1 {
		t.Errorf("ididcheck with the OCR'd name: %v", same)
	}
	af := msg(post("/v1/id_card/antifake", "img", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "antifake=blur,print"})))
	for key, th := range map[string]float64{"blur": 30, "print": 70, "ps": 80, "replayAttack": 60} {
		o := af[key].(map[string]any)
		yes := false
		for k, v := range o {
			if k != "score" {
				yes = v == "yes"
			}
		}
		if score := o["score"].(float64); yes != (score > th) {
			t.Errorf("%s: verdict %v disagrees with score %v (threshold %v)", key, yes, score, th)
		}
		if want := key == "blur" || key == "print"; yes != want {
			t.Errorf("%s: yes=%v, want %v", key, yes, want)
		}
	}
	live := msg(post("/v1/picturelive", "img", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "liveness=eyes closed"}), "detail", "1"))
	if live["is_liveness"] != false || live["live_score"].(float64) != 0 || live["reason"] != "eyes closed" {
		t.Errorf("liveness marker: %v", live)
	}
	for s, want := range map[string]string{"30": "NOT SAME PERSON", "50.5": "NOT SURE", "65": "SAME PERSON"} {
		fc := msg(post("/v1/facecompare", "img1", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "similarity=" + s}), "img2", mocktest.ImageB64(t, imagecheck.FixtureSpec{})))
		if fc["result"] != want {
			t.Errorf("similarity %s: %v", s, fc)
		}
	}
	fc := msg(post("/v1/facecompare",
		"img1", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "nik=3171024302821001"}),
		"img2", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "nik=3171020101900001"})))
	if fc["result"] != "NOT SAME PERSON" {
		t.Errorf("different people: %v", fc)
	}
	ih := msg(post("/v1/idholding", "img", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "similarity=50"})))
	if ih["result"] != "NOT SAME PERSON" {
		t.Errorf("idholding has no NOT SURE band: %v", ih)
	}
}

// TestBalance: the balance API reports the ledger.
func TestBalance(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(`
vendors:
  ekycpro:
    credentials: [{id: k, balance: 10, price: 0.5, quota: 5, quota_period: day}]
`))
	ok := post("/v1/ididinquiries", "id", "3171024302821001").withKey("k")
	free := post("/v1/ididinquiries", "id", "12").withKey("k")
	ok.Send(h)
	ok.Send(h)
	free.Send(h)
	res := call{method: http.MethodGet, path: "/v1/balance", key: "k"}.Send(h)
	b := res.JSON(t)
	want := map[string]any{"status": "OK", "balance": 9.0, "credit": 18.0, "used_today": 2.0, "daily_limit": 5.0, "reset_time": "2026-03-20T00:00:00Z"}
	for k, v := range want {
		if b[k] != v {
			t.Errorf("%s = %v, want %v (%s)", k, b[k], v, res.Body)
		}
	}
}
