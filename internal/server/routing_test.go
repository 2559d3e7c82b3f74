package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

func ocrForm(t *testing.T) string {
	img := mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 900, Height: 560})
	return url.Values{"img": {mocktest.B64(img)}}.Encode()
}

// TestVendorSelection: a request reaches eKYCPro by its real hostname, by
// <vendor>.localhost (with or without a port) and by the /ekycpro/ prefix.
func TestVendorSelection(t *testing.T) {
	h := mocktest.New(t)
	body := ocrForm(t)
	for _, tc := range []struct{ name, host, path string }{
		{"real host", "api.ekycpro.com", "/v1/id_ocr/general"},
		{"real host with port", "api.ekycpro.com:443", "/v1/id_ocr/general"},
		{"upper-case host", "API.EKYCPRO.COM", "/v1/id_ocr/general"},
		{"localhost name", "ekycpro.localhost:8080", "/v1/id_ocr/general"},
		{"path prefix", "", "/ekycpro/v1/id_ocr/general"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := h.Request(http.MethodPost, tc.path, strings.NewReader(body), http.Header{
				"Content-Type": {"application/x-www-form-urlencoded"}, "X-Api-Key": {"AbcdEfgh"}})
			if tc.host != "" {
				req.Host = tc.host
			}
			res := h.Do(req)
			if res.Status != 200 || res.JSON(t)["status"] != "OK" {
				t.Fatalf("HTTP %d %s", res.Status, res.Body)
			}
		})
	}
}

func TestUnknownPaths(t *testing.T) {
	h := mocktest.New(t)
	key := http.Header{"X-Api-Key": {"AbcdEfgh"}}
	for _, tc := range []struct {
		name, method, path, host string
		status                   int
		contains                 string
	}{
		{"unknown path under a vendor", http.MethodPost, "/ekycpro/v1/nope", "", 404, `{"status":"INVALID_REQUEST","message":"api not found"}`},
		{"iziData-only product on eKYCPro (docs/vendors/ekycpro.md#ek-5)", http.MethodPost, "/ekycpro/v1/phone", "", 404, `"api not found"`},
		{"unclean path", http.MethodPost, "/ekycpro//v1/id_ocr/general", "", 404, `"api not found"`},
		{"wrong method", http.MethodGet, "/ekycpro/v1/id_ocr/general", "", 405, `{"status":"INVALID_REQUEST","message":"method not allowed"}`},
		{"wrong method by host", http.MethodDelete, "/v1/balance", "api.ekycpro.com", 405, `"method not allowed"`},
		{"outside any vendor", http.MethodGet, "/v1/id_ocr/general", "", 404, `"/ekycpro/"`},
		{"root", http.MethodGet, "/", "", 404, `"vendors"`},
		{"unknown admin path", http.MethodGet, "/__admin/nope", "", 404, `"error"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := h.Request(tc.method, tc.path, nil, key)
			if tc.host != "" {
				req.Host = tc.host
			}
			res := h.Do(req)
			if res.Status != tc.status || !strings.Contains(string(res.Body), tc.contains) {
				t.Fatalf("HTTP %d %q, want %d containing %q", res.Status, res.Body, tc.status, tc.contains)
			}
		})
	}
}

// TestKeepsServing: hostile input gets the vendor's answer and the next
// request is served normally.
func TestKeepsServing(t *testing.T) {
	h := mocktest.New(t)
	hdr := http.Header{"X-Api-Key": {"AbcdEfgh"}, "Content-Type": {"application/x-www-form-urlencoded"}}
	for _, b := range []struct{ body, want string }{
		{"img=%zz%%%", "INVALID_REQUEST"},
		{"img=" + url.QueryEscape("data:image/png;base64,!!!!"), "INVALID_REQUEST"},
		{"\x00\x01\x02", "INVALID_REQUEST"},
		{strings.Repeat("&", 10000), "INVALID_REQUEST"},
		// Valid base64 of zero bytes: an image of no known format.
		{"img=" + strings.Repeat("A", 100), "IMAGE_INVALID_FORMAT"},
	} {
		res := h.Do(h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader(b.body), hdr))
		if res.Status != 200 || res.JSON(t)["status"] != b.want {
			t.Errorf("body %.40q: HTTP %d %s, want %s", b.body, res.Status, res.Body, b.want)
		}
	}
	// A body over the server limit is refused as the vendor refuses a big
	// image, without reading it all.
	huge := "img=" + strings.Repeat("A", 17<<20)
	res := h.Do(h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader(huge), hdr))
	if res.Status != 200 || res.JSON(t)["status"] != "IMAGE_INVALID_SIZE" {
		t.Errorf("huge body: HTTP %d %.200s", res.Status, res.Body)
	}
	res = h.Do(h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader(ocrForm(t)), hdr))
	if res.Status != 200 || res.JSON(t)["status"] != "OK" {
		t.Fatalf("after bad input: HTTP %d %s", res.Status, res.Body)
	}
}
