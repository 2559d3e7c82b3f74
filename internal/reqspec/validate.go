package reqspec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// Validator is the emulate.RequestContract the server runs.
var _ emulate.RequestContract = (*Validator)(nil)

// ErrBodyRequired is the error of an empty body the operation requires.
var ErrBodyRequired = errors.New("request body has an error: value is required but missing")

// ValidateRequest checks a request against its operation's parameters and
// request body. A body the Call has parsed (form, multipart or JSON) is
// checked as parsed; one it could not parse is decoded here as
// kin-openapi's openapi3filter decodes it, so that the verdict is the one
// openapi3filter.ValidateRequest gives.
func (v *Validator) ValidateRequest(vendor, operationID string, r *http.Request, body []byte, parsed emulate.ParsedBody) error {
	op := v.Op(vendor, operationID)
	if op == nil {
		return fmt.Errorf("spec %s has no operation %q", vendor, operationID)
	}
	if err := op.checkParams(r); err != nil {
		return err
	}
	b := op.Body
	if b == nil {
		return nil
	}
	mediaType := parsed.MediaType
	if mediaType == "" {
		mediaType, _, _ = mime.ParseMediaType(r.Header.Get("Content-Type"))
	}
	if schema, ok := contentFor(b.Content, mediaType); ok && (parsed.Form != nil || parsed.IsJSON) {
		if len(body) == 0 && b.Required {
			return ErrBodyRequired
		}
		if schema == nil {
			return nil
		}
		value := parsed.JSON
		if !parsed.IsJSON {
			value = formObject(schema, parsed.Form)
		}
		return bodyError(schema.check(value, ""))
	}
	// What openapi3filter.ValidateRequestBody does with the raw body.
	if len(body) == 0 {
		if b.Required {
			return ErrBodyRequired
		}
		return nil
	}
	if len(b.Content) == 0 {
		return nil
	}
	raw := r.Header.Get("Content-Type")
	schema, ok := contentFor(b.Content, raw)
	if !ok {
		return fmt.Errorf("request body has an error: header Content-Type has unexpected value: %q", raw)
	}
	if schema == nil {
		return nil
	}
	value, err := decode(raw, body, schema)
	if err != nil {
		return fmt.Errorf("request body has an error: failed to decode request body: %w", err)
	}
	return bodyError(schema.check(value, ""))
}

func bodyError(err error) error {
	if err != nil {
		return fmt.Errorf("request body has an error: %w", err)
	}
	return nil
}

// checkParams checks the operation's parameters: present when required;
// their schemas are strings, which any value is.
func (op *Op) checkParams(r *http.Request) error {
	var query url.Values
	for _, p := range op.Params {
		var present bool
		var value string
		switch p.In {
		case "query":
			if query == nil {
				query = r.URL.Query()
			}
			vs, ok := query[p.Name]
			present = ok && len(vs) > 0
			if present {
				value = vs[0]
			}
		case "header":
			vs := r.Header.Values(p.Name)
			present = len(vs) > 0
			if present {
				value = vs[0]
			}
		}
		if !present {
			if p.Required {
				return fmt.Errorf("parameter %q in %s has an error: value is required but missing", p.Name, p.In)
			}
			continue
		}
		if p.Schema != nil {
			if err := p.Schema.check(value, ""); err != nil {
				return fmt.Errorf("parameter %q in %s has an error: %w", p.Name, p.In, err)
			}
		}
	}
	return nil
}

// contentFor is the schema of a media type in content, as kin-openapi's
// Content.Get finds it: the type as given (lowercased), without its
// parameters, type/*, then */*; a key may list several media ranges,
// separated by commas. ok is false when none matches.
func contentFor(content map[string]*Schema, mt string) (schema *Schema, ok bool) {
	if mt == "" {
		return lookup(content, "*/*")
	}
	mt = strings.ToLower(strings.TrimSpace(mt))
	if schema, ok = lookup(content, mt); ok {
		return schema, ok
	}
	base, _, _ := strings.Cut(mt, ";")
	base = strings.TrimSpace(base)
	if schema, ok = lookup(content, base); ok {
		return schema, ok
	}
	typ, _, found := strings.Cut(base, "/")
	if !found {
		return nil, false
	}
	if schema, ok = lookup(content, typ+"/*"); ok {
		return schema, ok
	}
	return lookup(content, "*/*")
}

// lookup finds the key of content that lists the lowercased media range
// want.
func lookup(content map[string]*Schema, want string) (*Schema, bool) {
	if s, ok := content[want]; ok {
		return s, true
	}
	for k, s := range content {
		for entry := range strings.SplitSeq(k, ",") {
			if strings.ToLower(strings.TrimSpace(entry)) == want {
				return s, true
			}
		}
	}
	return nil, false
}

