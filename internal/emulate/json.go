package emulate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
	"unsafe"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// JSON decodes a JSON body once and keeps the value, numbers as
// json.Number: the contract validates that value and the handler reads it,
// so a megabyte of base64 is unquoted once, not once per reader. Like
// json.Unmarshal, it refuses anything after the value.
func (c *Call) JSON() (any, error) {
	if c.jsonParsed {
		return c.json, c.jsonErr
	}
	c.jsonParsed = true
	if mt := c.MediaType(); mt != "application/json" {
		c.jsonErr = fmt.Errorf("%w %q, want application/json", ErrContentType, mt)
		return nil, c.jsonErr
	}
	if err := jsonv2.Unmarshal(c.Body, &c.json, decodeAsV1, jsonv2.WithUnmarshalers(jsonv2.JoinUnmarshalers(numbers, inBody(c.Body)))); err != nil {
		c.json, c.jsonErr = nil, err
	}
	return c.json, c.jsonErr
}

// aliasMin is the length from which a JSON string without escapes is the
// body's own bytes rather than a copy (a variable so tests can make every
// string one).
var aliasMin = 64 << 10

// inBody decodes JSON strings as the decoder does, except that every
// string of at least aliasMin bytes whose JSON text has no escapes and is
// valid UTF-8 (the decoder replaces invalid bytes with U+FFFD, so such a
// string is not its bytes) shares body's memory instead of being copied. Such a string is byte for
// byte its JSON text, so the value is the same; only its memory differs. A megabyte of base64 was held three
// times while a request was answered (the body, the decoded string, the
// image): now twice, and a 6 MB image's request holds 8 MB less.
//
// It is sound because nothing writes to a request body once it is read
// (Call.Body is read-only by contract; readBody makes a fresh buffer for
// every request and no pool reuses it), so a string over it never
// changes. A string kept past the request keeps the whole body alive:
// what outlives a request copies (the journal packs its entries; the
// phone memo and callback targets hold copies), and only strings this
// long are shared.
func inBody(body []byte) *jsonv2.Unmarshalers {
	return jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *any) error {
		if dec.PeekKind() != '"' {
			return errors.ErrUnsupported
		}
		raw, err := dec.ReadValue()
		if err != nil {
			return err
		}
		text := raw[1 : len(raw)-1]
		if bytes.IndexByte(text, '\\') >= 0 || !utf8.Valid(text) {
			// Unquoting needed. The decoder has checked the syntax, so
			// the only error left is invalid UTF-8, which (as the
			// decoder would) becomes U+FFFD.
			b, _ := jsontext.AppendUnquote(nil, raw)
			*v = string(b)
			return nil
		}
		if len(text) >= aliasMin && within(body, text) {
			*v = unsafe.String(unsafe.SliceData(text), len(text))
			return nil
		}
		*v = string(text)
		return nil
	})
}

// within reports whether sub's bytes are part of buf's memory (the
// decoder reads the body in place, but that is its business: if it ever
// hands out a copy, the string is copied again rather than shared).
func within(buf, sub []byte) bool {
	if len(buf) == 0 || len(sub) == 0 {
		return false
	}
	b := uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	s := uintptr(unsafe.Pointer(unsafe.SliceData(sub)))
	return s >= b && s+uintptr(len(sub)) <= b+uintptr(len(buf))
}

// decodeAsV1 and numbers make go-json-experiment's Unmarshal decode into
// any exactly as encoding/json's Decoder with UseNumber does (kin-openapi's
// decoding), at five times the speed on a megabyte of base64: invalid UTF-8
// becomes U+FFFD, a repeated name keeps the last value, numbers stay
// json.Number.
var decodeAsV1 = jsonv2.JoinOptions(
	jsontext.AllowInvalidUTF8(true),
	jsontext.AllowDuplicateNames(true),
)

// numbers keeps numbers as json.Number. It also makes a repeated name
// replace the earlier value, as encoding/json does: left alone, go-json-experiment decodes the later value into the earlier one
// (merging objects, and refusing {"a":"","a":false} with "cannot unmarshal
// JSON boolean into Go string"), so every value starts from nil.
var numbers = jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *any) error {
	*v = nil
	if dec.PeekKind() != '0' {
		return errors.ErrUnsupported // not a number: the next unmarshaler, or the default decoding
	}
	n, err := dec.ReadValue()
	if err != nil {
		return err
	}
	*v = json.Number(n)
	return nil
})

// Object is a JSON object body as Call.JSONObject decoded it.
type Object map[string]any

// JSONObject is the body as a JSON object; anything else (an array, a
// scalar, broken JSON) is an error.
func (c *Call) JSONObject() (Object, error) {
	v, err := c.JSON()
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("body is a JSON %s, not an object", JSONKind(v))
	}
	return Object(m), nil
}

// Get finds a member as encoding/json matches a struct field: the exact
// key, else a key equal under Unicode case folding (of several such, the
// least, so the choice does not depend on map order).
func (o Object) Get(key string) (any, bool) {
	if v, ok := o[key]; ok {
		return v, true
	}
	var keys []string
	for k := range o {
		if strings.EqualFold(k, key) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, false
	}
	sort.Strings(keys)
	return o[keys[0]], true
}

// String is a string member: nil when absent or null, an error when the
// member is of another type (json.Unmarshal into a *string fails alike).
func (o Object) String(key string) (*string, error) { return member[string](o, key, "a string") }

// Bool is a boolean member: nil when absent or null, an error when the
// member is of another type.
func (o Object) Bool(key string) (*bool, error) { return member[bool](o, key, "true or false") }

func member[T string | bool](o Object, key, want string) (*T, error) {
	v, _ := o.Get(key)
	if v == nil {
		return nil, nil
	}
	if t, ok := v.(T); ok {
		return &t, nil
	}
	return nil, fmt.Errorf("%s is a JSON %s, want %s", key, JSONKind(v), want)
}

// EmptyStrings counts the members whose value is "".
func (o Object) EmptyStrings() int {
	n := 0
	for _, v := range o {
		if s, ok := v.(string); ok && s == "" {
			n++
		}
	}
	return n
}

// JSONKind is the JSON type of a decoded value ("object", "number", …).
func JSONKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}
