package ekycpro_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// FuzzRequest sends arbitrary bodies and content types to every eKYCPro
// endpoint through the whole server in-process: the answer is always one
// the spec documents (the harness validates it) and never a panic.
func FuzzRequest(f *testing.F) {
	jpeg, _ := imagecheck.MakeFixture(imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 300, Height: 200})
	f.Add(uint8(0), "application/x-www-form-urlencoded", []byte("img="+mocktest.B64(jpeg)))
	f.Add(uint8(3), "application/x-www-form-urlencoded", []byte("img1=%2F9j&img2="))
	f.Add(uint8(5), "application/x-www-form-urlencoded", []byte("id=3171024302821001&md5=1"))
	f.Add(uint8(6), "application/x-www-form-urlencoded", []byte("phone=%2B628958000001"))
	f.Add(uint8(9), "application/x-www-form-urlencoded", []byte("id=3171024302821001&name=BUDI"))
	f.Add(uint8(1), "application/json", []byte(`{"img":"x"}`))
	f.Add(uint8(2), "multipart/form-data; boundary=x", []byte("--x\r\n"))
	h := mocktest.New(f)
	paths := []string{"/v1/id_ocr/general", "/v1/id_card/antifake", "/v1/picturelive", "/v1/facecompare", "/v1/idholding",
		"/v1/ididinquiries", "/v1/ididphoneinquiries", "/v1/inidinquiries", "/v1/mxidinquiries", "/v1/ididcheck"}
	f.Fuzz(func(t *testing.T, which uint8, contentType string, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/ekycpro"+paths[int(which)%len(paths)], bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("X-API-Key", "AbcdEfgh")
		rec := httptest.NewRecorder()
		h.Server.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("HTTP %d for %q %q: %s", rec.Code, contentType, body, rec.Body)
		}
		var m map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil || m["status"] == nil {
			t.Fatalf("answer %q is not the vendor envelope: %v", rec.Body, err)
		}
	})
}
