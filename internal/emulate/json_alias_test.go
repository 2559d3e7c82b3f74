package emulate

import (
	"encoding/base64"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// decodeV1 is encoding/json's Decoder with UseNumber: the value kin-openapi
// makes of a body, which Call.JSON must equal.
func decodeV1(t testing.TB, body string) (any, error) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	if err == nil && dec.More() {
		err = json.Unmarshal([]byte(body), &v) // trailing data: encoding/json's error
	}
	return v, err
}

// shares reports whether s's bytes lie in body's memory.
func shares(body []byte, s string) bool {
	return s != "" && within(body, unsafe.Slice(unsafe.StringData(s), len(s)))
}

// TestJSONLongStringsShareTheBody: a long string with nothing to unquote
// is the body's own bytes, one with escapes or invalid UTF-8 is a copy,
// and either way the value is encoding/json's.
func TestJSONLongStringsShareTheBody(t *testing.T) {
	raw := make([]byte, 300<<10)
	for i := range raw {
		raw[i] = byte(i * 7)
	}
	b64 := base64.StdEncoding.EncodeToString(raw) // has '/' and '+'
	if !strings.Contains(b64, "/") || !strings.Contains(b64, "+") {
		t.Fatal("fixture lacks / or +")
	}
	escaped := strings.ReplaceAll(b64, "/", `\/`)
	unicode := strings.Replace(b64, "A", `\u0041`, 3)
	for _, c := range []struct {
		name, body string
		key        string
		shared     bool
	}{
		{"plain base64", `{"image":"` + b64 + `","is_quality":true}`, "image", true},
		{"escaped slashes", `{"image":"` + escaped + `"}`, "image", false},
		{"unicode escapes", `{"image":"` + unicode + `"}`, "image", false},
		{"data URI", `{"image":"data:image/jpeg;base64,` + b64 + `"}`, "image", true},
		{"invalid UTF-8", "{\"image\":\"" + b64 + "\xff\"}", "image", false},
		{"non-ASCII UTF-8", `{"image":"` + b64 + `é"}`, "image", true},
		{"duplicate keys, last kept", `{"image":"x","image":"` + b64 + `"}`, "image", true},
		{"duplicate keys, short last", `{"image":"` + b64 + `","image":"x"}`, "image", false},
		{"nested", `{"a":[{"image":"` + b64 + `"}]}`, "", true},
		{"short string", `{"image":"aGk="}`, "image", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			call := jsonCall("application/json", c.body)
			got, err := call.JSON()
			if err != nil {
				t.Fatal(err)
			}
			want, err := decodeV1(t, c.body)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatal("value differs from encoding/json's")
			}
			var s string
			if c.key != "" {
				s, _ = got.(map[string]any)[c.key].(string)
			} else {
				s = got.(map[string]any)["a"].([]any)[0].(map[string]any)["image"].(string)
			}
			if shares(call.Body, s) != c.shared {
				t.Errorf("shares the body = %v, want %v", !c.shared, c.shared)
			}
		})
	}
	// Truncated inside the long string, or with a raw control character:
	// an error, as encoding/json gives.
	for _, body := range []string{`{"image":"` + b64[:len(b64)/2], `{"image":"` + b64[:100] + "\n" + b64[100:] + `"}`, `{"image":"` + b64 + `"`} {
		if _, err := jsonCall("application/json", body).JSON(); err == nil {
			t.Errorf("broken body of %d bytes accepted", len(body))
		}
	}
}

// TestJSONSharedStringIsNotACopyOfAnotherBuffer: only a body the call
// holds is shared; a string of a value decoded from elsewhere is not.
func TestJSONStringOutsideTheBodyIsCopied(t *testing.T) {
	SetAliasMin(t, 0)
	body := []byte(`{"a":"xyz"}`)
	other := []byte(`"xyz"`)
	if within(body, other) || !within(body, body[6:9]) || within(body, nil) || within(nil, body) {
		t.Error("within is wrong")
	}
}
