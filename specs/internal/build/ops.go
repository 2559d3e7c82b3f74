package build

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// opResponses stands in for an operation's responses in its request-side
// document: OpenAPI requires responses, and request validation reads none.
var opResponses = map[string]any{"default": map[string]any{"description": "the responses are in the vendor's whole document"}}

// CompileOps splits a compiled document (Compile's output) into one small
// document per operation, by operationId, for validating requests: the
// operation with its path's parameters, the global security, the security
// schemes, and the components its $refs reach; its responses are left out.
// compiled/ops/<vendor>/<operationId>.json holds them: kin-openapi loads
// one in a fraction of a millisecond where the whole document takes 8 ms,
// and a fresh server's first request waits for the document it validates
// against. Each is in kin-openapi's JSON form (it went through Compile).
func CompileOps(compiled []byte) (map[string][]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(compiled, &doc); err != nil {
		return nil, err
	}
	paths, _ := doc["paths"].(map[string]any)
	components, _ := doc["components"].(map[string]any)
	out := map[string][]byte{}
	for _, path := range slices.Sorted(maps.Keys(paths)) {
		item, _ := paths[path].(map[string]any)
		for _, method := range []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"} {
			op, ok := item[method].(map[string]any)
			if !ok {
				continue
			}
			id, _ := op["operationId"].(string)
			if id == "" || out[id] != nil {
				return nil, fmt.Errorf("%s %s: operationId %q missing or repeated", method, path, id)
			}
			reqOp := maps.Clone(op)
			reqOp["responses"] = opResponses
			reqItem := map[string]any{method: reqOp}
			if ps, ok := item["parameters"]; ok {
				reqItem["parameters"] = ps
			}
			reqComponents, err := reachable(reqItem, components)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", id, err)
			}
			if s, ok := components["securitySchemes"]; ok {
				reqComponents["securitySchemes"] = s
			}
			one := map[string]any{}
			for k, v := range doc {
				if k != "paths" && k != "components" {
					one[k] = v
				}
			}
			one["paths"] = map[string]any{path: reqItem}
			one["components"] = reqComponents
			js, err := json.Marshal(one)
			if err != nil {
				return nil, err
			}
			if out[id], err = Compile(js); err != nil {
				return nil, fmt.Errorf("%s: %w", id, err)
			}
		}
	}
	return out, nil
}

// reachable collects the components that the $refs in v reach, directly or
// through other components, keyed as in a document's components.
func reachable(v any, components map[string]any) (map[string]any, error) {
	out := map[string]any{}
	seen := map[string]bool{}
	todo := []any{v}
	for len(todo) > 0 {
		x := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		for _, ref := range refs(x, nil) {
			if seen[ref] {
				continue
			}
			seen[ref] = true
			parts := strings.Split(strings.TrimPrefix(ref, "#/components/"), "/")
			if !strings.HasPrefix(ref, "#/components/") || len(parts) != 2 {
				return nil, fmt.Errorf("$ref %q is not a local component", ref)
			}
			kind, _ := components[parts[0]].(map[string]any)
			c, ok := kind[parts[1]]
			if !ok {
				return nil, fmt.Errorf("$ref %q reaches nothing", ref)
			}
			if out[parts[0]] == nil {
				out[parts[0]] = map[string]any{}
			}
			out[parts[0]].(map[string]any)[parts[1]] = c
			todo = append(todo, c)
		}
	}
	return out, nil
}

// refs appends the $ref strings in v, in any order.
func refs(v any, to []string) []string {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if s, ok := x.(string); ok && k == "$ref" {
				to = append(to, s)
			} else {
				to = refs(x, to)
			}
		}
	case []any:
		for _, x := range t {
			to = refs(x, to)
		}
	}
	return to
}
