// Package contract validates requests and responses against the vendors'
// OpenAPI files in specs/ with kin-openapi.
package contract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/reqspec"
)

// Validator holds the parsed specs, one per vendor, and the route of each
// operationId. The server routes requests itself (host or path prefix, then
// the vendor's exact path), so no kin-openapi router is needed: the route
// is looked up by operationId.
//
// The running mock does not use it: it validates requests with
// internal/reqspec, the request sides compiled by go generate, and keeps
// kin-openapi out of its binary. Tests validate every answer with this
// Validator, and hold reqspec's verdicts on requests to its verdicts
// (mocktest's differential contract, TestAgreesWithKinOpenAPI).
//
// A spec is parsed once, when first needed (8-15 ms of CPU each).
type Validator struct {
	fsys  fs.FS
	specs map[string]*spec
	// opts validates a whole request; noBody its parameters only (a body
	// the caller parsed is validated apart); response a response.
	opts, noBody, response *openapi3filter.Options
}

type spec struct {
	once   sync.Once
	doc    *openapi3.T
	routes map[string]*routers.Route
	err    error
}

// Lazy prepares a validator for the vendors' <vendor>.yaml in fsys without
// parsing anything yet.
func Lazy(fsys fs.FS, vendors ...string) *Validator {
	v := &Validator{
		fsys:  fsys,
		specs: map[string]*spec{},
		opts: &openapi3filter.Options{
			// The vendor's own auth check has run already and answered in
			// the vendor's envelope; the spec's security schemes document it.
			AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
			SkipSettingDefaults: true,
			MultiError:          false,
		},
	}
	noBody, response := *v.opts, *v.opts
	noBody.ExcludeRequestBody = true
	response.IncludeResponseStatus = true
	v.noBody, v.response = &noBody, &response
	for _, name := range vendors {
		v.specs[name] = &spec{}
	}
	return v
}

// Load parses every vendor's spec now, in parallel, and checks each is a
// valid OpenAPI 3 document.
func Load(fsys fs.FS, vendors ...string) (*Validator, error) {
	v := Lazy(fsys, vendors...)
	errs := make([]error, len(vendors))
	var wg sync.WaitGroup
	for i, name := range vendors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = v.spec(name)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return v, nil
}

func (v *Validator) spec(vendor string) (*spec, error) {
	s, ok := v.specs[vendor]
	if !ok {
		return nil, fmt.Errorf("no spec for vendor %q", vendor)
	}
	s.once.Do(func() { s.doc, s.routes, s.err = loadOne(v.fsys, vendor) })
	return s, s.err
}

func loadOne(fsys fs.FS, name string) (*openapi3.T, map[string]*routers.Route, error) {
	// compiled/<name>.json is <name>.yaml as kin-openapi loads it (specs
	// package): the same document without the YAML-to-JSON conversion.
	file := "compiled/" + name + ".json"
	data, err := fs.ReadFile(fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		file = name + ".yaml"
		data, err = fs.ReadFile(fsys, file)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("spec %s: %w", name, err)
	}
	return parse(file, data)
}

// parse loads and validates a document and lists its routes by operationId.
func parse(file string, data []byte) (*openapi3.T, map[string]*routers.Route, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, nil, fmt.Errorf("spec %s: %w", file, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, nil, fmt.Errorf("spec %s: %w", file, err)
	}
	routes := map[string]*routers.Route{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.OperationID == "" {
				return nil, nil, fmt.Errorf("spec %s: %s %s has no operationId", file, method, path)
			}
			routes[op.OperationID] = &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op}
		}
	}
	return doc, routes, nil
}

// Operation is one operation of a spec.
type Operation struct {
	ID, Method, Path string
	Statuses         []string
}

// Operations lists a vendor's spec operations, sorted by operationId (none
// when the spec does not load).
func (v *Validator) Operations(vendor string) []Operation {
	s, err := v.spec(vendor)
	if err != nil {
		return nil
	}
	var out []Operation
	for id, r := range s.routes {
		op := Operation{ID: id, Method: r.Method, Path: r.Path}
		for code := range r.Operation.Responses.Map() {
			op.Statuses = append(op.Statuses, code)
		}
		sort.Strings(op.Statuses)
		out = append(out, op)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (v *Validator) route(vendor, op string) (*routers.Route, error) {
	s, err := v.spec(vendor)
	if err != nil {
		return nil, err
	}
	r, ok := s.routes[op]
	if !ok {
		return nil, fmt.Errorf("spec %s has no operation %q", vendor, op)
	}
	return r, nil
}

func (v *Validator) input(r *http.Request, route *routers.Route, body []byte) *openapi3filter.RequestValidationInput {
	// A shallow copy with a fresh body: the adapter has read the real one.
	req := *r
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	return &openapi3filter.RequestValidationInput{Request: &req, Route: route, Options: v.opts}
}

// Validator checks both sides.
var (
	_ emulate.RequestContract  = (*Validator)(nil)
	_ emulate.ResponseContract = (*Validator)(nil)
)

// ValidateRequest checks a request (its body given as read) against the
// operation's parameters and request body. A body the caller has parsed
// (form, multipart or JSON) is validated against the schema of the
// request's media type directly; otherwise kin-openapi parses body.
func (v *Validator) ValidateRequest(vendor, op string, r *http.Request, body []byte, parsed emulate.ParsedBody) error {
	route, err := v.route(vendor, op)
	if err != nil {
		return err
	}
	mediaType := parsed.MediaType
	if mediaType == "" {
		mediaType, _, _ = mime.ParseMediaType(r.Header.Get("Content-Type"))
	}
	rb := route.Operation.RequestBody
	if parsed.Form == nil && !parsed.IsJSON || rb == nil || rb.Value == nil || rb.Value.Content.Get(mediaType) == nil {
		return openapi3filter.ValidateRequest(r.Context(), v.input(r, route, body))
	}
	in := v.input(r, route, nil)
	in.Options = v.noBody
	if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
		return err
	}
	if len(body) == 0 && rb.Value.Required {
		return fmt.Errorf("request body has an error: value is required but missing")
	}
	schema := rb.Value.Content.Get(mediaType).Schema
	if schema == nil || schema.Value == nil {
		return nil
	}
	value := parsed.JSON
	if !parsed.IsJSON {
		value = reqspec.FormObject(parsed.Form, func(k string) bool {
			p := schema.Value.Properties[k]
			return p != nil && p.Value != nil && p.Value.Type.Is(openapi3.TypeArray)
		})
	}
	// The options kin-openapi's ValidateRequestBody passes for a request.
	if err := schema.Value.VisitJSON(value, openapi3.VisitAsRequest()); err != nil {
		return fmt.Errorf("request body has an error: %w", err)
	}
	return nil
}

// ValidateResponse checks an answer against the operation's documented
// responses (an undocumented HTTP status is an error), and how its numbers
// are written against their types (CheckNumberForms).
func (v *Validator) ValidateResponse(vendor, op string, r *http.Request, status int, header http.Header, body []byte) error {
	route, err := v.route(vendor, op)
	if err != nil {
		return err
	}
	in := v.input(r, route, nil)
	in.Options = v.response
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header, Options: v.response}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return fmt.Errorf("%s %s -> %d: %s", vendor, op, status, strings.TrimSpace(err.Error()))
	}
	// JSON Schema takes 80 for a number: the form is checked apart.
	return v.CheckResponseNumbers(vendor, op, status, header, body)
}
