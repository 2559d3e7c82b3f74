// Package reqspec validates the requests the mock receives against the
// request sides of the vendors' specs (specs/*.yaml), in the compact form
// `go generate ./specs` writes to specs/compiled/requests/<vendor>.json.
//
// The specs are read and compiled with kin-openapi at generate time; the
// running mock needs only what a request is checked against: each
// operation's parameters and request body, with every $ref resolved and
// only the schema keywords the specs use. The generator refuses a keyword
// this package does not implement, so a spec cannot gain a constraint that
// is silently not checked. Keeping kin-openapi out of the binary takes
// 2.3 MB off it, 6-9 ms off its start-up (the JSON Schema library under
// kin-openapi compiles its meta-schemas at init) and a few MiB off its
// memory (issue 12, issue 18).
//
// The verdicts are those of internal/contract, the kin-openapi validator
// the mock used before: TestAgreesWithKinOpenAPI and
// FuzzAgreesWithKinOpenAPI hold every request the test suites and the
// hostile load program send, and fuzzed bodies, to the same accept or
// refuse (no authentication check, defaults not set, first error only).
// Like it, a body the Call has parsed is judged by kin-openapi's schema
// visitor on that parse, not by openapi3filter's own decoders, which refuse
// a bit more of multipart (a part the schema does not list, a file part of
// another type); a body the Call could not parse is decoded as
// openapi3filter does. The error
// texts are the mock's own: they reach only the journal's spec_violation
// note.
package reqspec

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
)

// Dir is where the compact request sides are, in the specs file system.
const Dir = "compiled/requests"

// Ops are one vendor's operations by operationId.
type Ops map[string]*Op

// Op is an operation's request side.
type Op struct {
	Method string   `json:"method"`
	Path   string   `json:"path"`
	Params []*Param `json:"params,omitempty"`
	Body   *Body    `json:"body,omitempty"`
}

// Param is a parameter. Only query and header parameters with a string
// schema are compiled: those are what the specs use.
type Param struct {
	Name     string  `json:"name"`
	In       string  `json:"in"` // "query" or "header"
	Required bool    `json:"required,omitempty"`
	Schema   *Schema `json:"schema,omitempty"`
}

// Body is a request body.
type Body struct {
	Required bool `json:"required,omitempty"`
	// Content is keyed by media type, as the spec writes it; a nil
	// schema means any body of that type.
	Content map[string]*Schema `json:"content"`
}

// Schema is the subset of an OpenAPI 3.0 schema the specs' request sides
// use, every $ref resolved. The zero Schema accepts any value but null.
type Schema struct {
	// Type is "", string, integer, number, boolean, object or array.
	Type     string `json:"type,omitempty"`
	Nullable bool   `json:"nullable,omitempty"`
	// Format is kept for what reads the shapes (the load program);
	// the formats the generator lets through ("binary") check nothing.
	Format     string             `json:"format,omitempty"`
	Enum       []any              `json:"enum,omitempty"`
	Properties map[string]*Schema `json:"properties,omitempty"`
	Required   []string           `json:"required,omitempty"`
	// NoAdditional is additionalProperties: false; Additional the schema
	// of additional properties (nil: any).
	NoAdditional bool    `json:"noAdditional,omitempty"`
	Additional   *Schema `json:"additional,omitempty"`
	// AnyAdditional is additionalProperties: true, which only a multipart
	// body tells from its absence (kin-openapi skips such a part).
	AnyAdditional bool      `json:"anyAdditional,omitempty"`
	Items         *Schema   `json:"items,omitempty"`
	OneOf         []*Schema `json:"oneOf,omitempty"`
	AnyOf         []*Schema `json:"anyOf,omitempty"`
	AllOf         []*Schema `json:"allOf,omitempty"`
}

// empty tells whether s is the schema {}: kin-openapi's IsEmpty for the
// keywords kept here.
func (s *Schema) empty() bool {
	if s.Type != "" || s.Format != "" || len(s.Enum) != 0 || s.Nullable || len(s.Required) != 0 || s.NoAdditional {
		return false
	}
	if s.Additional != nil && !s.Additional.empty() {
		return false
	}
	if s.Items != nil && !s.Items.empty() {
		return false
	}
	for _, p := range s.Properties {
		if !p.empty() {
			return false
		}
	}
	// kin-openapi's IsEmpty then looks at oneOf, anyOf and allOf.
	for _, list := range [][]*Schema{s.OneOf, s.AnyOf, s.AllOf} {
		for _, x := range list {
			if !x.empty() {
				return false
			}
		}
	}
	return true
}

// Validator holds the request sides of every vendor's operations. It is
// immutable once loaded and safe for concurrent use.
type Validator struct {
	ops map[string]Ops // vendor → operationId → request side
}

// Load reads Dir/<vendor>.json for each vendor from fsys.
func Load(fsys fs.FS, vendors ...string) (*Validator, error) {
	v := &Validator{ops: make(map[string]Ops, len(vendors))}
	for _, name := range vendors {
		data, err := fs.ReadFile(fsys, Dir+"/"+name+".json")
		if err != nil {
			return nil, fmt.Errorf("request sides of %s: %w (run go generate ./specs)", name, err)
		}
		var ops Ops
		if err := json.Unmarshal(data, &ops); err != nil {
			return nil, fmt.Errorf("request sides of %s: %w", name, err)
		}
		v.ops[name] = ops
	}
	return v, nil
}

// Op is the request side of a vendor's operation, nil when there is none.
func (v *Validator) Op(vendor, operationID string) *Op { return v.ops[vendor][operationID] }

// OperationIDs lists a vendor's operations, sorted.
func (v *Validator) OperationIDs(vendor string) []string {
	ids := make([]string, 0, len(v.ops[vendor]))
	for id := range v.ops[vendor] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
