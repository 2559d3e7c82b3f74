package reqspec

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// TestCheck holds the keywords to kin-openapi's reading of them (the
// differential tests in internal/contract compare the whole validators).
func TestCheck(t *testing.T) {
	str := &Schema{Type: "string"}
	obj := &Schema{Type: "object", Properties: map[string]*Schema{"a": str, "n": {Type: "integer"}}, Required: []string{"a"}, NoAdditional: true}
	for _, c := range []struct {
		name  string
		s     *Schema
		value string // JSON
		ok    bool
	}{
		{"empty schema takes a string", &Schema{}, `"x"`, true},
		{"empty schema refuses null", &Schema{}, `null`, false},
		{"nullable takes null", &Schema{Type: "string", Nullable: true}, `null`, true},
		{"string refuses a number", str, `1`, false},
		{"integer takes 2.0", &Schema{Type: "integer"}, `2.0`, true},
		{"integer refuses 2.5", &Schema{Type: "integer"}, `2.5`, false},
		{"number takes 2.5", &Schema{Type: "number"}, `2.5`, true},
		{"a number too large for float64", &Schema{Type: "number"}, `1e400`, false},
		{"required present", obj, `{"a":"x"}`, true},
		{"required missing", obj, `{"n":1}`, false},
		{"property of the wrong type", obj, `{"a":"x","n":"1"}`, false},
		{"additional property refused", obj, `{"a":"x","b":1}`, false},
		{"additional schema", &Schema{Type: "object", Additional: str}, `{"b":1}`, false},
		{"array items", &Schema{Type: "array", Items: str}, `["a",1]`, false},
		{"oneOf: exactly one", &Schema{OneOf: []*Schema{str, {Type: "integer"}}}, `"x"`, true},
		{"oneOf: two match", &Schema{OneOf: []*Schema{str, {}}}, `"x"`, false},
		{"oneOf: none match", &Schema{OneOf: []*Schema{str, {Type: "integer"}}}, `true`, false},
		{"anyOf", &Schema{AnyOf: []*Schema{str, {}}}, `"x"`, true},
		{"allOf", &Schema{AllOf: []*Schema{str, {Type: "integer"}}}, `"x"`, false},
		{"enum by value", &Schema{Enum: []any{float64(1), "a"}}, `1.0`, true},
		{"enum refuses", &Schema{Enum: []any{"a"}}, `"b"`, false},
	} {
		var v any
		dec := json.NewDecoder(strings.NewReader(c.value))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		if err := c.s.check(v, ""); (err == nil) != c.ok {
			t.Errorf("%s: %s: %v", c.name, c.value, err)
		}
	}
}

// TestValidateRequest: a body, its content type and the parameters, as a
// request carries them.
func TestValidateRequest(t *testing.T) {
	ops := Ops{"op": {Method: "POST", Path: "/x",
		Params: []*Param{{Name: "ref", In: "query", Required: true}},
		Body: &Body{Required: true, Content: map[string]*Schema{
			"application/json": {Type: "object", Properties: map[string]*Schema{"a": {Type: "string"}}, Required: []string{"a"}},
		}}}}
	data, _ := json.Marshal(ops)
	v, err := Load(fstest.MapFS{Dir + "/v.json": {Data: data}}, "v")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		target, ct, body, want string
	}{
		{"/x?ref=1", "application/json", `{"a":"x"}`, ""},
		{"/x", "application/json", `{"a":"x"}`, `parameter "ref" in query`},
		{"/x?ref=1", "application/json", `{}`, `property "a" is missing`},
		{"/x?ref=1", "application/json", ``, "value is required but missing"},
		{"/x?ref=1", "text/plain", `{"a":"x"}`, "unexpected value"},
		{"/x?ref=1", "application/json", `{"a":`, "failed to decode"},
		// kin-openapi reads the first value of a body only.
		{"/x?ref=1", "application/json", `{"a":"x"} trailing`, ""},
	} {
		r := httptest.NewRequest("POST", c.target, strings.NewReader(c.body))
		r.Header.Set("Content-Type", c.ct)
		err := v.ValidateRequest("v", "op", r, []byte(c.body), (&emulate.Call{Req: r, Body: []byte(c.body)}).Parsed())
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s %s %q: %v, want %q", c.target, c.ct, c.body, err, c.want)
		}
	}
	if err := v.ValidateRequest("v", "nope", httptest.NewRequest("GET", "/", nil), nil, emulate.ParsedBody{}); err == nil {
		t.Error("an unknown operation validated")
	}
}

// TestLoadErrors: a missing or broken file says what to do.
func TestLoadErrors(t *testing.T) {
	if _, err := Load(fstest.MapFS{}, "v"); err == nil || !strings.Contains(err.Error(), "go generate ./specs") {
		t.Errorf("missing: %v", err)
	}
	if _, err := Load(fstest.MapFS{Dir + "/v.json": {Data: []byte("{")}}, "v"); err == nil {
		t.Error("broken JSON loaded")
	}
}
