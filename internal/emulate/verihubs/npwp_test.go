package verihubs_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// npwpReq is a multipart upload of the NPWP card image, with extra parts.
func npwpReq(t testing.TB, image []byte, extra ...mocktest.Part) req {
	parts := append([]mocktest.Part{{Name: "image", Filename: "npwp.jpg", ContentType: "image/jpeg", Data: image}}, extra...)
	body, ct := mocktest.Multipart(t, parts...)
	return req{method: http.MethodPost, path: paths["ocrNpwp"], body: string(body), ctype: ct, app: "app", key: "key"}
}

func npwpCases(t testing.TB) []answerCase {
	const op = "ocrNpwp"
	var out []answerCase
	add := func(c answerCase) { c.Op = op; out = append(out, c) }
	img := mocktest.Image(t, imagecheck.FixtureSpec{})
	add(answerCase{Name: "a card", Code: "OK", Charged: true, Send: func(t testing.TB) req { return npwpReq(t, img) }})
	add(answerCase{Name: "a pdf", Code: "OK", Charged: true, Send: func(t testing.TB) req {
		return npwpReq(t, mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.PDF}))
	}})
	add(answerCase{Name: "sandbox app", Code: "OK", Send: func(t testing.TB) req { return npwpReq(t, img).as("sandbox-app", "sandbox-key") }})
	add(answerCase{Name: "no npwp", Code: "OCR_200004", Send: func(t testing.TB) req {
		return npwpReq(t, mocktest.Image(t, imagecheck.FixtureSpec{Marker: "npwp=none"}))
	}})
	for _, c := range []struct {
		name string
		send func(t testing.TB) req
	}{
		{"gif", func(t testing.TB) req {
			return npwpReq(t, mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.GIF, Width: 800, Height: 500}))
		}},
		{"truncated", func(t testing.TB) req { return npwpReq(t, mocktest.Image(t, imagecheck.FixtureSpec{Truncate: 300})) }},
		{"over 5 MB", func(t testing.TB) req {
			return npwpReq(t, mocktest.Image(t, imagecheck.FixtureSpec{Bytes: MaxImage + 10}))
		}},
		{"empty", func(t testing.TB) req { return npwpReq(t, nil) }},
		{"no image part", func(t testing.TB) req {
			body, ct := mocktest.Multipart(t, mocktest.Field("reference_id", "x"))
			return req{method: http.MethodPost, path: paths[op], body: string(body), ctype: ct, app: "app", key: "key"}
		}},
		{"json", func(testing.TB) req { return post(op, `{"image":"abc"}`) }},
	} {
		add(answerCase{Name: c.name, Code: "OCR_40001", Send: c.send})
	}
	add(answerCase{Name: "scenario", Code: "OCR_50000", Why: emulate.WhyScenario, Rules: []string{rule(op, "OCR_50000")}, Send: func(t testing.TB) req { return npwpReq(t, img) }})
	add(answerCase{Name: "scenario", Code: "INTERNAL_SERVER_ERROR", Why: emulate.WhyScenario, Rules: []string{rule(op, "INTERNAL_SERVER_ERROR")}, Send: func(t testing.TB) req { return npwpReq(t, img) }})
	return out
}

// TestNPWPIsThePerson: the card read is the NPWP of the person the image
// stands for, and reference_id is kept.
func TestNPWPIsThePerson(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	g := identity.NewGenerator(7)
	p, _ := g.PersonByNIK(nikA)
	want := g.NPWPFor(p)
	res := npwpReq(t, mocktest.Image(t, imagecheck.FixtureSpec{Marker: "nik=" + nikA}), mocktest.Field("reference_id", "npwp-7")).Send(h)
	b := res.JSON(t)
	d := b["data"].(map[string]any)
	r := d["result_data"].(map[string]any)
	if res.Status != 200 || r["npwp"] != want.Number || r["nik"] != nikA || r["name"] != want.Name || r["address"] != want.Address || d["reference_id"] != "npwp-7" {
		t.Errorf("HTTP %d %s, want %+v", res.Status, res.Body, want)
	}
	if !strings.Contains(want.Number, "-") {
		t.Fatalf("npwp %q", want.Number)
	}
}
