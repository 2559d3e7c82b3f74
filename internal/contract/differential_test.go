package contract_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/contract"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/reqspec"
	"github.com/mockekyc/mockekyc/specs"
)

// validators are kin-openapi's and the compact one, over the shipped specs.
func validators(t testing.TB) (*contract.Validator, *reqspec.Validator) {
	t.Helper()
	kin, err := contract.Load(specs.FS, config.VendorNames()...)
	if err != nil {
		t.Fatal(err)
	}
	compact, err := reqspec.Load(specs.FS, config.VendorNames()...)
	if err != nil {
		t.Fatal(err)
	}
	return kin, compact
}

// verdicts asks both validators about one request, parsed as the mock's
// Call parses it, and describes a disagreement ("" when they agree).
func verdicts(kin *contract.Validator, compact *reqspec.Validator, vendor, op string, method, target, ct string, body []byte) string {
	r := httptest.NewRequest(method, target, bytes.NewReader(body))
	if ct != "" {
		r.Header.Set("Content-Type", ct)
	}
	parsed := (&emulate.Call{Req: r, Body: body}).Parsed()
	kerr := kin.ValidateRequest(vendor, op, r, body, parsed)
	cerr := compact.ValidateRequest(vendor, op, r, body, parsed)
	if (kerr == nil) == (cerr == nil) {
		return ""
	}
	return fmt.Sprintf("%s %s, Content-Type %q, query %q, body %.300q: kin-openapi %v; reqspec %v", vendor, op, ct, target, body, kerr, cerr)
}

// caseBody is one generated request of an operation.
type caseBody struct {
	what, ct, query string
	body            []byte
}

// values are JSON values of every type, for fields and whole bodies.
var values = []any{nil, true, false, json.Number("0"), json.Number("1.5"), json.Number("-3"), json.Number("1e400"), "", "x", "AAAA", []any{}, []any{"a", json.Number("1")}, map[string]any{}, map[string]any{"k": "v"}}

// cases builds requests of op: its fields each missing, of every JSON type,
// extra fields, broken and odd bodies of each content type, query
// parameters present and absent.
func cases(op *reqspec.Op) []caseBody {
	var out []caseBody
	query := ""
	for _, p := range op.Params {
		if p.In == "query" {
			query += "&" + url.QueryEscape(p.Name) + "=q"
		}
	}
	queries := []string{"", strings.TrimPrefix(query, "&")}
	cts := []string{"application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=B", "text/plain", "", "Application/JSON", "application/json; charset=utf-8", "multipart/form-data"}
	fields := map[string]bool{}
	var schemas []*reqspec.Schema
	if op.Body != nil {
		for _, s := range op.Body.Content {
			schemas = append(schemas, s)
		}
	}
	var collect func(s *reqspec.Schema)
	collect = func(s *reqspec.Schema) {
		if s == nil {
			return
		}
		for name := range s.Properties {
			fields[name] = true
		}
		for _, l := range [][]*reqspec.Schema{s.OneOf, s.AnyOf, s.AllOf} {
			for _, x := range l {
				collect(x)
			}
		}
	}
	for _, s := range schemas {
		collect(s)
	}
	names := make([]string, 0, len(fields))
	for n := range fields {
		names = append(names, n)
	}
	slices.Sort(names)
	full := map[string]any{}
	for _, n := range names {
		full[n] = "x"
	}
	objects := []map[string]any{{}, full, with(full, "unknown_field", "x")}
	for _, n := range names {
		objects = append(objects, without(full, n))
		for _, v := range values {
			objects = append(objects, with(full, n, v))
		}
	}
	for _, q := range queries {
		for _, o := range objects {
			js, _ := json.Marshal(o)
			out = append(out, caseBody{"json object", "application/json", q, js})
			out = append(out, caseBody{"form", "application/x-www-form-urlencoded", q, []byte(form(o))})
			out = append(out, caseBody{"multipart", "", q, nil}) // filled below
			mp, ct := multipartOf(o)
			out[len(out)-1] = caseBody{"multipart", ct, q, mp}
		}
		for _, v := range values {
			js, _ := json.Marshal(v)
			for _, ct := range cts {
				out = append(out, caseBody{"json value", ct, q, js})
			}
		}
		js, _ := json.Marshal(full)
		for _, raw := range [][]byte{nil, []byte("{"), []byte("{}}"), append(js, []byte(" trailing")...), []byte(`{"a":1,"a":2}`), []byte("%zz=1"), []byte("a=1;b=2"), []byte("--B\r\nbroken"), []byte("--B--\r\n"), []byte("\xff\xfe")} {
			for _, ct := range cts {
				out = append(out, caseBody{"raw", ct, q, raw})
			}
		}
	}
	return out
}

func with(m map[string]any, k string, v any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for a, b := range m {
		out[a] = b
	}
	out[k] = v
	return out
}

func without(m map[string]any, k string) map[string]any {
	out := with(m, k, nil)
	delete(out, k)
	return out
}

// form writes an object's string values as a form (others as their JSON).
func form(o map[string]any) string {
	q := url.Values{}
	for k, v := range o {
		if s, ok := v.(string); ok {
			q.Add(k, s)
		} else {
			js, _ := json.Marshal(v)
			q.Add(k, string(js))
		}
	}
	return q.Encode()
}

