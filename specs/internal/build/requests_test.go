package build

import (
	"strings"
	"testing"
)

// TestCompileRequestsRefuses: a request constraint reqspec does not check
// stops go generate, naming the operation and the keyword.
func TestCompileRequestsRefuses(t *testing.T) {
	doc := func(op string) []byte {
		return []byte(`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/x":{"post":` + op + `}}}`)
	}
	withPath := []byte(`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/x/{id}":{"post":{"operationId":"x","parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],"responses":{"200":{"description":"d"}}}}}}`)
	if _, err := CompileRequests(withPath); err == nil || !strings.Contains(err.Error(), "x: parameter \"id\" in path") {
		t.Errorf("path parameter: %v", err)
	}
	body := func(ct, schema string) string {
		return `{"operationId":"x","requestBody":{"content":{"` + ct + `":{"schema":` + schema + `}}},"responses":{"200":{"description":"d"}}}`
	}
	for _, c := range []struct{ op, want string }{
		{body("application/json", `{"type":"string","pattern":"^a"}`), "pattern is not checked"},
		{body("application/json", `{"type":"object","properties":{"n":{"type":"integer","maximum":3}}}`), "requestBody application/json.n: maximum"},
		{body("application/json", `{"type":"string","format":"date"}`), `format "date"`},
		{body("application/x-www-form-urlencoded", `{"type":"object","properties":{"n":{"type":"integer"}}}`), "form body's properties must be strings"},
		{body("text/plain", `{"type":"string"}`), "JSON, form and multipart bodies only"},
	} {
		if _, err := CompileRequests(doc(c.op)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.op, err, c.want)
		}
	}
	if _, err := CompileRequests(doc(body("application/json", `{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}`))); err != nil {
		t.Errorf("a supported schema: %v", err)
	}
}
