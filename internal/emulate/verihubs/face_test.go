package verihubs_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// faceMarker is the marker that fails the checks of FAIL_ON_n's bits.
func faceMarker(bits int) string {
	var m []string
	for _, b := range []struct {
		bit    int
		marker string
	}{{1, "live=false"}, {2, "attribute=mask"}, {4, "blur=true"}, {8, "faces=2"}} {
		if bits&b.bit != 0 {
			m = append(m, b.marker)
		}
	}
	return strings.Join(m, "; ")
}

func face(t testing.TB, marker string) string {
	return mocktest.ImageB64(t, imagecheck.FixtureSpec{Width: 400, Height: 500, Marker: marker})
}

const validateAll = `"validate_quality":true,"validate_attribute":true,"validate_liveness":true`

func faceCases(t testing.TB) []answerCase {
	var out []answerCase
	add := func(c answerCase) { out = append(out, c) }
	img := face(t, "")
	add(answerCase{Name: "same person", Op: "faceCompare", Code: "OK", Charged: true, Send: func(testing.TB) req {
		return post("faceCompare", js("image_1", img, "image_2", img))
	}})
	add(answerCase{Name: "live", Op: "faceLiveness", Code: "OK", Charged: true, Send: func(testing.TB) req {
		return post("faceLiveness", js("image", img))
	}})
	// docs/vendors/verihubs.md#s4-1: a Sandbox App-ID gets dummy results: a pass whatever the
	// images show, never charged (as ID Forgery's docs/vendors/verihubs.md#vh-6).
	add(answerCase{Name: "sandbox dummy", Op: "faceCompare", Code: "OK", Send: func(testing.TB) req {
		return post("faceCompare", strings.TrimSuffix(js("image_1", face(t, "faces=0"), "image_2", face(t, "nik=3171026502850002")), "}")+","+validateAll+"}").as("sandbox-app", "sandbox-key")
	}})
	add(answerCase{Name: "sandbox dummy", Op: "faceLiveness", Code: "OK", Send: func(testing.TB) req {
		return post("faceLiveness", js("image", face(t, "live=false; blur=true; faces=2"), "validate_quality", true)).as("sandbox-app", "sandbox-key")
	}})
	for n := 1; n <= 15; n++ {
		code := "FAIL_ON_" + itoa(n)
		marked := face(t, faceMarker(n))
		add(answerCase{Name: faceMarker(n), Op: "faceCompare", Code: code, Charged: true, Send: func(testing.TB) req {
			return post("faceCompare", strings.TrimSuffix(js("image_1", img, "image_2", marked), "}")+","+validateAll+"}")
		}})
		if n%2 == 0 {
			add(answerCase{Name: faceMarker(n), Op: "faceLiveness", Code: code, Charged: true, Send: func(testing.TB) req {
				return post("faceLiveness", strings.TrimSuffix(js("image", marked), "}")+`,"validate_quality":true,"validate_attribute":true}`)
			}})
		}
	}
	add(answerCase{Name: "different people", Op: "faceCompare", Code: "FAIL_ON_16", Charged: true, Send: func(testing.TB) req {
		return post("faceCompare", js("image_1", face(t, "nik=3171024302821001"), "image_2", face(t, "nik=3171026502850002")))
	}})
	huge := mocktest.ImageB64(t, imagecheck.FixtureSpec{Bytes: MaxImage + 1000})
	gif := mocktest.ImageB64(t, imagecheck.FixtureSpec{Format: imagecheck.GIF, Width: 400, Height: 500})
	for _, op := range []string{"faceCompare", "faceLiveness"} {
		fields := []struct{ field, n string }{{"image", ""}}
		base := map[string]string{}
		if op == "faceCompare" {
			fields = []struct{ field, n string }{{"image_1", "_1"}, {"image_2", "_2"}}
			base = map[string]string{"image_1": img, "image_2": img}
		} else {
			base["image"] = img
		}
		body := func(field, value string) string {
			var kv []any
			for _, f := range fields {
				v := base[f.field]
				if f.field == field {
					v = value
				}
				kv = append(kv, f.field, v)
			}
			return js(kv...)
		}
		add(answerCase{Name: "empty object", Op: op, Code: "INVALID_PAYLOAD", Send: func(testing.TB) req { return post(op, `{}`) }})
		add(answerCase{Name: "no face", Op: op, Code: "FACE_NOT_DETECTED", Send: func(testing.TB) req { return post(op, body(fields[0].field, face(t, "faces=0"))) }})
		add(answerCase{Name: "quality dependency", Op: op, Code: "INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY", Send: func(testing.TB) req {
			return post(op, strings.TrimSuffix(body("", ""), "}")+`,"is_quality":false,"validate_quality":true}`)
		}})
		add(answerCase{Name: "attribute dependency", Op: op, Code: "INVALID_PAYLOAD_ATTRIBUTE_VALIDATION_DEPENDENCY", Send: func(testing.TB) req {
			return post(op, strings.TrimSuffix(body("", ""), "}")+`,"is_attribute":false,"validate_attribute":true}`)
		}})
		if op == "faceCompare" {
			add(answerCase{Name: "liveness dependency", Op: op, Code: "INVALID_PAYLOAD_LIVENESS_VALIDATION_DEPENDENCY", Send: func(testing.TB) req {
				return post(op, strings.TrimSuffix(body("", ""), "}")+`,"is_liveness":false,"validate_liveness":true}`)
			}})
		}
		for _, f := range fields {
			missing := "MISSING_PAYLOAD_IMAGE" + f.n
			add(answerCase{Name: "no " + f.field, Op: op, Code: missing, Send: func(testing.TB) req {
				kv := []any{"is_quality", true}
				for _, g := range fields {
					if g.field != f.field {
						kv = append(kv, g.field, base[g.field])
					}
				}
				return post(op, js(kv...))
			}})
			for _, c := range []struct{ name, code, value string }{
				{"empty", "MISSING", ""}, {"over 5 MB", "SIZE", huge}, {"gif", "FORMAT", gif},
			} {
				add(answerCase{Name: c.name + " " + f.field, Op: op, Code: "INVALID_PAYLOAD_IMAGE" + f.n + "_" + c.code, Send: func(testing.TB) req {
					return post(op, body(f.field, c.value))
				}})
			}
			add(answerCase{Name: "slow " + f.field, Op: op, Code: "INVALID_PAYLOAD_IMAGE" + f.n + "_TIMEOUT", Config: slowURLConfig, Send: func(t testing.TB) req {
				return post(op, body(f.field, silentServer(t)))
			}})
		}
	}
	return out
}

