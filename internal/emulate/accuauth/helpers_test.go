package accuauth_test

import (
	"bytes"
	"net/http"
	"regexp"
	"testing"

	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// accessConfig has one credential per account rule.
const accessConfig = `
seed: 7
vendors:
  accuauth:
    credentials:
      - {id: demo-api-id, secret: demo-api-secret, name: demo}
      - {id: rate-id, secret: s, rate_limit: 1}
      - {id: quota-id, secret: s, quota: 1}
      - {id: poor-id, secret: s, balance: 1, price: 1}
      - {id: off-id, secret: s, disabled: true}
      - {id: old-id, secret: s, expires: "2020-01-01T00:00:00Z"}
      - {id: ocr-only, secret: s, apis: [ocrIdcard]}
      - {id: name-only, secret: s, apis: [verifyIdName]}
`

const (
	demoID, demoSecret = "demo-api-id", "demo-api-secret"
	knownNIK           = "3171024302821001"
	unknownNIK         = "9999994302821001" // 16 digits, no such district
)

// person is the mock's person of a NIK under the test seed.
func person(t testing.TB, nik string) identity.Person {
	t.Helper()
	p, err := identity.NewGenerator(7).PersonByNIK(nik)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// call is one request to AccuAuth.
type call struct {
	method, path string
	contentType  string
	body         []byte
	id, secret   string
	noAuth       bool
}

func (c call) Send(h *mocktest.Harness) mocktest.Result {
	h.T.Helper()
	hdr := http.Header{}
	if !c.noAuth {
		hdr.Set("X-DF-API-ID", c.id)
		hdr.Set("X-DF-API-SECRET", c.secret)
	}
	if c.contentType != "" {
		hdr.Set("Content-Type", c.contentType)
	}
	m := c.method
	if m == "" {
		m = http.MethodPost
	}
	return h.Do(h.Request(m, "/accuauth"+c.path, bytes.NewReader(c.body), hdr))
}

func (c call) as(id, secret string) call { c.id, c.secret = id, secret; return c }

// file is a file part named as the SDK samples name it.
func file(name string, data []byte) mocktest.Part {
	return mocktest.Part{Name: name, Filename: "ktp.jpg", ContentType: "application/octet-stream", Data: data}
}

// multi is a multipart/form-data call, as curl -F and Apache HttpClient send it.
func multi(t testing.TB, path string, parts ...mocktest.Part) call {
	body, ct := mocktest.Multipart(t, parts...)
	return call{path: path, contentType: ct, body: body, id: demoID, secret: demoSecret}
}

func form(path string, kv ...string) call {
	return call{path: path, contentType: "application/x-www-form-urlencoded", body: []byte(mocktest.Pairs(kv...).Encode()), id: demoID, secret: demoSecret}
}

func jsonCall(t testing.TB, path string, v any) call {
	return call{path: path, contentType: "application/json", body: mocktest.JSONBody(t, v), id: demoID, secret: demoSecret}
}

// selfie is a small face picture, well under the 50 KB limit.
func selfie(t testing.TB, marker string) string {
	return mocktest.ImageB64(t, imagecheck.FixtureSpec{Width: 240, Height: 320, Marker: marker})
}

var (
	tidRe     = regexp.MustCompile(`^TID[0-9a-f]{32}$`)
	orderRe   = regexp.MustCompile(`^SFBw[0-9]{19}$`)
	handleRe  = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$`)
	resultMap = func(body map[string]any) map[string]any { m, _ := body["result"].(map[string]any); return m }
)
