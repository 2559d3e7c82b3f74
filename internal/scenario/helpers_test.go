package scenario

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// fakeCatalogue is a small, ordered stand-in for the vendors' catalogue.
type fakeCatalogue struct {
	vendors map[string][]fakeEndpoint
}

type fakeEndpoint struct {
	op       string
	codes    []string
	messages map[string][]string
}

func (c fakeCatalogue) Endpoints(vendor string) []string {
	eps, ok := c.vendors[vendor]
	if !ok {
		return nil
	}
	out := []string{}
	for _, e := range eps {
		out = append(out, e.op)
	}
	return out
}

func (c fakeCatalogue) Codes(vendor, endpoint string) []string {
	var out []string
	for _, e := range c.vendors[vendor] {
		if endpoint != "" && e.op != endpoint {
			continue
		}
		for _, code := range e.codes {
			if !slices.Contains(out, code) {
				out = append(out, code)
			}
		}
	}
	return out
}

func (c fakeCatalogue) Messages(vendor, endpoint, code string) []string {
	for _, e := range c.vendors[vendor] {
		if e.op == endpoint {
			return e.messages[code]
		}
	}
	return nil
}

func testCatalogue() fakeCatalogue {
	return fakeCatalogue{vendors: map[string][]fakeEndpoint{
		"verihubs": {
			{op: "idForgery", codes: []string{"OK", "FAIL_ON_1", "FAIL_ON_2"}, messages: map[string][]string{
				"OK":        {"Success"},
				"FAIL_ON_2": {"Forgery detected", "Possible forgery detected"},
			}},
			{op: "faceCompare", codes: []string{"OK", "FAIL_ON_2", "NO_FACE"}, messages: map[string][]string{
				"FAIL_ON_2": {"Face mismatch", "Possible forgery detected"},
			}},
			{op: "sendOtp", codes: []string{"OK", "QUOTA_EXCEEDED"}},
		},
		"izidata": {
			{op: "ktpVerification", codes: []string{"SUCCESS", "NOT_FOUND_MD5", "INVALID_NIK"}},
			{op: "phoneAge", codes: []string{"SUCCESS", "PHONE_NOT_FOUND"}},
		},
		"advance": {
			{op: "ocrKtp", codes: []string{"SUCCESS", "OCR_NO_RESULT"}},
			{op: "liveness", codes: []string{"SUCCESS", "LIVENESS_FAIL"}},
		},
		"accuauth": {{op: "faceMatch", codes: []string{"200", "4001"}}},
		"ekycpro":  {{op: "verify", codes: []string{"00", "05"}}},
	}}
}

func mustParse(t testing.TB, src string) []Rule {
	t.Helper()
	rules, err := Parse("t.yaml", []byte(src), testCatalogue())
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return rules
}

// errorLines splits a joined error into its parts, failing when the error
// is not a join (every loader error must be, so callers can count them).
func errorLines(t testing.TB, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var out []string
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var le *LoadError
		if !errors.As(e, &le) {
			t.Errorf("error %q is not a *LoadError", e)
		}
		out = append(out, e.Error())
	}
	walk(err)
	return out
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
