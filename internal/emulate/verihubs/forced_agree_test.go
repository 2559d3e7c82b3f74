package verihubs_test

import (
	"strconv"
	"strings"
	"testing"
)

// TestForcedAnswersAgree forces every answer of the catalogue with a
// scenario rule: the forced body has the shape of the code's natural
// answer and says the same (forgeryMeaning, faceMeaning).
func TestForcedAnswersAgree(t *testing.T) {
	answers(t).Forced(t, func(t *testing.T, op, code string, body any) {
		b, _ := body.(map[string]any)
		data, _ := b["data"].(map[string]any)
		if data == nil {
			return
		}
		eachQuality(t, code, data)
		switch {
		case b["status_code"] != nil:
			forgeryMeaning(t, code, b, data)
		case strings.HasPrefix(op, "face"):
			faceMeaning(t, code, b, data)
		}
	})
}

// eachQuality: every image_quality's flags agree with its scores (blur and
// dark from 50, docs/vendors/verihubs.md#vh-5).
func eachQuality(t *testing.T, code string, v any) {
	switch x := v.(type) {
	case map[string]any:
		if q, ok := x["image_quality"].(map[string]any); ok {
			for _, k := range []string{"blur", "dark"} {
				s, _ := q[k+"_score"].(float64)
				if q[k] != (s >= 50) {
					t.Errorf("%s: %s %v with %s_score %v", code, k, q[k], k, s)
				}
			}
		}
		for _, e := range x {
			eachQuality(t, code, e)
		}
	}
}

func qualityFails(q map[string]any) bool {
	return q["blur"] == true || q["dark"] == true || q["grayscale"] == true || q["flashlight"] == true
}

// forgeryMeaning: ID Forgery and KTP extraction (and the result pull,
// whose OK carries the stored result). FAIL_ON_1 is the second status item
// with failing quality and no forgery verdict; FAIL_ON_2 a forgery; the
// first and third items no error and clean quality.
func forgeryMeaning(t *testing.T, code string, b, data map[string]any) {
	sc, _ := b["status_code"].(string)
	said := sc
	if e, ok := b["error_code"].(string); ok {
		said = e
	}
	if code != "OK" && said != code {
		t.Errorf("%s: the body says %s (status_code %s, error_code %v)", code, said, sc, b["error_code"])
	}
	code = said
	q, hasQ := data["image_quality"].(map[string]any)
	forgery, hasForgery := data["forgery"]
	switch code {
	case "FAIL_ON_1":
		if !strings.HasSuffix(sc, "-2") || b["error_code"] != code || hasForgery || hasQ && !qualityFails(q) {
			t.Errorf("%s: status_code %s error_code %v forgery %v quality %v", code, sc, b["error_code"], forgery, q)
		}
	case "FAIL_ON_2":
		if b["error_code"] != code || forgery != true || hasQ && qualityFails(q) {
			t.Errorf("%s: error_code %v forgery %v quality %v", code, b["error_code"], forgery, q)
		}
	default:
		if b["error_code"] != nil || hasForgery && forgery != false || hasQ && qualityFails(q) {
			t.Errorf("%s: status_code %s error_code %v forgery %v quality %v", code, sc, b["error_code"], forgery, q)
		}
	}
}

// faceMeaning: OK has no error and a matching similarity; FAIL_ON_n names
// its failed checks (docs/vendors/verihubs.md#s4-3): 1 a liveness status false, 2 an attribute
// worn, 4 a quality flag, 8 more than one face, 16 a similarity below the
// match.
func faceMeaning(t *testing.T, code string, b, data map[string]any) {
	var images []map[string]any
	for _, k := range []string{"image", "image_1", "image_2"} {
		if img, ok := data[k].(map[string]any); ok {
			images = append(images, img)
		}
	}
	some := func(f func(map[string]any) bool) bool {
		for _, img := range images {
			if f(img) {
				return true
			}
		}
		return false
	}
	sub := func(img map[string]any, k string) map[string]any { m, _ := img[k].(map[string]any); return m }
	similar, hasSim := data["similarity_status"]
	if code == "OK" {
		if b["error_code"] != nil || hasSim && similar != true {
			t.Errorf("OK: error_code %v similarity_status %v", b["error_code"], similar)
		}
		return
	}
	n, err := strconv.Atoi(strings.TrimPrefix(code, "FAIL_ON_"))
	if err != nil {
		return
	}
	if b["error_code"] != code {
		t.Errorf("%s: error_code %v", code, b["error_code"])
	}
	for _, c := range []struct {
		bit  int
		what string
		ok   bool
	}{
		{1, "a liveness status false", some(func(m map[string]any) bool { l := sub(m, "liveness"); return l != nil && l["status"] == false })},
		{2, "an attribute worn", some(func(m map[string]any) bool {
			a := sub(m, "attributes")
			return a != nil && (a["mask"] == true || a["hat"] == true || a["sunglasses"] == true)
		})},
		{4, "a failing quality", some(func(m map[string]any) bool { q := sub(m, "image_quality"); return q != nil && qualityFails(q) })},
		{8, "more than one face", some(func(m map[string]any) bool { f, _ := m["face_count"].(float64); return f > 1 })},
		{16, "a similarity below the match", hasSim && similar == false},
	} {
		if n&c.bit != 0 && !c.ok {
			t.Errorf("%s has no %s: %v", code, c.what, data)
		}
	}
}
