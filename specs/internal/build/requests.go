package build

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockekyc/mockekyc/internal/reqspec"
)

// CompileRequests writes the request sides of a compiled document
// (Compile's output) in internal/reqspec's compact form: every operation's
// method, path, parameters and request body, $refs resolved, keyed by
// operationId. It refuses what reqspec does not check, naming the
// operation and the keyword, so that a spec cannot gain a request
// constraint the mock silently ignores: teach reqspec the keyword (and
// FuzzAgreesWithKinOpenAPI) first.
func CompileRequests(compiled []byte) ([]byte, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(compiled)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	ops := reqspec.Ops{}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for _, method := range slices.Sorted(maps.Keys(item.Operations())) {
			op := item.Operations()[method]
			id := op.OperationID
			if id == "" || ops[id] != nil {
				return nil, fmt.Errorf("%s %s: operationId %q missing or repeated", method, path, id)
			}
			out := &reqspec.Op{Method: method, Path: path}
			params := append(openapi3.Parameters{}, item.Parameters...)
			params = append(params, op.Parameters...)
			for _, ref := range params {
				p, err := param(ref.Value)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", id, err)
				}
				out.Params = append(out.Params, p)
			}
			if rb := op.RequestBody; rb != nil && rb.Value != nil {
				body := &reqspec.Body{Required: rb.Value.Required, Content: map[string]*reqspec.Schema{}}
				for mt, media := range rb.Value.Content {
					if media.Schema == nil {
						body.Content[mt] = nil
						continue
					}
					s, err := schema(media.Schema, "requestBody "+mt)
					if err != nil {
						return nil, fmt.Errorf("%s: %w", id, err)
					}
					if err := formShape(mt, s, media); err != nil {
						return nil, fmt.Errorf("%s: requestBody %s: %w", id, mt, err)
					}
					body.Content[mt] = s
				}
				out.Body = body
			}
			ops[id] = out
		}
	}
	return json.Marshal(ops)
}

func param(p *openapi3.Parameter) (*reqspec.Param, error) {
	if p.In != openapi3.ParameterInQuery && p.In != openapi3.ParameterInHeader {
		return nil, fmt.Errorf("parameter %q in %s: reqspec checks query and header parameters only", p.Name, p.In)
	}
	if p.Style != "" || p.Explode != nil || p.AllowEmptyValue || p.AllowReserved || p.Content != nil {
		return nil, fmt.Errorf("parameter %q: style, explode, allowEmptyValue, allowReserved and content are not checked by reqspec", p.Name)
	}
	out := &reqspec.Param{Name: p.Name, In: p.In, Required: p.Required}
	if p.Schema != nil {
		s, err := schema(p.Schema, "parameter "+p.Name)
		if err != nil {
			return nil, err
		}
		// An untyped parameter schema is refused too: kin-openapi reads
		// its value as nil and refuses any value sent.
		if s.Type != "string" || !isLeaf(s) {
			return nil, fmt.Errorf("parameter %q: reqspec checks string parameters only", p.Name)
		}
		out.Schema = s
	}
	return out, nil
}

// isLeaf tells that s has no keyword beyond type and format.
func isLeaf(s *reqspec.Schema) bool {
	t := *s
	t.Type, t.Format = "", ""
	return t.Properties == nil && t.Items == nil && t.Additional == nil && !t.NoAdditional && !t.AnyAdditional &&
		t.Required == nil && t.Enum == nil && t.OneOf == nil && t.AnyOf == nil && t.AllOf == nil && !t.Nullable
}

// formShape holds form and multipart bodies to what reqspec decodes when
// the mock's own parser gave up (as kin-openapi's decoders would): an
// object of string properties and arrays of strings, no combinators.
func formShape(mt string, s *reqspec.Schema, media *openapi3.MediaType) error {
	if mt != "application/x-www-form-urlencoded" && mt != "multipart/form-data" {
		if mt != "application/json" {
			return fmt.Errorf("reqspec decodes JSON, form and multipart bodies only")
		}
		return nil
	}
	if len(media.Encoding) > 0 {
		return fmt.Errorf("encoding objects are not checked by reqspec")
	}
	if s.Type != "object" || s.OneOf != nil || s.AnyOf != nil || s.AllOf != nil || s.Additional != nil {
		return fmt.Errorf("a form body must be an object of string properties (no oneOf, anyOf, allOf or additionalProperties schema)")
	}
	for name, p := range s.Properties {
		if p.Type == "array" {
			if p.Items == nil || p.Items.Type != "string" {
				return fmt.Errorf("property %q: an array of a form body must have string items", name)
			}
			p = p.Items
		}
		if p.Type != "string" || !isLeaf(p) {
			return fmt.Errorf("property %q: a form body's properties must be strings", name)
		}
	}
	return nil
}

// schema converts a resolved kin-openapi schema, refusing every keyword
// reqspec does not check. where names it in errors.
func schema(ref *openapi3.SchemaRef, where string) (*reqspec.Schema, error) {
	return convert(ref, where, map[*openapi3.Schema]bool{})
}

