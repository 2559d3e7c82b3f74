package advance_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// FuzzRequest sends arbitrary bodies and content types to every ADVANCE.AI
// endpoint, multipart and JSON, through the whole server in-process with a
// valid token: the answer is always HTTP 200 in the envelope with a code
// the spec documents (the harness validates every response), never a panic.
func FuzzRequest(f *testing.F) {
	jpeg, _ := imagecheck.MakeFixture(imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 300, Height: 300})
	kk, kkCT := mocktest.Multipart(f, file("ocrImage", jpeg))
	face, faceCT := mocktest.Multipart(f, file("firstImage", jpeg), file("secondImage", jpeg[:200]))
	card, cardCT := mocktest.Multipart(f, mocktest.Part{Name: "cardImage", Filename: "x", ContentType: "application/octet-stream", Data: jpeg})
	f.Add(uint8(0), "application/json", tokenBody(demoKey, nil))
	f.Add(uint8(0), "application/json", []byte(`{"accessKey":"sampleaccesskey","timestamp":1e400,"signature":"x","periodSecond":"NaN"}`))
	f.Add(uint8(1), kkCT, kk)
	f.Add(uint8(2), kkCT, kk)
	f.Add(uint8(3), faceCT, face)
	f.Add(uint8(4), cardCT, card)
	f.Add(uint8(5), "application/json", []byte(`{"idNumber":"3171024302821001","name":"BUDI"}`))
	f.Add(uint8(5), "application/json", []byte(`{"idNumber":3171024302821001}`))
	f.Add(uint8(1), "multipart/form-data; boundary=x", []byte("--x\r\nContent-Disposition: form-data; name=\"ocrImage\"\r\n\r\n"))
	h := mocktest.New(f, mocktest.WithConfig(accessConfig))
	tok := token(h, demoKey, map[string]any{"periodSecond": 86400})
	// The endpoints beyond the seed, from index 6 (their JSON readers:
	// the phoneNumber object, the license seconds, the bank fields).
	f.Add(uint8(6), "application/json", []byte(`{"name":"A","idNumber":"3171024302821999","phoneNumber":{"countryCode":"+62","areaCode":"","number":"081100000001"}}`))
	f.Add(uint8(6), "application/json", []byte(`{"name":1,"idNumber":[],"phoneNumber":{"number":{}}}`))
	f.Add(uint8(7), "application/json", []byte(`{"idNumber":"3171024302821001","phoneNumber":"+6281234567890","includeSelf":"include"}`))
	f.Add(uint8(8), "application/json", []byte(`{"signatureId":"0123456789abcdef0123456789abcdef","resultType":"IMAGE_BASE64"}`))
	f.Add(uint8(9), "application/json", []byte(`{"bankCode":"BNIAIDJA","bankAccount":1234567890}`))
	f.Add(uint8(10), "application/json", []byte(`{"licenseEffectiveSeconds":"1e9"}`))
	f.Add(uint8(10), "application/json", []byte(``))
	f.Add(uint8(11), "application/json", []byte(`{"idNumber":"3171024302821001","name":"B","phoneNumber":"0812"}`))
	f.Add(uint8(12), kkCT, kk)
	paths := []string{tokenPath, kkPath, ktpPath, facePath, forgeryPath, identityPath,
		blacklistV3Path, multiV11Path, livenessPath, bankPath, licensePath, scoringPath, ocrV2Path, multiV6Path, teleIdentityPath, companyPath}
	f.Fuzz(func(t *testing.T, which uint8, contentType string, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/advance"+paths[int(which)%len(paths)], bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("X-ACCESS-TOKEN", tok)
		rec := httptest.NewRecorder()
		h.Server.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("HTTP %d for %q %q: %s", rec.Code, contentType, body, rec.Body)
		}
		var m map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil || m["code"] == nil || m["transactionId"] == nil {
			t.Fatalf("answer %q is not the vendor envelope: %v", rec.Body, err)
		}
	})
}
