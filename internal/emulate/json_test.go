package emulate

import (
	"encoding/json"
	"errors"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

func jsonCall(contentType, body string) *Call {
	r := httptest.NewRequest("POST", "/", strings.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	return &Call{Req: r, Body: []byte(body)}
}

func TestCallJSON(t *testing.T) {
	for _, c := range []struct {
		name, ct, body string
		ok             bool
	}{
		{"object", "application/json", `{"image":"aGk=","n":12}`, true},
		{"charset parameter", "application/json; charset=utf-8", `{}`, true},
		{"spaces after", "application/json", "{\"a\":1} \n\t", true},
		{"value after value", "application/json", `{"a":1}{"b":2}`, false},
		{"garbage after", "application/json", `{"a":1} x`, false},
		{"truncated", "application/json", `{"image":"aGk=`, false},
		{"empty", "application/json", ``, false},
		{"form", "application/x-www-form-urlencoded", `{"a":1}`, false},
	} {
		_, err := jsonCall(c.ct, c.body).JSON()
		if (err == nil) != c.ok {
			t.Errorf("%s: err = %v, want ok=%v", c.name, err, c.ok)
		}
	}
	c := jsonCall("text/plain", `{}`)
	if _, err := c.JSON(); !errors.Is(err, ErrContentType) {
		t.Errorf("text/plain: %v, want ErrContentType", err)
	}
	// Numbers stay as written; the value is decoded once and kept.
	c = jsonCall("application/json", `{"n":1e400,"m":0.10}`)
	v, err := c.JSON()
	if err != nil {
		t.Fatal(err)
	}
	m := v.(map[string]any)
	if m["n"] != json.Number("1e400") || m["m"] != json.Number("0.10") {
		t.Errorf("numbers: %#v", m)
	}
	c.Body = []byte(`broken`)
	if again, err := c.JSON(); err != nil || !reflect.DeepEqual(again, v) {
		t.Errorf("second call decoded again: %v %v", again, err)
	}
}

func TestJSONObject(t *testing.T) {
	for _, body := range []string{`[1]`, `"s"`, `null`, `3`} {
		if _, err := jsonCall("application/json", body).JSONObject(); err == nil {
			t.Errorf("%s accepted as an object", body)
		}
	}
	o, err := jsonCall("application/json", `{"Image":"b","IMAGE":"a","is_quality":true,"ref":"","x":"","n":null,"num":1}`).JSONObject()
	if err != nil {
		t.Fatal(err)
	}
	// Case folding as encoding/json; of two folded matches the least key.
	if s, err := o.String("image"); err != nil || s == nil || *s != "a" {
		t.Errorf("String(image) = %v, %v; want IMAGE's a", s, err)
	}
	if b, err := o.Bool("IS_QUALITY"); err != nil || b == nil || !*b {
		t.Errorf("Bool(IS_QUALITY) = %v, %v", b, err)
	}
	for _, key := range []string{"n", "absent"} {
		if s, err := o.String(key); s != nil || err != nil {
			t.Errorf("String(%s) = %v, %v; want nil, nil", key, s, err)
		}
		if b, err := o.Bool(key); b != nil || err != nil {
			t.Errorf("Bool(%s) = %v, %v; want nil, nil", key, b, err)
		}
	}
	if _, err := o.String("num"); err == nil || !strings.Contains(err.Error(), "number") {
		t.Errorf("String(num): %v", err)
	}
	if _, err := o.Bool("ref"); err == nil || !strings.Contains(err.Error(), "string") {
		t.Errorf("Bool(ref): %v", err)
	}
	if n := o.EmptyStrings(); n != 2 {
		t.Errorf("EmptyStrings = %d, want 2", n)
	}
}

// FuzzJSONObject: the body decoded once is encoding/json's value, and
// reading members from it agrees with
// json.Unmarshal into a struct of *string and *bool fields, which is what
// the vendors decoded before, whenever no two keys fold to the same name
// (where encoding/json's pick depends on member order).
func FuzzJSONObject(f *testing.F) {
	for _, s := range []string{`{"image":"aGk=","is_quality":true}`, `{"IMAGE":"x","Is_Quality":false}`, `{"image":1}`,
		`{"is_quality":"true"}`, `{"image":null}`, `[]`, `{"image":"\u00e9\ud800"}`, `{"a":{"image":"x"}}`, `{"image":"a"} x`, `{"K":"s"}`, "{\"image\":\"\xff\xfe\"}", `{"a":1,"a":2}`, `{"n":[1e400,-0,0.10]}`,
		`{"I":"","I":false}`, `{"a":{"x":1},"a":{"y":2}}`, `{"a":[1,2],"a":[3]}`, `{"a":true,"a":"s"}`, `{"a":{"b":"x","b":{"c":1}}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		// Every string shares the body when it can (aliasMin 0), so the
		// fuzzer reaches that path with short inputs; the value must not
		// tell.
		SetAliasMin(t, 0)
		c := jsonCall("application/json", body)
		got, err := c.JSON()
		if (err == nil) != json.Valid([]byte(body)) {
			t.Fatalf("JSON() err = %v, json.Valid = %v", err, json.Valid([]byte(body)))
		}
		if err == nil {
			// The value is what encoding/json's Decoder with UseNumber (as
			// kin-openapi decodes) makes of the body.
			dec := json.NewDecoder(strings.NewReader(body))
			dec.UseNumber()
			var want any
			if err := dec.Decode(&want); err != nil {
				t.Fatalf("encoding/json: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("JSON() = %#v\nencoding/json: %#v", got, want)
			}
		}
		var keys map[string]json.RawMessage
		if json.Unmarshal([]byte(body), &keys) == nil {
			seen := map[string]bool{}
			for k := range keys {
				l := strings.ToLower(k)
				if seen[l] {
					return
				}
				seen[l] = true
			}
		}
		var want struct {
			Image     *string `json:"image"`
			K         *string `json:"k"`
			IsQuality *bool   `json:"is_quality"`
		}
		wantErr := json.Unmarshal([]byte(body), &want)
		if wantErr == nil && strings.TrimLeft(body, " \t\r\n")[0] != '{' {
			return // null decodes into a struct without error but is no object
		}
		o, err := c.JSONObject()
		var image, k *string
		var q *bool
		if err == nil {
			var e1, e2, e3 error
			image, e1 = o.String("image")
			k, e2 = o.String("k")
			q, e3 = o.Bool("is_quality")
			err = errors.Join(e1, e2, e3)
		}
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("object read err = %v, json.Unmarshal err = %v", err, wantErr)
		}
		if err == nil && (!reflect.DeepEqual(image, want.Image) || !reflect.DeepEqual(k, want.K) || !reflect.DeepEqual(q, want.IsQuality)) {
			t.Fatalf("got image=%v k=%v q=%v, json.Unmarshal %v %v %v", image, k, q, want.Image, want.K, want.IsQuality)
		}
	})
}