func itoa(n int) string {
	if n >= 10 {
		return string(rune('0'+n/10)) + string(rune('0'+n%10))
	}
	return string(rune('0' + n))
}

// TestFaceBodies: compare reports both images and a similarity that agrees
// with its status; liveness reports a failed liveness without FAIL_ON.
func TestFaceBodies(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	img := face(t, "")
	b := post("faceCompare", js("image_1", img, "image_2", img)).Send(h).JSON(t)
	d := b["data"].(map[string]any)
	if d["similarity_status"] != true || d["similarity_score"].(float64) < 65 || d["image_1"] == nil || d["image_2"] == nil {
		t.Errorf("compare %v", b)
	}
	res := post("faceLiveness", js("image", face(t, "live=false"))).Send(h)
	b = res.JSON(t)
	l := b["data"].(map[string]any)["image"].(map[string]any)["liveness"].(map[string]any)
	if res.Status != http.StatusOK || b["error_code"] != nil || l["status"] != false || l["probability"].(float64) >= 0.5 {
		t.Errorf("liveness %s", res.Body)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write(mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 300, Height: 300}))
	}))
	defer srv.Close()
	if res := post("faceCompare", js("image_1", srv.URL+"/a.png", "image_2", img)).Send(h); res.Status != http.StatusOK {
		t.Errorf("URL image: %d %s", res.Status, res.Body)
	}
}

