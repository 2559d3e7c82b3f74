package emulate

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// SetFields applies scenario overrides (dotted paths such as
// "message.similarity" or "data.personList.0.name") to a JSON body while
// keeping the vendor's key order: clients and golden files see the same
// bytes as without overrides, apart from the values set. A missing object
// key is appended; a missing intermediate object is created.
func SetFields(body []byte, set map[string]any) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	root, err := decodeOrdered(dec)
	if err != nil {
		return nil, fmt.Errorf("set: body is not JSON: %w", err)
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	// Shorter paths first, so "data" then "data.x" compose predictably.
	slices.SortFunc(keys, func(a, b string) int {
		if c := cmp.Compare(len(a), len(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	for _, k := range keys {
		root, err = setPath(root, strings.Split(k, "."), set[k])
		if err != nil {
			return nil, fmt.Errorf("set %s: %w", k, err)
		}
	}
	var buf bytes.Buffer
	if err := encodeOrdered(&buf, root); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type object struct {
	keys []string
	vals map[string]any
}

func decodeOrdered(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := &object{vals: map[string]any{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				if _, dup := o.vals[k]; !dup {
					o.keys = append(o.keys, k)
				}
				o.vals[k] = v
			}
			_, err := dec.Token()
			return o, err
		case '[':
			var a []any
			for dec.More() {
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			_, err := dec.Token()
			return a, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	default:
		return tok, nil
	}
}

func setPath(node any, path []string, value any) (any, error) {
	if len(path) == 0 {
		return value, nil
	}
	switch n := node.(type) {
	case *object:
		child, err := setPath(n.vals[path[0]], path[1:], value)
		if err != nil {
			return nil, err
		}
		if _, ok := n.vals[path[0]]; !ok {
			n.keys = append(n.keys, path[0])
		}
		n.vals[path[0]] = child
		return n, nil
	case []any:
		i, err := strconv.Atoi(path[0])
		if err != nil || i < 0 || i >= len(n) {
			return nil, fmt.Errorf("%q is not an index of an array of %d", path[0], len(n))
		}
		child, err := setPath(n[i], path[1:], value)
		if err != nil {
			return nil, err
		}
		n[i] = child
		return n, nil
	default:
		// A string message (an error answer), any other scalar or an absent
		// key becomes an object when a rule sets a field below it.
		return setPath(&object{vals: map[string]any{}}, path, value)
	}
}

func encodeOrdered(buf *bytes.Buffer, v any) error {
	switch t := v.(type) {
	case *object:
		buf.WriteByte('{')
		for i, k := range t.keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := encodeValue(buf, k); err != nil {
				return err
			}
			buf.WriteByte(':')
			if err := encodeOrdered(buf, t.vals[k]); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
		return nil
	case []any:
		buf.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := encodeOrdered(buf, e); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	default:
		return encodeValue(buf, t)
	}
}

// encodeValue appends v's JSON to buf as the vendors write it: no HTML
// escaping, no trailing newline, and a float64 always as a decimal (80.0,
// never 80). Marshal is this into a new buffer.
//
// The vendors' samples write their decimal fields with a decimal point
// even when whole ("similarity": 69.0, ADVANCE's face box "left": 618.0),
// and typed clients (Dart's `as double`) fail on 80. The Go type says
// which is which: a field the spec documents as `type: number` is a
// float64, one it documents as `type: integer` an int, so the rule lives
// here, once, not field by field. The harness checks every response's
// numbers against the spec's types (contract.CheckNumberForms).
func encodeValue(buf *bytes.Buffer, v any) error {
	return jsonv2.MarshalWrite(buf, v, encodeOptions)
}

// encodeOptions are encoding/json's (jsonv1.DefaultOptionsV1) without HTML
// escaping, with float64 written as a decimal and encoding/json's Number
// (a scenario's set: values, echoed request numbers) written as is.
var encodeOptions = jsonv2.JoinOptions(
	jsonv1.DefaultOptionsV1(),
	jsontext.EscapeForHTML(false),
	jsonv2.WithMarshalers(jsonv2.JoinMarshalers(
		jsonv2.MarshalToFunc(func(enc *jsontext.Encoder, f float64) error {
			return enc.WriteValue(AppendDecimal(nil, f))
		}),
		jsonv2.MarshalToFunc(func(enc *jsontext.Encoder, n json.Number) error {
			if n == "" {
				n = "0" // as encoding/json writes an empty Number
			}
			return enc.WriteValue(jsontext.Value(n))
		}),
	)),
)

// AppendDecimal appends f as encoding/json writes a float64 (shortest
// form, exponent outside [1e-6, 1e21)), with ".0" added when that form
// is a whole number. NaN and the infinities are not JSON: they become
// null's error as in encoding/json.
func AppendDecimal(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		// Not JSON: WriteValue refuses the bytes, and Marshal reports it
		// as encoding/json does.
		return append(b, "NaN"...)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	start := len(b)
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// 1e-07 -> 1e-7, as encoding/json cleans it.
		if n := len(b); n-start >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
		return b
	}
	if !bytes.ContainsRune(b[start:], '.') {
		b = append(b, ".0"...)
	}
	return b
}