// FormObject is a form as the JSON value its schema describes: a field is
// a string, or an array of strings where isArray says the property is an
// array. It is how kin-openapi reads a form for validation, and
// internal/contract reads it so too.
func FormObject(form url.Values, isArray func(name string) bool) map[string]any {
	obj := make(map[string]any, len(form))
	for k, vs := range form {
		if v, ok := formValue(vs, isArray(k)); ok {
			obj[k] = v
		}
	}
	return obj
}

// formValue is one field's values as FormObject reads them; false when
// there is none to read.
func formValue(vs []string, array bool) (any, bool) {
	if array {
		arr := make([]any, len(vs))
		for i, s := range vs {
			arr[i] = s
		}
		return arr, true
	}
	if len(vs) > 0 {
		return vs[0], true
	}
	return nil, false
}

// formObject is FormObject for a compiled schema.
func formObject(schema *Schema, form url.Values) map[string]any {
	return FormObject(form, func(k string) bool {
		p := schema.Properties[k]
		return p != nil && p.Type == "array"
	})
}

// firstJSON decodes the first JSON value of data, numbers as json.Number,
// as kin-openapi's JSON body decoder does: what follows it is not read.
func firstJSON(data []byte) (any, error) {
	var value any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&value); err != nil {
		return nil, err
	}
	return value, nil
}

// decode reads a body the Call could not parse as openapi3filter's
// decoders do (the generator holds form and multipart schemas to string
// properties, which is what keeps these short).
func decode(contentType string, body []byte, schema *Schema) (any, error) {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	switch {
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		return firstJSON(body)
	case mt == "application/x-www-form-urlencoded":
		if schema.Type != "object" {
			return nil, errors.New("unsupported schema of request body")
		}
		values, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, err
		}
		// Only the declared properties are read, as kin-openapi does.
		obj := map[string]any{}
		for name, p := range schema.Properties {
			if !values.Has(name) {
				continue
			}
			if v, ok := formValue(values[name], p.Type == "array"); ok {
				obj[name] = v
			}
		}
		return obj, nil
	case mt == "multipart/form-data":
		return decodeMultipart(contentType, body, schema)
	}
	return nil, fmt.Errorf("unsupported content type %q", mt)
}

// decodeMultipart is openapi3filter's MultipartBodyDecoder for the schemas
// the generator lets through: an object of string (or binary) properties
// and arrays of them, no allOf.
func decodeMultipart(contentType string, body []byte, schema *Schema) (any, error) {
	if schema.Type != "object" {
		return nil, errors.New("unsupported schema of request body")
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil, err
	}
	// The generator refuses an additionalProperties schema on a form body
	// (build.formShape), so the properties are all there is.
	props := schema.Properties
	values := map[string][]any{}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		name := part.FormName()
		p, ok := schema.Properties[name]
		if !ok {
			// additionalProperties: true skips the part; false, or none,
			// refuses it.
			if schema.AnyAdditional {
				continue
			}
			return nil, fmt.Errorf("part %s: undefined", name)
		}
		if p.Type == "array" && p.Items != nil {
			p = p.Items
		}
		value, err := partValue(part, p)
		if err != nil {
			return nil, fmt.Errorf("part %s: %w", name, err)
		}
		values[name] = append(values[name], value)
	}
	obj := map[string]any{}
	for name, p := range props {
		vv := values[name]
		if len(vv) == 0 {
			continue
		}
		if p.Type == "array" {
			obj[name] = vv
		} else {
			obj[name] = vv[0]
		}
	}
	return obj, nil
}

// partValue is a part's value as openapi3filter's decodeBody reads it for
// a string schema: raw bytes for a binary one or a part without a type (or
// text/plain, octet-stream), decoded JSON for a JSON part.
func partValue(part *multipart.Part, p *Schema) (any, error) {
	data, err := io.ReadAll(part)
	if err != nil {
		return nil, err
	}
	if p.Type == "string" && p.Format == "binary" {
		return string(data), nil
	}
	mt, _, _ := strings.Cut(part.Header.Get("Content-Type"), ";")
	switch mt = strings.ToLower(strings.TrimSpace(mt)); {
	case mt == "" || mt == "text/plain" || mt == "application/octet-stream" || mt == "text/csv":
		return string(data), nil
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		return firstJSON(data)
	}
	return nil, fmt.Errorf("unsupported content type %q", mt)
}

