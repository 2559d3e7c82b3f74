package accuauth_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// FuzzRequest sends arbitrary bodies and content types to every AccuAuth
// endpoint through the whole server in-process: the answer is always one
// the spec documents (the harness validates it), in the vendor's body, with
// a TID request id, and never a panic (INTERNAL_ERROR).
func FuzzRequest(f *testing.F) {
	jpeg, _ := imagecheck.MakeFixture(imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 300, Height: 200})
	f.Add(uint8(0), "application/x-www-form-urlencoded", []byte("image_base64="+mocktest.B64(jpeg)))
	f.Add(uint8(0), "multipart/form-data; boundary=x", []byte("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n\xff\xd8\xff\r\n--x--\r\n"))
	f.Add(uint8(1), "application/json", []byte(`{"id_number":"3171024302821001","name":"BUDI"}`))
	f.Add(uint8(2), "application/x-www-form-urlencoded", []byte("id_number=3171024302821001&name=%ZZ"))
	f.Add(uint8(3), "application/json", []byte(`{"id_number":"3171024302821001","face_image":"/9j/","face_threshold":1e400}`))
	f.Add(uint8(3), "multipart/form-data", []byte("--x\r\n"))
	h := mocktest.New(f)
	f.Add(uint8(4), "application/json", []byte(`{"image_base64_1":"/9j/","image_base64_2":"","compare_mode":1.5}`))
	f.Add(uint8(5), "multipart/form-data; boundary=x", []byte("--x\r\nContent-Disposition: form-data; name=\"liveness_data_file\"; filename=\"a\"\r\n\r\n\x12\x05\x0a\x03\xff\xd8\xff\r\n--x--\r\n"))
	f.Add(uint8(6), "application/x-www-form-urlencoded", []byte("image_base64="+mocktest.B64(jpeg)+"&return_extra=1"))
	paths := []string{"/ocr/idcard", "/verify/id_name", "/verify/id_name_check", "/verify/id_selfie", "/face/v2/verify", "/face/liveness_anti_hack", "/face/anti_hack"}
	tid := regexp.MustCompile(`^TID[0-9a-f]{32}$`)
	f.Fuzz(func(t *testing.T, which uint8, contentType string, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/accuauth"+paths[int(which)%len(paths)], bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("X-DF-API-ID", "demo-api-id")
		req.Header.Set("X-DF-API-SECRET", "demo-api-secret")
		rec := httptest.NewRecorder()
		h.Server.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Fatalf("HTTP %d for %q %q: %s", rec.Code, contentType, body, rec.Body)
		}
		var m map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil || m["status"] == nil {
			t.Fatalf("answer %q is not the vendor body: %v", rec.Body, err)
		}
		if id, _ := m["request_id"].(string); !tid.MatchString(id) {
			t.Fatalf("request_id %q", id)
		}
	})
}
