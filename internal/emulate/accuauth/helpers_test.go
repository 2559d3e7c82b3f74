package accuauth_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
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

func (c call) send(h *mocktest.Harness) mocktest.Result {
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

// part is one multipart part; a file part when filename is set.
type part struct {
	name, filename string
	data           []byte
}

func file(name string, data []byte) part { return part{name: name, filename: "ktp.jpg", data: data} }
func field(name, value string) part      { return part{name: name, data: []byte(value)} }

// multi builds a real multipart/form-data body, as curl -F and Apache
// HttpClient send it.
func multi(t testing.TB, path string, parts ...part) call {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range parts {
		var err error
		if p.filename != "" {
			fw, e := w.CreateFormFile(p.name, p.filename)
			if e == nil {
				_, e = fw.Write(p.data)
			}
			err = e
		} else {
			err = w.WriteField(p.name, string(p.data))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return call{path: path, contentType: w.FormDataContentType(), body: buf.Bytes(), id: demoID, secret: demoSecret}
}

func form(path string, kv ...string) call {
	f := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return call{path: path, contentType: "application/x-www-form-urlencoded", body: []byte(f.Encode()), id: demoID, secret: demoSecret}
}

func jsonCall(t testing.TB, path string, v any) call {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return call{path: path, contentType: "application/json", body: b, id: demoID, secret: demoSecret}
}

func image(t testing.TB, spec imagecheck.FixtureSpec) []byte {
	t.Helper()
	if spec.Format == "" {
		spec.Format = imagecheck.JPEG
	}
	if spec.Width == 0 {
		spec.Width, spec.Height = 1000, 630
	}
	return mocktest.Image(t, spec)
}

// selfie is a small face picture, well under the 50 KB limit.
func selfie(t testing.TB, marker string) string {
	return mocktest.B64(image(t, imagecheck.FixtureSpec{Width: 240, Height: 320, Marker: marker}))
}

var (
	tidRe     = regexp.MustCompile(`^TID[0-9a-f]{32}$`)
	orderRe   = regexp.MustCompile(`^SFBw[0-9]{19}$`)
	handleRe  = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$`)
	resultMap = func(body map[string]any) map[string]any { m, _ := body["result"].(map[string]any); return m }
)