// check validates value against s as kin-openapi's Schema.VisitJSON does
// for a request (VisitAsRequest, first error only), for the keywords of
// Schema. path names the value in the error.
func (s *Schema) check(value any, path string) error {
	if value == nil && s.Nullable {
		return nil
	}
	if f, ok := value.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return fmt.Errorf("%snumber is not finite", at(path))
	}
	if s.empty() {
		if value == nil {
			return fmt.Errorf("%svalue is not nullable", at(path))
		}
		return nil
	}
	visitedXOf := false
	if len(s.OneOf) > 0 {
		n := 0
		for _, x := range s.OneOf {
			if x.check(value, path) == nil {
				n++
			}
		}
		if n != 1 {
			if n > 1 {
				return fmt.Errorf("%svalue matches more than one schema of oneOf", at(path))
			}
			return fmt.Errorf("%svalue matches no schema of oneOf", at(path))
		}
		visitedXOf = true
	}
	if len(s.AnyOf) > 0 {
		if !slices.ContainsFunc(s.AnyOf, func(x *Schema) bool { return x.check(value, path) == nil }) {
			return fmt.Errorf("%svalue matches no schema of anyOf", at(path))
		}
		visitedXOf = true
	}
	for _, x := range s.AllOf {
		if err := x.check(value, path); err != nil {
			return err
		}
		visitedXOf = true
	}
	if visitedXOf && value == nil {
		return nil
	}
	if len(s.Enum) > 0 && !slices.ContainsFunc(s.Enum, func(e any) bool { return equalJSON(e, value) }) {
		return fmt.Errorf("%svalue is not one of the allowed values", at(path))
	}
	switch v := value.(type) {
	case nil:
		return fmt.Errorf("%svalue is not nullable", at(path))
	case bool:
		return s.want(v, "boolean", path)
	case json.Number:
		f, err := v.Float64()
		if err != nil {
			return fmt.Errorf("%snumber %s does not fit a float64", at(path), v)
		}
		return s.number(f, path)
	case float64:
		return s.number(v, path)
	case string:
		return s.want(v, "string", path)
	case []any:
		if err := s.want(v, "array", path); err != nil {
			return err
		}
		if s.Items != nil {
			for i, x := range v {
				if err := s.Items.check(x, fmt.Sprintf("%s[%d]", path, i)); err != nil {
					return err
				}
			}
		}
		return nil
	case map[string]any:
		return s.object(v, path)
	}
	return fmt.Errorf("%svalue of type %T cannot be validated", at(path), value)
}

func at(path string) string {
	if path == "" {
		return ""
	}
	return path + ": "
}

// want checks that s's type admits a value of type typ.
func (s *Schema) want(v any, typ, path string) error {
	if s.Type != "" && s.Type != typ {
		return fmt.Errorf("%svalue must be %s%s, not %s%s", at(path), article(s.Type), s.Type, article(emulate.JSONKind(v)), emulate.JSONKind(v))
	}
	return nil
}

func (s *Schema) number(f float64, path string) error {
	switch s.Type {
	case "", "number":
		return nil
	case "integer":
		if !big.NewFloat(f).IsInt() {
			return fmt.Errorf("%svalue must be an integer", at(path))
		}
		return nil
	}
	return s.want(f, "number", path)
}

func (s *Schema) object(v map[string]any, path string) error {
	if err := s.want(v, "object", path); err != nil {
		return err
	}
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if p, ok := s.Properties[k]; ok {
			if err := p.check(v[k], join(path, k)); err != nil {
				return err
			}
			continue
		}
		if s.NoAdditional {
			return fmt.Errorf("%sproperty %q is not allowed", at(path), k)
		}
		if s.Additional != nil {
			if err := s.Additional.check(v[k], join(path, k)); err != nil {
				return err
			}
		}
	}
	for _, k := range s.Required {
		if _, ok := v[k]; !ok {
			return fmt.Errorf("%sproperty %q is missing", at(path), k)
		}
	}
	return nil
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func article(typ string) string {
	switch typ {
	case "integer", "object", "array":
		return "an "
	}
	return "a "
}

// equalJSON is kin-openapi's equalJSONValues: numbers compare by value.
func equalJSON(a, b any) bool {
	if x, ok := asFloat(a); ok {
		y, ok := asFloat(b)
		return ok && x == y
	}
	switch a := a.(type) {
	case []any:
		b, ok := b.([]any)
		return ok && slices.EqualFunc(a, b, equalJSON)
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, x := range a {
			y, ok := b[k]
			if !ok || !equalJSON(x, y) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

func asFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case float64:
		return v, true
	}
	return 0, false
}
