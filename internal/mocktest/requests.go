package mocktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"testing"
)

// Pairs turns key, value, key, value, … into form values; a key given
// twice keeps its last value. An odd last key is left out.
func Pairs(kv ...string) url.Values {
	f := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

// Part is one part of a multipart/form-data body: a file part when
// Filename is set (with ContentType as its Content-Type, none when empty),
// else a plain field.
type Part struct {
	Name, Filename, ContentType string
	Data                        []byte
}

// Field is a plain multipart field.
func Field(name, value string) Part { return Part{Name: name, Data: []byte(value)} }

// Multipart writes a real multipart/form-data body with mime/multipart, as
// curl -F, Apache HttpClient and requests send it, and returns it with its
// Content-Type (boundary included).
func Multipart(t testing.TB, parts ...Part) (body []byte, contentType string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range parts {
		var err error
		if p.Filename == "" {
			err = w.WriteField(p.Name, string(p.Data))
		} else {
			hdr := textproto.MIMEHeader{}
			hdr.Set("Content-Disposition", multipart.FileContentDisposition(p.Name, p.Filename))
			if p.ContentType != "" {
				hdr.Set("Content-Type", p.ContentType)
			}
			pw, e := w.CreatePart(hdr)
			if e == nil {
				_, e = pw.Write(p.Data)
			}
			err = e
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), w.FormDataContentType()
}

// JSONBody is v marshalled, failing the test when it cannot be.
func JSONBody(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Rule is an admin scenario rule (JSON) that makes op of vendor answer code;
// message picks one of the code's documented variants ("" = the first).
func Rule(vendor, op, code, message string) string {
	if message == "" {
		return fmt.Sprintf(`{"name":"t","vendor":%q,"endpoint":%q,"respond":{"code":%q}}`, vendor, op, code)
	}
	return fmt.Sprintf(`{"name":"t","vendor":%q,"endpoint":%q,"respond":{"code":%q,"message":%q}}`, vendor, op, code, message)
}

// CheckStatusMessage checks the envelope of iziData and its clone eKYCPro:
// status is the code, and message the documented text or, where the answer
// documents none (a success), an object unless objectWhenEmpty is false (a
// success whose message is no object).
func CheckStatusMessage(t *testing.T, res Result, code, message string, objectWhenEmpty bool) {
	t.Helper()
	body := res.JSON(t)
	if got := body["status"]; got != code {
		t.Fatalf("status %v, want %s: %.300s", got, code, res.Body)
	}
	if message != "" {
		if got := body["message"]; got != message {
			t.Errorf("message %q, want %q", got, message)
		}
	} else if objectWhenEmpty {
		if _, ok := body["message"].(map[string]any); !ok {
			t.Errorf("message is %T, want an object: %s", body["message"], res.Body)
		}
	}
}
