package contract

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/specs"
)

// TestRequestSides: every operation of every vendor has its request side,
// and it is the whole document's operation without the responses: the same
// method and path, parameters, request body, security and (by name) every
// component its $refs reach, byte for byte in kin-openapi's JSON.
func TestRequestSides(t *testing.T) {
	v := Lazy(specs.FS, config.VendorNames()...)
	n := 0
	for _, vendor := range config.VendorNames() {
		whole, err := v.spec(vendor)
		if err != nil {
			t.Fatal(err)
		}
		for id, full := range whole.routes {
			if v.ops[vendor+"/"+id] == nil {
				t.Errorf("%s %s: no request side", vendor, id)
				continue
			}
			n++
			side, err := v.requestRoute(vendor, id)
			if err != nil {
				t.Fatal(err)
			}
			if side.Spec == full.Spec || side.Method != full.Method || side.Path != full.Path {
				t.Errorf("%s %s: %s %s in its own document, %s %s in the whole", vendor, id, side.Method, side.Path, full.Method, full.Path)
			}
			js := func(x any) string {
				b, err := json.Marshal(x)
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
			same := func(what string, a, b any) {
				if js(a) != js(b) {
					t.Errorf("%s %s: %s differs:\n%s\n%s", vendor, id, what, js(a), js(b))
				}
			}
			same("parameters", side.Operation.Parameters, full.Operation.Parameters)
			same("path parameters", side.PathItem.Parameters, full.PathItem.Parameters)
			same("request body", side.Operation.RequestBody, full.Operation.RequestBody)
			same("security", side.Operation.Security, full.Operation.Security)
			same("global security", side.Spec.Security, full.Spec.Security)
			same("security schemes", side.Spec.Components.SecuritySchemes, full.Spec.Components.SecuritySchemes)
			for name, s := range side.Spec.Components.Schemas {
				same("schema "+name, s, full.Spec.Components.Schemas[name])
			}
			for name, b := range side.Spec.Components.RequestBodies {
				same("request body "+name, b, full.Spec.Components.RequestBodies[name])
			}
			for name, p := range side.Spec.Components.Parameters {
				same("parameter "+name, p, full.Spec.Components.Parameters[name])
			}
			if side.Operation.Responses.Len() != 1 || side.Operation.Responses.Default() == nil {
				t.Errorf("%s %s: request side has responses %v", vendor, id, js(side.Operation.Responses))
			}
		}
	}
	if n != len(v.ops) || n < 40 {
		t.Errorf("%d operations, %d request sides", n, len(v.ops))
	}
}

// TestRequestNeedsNoWholeSpec: validating a request loads that operation's
// request side only; the vendor's whole document stays unparsed until a
// response, the catalogue or the preload needs it.
func TestRequestNeedsNoWholeSpec(t *testing.T) {
	v := Lazy(specs.FS, "ekycpro")
	r := httptest.NewRequest(http.MethodPost, "/v1/idinquiries", strings.NewReader("id=3171024302821001"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("X-API-Key", "k")
	if err := v.ValidateRequest("ekycpro", "idInquiries", r, []byte("id=3171024302821001"), emulate.ParsedBody{}); err != nil {
		t.Fatal(err)
	}
	bad := httptest.NewRequest(http.MethodPost, "/v1/idinquiries", bytes.NewReader(nil))
	bad.Header.Set("Content-Type", "application/json")
	bad.Header.Set("X-API-Key", "k")
	if err := v.ValidateRequest("ekycpro", "idInquiries", bad, []byte(`{"id":1}`), emulate.ParsedBody{}); err == nil {
		t.Error("a JSON body on a form-only operation passed")
	}
	if v.specs["ekycpro"].doc != nil {
		t.Error("the whole ekycpro document was parsed for a request")
	}
	if v.ops["ekycpro/idInquiries"].doc == nil || v.ops["ekycpro/idOcr"].doc != nil {
		t.Error("not exactly idInquiries' request side was parsed")
	}
}
