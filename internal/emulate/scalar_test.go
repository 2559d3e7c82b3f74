package emulate

import "testing"

// TestScalarText: strings and numbers (literals as sent) are text; null,
// booleans, objects and arrays are not.
func TestScalarText(t *testing.T) {
	for _, c := range []struct {
		body, text string
		ok         bool
	}{
		{`"BUDI"`, "BUDI", true},
		{`""`, "", true},
		{`1773916200000`, "1773916200000", true},
		{`8e1`, "8e1", true},
		{`1e400`, "1e400", true},
		{`-0.50`, "-0.50", true},
		{`null`, "", false},
		{`true`, "", false},
		{`{"a":1}`, "", false},
		{`[1]`, "", false},
	} {
		v, err := jsonCall("application/json", c.body).JSON()
		if err != nil {
			t.Fatalf("%s: %v", c.body, err)
		}
		if text, ok := ScalarText(v); text != c.text || ok != c.ok {
			t.Errorf("%s: %q %v, want %q %v", c.body, text, ok, c.text, c.ok)
		}
	}
}
