package izidata_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate/izidata"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestImageFormEscapedEitherWay: a long form value is unescaped in the
// body's own memory, after the signature has been checked over the bytes
// as received (the Go/Java family signs the body's MD5). Two mocks of the
// same seed get the same signed requests, one with the image's base64
// percent-encoded as url.Values does (%2B %2F %3D), the other another
// legal way (lower-case hex, '/' and '=' as is, '+' as %2b); every answer
// must be the same bytes: good, 6 MB, truncated and broken images, a form
// of two images, and a request whose signature is wrong.
func TestImageFormEscapedEitherWay(t *testing.T) {
	good := mocktest.ImageB64(t, imagecheck.FixtureSpec{Width: 1000, Height: 630})
	huge := mocktest.ImageB64(t, imagecheck.FixtureSpec{Width: 1000, Height: 630, Bytes: 6 << 20})
	other := strings.NewReplacer("+", "%2b").Replace
	bodies := []struct {
		path, sk string
		kv       []string
	}{
		{"/v1/id_ocr/general", sk, []string{"img", good}},
		{"/v1/id_ocr/general", sk, []string{"img", huge}},
		{"/v1/id_ocr/general", sk, []string{"img", good[:len(good)/3]}},
		{"/v1/id_ocr/general", sk, []string{"img", good[:len(good)/2] + "!!" + good[len(good)/2:]}},
		{"/v1/facecompare", sk, []string{"img1", good, "img2", good}},
		{"/v1/id_ocr/general", "WRONG", []string{"img", good}},
	}
	a := mocktest.New(t, mocktest.WithConfig(testConfig))
	b := mocktest.New(t, mocktest.WithConfig(testConfig))
	send := func(h *mocktest.Harness, path, secret, body string) mocktest.Result {
		req := h.Request(http.MethodPost, "/izidata"+path, strings.NewReader(body), nil)
		if err := izidata.Sign(req, []byte(body), ak, secret, mocktest.Epoch, izidata.FamilyGoJava); err != nil {
			t.Fatal(err)
		}
		return h.Do(req)
	}
	codes := map[any]bool{}
	for i, c := range bodies {
		std := mocktest.Pairs(c.kv...).Encode()
		var alt []string
		for j := 0; j+1 < len(c.kv); j += 2 {
			alt = append(alt, c.kv[j]+"="+other(c.kv[j+1]))
		}
		want := send(a, c.path, c.sk, std)
		got := send(b, c.path, c.sk, strings.Join(alt, "&"))
		codes[want.JSON(t)["status"]] = true
		if got.Status != want.Status || !bytes.Equal(got.Body, want.Body) {
			t.Errorf("request %d (%s): other escapes HTTP %d %.300s\nurl.Values HTTP %d %.300s", i, c.path, got.Status, got.Body, want.Status, want.Body)
		}
	}
	if len(codes) < 3 {
		t.Errorf("answers of %d kinds (%v): the requests do not reach the image checks", len(codes), codes)
	}
}
