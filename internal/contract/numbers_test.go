package contract_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/contract"
	"github.com/mockekyc/mockekyc/specs"
)

func TestCheckNumberForms(t *testing.T) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData([]byte(`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},
	"components":{"schemas":{"s":{"type":"object","properties":{
		"score":{"type":"number"},
		"count":{"type":"integer"},
		"box":{"type":"object","properties":{"left":{"type":"number"}}},
		"list":{"type":"array","items":{"type":"number"}},
		"either":{"oneOf":[{"type":"integer"},{"type":"number"}]},
		"wrapped":{"allOf":[{"type":"object","properties":{"n":{"type":"number"}}}]},
		"free":{"type":"object","additionalProperties":{"type":"integer"}}
	}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Components.Schemas["s"].Value
	for _, tc := range []struct {
		body string
		bad  []string // paths named in the error
	}{
		{`{"score":80.0,"count":3,"box":{"left":157.0},"list":[1.5,2.0],"either":1,"wrapped":{"n":1e3},"free":{"a":1}}`, nil},
		{`{"score":80}`, []string{"score is 80"}},
		{`{"score":-0}`, []string{"score is -0"}},
		{`{"count":3.0}`, []string{"count is 3.0"}},
		{`{"count":1e2}`, []string{"count is 1e2"}},
		{`{"box":{"left":157}}`, []string{"box.left is 157"}},
		{`{"list":[1.5,2]}`, []string{"list.1 is 2"}},
		{`{"either":1.0}`, nil},
		{`{"wrapped":{"n":7}}`, []string{"wrapped.n is 7"}},
		{`{"free":{"a":1.0}}`, []string{"free.a is 1.0"}},
		{`{"unknown":5,"score":"x"}`, nil},
	} {
		err := contract.CheckNumberForms(s, []byte(tc.body))
		if len(tc.bad) == 0 {
			if err != nil {
				t.Errorf("%s: %v", tc.body, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: accepted", tc.body)
			continue
		}
		for _, want := range tc.bad {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v, want %q in it", tc.body, err, want)
			}
		}
	}
}

// TestGoldenNumberForms walks every golden answer of every vendor with its
// spec: each number is written as its documented type says, a `type:
// number` with a decimal point (80.0) and a `type: integer` without (80).
// The harness checks every response a test provokes the same way
// (ValidateResponse); this pins the committed goldens too.
func TestGoldenNumberForms(t *testing.T) {
	v, err := contract.Load(specs.FS, config.VendorNames()...)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, vendor := range config.VendorNames() {
		files, _ := filepath.Glob(filepath.Join("..", "emulate", vendor, "testdata", "golden", "*", "*.json"))
		if len(files) == 0 {
			t.Errorf("%s: no goldens found", vendor)
		}
		for _, f := range files {
			op := filepath.Base(filepath.Dir(f))
			if op == "unrouted" {
				continue // no operation, no schema
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var g struct {
				HTTP    int               `json:"http"`
				Headers map[string]string `json:"headers"`
				Body    json.RawMessage   `json:"body"`
			}
			if err := json.Unmarshal(data, &g); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			h := http.Header{}
			for k, val := range g.Headers {
				h.Set(k, val)
			}
			if err := v.CheckResponseNumbers(vendor, op, g.HTTP, h, g.Body); err != nil {
				t.Errorf("%s: %v", f, err)
			}
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("only %d goldens checked", checked)
	}
}