func convert(ref *openapi3.SchemaRef, where string, open map[*openapi3.Schema]bool) (*reqspec.Schema, error) {
	s := ref.Value
	if s == nil {
		return nil, fmt.Errorf("%s: unresolved $ref %q", where, ref.Ref)
	}
	if open[s] {
		return nil, fmt.Errorf("%s: a recursive schema is not checked by reqspec", where)
	}
	open[s] = true
	defer delete(open, s)
	if bad := unsupported(s); bad != "" {
		return nil, fmt.Errorf("%s: %s is not checked by reqspec", where, bad)
	}
	out := &reqspec.Schema{Nullable: s.Nullable, Format: s.Format, Required: s.Required}
	if s.Type != nil {
		types := s.Type.Slice()
		if len(types) != 1 {
			return nil, fmt.Errorf("%s: type %v: reqspec checks one type", where, types)
		}
		out.Type = types[0]
	}
	switch s.Format {
	case "", "binary":
	default:
		return nil, fmt.Errorf("%s: format %q is not checked by reqspec", where, s.Format)
	}
	if s.Format != "" && out.Type != "string" {
		return nil, fmt.Errorf("%s: format %q on a %s", where, s.Format, out.Type)
	}
	for _, e := range s.Enum {
		out.Enum = append(out.Enum, e)
	}
	var err error
	if len(s.Properties) > 0 {
		out.Properties = map[string]*reqspec.Schema{}
		for name, p := range s.Properties {
			if out.Properties[name], err = convert(p, where+"."+name, open); err != nil {
				return nil, err
			}
		}
	}
	if has := s.AdditionalProperties.Has; has != nil {
		out.NoAdditional, out.AnyAdditional = !*has, *has
	}
	if ap := s.AdditionalProperties.Schema; ap != nil {
		if out.Additional, err = convert(ap, where+".additionalProperties", open); err != nil {
			return nil, err
		}
	}
	if s.Items != nil {
		if out.Items, err = convert(s.Items, where+"[]", open); err != nil {
			return nil, err
		}
	}
	for _, c := range []struct {
		name string
		in   openapi3.SchemaRefs
		out  *[]*reqspec.Schema
	}{{"oneOf", s.OneOf, &out.OneOf}, {"anyOf", s.AnyOf, &out.AnyOf}, {"allOf", s.AllOf, &out.AllOf}} {
		for i, x := range c.in {
			y, err := convert(x, fmt.Sprintf("%s.%s[%d]", where, c.name, i), open)
			if err != nil {
				return nil, err
			}
			*c.out = append(*c.out, y)
		}
	}
	return out, nil
}

// unsupported names the first keyword of s that reqspec does not check
// ("" when none). The list is every validating field of kin-openapi's
// Schema but those Schema keeps; what only documents (title, description,
// example, default with defaults not set, deprecated, xml, externalDocs,
// extensions) passes.
func unsupported(s *openapi3.Schema) string {
	var bad []string
	add := func(cond bool, name string) {
		if cond {
			bad = append(bad, name)
		}
	}
	add(s.Not != nil, "not")
	add(s.Discriminator != nil, "discriminator")
	add(s.UniqueItems, "uniqueItems")
	add(s.ExclusiveMin.IsSet(), "exclusiveMinimum")
	add(s.ExclusiveMax.IsSet(), "exclusiveMaximum")
	add(s.ReadOnly, "readOnly")
	add(s.WriteOnly, "writeOnly")
	add(s.AllowEmptyValue, "allowEmptyValue")
	add(s.Min != nil, "minimum")
	add(s.Max != nil, "maximum")
	add(s.MultipleOf != nil, "multipleOf")
	add(s.MinLength != 0, "minLength")
	add(s.MaxLength != nil, "maxLength")
	add(s.Pattern != "", "pattern")
	add(s.MinItems != 0, "minItems")
	add(s.MaxItems != nil, "maxItems")
	add(s.MinProps != 0, "minProperties")
	add(s.MaxProps != nil, "maxProperties")
	add(s.Const != nil, "const")
	add(len(s.PrefixItems) > 0, "prefixItems")
	add(s.Contains != nil, "contains")
	add(s.MinContains != nil || s.MaxContains != nil, "minContains/maxContains")
	add(len(s.PatternProperties) > 0, "patternProperties")
	add(len(s.DependentSchemas) > 0, "dependentSchemas")
	add(s.PropertyNames != nil, "propertyNames")
	add(s.UnevaluatedItems.Schema != nil || s.UnevaluatedItems.Has != nil, "unevaluatedItems")
	add(s.UnevaluatedProperties.Schema != nil || s.UnevaluatedProperties.Has != nil, "unevaluatedProperties")
	add(s.If != nil || s.Then != nil || s.Else != nil, "if/then/else")
	add(len(s.DependentRequired) > 0, "dependentRequired")
	add(s.Always != nil, "a boolean schema")
	return strings.Join(bad, ", ")
}
