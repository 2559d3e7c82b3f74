package contract_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mockekyc/mockekyc/internal/contract"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/specs"
)

func TestShippedSpecsLoad(t *testing.T) {
	v, err := contract.Load(specs.FS, "ekycpro")
	if err != nil {
		t.Fatal(err)
	}
	ops := v.Operations("ekycpro")
	if len(ops) != 11 {
		t.Fatalf("%d operations", len(ops))
	}
	if ops[0].ID != "antiFake" || ops[0].Method != "POST" || ops[0].Path != "/v1/id_card/antifake" {
		t.Errorf("first operation %+v", ops[0])
	}
}

func TestValidate(t *testing.T) {
	v, err := contract.Load(specs.FS, "ekycpro")
	if err != nil {
		t.Fatal(err)
	}
	req := func(ct, body string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/v1/id_ocr/general", strings.NewReader(body))
		r.Header.Set("Content-Type", ct)
		return r
	}
	if err := v.ValidateRequest("ekycpro", "idOcr", req("application/x-www-form-urlencoded", "img=abc"), []byte("img=abc"), emulate.ParsedBody{}); err != nil {
		t.Errorf("valid request: %v", err)
	}
	for name, r := range map[string]*http.Request{
		"missing img": req("application/x-www-form-urlencoded", "x=1"),
		"json":        req("application/json", `{"img":"abc"}`),
	} {
		body := []byte("x=1")
		if name == "json" {
			body = []byte(`{"img":"abc"}`)
		}
		if err := v.ValidateRequest("ekycpro", "idOcr", r, body, emulate.ParsedBody{}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// A parsed form is validated against the schema without re-parsing.
	form := req("application/x-www-form-urlencoded", "x=1")
	if err := v.ValidateRequest("ekycpro", "idOcr", form, []byte("x=1"), emulate.ParsedBody{Form: url.Values{"x": {"1"}}}); err == nil {
		t.Error("parsed form without img accepted")
	}
	if err := v.ValidateRequest("ekycpro", "idOcr", form, []byte("img=a"), emulate.ParsedBody{Form: url.Values{"img": {"a"}}}); err != nil {
		t.Errorf("parsed form with img: %v", err)
	}
	if err := v.ValidateRequest("ekycpro", "idOcr", form, nil, emulate.ParsedBody{Form: url.Values{}}); err == nil {
		t.Error("empty required body accepted")
	}
	r := req("application/x-www-form-urlencoded", "img=abc")
	h := http.Header{"Content-Type": {"application/json"}}
	if err := v.ValidateResponse("ekycpro", "idOcr", r, 200, h, []byte(`{"status":"FAIL","message":"check input image and retry"}`)); err != nil {
		t.Errorf("documented answer rejected: %v", err)
	}
	for name, c := range map[string]struct {
		status int
		body   string
	}{
		"undocumented status": {418, `{"status":"FAIL","message":"x"}`},
		"unknown code":        {200, `{"status":"MAYBE","message":"x"}`},
		"extra field":         {200, `{"status":"FAIL","message":"x","extra":1}`},
		"bad NIK in success":  {200, `{"status":"OK","message":{"name":"A","id":"12"}}`},
	} {
		if err := v.ValidateResponse("ekycpro", "idOcr", r, c.status, h, []byte(c.body)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := v.ValidateRequest("ekycpro", "nope", r, nil, emulate.ParsedBody{}); err == nil {
		t.Error("unknown operation accepted")
	}
}

// TestLoadPrefersCompiled: compiled/<name>.json, when present, is the spec
// loaded; <name>.yaml otherwise.
func TestLoadPrefersCompiled(t *testing.T) {
	doc := func(op string) []byte {
		return []byte(`{"openapi":"3.0.3","info":{"title":"x","version":"1"},"paths":{"/a":{"get":{"operationId":"` + op + `","responses":{"200":{"description":"ok"}}}}}}`)
	}
	fsys := fstest.MapFS{
		"x.yaml":          {Data: doc("fromYAML")},
		"compiled/x.json": {Data: doc("fromJSON")},
		"y.yaml":          {Data: doc("onlyYAML")},
	}
	v, err := contract.Load(fsys, "x", "y")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"x": "fromJSON", "y": "onlyYAML"} {
		if ops := v.Operations(name); len(ops) != 1 || ops[0].ID != want {
			t.Errorf("%s: operations %+v, want %s", name, ops, want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"bad.yaml":  {Data: []byte("openapi: 3.0.3\ninfo: {title: x}\npaths: {}\n")},
		"noid.yaml": {Data: []byte("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n")},
	}
	for _, name := range []string{"bad", "noid", "missing"} {
		if _, err := contract.Load(fsys, name); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}

// TestValidateParsedMultipart: a parsed multipart form is validated against
// the schema of the request's media type, without re-reading the body.
func TestValidateParsedMultipart(t *testing.T) {
	v, err := contract.Load(specs.FS, "advance")
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodPost, "/openapi/face-identity/v1/ocr-kk-check", nil)
	r.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	// The body is not read on this path: nil bytes, a parsed form.
	if err := v.ValidateRequest("advance", "kkOcr", r, []byte("--x--"), emulate.ParsedBody{Form: url.Values{"ocrImage": {""}}}); err != nil {
		t.Errorf("parsed multipart: %v", err)
	}
	r.Header.Set("Content-Type", "text/plain")
	if err := v.ValidateRequest("advance", "kkOcr", r, []byte("x"), emulate.ParsedBody{Form: url.Values{"ocrImage": {""}}}); err == nil {
		t.Error("a media type the operation does not take was accepted")
	}
}

// TestValidateParsedJSON: a JSON body decoded by the caller is validated
// against the schema without kin-openapi decoding the body again.
func TestValidateParsedJSON(t *testing.T) {
	v, err := contract.Load(specs.FS, "verihubs")
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodPost, "/v2/ktp/idforgery", nil)
	r.Header.Set("Content-Type", "application/json")
	// The body bytes are deliberately not the parsed value: only the
	// parsed value may be looked at.
	body := []byte(`not read`)
	for name, c := range map[string]struct {
		value any
		ok    bool
	}{
		"image":               {map[string]any{"image": "aGk=", "is_quality": true}, true},
		"unknown member":      {map[string]any{"image": "aGk=", "extra": json.Number("1")}, true},
		"boolean as a string": {map[string]any{"image": "aGk=", "is_quality": "yes"}, false},
		"number image":        {map[string]any{"image": json.Number("12")}, false},
		"array body":          {[]any{"aGk="}, false},
		"null body":           {nil, false},
	} {
		err := v.ValidateRequest("verihubs", "idForgery", r, body, emulate.ParsedBody{JSON: c.value, IsJSON: true})
		if (err == nil) != c.ok {
			t.Errorf("%s: err = %v, want ok=%v", name, err, c.ok)
		}
	}
	// Not parsed: kin-openapi decodes the bytes, and broken JSON fails.
	if err := v.ValidateRequest("verihubs", "idForgery", r, body, emulate.ParsedBody{}); err == nil {
		t.Error("unparsed broken JSON accepted")
	}
}
