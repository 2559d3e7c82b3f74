package strictyaml

import (
	"errors"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Decode decodes n into into, a pointer to a Go value, with yaml.v3's own
// rules (yaml tags, ",inline", UnmarshalYAML), and records as problems the
// keys into's type does not have. yaml.v3 can only reject unknown keys when
// decoding from text (Decoder.KnownFields), not from a node, and decoding
// re-encoded text would lose the lines of the original file; so the
// known-key check walks the node against the Go type, the way yaml.v3 maps
// keys to fields. A zero or null node leaves into unchanged, so defaults
// set before the call stay.
func (r *Reader) Decode(n *yaml.Node, into any) {
	n = Deref(n)
	if n == nil || n.Kind == 0 || IsNull(n) {
		return
	}
	rv := reflect.ValueOf(into)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		r.Errorf(n.Line, "settings need a non-nil pointer to decode into, got %T", into)
		return
	}
	r.known(n, rv.Type().Elem())
	if r.over != nil {
		return // yaml.v3 would reject such aliasing too, less clearly
	}
	if err := n.Decode(into); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, msg := range te.Errors {
				line, reason := typeError(msg, n.Line)
				r.Errorf(line, "%s", reason)
			}
		} else {
			r.Errorf(n.Line, "%s", strings.TrimPrefix(err.Error(), "yaml: "))
		}
	}
}

// typeError splits yaml.v3's "line N: reason".
func typeError(msg string, fallback int) (int, string) {
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, reason, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				return n, reason
			}
		}
	}
	return fallback, msg
}

// known records the mapping keys under n that type t would ignore.
func (r *Reader) known(n *yaml.Node, t reflect.Type) {
	n = Deref(n)
	if n == nil || !r.spend(1, n) {
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeFor[yaml.Node]() || reflect.PointerTo(t).Implements(reflect.TypeFor[yaml.Unmarshaler]()) {
		return // decodes itself
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return // a type mismatch, which decoding reports
		}
		fields, anyKey := structKeys(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			if key.Tag == "!!merge" { // <<: *anchor, or <<: [*a, *b]
				if val = Deref(val); val != nil && val.Kind == yaml.SequenceNode {
					for _, m := range val.Content {
						r.known(m, t)
					}
				} else {
					r.known(val, t)
				}
				continue
			}
			ft, ok := fields[key.Value]
			switch {
			case ok:
				r.known(val, ft)
			case !anyKey:
				names := make([]string, 0, len(fields))
				for name := range fields {
					names = append(names, name)
				}
				sort.Strings(names)
				r.Errorf(key.Line, "unknown setting %q (known: %s)", key.Value, strings.Join(names, ", "))
			}
		}
	case reflect.Slice, reflect.Array:
		if n.Kind == yaml.SequenceNode {
			for _, item := range n.Content {
				r.known(item, t.Elem())
			}
		}
	case reflect.Map:
		if n.Kind == yaml.MappingNode {
			for i := 1; i < len(n.Content); i += 2 {
				r.known(n.Content[i], t.Elem())
			}
		}
	}
}

// structKeys returns the YAML keys of struct type t and their types, by
// yaml.v3's rules: the yaml tag's name or else the lower-cased field name,
// "-" skipped, ",inline" structs merged in. anyKey is true when t has an
// inline map, which takes every other key.
func structKeys(t reflect.Type) (fields map[string]reflect.Type, anyKey bool) {
	fields = map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		tag := f.Tag.Get("yaml")
		if tag == "-" {
			continue
		}
		name, flags, _ := strings.Cut(tag, ",")
		if slices.Contains(strings.Split(flags, ","), "inline") {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			switch ft.Kind() {
			case reflect.Map:
				anyKey = true
			case reflect.Struct:
				inner, innerAny := structKeys(ft)
				for k, v := range inner {
					fields[k] = v
				}
				anyKey = anyKey || innerAny
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		fields[name] = f.Type
	}
	return fields, anyKey
}

// Keys lists the YAML keys of struct type t in field order (see structKeys;
// inline fields are not expanded here): a reader's list of known keys
// taken from the type it fills, so a new field is a new key.
func Keys(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out = append(out, name)
	}
	return out
}

// DecodeKey decodes n into the field of *structPtr whose YAML key is key,
// as Decode does: for keys a reader has no hand-written check for.
func (r *Reader) DecodeKey(n *yaml.Node, structPtr any, key string) {
	v := reflect.ValueOf(structPtr).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		if f.IsExported() && name == key {
			r.Decode(n, v.Field(i).Addr().Interface())
			return
		}
	}
	r.Errorf(n.Line, "%T has no field for key %q", structPtr, key)
}
