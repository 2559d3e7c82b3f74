package scenario

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseJSONRule(t *testing.T) {
	r, err := ParseJSONRule([]byte(`{
		"name": "forged", "vendor": "verihubs", "endpoint": "idForgery",
		"match": {"credential": "suite-a", "header": {"X-Test-Case": "42"}},
		"respond": {"code": "FAIL_ON_2", "message": "Forgery detected",
		            "set": {"data.score": 12345678901234567890, "data.ok": false}, "delay": "1500ms"},
		"times": 2
	}`), testCatalogue())
	if err != nil {
		t.Fatal(err)
	}
	want := Rule{
		Name: "forged", Vendor: "verihubs", Endpoint: "idForgery",
		Match: Match{Credential: "suite-a", Header: map[string]string{"X-Test-Case": "42"}},
		Respond: Respond{Code: "FAIL_ON_2", Message: "Forgery detected", Delay: 1500 * time.Millisecond,
			// Numbers keep their exact text instead of becoming float64.
			Set: map[string]any{"data.score": json.Number("12345678901234567890"), "data.ok": false}},
		Times: 2, Source: SourceAdmin,
	}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("got  %#v\nwant %#v", r, want)
	}
}

func TestParseJSONRuleErrors(t *testing.T) {
	tests := []struct {
		name string
		json string
		want []string
	}{
		{"unknown top-level field", `{"name":"a","vendor":"verihubs","respond":{"code":"OK"},"time":1}`, []string{`unknown field "time"`}},
		{"unknown match field", `{"name":"a","vendor":"verihubs","match":{"msisdn":"1"},"respond":{"code":"OK"}}`, []string{`unknown field "msisdn"`}},
		{"unknown respond field", `{"name":"a","vendor":"verihubs","respond":{"code":"OK","status":500}}`, []string{`unknown field "status" in respond (known: code, message, set, delay, fault)`}},
		{"delay as number", `{"name":"a","vendor":"verihubs","respond":{"delay":1500}}`, []string{`respond.delay must be a duration string such as "1500ms", not a JSON number`}},
		{"delay without unit", `{"name":"a","vendor":"verihubs","respond":{"delay":"1500"}}`, []string{`respond.delay "1500" is not a Go duration`}},
		{"trailing data", `{"name":"a","vendor":"verihubs","respond":{"code":"OK"}} {}`, []string{`unexpected data after the rule`}},
		{"not JSON", `name: a`, []string{`invalid rule JSON`}},
		{"wrong type", `{"name":"a","vendor":"verihubs","respond":{"code":"OK"},"times":"2"}`, []string{`times must be a whole number, not a JSON string`}},
		{"every validation problem", `{"vendor":"verihubs","endpoint":"idForgery","match":{"digest":"xyz"},"respond":{"code":"NO_FACE","delay":"6m","fault":"boom"},"times":-2}`,
			[]string{
				`missing required key "name"`,
				`match.digest "xyz" must be 8 to 64 hex characters`,
				`respond.code "NO_FACE" is not documented for verihubs idForgery (documented: OK, FAIL_ON_1, FAIL_ON_2)`,
				`respond.delay 6m0s is out of range`,
				`unknown respond.fault "boom"`,
				`times must be 0 (unlimited) or more, got -2`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseJSONRule([]byte(tt.json), testCatalogue())
			if err == nil {
				t.Fatal("no error")
			}
			if !containsAll(err.Error(), tt.want...) {
				t.Errorf("error %q\nlacks one of %q", err, tt.want)
			}
			if n := strings.Count(err.Error(), "\n") + 1; n != len(tt.want) {
				t.Errorf("got %d error lines, want %d: %v", n, len(tt.want), err)
			}
		})
	}
}

// A rule listed by the admin API, or loaded from YAML, can be posted back.
func TestRuleJSONRoundTrip(t *testing.T) {
	for _, r := range mustParse(t, exampleFile) {
		body, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseJSONRule(body, testCatalogue())
		if err != nil {
			t.Fatalf("ParseJSONRule(%s): %v", body, err)
		}
		back.Source = r.Source
		again, _ := json.Marshal(back)
		if string(again) != string(body) {
			t.Errorf("round trip changed the rule:\n%s\n%s", body, again)
		}
		if back.Respond.Delay != r.Respond.Delay {
			t.Errorf("delay %v became %v", r.Respond.Delay, back.Respond.Delay)
		}
	}
}
