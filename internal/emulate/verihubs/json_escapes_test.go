package verihubs_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestImageTextAsSentOrEscaped: the long base64 strings of an image body
// are read straight from the body when they need no unquoting, and
// unquoted into a copy when they do (`\/`, `\u0041`); the answers must not
// tell the two apart. Two mocks of the same seed get the same requests,
// one with the images as they are, the other with them escaped; every
// answer must be the same bytes: good, huge (over the vendor's 5 MB),
// truncated, broken base64 and a data URI, on a check, an extraction and
// the face comparison (two images in one body).
func TestImageTextAsSentOrEscaped(t *testing.T) {
	good := mocktest.ImageB64(t, imagecheck.FixtureSpec{Width: 1000, Height: 630})
	huge := mocktest.ImageB64(t, imagecheck.FixtureSpec{Width: 1000, Height: 630, Bytes: 6 << 20})
	truncated := good[:len(good)/3]
	broken := good[:len(good)/2] + "!!" + good[len(good)/2:]
	bodies := []struct{ op, body string }{
		{"idForgery", js("image", good)},
		{"idForgery", js("image", huge)},
		{"idForgery", js("image", truncated)},
		{"idForgery", js("image", broken)},
		{"idForgery", js("image", "data:image/jpeg;base64,"+good, "is_quality", true)},
		{"ktpExtract", js("image", good, "reference_id", "esc-1")},
		{"faceCompare", js("image_1", good, "image_2", truncated)},
		{"faceCompare", js("image_1", good, "image_2", good)},
	}
	escapes := map[string]func(string) string{
		"slashes":       func(s string) string { return strings.ReplaceAll(s, `/`, `\/`) },
		"unicode":       func(s string) string { return strings.ReplaceAll(s, `A`, `\u0041`) },
		"duplicate key": func(s string) string { return strings.Replace(s, `{`, `{"image":"first","image_1":"first",`, 1) },
	}
	for name, escape := range escapes {
		t.Run(name, func(t *testing.T) {
			plain := mocktest.New(t, mocktest.WithConfig(testConfig))
			esc := mocktest.New(t, mocktest.WithConfig(testConfig))
			codes := map[string]bool{}
			for i, b := range bodies {
				if name == "duplicate key" && strings.Contains(b.body, "data:") {
					continue
				}
				want := post(b.op, b.body).Send(plain)
				got := post(b.op, escape(b.body)).Send(esc)
				code, _ := want.JSON(t)["error_code"].(string)
				codes[code] = true
				if got.Status != want.Status || !bytes.Equal(got.Body, want.Body) {
					t.Errorf("request %d (%s): escaped HTTP %d %.300s\nas sent HTTP %d %.300s", i, b.op, got.Status, got.Body, want.Status, want.Body)
				}
			}
			// The requests reach the image checks: an answer of each kind.
			for _, code := range []string{"", "INVALID_PAYLOAD_IMAGE_SIZE", "INVALID_PAYLOAD_IMAGE_FORMAT"} {
				if !codes[code] && (code != "" || name != "duplicate key") {
					t.Errorf("no answer %q among %v", code, codes)
				}
			}
		})
	}
}
