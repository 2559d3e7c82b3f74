package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// CheckNumberForms checks how each number of a JSON body is written
// against the schema's type for it: a `type: number` value is written with
// a decimal point or an exponent (80.0, as the vendors' samples write
// their decimals, so that a client casting it to a double does not fail),
// a `type: integer` value without (80). JSON Schema validation cannot see
// this: 80 and 80.0 are the same number to it. A value whose schemas
// disagree (oneOf an integer or a number) is not checked. The errors name
// the value's path, sorted.
func CheckNumberForms(schema *openapi3.Schema, body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("body is not JSON: %w", err)
	}
	var errs []string
	numberForms([]*openapi3.Schema{schema}, v, "", &errs)
	if len(errs) == 0 {
		return nil
	}
	sort.Strings(errs)
	return fmt.Errorf("numbers written in the wrong form: %s", strings.Join(errs, "; "))
}

// flatten is schemas with their allOf, oneOf and anyOf branches, nested
// ones too.
func flatten(schemas []*openapi3.Schema) []*openapi3.Schema {
	var out []*openapi3.Schema
	var add func(s *openapi3.Schema)
	add = func(s *openapi3.Schema) {
		if s == nil {
			return
		}
		out = append(out, s)
		for _, refs := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
			for _, r := range refs {
				if r != nil {
					add(r.Value)
				}
			}
		}
	}
	for _, s := range schemas {
		add(s)
	}
	return out
}

func numberForms(schemas []*openapi3.Schema, v any, path string, errs *[]string) {
	all := flatten(schemas)
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			var sub []*openapi3.Schema
			for _, s := range all {
				if p := s.Properties[k]; p != nil {
					sub = append(sub, p.Value)
				} else if ap := s.AdditionalProperties.Schema; ap != nil {
					sub = append(sub, ap.Value)
				}
			}
			numberForms(sub, e, path+"."+k, errs)
		}
	case []any:
		var sub []*openapi3.Schema
		for _, s := range all {
			if s.Items != nil {
				sub = append(sub, s.Items.Value)
			}
		}
		for i, e := range t {
			numberForms(sub, e, path+"."+strconv.Itoa(i), errs)
		}
	case json.Number:
		var number, integer bool
		for _, s := range all {
			number = number || s.Type.Is(openapi3.TypeNumber)
			integer = integer || s.Type.Is(openapi3.TypeInteger)
		}
		decimal := strings.ContainsAny(string(t), ".eE")
		switch {
		case number && !integer && !decimal:
			*errs = append(*errs, fmt.Sprintf("%s is %s, a whole number where the spec says type: number (write %s.0)", strings.TrimPrefix(path, "."), t, t))
		case integer && !number && decimal:
			*errs = append(*errs, fmt.Sprintf("%s is %s, a decimal where the spec says type: integer", strings.TrimPrefix(path, "."), t))
		}
	}
}

// responseSchema is the JSON schema of op's answer with status, nil when
// the spec documents none.
func responseSchema(op *openapi3.Operation, status int) *openapi3.Schema {
	if op.Responses == nil {
		return nil
	}
	r := op.Responses.Status(status)
	if r == nil {
		r = op.Responses.Default()
	}
	if r == nil || r.Value == nil {
		return nil
	}
	mt := r.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}

// CheckResponseNumbers is CheckNumberForms for an answer of op with status
// (no check when the spec documents no JSON body for it).
func (v *Validator) CheckResponseNumbers(vendor, op string, status int, header http.Header, body []byte) error {
	route, err := v.route(vendor, op)
	if err != nil {
		return err
	}
	if ct := header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return nil
	}
	schema := responseSchema(route.Operation, status)
	if schema == nil || len(body) == 0 {
		return nil
	}
	if err := CheckNumberForms(schema, body); err != nil {
		return fmt.Errorf("%s %s -> %d: %w", vendor, op, status, err)
	}
	return nil
}
