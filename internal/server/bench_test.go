package server_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// BenchmarkEkycproOCR is the whole request path in-process (no network):
// routing, auth, admission, spec validation, decode, inspect, identity,
// journal, ledger.
func BenchmarkEkycproOCR(b *testing.B) {
	for _, c := range []struct {
		name  string
		bytes int
		w, h  int
	}{{"small", 0, 12, 8}, {"280KB", 210_000, 1000, 630}} {
		b.Run(c.name, func(b *testing.B) {
			h := mocktest.New(b)
			img := mocktest.Image(b, imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: c.w, Height: c.h, Bytes: c.bytes})
			body := []byte(url.Values{"img": {mocktest.B64(img)}}.Encode())
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest(http.MethodPost, "/ekycpro/v1/id_ocr/general", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-API-Key", "AbcdEfgh")
				rec := httptest.NewRecorder()
				h.Server.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatal(rec.Code, rec.Body.String())
				}
			}
		})
	}
}

// BenchmarkLoadKinds drives each request kind of the load program
// (internal/loadkinds) through the whole server in-process, as production
// runs it: no response validation, journal on.
func BenchmarkLoadKinds(b *testing.B) {
	ts, kinds := loadServer(b)
	for _, k := range kinds {
		b.Run(strings.NewReplacer(" ", "_", ",", "", "/", "").Replace(k.Name), func(b *testing.B) {
			b.SetBytes(int64(k.BodySize))
			b.ReportAllocs()
			for b.Loop() {
				req, err := k.Request(ts.URL)
				if err != nil {
					b.Fatal(err)
				}
				rec := httptest.NewRecorder()
				ts.Config.Handler.ServeHTTP(rec, req)
				if err := k.Check(rec.Code, rec.Body.Bytes()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
