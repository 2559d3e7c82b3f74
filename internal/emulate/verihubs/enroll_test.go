package verihubs_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

const (
	nikA = "3171024302821001"
	nikB = "3171026502850002"
)

func del(id string) req {
	return req{method: http.MethodDelete, path: paths["faceEnrollDelete"] + "?subject_id=" + id, app: "app", key: "key"}
}

func enrollCases(t testing.TB) []answerCase {
	var out []answerCase
	add := func(c answerCase) { out = append(out, c) }
	a1, a2, b := face(t, "nik="+nikA), face(t, "nik="+nikA+"; blur=0"), face(t, "nik="+nikB)
	for _, op := range []string{"faceEnroll", "faceSearch"} {
		add(answerCase{Name: "scenario", Op: op, Code: "INTERNAL_SERVER_ERROR", Why: emulate.WhyScenario, Rules: []string{rule(op, "INTERNAL_SERVER_ERROR")},
			Send: func(testing.TB) req { return post(op, js("image", a1)) }})
		add(answerCase{Name: "readable face", Op: op, Code: "OK", Charged: true, Send: func(testing.TB) req { return post(op, js("image", a1)) }})
		add(answerCase{Name: "sandbox app", Op: op, Code: "OK", Send: func(testing.TB) req { return post(op, js("image", a1)).as("sandbox-app", "sandbox-key") }})
		for n := 1; n <= 15; n++ {
			marked := face(t, faceMarker(n))
			add(answerCase{Name: faceMarker(n), Op: op, Code: "FAIL_ON_" + itoa(n), Charged: true, Send: func(testing.TB) req {
				return post(op, strings.TrimSuffix(js("image", marked), "}")+","+validateAll+"}")
			}})
		}
		for _, c := range []struct{ name, code, body string }{
			{"empty object", "INVALID_PAYLOAD", `{}`},
			{"not json", "INVALID_PAYLOAD", `image=1`},
			{"wrong type", "INVALID_PAYLOAD", `{"image":"abc","is_liveness":"yes"}`},
			{"no image", "MISSING_PAYLOAD_IMAGE", `{"is_quality":true}`},
			{"empty image", "INVALID_PAYLOAD_IMAGE_MISSING", `{"image":""}`},
			{"over 5 MB", "INVALID_PAYLOAD_IMAGE_SIZE", js("image", mocktest.ImageB64(t, imagecheck.FixtureSpec{Bytes: MaxImage + 1000}))},
			{"gif", "INVALID_PAYLOAD_IMAGE_FORMAT", js("image", mocktest.ImageB64(t, imagecheck.FixtureSpec{Format: imagecheck.GIF, Width: 400, Height: 500}))},
			{"no face", "FACE_NOT_DETECTED", js("image", face(t, "faces=0"))},
			{"quality dependency", "INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY", js("image", a1, "is_quality", false, "validate_quality", true)},
			{"attribute dependency", "INVALID_PAYLOAD_ATTRIBUTE_VALIDATION_DEPENDENCY", js("image", a1, "is_attribute", false, "validate_attribute", true)},
			{"liveness dependency", "INVALID_PAYLOAD_LIVENESS_VALIDATION_DEPENDENCY", js("image", a1, "is_liveness", false, "validate_liveness", true)},
		} {
			add(answerCase{Name: c.name, Op: op, Code: c.code, Send: func(testing.TB) req { return post(op, c.body) }})
		}
		add(answerCase{Name: "url slower than the timeout", Op: op, Code: "INVALID_PAYLOAD_IMAGE_TIMEOUT", Config: slowURLConfig, Send: func(t testing.TB) req {
			return post(op, js("image", silentServer(t)))
		}})
	}
	add(answerCase{Name: "subject_id given", Op: "faceEnroll", Code: "OK", Charged: true, Send: func(testing.TB) req { return post("faceEnroll", js("image", a1, "subject_id", "budi-1")) }})
	add(answerCase{Name: "bad subject_id", Op: "faceEnroll", Code: "INVALID_PAYLOAD_SUBJECT_ID", Send: func(testing.TB) req { return post("faceEnroll", js("image", a1, "subject_id", "has space")) }})
	add(answerCase{Name: "empty subject_id", Op: "faceEnroll", Code: "INVALID_PAYLOAD_SUBJECT_ID_MISSING", Send: func(testing.TB) req { return post("faceEnroll", js("image", a1, "subject_id", "")) }})
	add(answerCase{Name: "finds the enrolled person", Op: "faceSearch", Code: "OK", Charged: true,
		Before: []req{post("faceEnroll", js("image", a1, "subject_id", "a")), post("faceEnroll", js("image", b, "subject_id", "b"))},
		Send:   func(testing.TB) req { return post("faceSearch", js("image", a2, "limit", 5, "return_image", true)) }})
	add(answerCase{Name: "threshold 101", Op: "faceSearch", Code: "INVALID_PAYLOAD_THRESHOLD", Send: func(testing.TB) req { return post("faceSearch", js("image", a1, "threshold", 101)) }})
	add(answerCase{Name: "threshold text", Op: "faceSearch", Code: "INVALID_PAYLOAD_THRESHOLD", Send: func(testing.TB) req { return post("faceSearch", js("image", a1, "threshold", "high")) }})
	add(answerCase{Name: "limit 11", Op: "faceSearch", Code: "INVALID_PAYLOAD_LIMIT", Send: func(testing.TB) req { return post("faceSearch", js("image", a1, "limit", 11)) }})
	add(answerCase{Name: "limit 1.5", Op: "faceSearch", Code: "INVALID_PAYLOAD_LIMIT", Send: func(testing.TB) req { return post("faceSearch", js("image", a1, "limit", 1.5)) }})

	const op = "faceEnrollDelete"
	add(answerCase{Name: "enrolled", Op: op, Code: "OK", Before: []req{post("faceEnroll", js("image", a1, "subject_id", "s-1"))}, Send: func(testing.TB) req { return del("s-1") }})
	add(answerCase{Name: "never enrolled", Op: op, Code: "INVALID_PAYLOAD_SUBJECT_ID_MISSING", Send: func(testing.TB) req { return del("s-1") }})
	add(answerCase{Name: "deleted before", Op: op, Code: "INVALID_PAYLOAD_SUBJECT_ID_MISSING",
		Before: []req{post("faceEnroll", js("image", a1, "subject_id", "s-1")), del("s-1")}, Send: func(testing.TB) req { return del("s-1") }})
	add(answerCase{Name: "no subject_id", Op: op, Code: "MISSING_PAYLOAD_SUBJECT_ID", Send: func(testing.TB) req {
		return req{method: http.MethodDelete, path: paths[op], app: "app", key: "key"}
	}})
	add(answerCase{Name: "bad subject_id", Op: op, Code: "INVALID_PAYLOAD_SUBJECT_ID", Send: func(testing.TB) req { return del("a%20b") }})
	return out
}

