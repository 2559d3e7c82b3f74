package emulate

import (
	"encoding/json"
	"math"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestSetFieldsKeepsOrder(t *testing.T) {
	body := []byte(`{"status":"OK","message":{"name":"A","id":"1","dob":"x"}}`)
	got, err := SetFields(body, map[string]any{"message.id": "2", "message.extra": true, "status": "FAIL", "a.b": 1})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"status":"FAIL","message":{"name":"A","id":"2","dob":"x","extra":true},"a":{"b":1}}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	got, err = SetFields([]byte(`{"status":"FAIL","message":"check input image and retry"}`), map[string]any{"message.score": 3})
	if err != nil || string(got) != `{"status":"FAIL","message":{"score":3}}` {
		t.Errorf("string message: %s %v", got, err)
	}
	got, err = SetFields([]byte(`{"data":{"list":[{"a":1},{"a":2}]}}`), map[string]any{"data.list.1.a": "z"})
	if err != nil || string(got) != `{"data":{"list":[{"a":1},{"a":"z"}]}}` {
		t.Errorf("array index: %s %v", got, err)
	}
	if _, err := SetFields([]byte(`{"l":[1]}`), map[string]any{"l.5": 1}); err == nil {
		t.Error("index out of range accepted")
	}
	if _, err := SetFields([]byte(`not json`), map[string]any{"a": 1}); err == nil {
		t.Error("non-JSON body accepted")
	}
}

// FuzzSetFields: any body and path either fails cleanly or gives JSON.
func FuzzSetFields(f *testing.F) {
	f.Add(`{"status":"OK","message":{"a":[1,2,{"b":null}]}}`, "message.a.2.b")
	f.Add(`[1,2]`, "0")
	f.Add(`"x"`, "a.b.c")
	f.Add(`{"a":{"a":{"a":1}}}`, "a..a")
	f.Fuzz(func(t *testing.T, body, path string) {
		out, err := SetFields([]byte(body), map[string]any{path: "v"})
		if err == nil && !json.Valid(out) {
			t.Fatalf("SetFields(%q, %q) = %q: not JSON", body, path, out)
		}
	})
}

func FuzzIndonesianPhone(f *testing.F) {
	for _, s := range []string{"+6283899575175", "083899575175", "8389", "+62 (838) 9957-5175", "6262626262626", "+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, ok := IndonesianPhone(s)
		if !ok {
			return
		}
		// +62, then 8 to 13 digits, the first not 0 (docs/vendors/izidata.md#iz-15).
		rest := strings.TrimPrefix(e, "+62")
		if rest == e || len(rest) < 8 || len(rest) > 13 || rest[0] == '0' || strings.Trim(rest, "0123456789") != "" {
			t.Fatalf("IndonesianPhone(%q) = %q", s, e)
		}
		if strings.HasPrefix(s, "+") && !strings.HasPrefix(strings.Map(func(r rune) rune {
			if '0' <= r && r <= '9' {
				return r
			}
			return -1
		}, s), "62") {
			t.Fatalf("IndonesianPhone(%q) = %q: a '+' not followed by 62", s, e)
		}
		again, ok := IndonesianPhone(e)
		if !ok || again != e {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, e, again)
		}
	})
}

// FuzzParseForm: the fast parser agrees with url.ParseQuery on every body
// without ';' (which ParseQuery rejects and vendors' parsers treat as data).
func FuzzParseForm(f *testing.F) {
	for _, s := range []string{"img=aGVsbG8%3D", "a=1&a=2&b", "x=%zz&y=2", "k+1=v+1&=", "%41=%4a", "&&a=&", "a=%", "img=a%2Bb+c%2F%3D", "a+%2B+b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if strings.Contains(body, ";") {
			return
		}
		want, wantErr := url.ParseQuery(body)
		// Every value copied, and every value unescaped in place.
		for _, inPlace := range []int{math.MaxInt, 0} {
			got, gotErr := parseForm([]byte(body), inPlace)
			if (gotErr == nil) != (wantErr == nil) || !reflect.DeepEqual(got, want) {
				t.Fatalf("parseForm(%q, %d) = %v, %v; ParseQuery = %v, %v", body, inPlace, got, gotErr, want, wantErr)
			}
		}
	})
}