// TestForcedFaceCodesAgree: a scenario forcing FAIL_ON_n (or OK) answers
// image reports that show exactly the failures n claims, as a natural
// answer would, whatever the images showed: clean images under a forced
// failure, and images failing every check under a forced pass.
func TestForcedFaceCodesAgree(t *testing.T) {
	clean, failing := face(t, ""), face(t, faceMarker(15))
	for _, op := range []string{"faceCompare", "faceLiveness"} {
		for n := 0; n <= 15; n++ {
			if op == "faceLiveness" && n%2 == 1 {
				continue // liveness's own result is its answer, not a bit
			}
			code := "FAIL_ON_" + itoa(n)
			if n == 0 {
				code = "OK"
			}
			for _, img := range []struct{ name, b64 string }{{"clean", clean}, {"failing", failing}} {
				t.Run(op+"/"+code+"/"+img.name, func(t *testing.T) {
					h := mocktest.New(t, mocktest.WithConfig(testConfig))
					h.AddRules(rule(op, code))
					body := js("image", img.b64)
					if op == "faceCompare" {
						body = js("image_1", img.b64, "image_2", img.b64)
					}
					res := post(op, strings.TrimSuffix(body, "}")+","+validateAll+"}").Send(h)
					m := res.JSON(t)
					if res.Status != http.StatusOK || code != "OK" && m["error_code"] != code {
						t.Fatalf("HTTP %d %s", res.Status, res.Body)
					}
					data := m["data"].(map[string]any)
					shown := 0
					for _, k := range []string{"image", "image_1", "image_2"} {
						f, ok := data[k].(map[string]any)
						if !ok {
							continue
						}
						if f["face_count"].(float64) > 1 {
							shown |= 8
						}
						if l, ok := f["liveness"].(map[string]any); ok && op == "faceCompare" && l["status"] == false {
							shown |= 1
						}
						for _, v := range f["attributes"].(map[string]any) {
							if v == true {
								shown |= 2
							}
						}
						q := f["image_quality"].(map[string]any)
						for _, k := range []string{"blur", "dark", "grayscale", "flashlight"} {
							if q[k] == true {
								shown |= 4
							}
						}
						if (q["blur"] == true) != (q["blur_score"].(float64) >= 50) || (q["dark"] == true) != (q["dark_score"].(float64) >= 50) {
							t.Errorf("%s: quality flags disagree with their scores: %v", k, q)
						}
					}
					if shown != n {
						t.Errorf("the reports show the failures of FAIL_ON_%d, the answer is %s: %s", shown, code, res.Body)
					}
				})
			}
		}
	}
}

// TestForcedFaceCodesKeepReportsOff: a forced FAIL_ON_n does not add a
// report the request switched off with is_* false.
func TestForcedFaceCodesKeepReportsOff(t *testing.T) {
	img := face(t, "")
	for _, c := range []struct{ op, code, body string }{
		{"faceLiveness", "FAIL_ON_6", js("image", img, "is_quality", false, "is_attribute", false)},
		{"faceCompare", "FAIL_ON_7", js("image_1", img, "image_2", img, "is_quality", false, "is_attribute", false, "is_liveness", false)},
	} {
		h := mocktest.New(t, mocktest.WithConfig(testConfig))
		h.AddRules(rule(c.op, c.code))
		res := post(c.op, c.body).Send(h)
		if res.Status != http.StatusOK || res.JSON(t)["error_code"] != c.code {
			t.Fatalf("%s: HTTP %d %s", c.op, res.Status, res.Body)
		}
		for _, k := range []string{"image_quality", "attributes", "liveness"} {
			if c.op == "faceLiveness" && k == "liveness" {
				continue // liveness always reports it
			}
			if strings.Contains(string(res.Body), `"`+k+`"`) {
				t.Errorf("%s %s: a %s report the request switched off: %s", c.op, c.code, k, res.Body)
			}
		}
	}
}