type searchResult struct {
	Message string
	Data    struct {
		Matches []struct {
			SubjectID        string  `json:"subject_id"`
			SimilarityScore  float64 `json:"similarity_score"`
			SimilarityStatus bool    `json:"similarity_status"`
			Image            string  `json:"image"`
		} `json:"matches"`
	} `json:"data"`
}

func search(t *testing.T, h *mocktest.Harness, r req) searchResult {
	t.Helper()
	res := r.Send(h)
	if res.Status != 200 {
		t.Fatalf("search: HTTP %d %s", res.Status, res.Body)
	}
	var s searchResult
	if err := json.Unmarshal(res.Body, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func ids(s searchResult) string {
	var out []string
	for _, m := range s.Data.Matches {
		out = append(out, m.SubjectID)
	}
	return strings.Join(out, ",")
}

// TestFaceSearchFindsTheEnrolled: a search with another image of an
// enrolled person finds that subject (the person is the image's nik=
// marker, as on every face endpoint); limit, threshold (default 82) and
// return_image shape the matches; subjects are per App-ID, updated by
// enrolling the id again, deleted, and cleared by reset.
func TestFaceSearchFindsTheEnrolled(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	a1, a2, b := face(t, "nik="+nikA), face(t, "nik="+nikA+"; blur=0"), face(t, "nik="+nikB)
	for _, e := range []struct{ id, img string }{{"a-1", a1}, {"b-1", b}, {"a-2", a1}} {
		if res := post("faceEnroll", js("image", e.img, "subject_id", e.id)).Send(h); res.Status != 200 {
			t.Fatalf("enroll %s: %d %s", e.id, res.Status, res.Body)
		}
	}
	s := search(t, h, post("faceSearch", js("image", a2)))
	if len(s.Data.Matches) != 1 || !strings.HasPrefix(ids(s), "a-") || s.Data.Matches[0].SimilarityScore < 82 || !s.Data.Matches[0].SimilarityStatus || s.Data.Matches[0].Image != "" {
		t.Errorf("default search: %+v", s.Data.Matches)
	}
	s = search(t, h, post("faceSearch", js("image", a2, "limit", 10, "return_image", true)))
	if got := ids(s); got != "a-1,a-2" && got != "a-2,a-1" {
		t.Errorf("limit 10: %s", got)
	}
	if s.Data.Matches[0].SimilarityScore < s.Data.Matches[1].SimilarityScore || s.Data.Matches[0].Image != strings.TrimSpace(a1) {
		t.Errorf("order or image: %+v", s.Data.Matches)
	}
	// threshold 0 lists everyone, the other person last.
	s = search(t, h, post("faceSearch", js("image", a2, "limit", 10, "threshold", 0)))
	if len(s.Data.Matches) != 3 || s.Data.Matches[2].SubjectID != "b-1" || s.Data.Matches[2].SimilarityStatus {
		t.Errorf("threshold 0: %+v", s.Data.Matches)
	}
	// Another app sees none; re-enrolling a-1 with B's face moves it.
	if s := search(t, h, post("faceSearch", js("image", a2)).as("other-app", "other-key")); len(s.Data.Matches) != 0 {
		t.Errorf("other app: %+v", s.Data.Matches)
	}
	post("faceEnroll", js("image", b, "subject_id", "a-1")).Send(h)
	if got := ids(search(t, h, post("faceSearch", js("image", b, "limit", 10)))); got != "a-1,b-1" && got != "b-1,a-1" {
		t.Errorf("after update: %s", got)
	}
	if res := del("a-2").Send(h); res.Status != 200 || res.JSON(t)["timestamp"] == nil {
		t.Errorf("delete: %d %s", res.Status, res.Body)
	}
	if got := ids(search(t, h, post("faceSearch", js("image", a2, "limit", 10)))); got != "" {
		t.Errorf("after delete: %s", got)
	}
	h.Admin(http.MethodPost, "/reset", "")
	if got := ids(search(t, h, post("faceSearch", js("image", b, "limit", 10)))); got != "" {
		t.Errorf("after reset: %s", got)
	}
}

// TestFaceSubjectsBounded: settings.max_face_subjects keeps the newest.
func TestFaceSubjectsBounded(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(strings.Replace(testConfig, "    settings:\n", "    settings:\n      max_face_subjects: 2\n", 1)))
	img := face(t, "nik="+nikA)
	for _, id := range []string{"s1", "s2", "s3"} {
		post("faceEnroll", js("image", img, "subject_id", id)).Send(h)
	}
	if got := ids(search(t, h, post("faceSearch", js("image", img, "limit", 10, "threshold", 0)))); got != "s2,s3" && got != "s3,s2" {
		t.Errorf("kept %s", got)
	}
	if res := del("s1").Send(h); res.Status != 400 {
		t.Errorf("the oldest was kept: %d %s", res.Status, res.Body)
	}
}