// multipartOf writes an object as multipart: strings as fields, "AAAA"
// as a file part, others as JSON parts.
func multipartOf(o map[string]any) ([]byte, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	keys := make([]string, 0, len(o))
	for k := range o {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		switch v := o[k].(type) {
		case string:
			if v == "AAAA" {
				fw, _ := w.CreateFormFile(k, "a.jpg")
				_, _ = fw.Write([]byte{0xff, 0xd8, 0xff})
			} else {
				_ = w.WriteField(k, v)
			}
		default:
			js, _ := json.Marshal(v)
			h := make(map[string][]string)
			h["Content-Disposition"] = []string{`form-data; name="` + k + `"`}
			h["Content-Type"] = []string{"application/json"}
			pw, _ := w.CreatePart(h)
			_, _ = pw.Write(js)
		}
	}
	_ = w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

// TestAgreesWithKinOpenAPI: for every operation of every vendor, requests
// with each field missing, of every JSON type, extra, and broken or odd
// bodies of every content type get the same accept or refuse from the
// mock's compact validator as from kin-openapi.
func TestAgreesWithKinOpenAPI(t *testing.T) {
	kin, compact := validators(t)
	n, refused := 0, 0
	for _, vendor := range config.VendorNames() {
		for _, id := range compact.OperationIDs(vendor) {
			op := compact.Op(vendor, id)
			for _, c := range cases(op) {
				target := op.Path
				if c.query != "" {
					target += "?" + c.query
				}
				n++
				if d := verdicts(kin, compact, vendor, id, op.Method, target, c.ct, c.body); d != "" {
					t.Errorf("%s: %s", c.what, d)
				}
				r := httptest.NewRequest(op.Method, target, bytes.NewReader(c.body))
				if c.ct != "" {
					r.Header.Set("Content-Type", c.ct)
				}
				if compact.ValidateRequest(vendor, id, r, c.body, (&emulate.Call{Req: r, Body: c.body}).Parsed()) != nil {
					refused++
				}
			}
		}
	}
	// Both verdicts must occur, or agreement proves nothing.
	if refused == 0 || refused == n {
		t.Errorf("%d of %d requests refused: the cases do not tell the validators apart", refused, n)
	}
	t.Logf("%d requests, %d refused by both", n, refused)
}

// TestDifferentialReportsDisagreement: a compact validator whose request
// sides say otherwise than the spec is caught by the harness's
// Differential, which answers with the compact verdict.
func TestDifferentialReportsDisagreement(t *testing.T) {
	kin, _ := validators(t)
	data, err := fs.ReadFile(specs.FS, reqspec.Dir+"/ekycpro.json")
	if err != nil {
		t.Fatal(err)
	}
	var ops reqspec.Ops
	if err := json.Unmarshal(data, &ops); err != nil {
		t.Fatal(err)
	}
	// Any body accepted: the spec requires img.
	for _, s := range ops["idOcr"].Body.Content {
		s.Required = nil
	}
	bent, _ := json.Marshal(ops)
	compact, err := reqspec.Load(fstest.MapFS{reqspec.Dir + "/ekycpro.json": {Data: bent}}, "ekycpro")
	if err != nil {
		t.Fatal(err)
	}
	var told []string
	d := contract.Differential{Kin: kin, Compact: compact, Disagree: func(vendor, op string, kerr, cerr error) {
		told = append(told, fmt.Sprintf("%s %s %v %v", vendor, op, kerr, cerr))
	}}
	body := []byte("other=1")
	r := httptest.NewRequest(http.MethodPost, "/v1/id_ocr/general", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := d.ValidateRequest("ekycpro", "idOcr", r, body, (&emulate.Call{Req: r, Body: body}).Parsed()); err != nil {
		t.Errorf("the compact verdict is an accept, got %v", err)
	}
	if len(told) != 1 || !strings.Contains(told[0], "img") {
		t.Errorf("disagreements told: %q", told)
	}
}

// FuzzAgreesWithKinOpenAPI: any body, of any of the content types clients
// send, to any operation gets the same verdict from both validators.
func FuzzAgreesWithKinOpenAPI(f *testing.F) {
	kin, compact := validators(f)
	type opRef struct{ vendor, id string }
	var ops []opRef
	for _, vendor := range config.VendorNames() {
		for _, id := range compact.OperationIDs(vendor) {
			ops = append(ops, opRef{vendor, id})
		}
	}
	cts := []string{"application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=B", "text/plain", "", "Application/JSON", "multipart/form-data"}
	for i, o := range ops {
		// A spread of the generated cases as seeds: all of them take the
		// race detector 15 s.
		for j, c := range cases(compact.Op(o.vendor, o.id)) {
			if j%61 == 0 {
				f.Add(uint16(i), uint8(slices.Index(cts, c.ct)&0xff), c.query, c.body)
			}
		}
	}
	f.Fuzz(func(t *testing.T, opi uint16, cti uint8, query string, body []byte) {
		o := ops[int(opi)%len(ops)]
		ct := cts[int(cti)%len(cts)]
		op := compact.Op(o.vendor, o.id)
		target := op.Path
		if q, err := url.ParseQuery(query); err == nil && len(q) > 0 {
			target += "?" + q.Encode()
		}
		if d := verdicts(kin, compact, o.vendor, o.id, op.Method, target, ct, body); d != "" {
			t.Error(d)
		}
	})
}
