package emulate

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
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
// escaping, no trailing newline. Marshal is this into a new buffer.
func encodeValue(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // Encode's newline
	return nil
}
