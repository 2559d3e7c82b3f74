package config

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// decodeSettings decodes n into into, reporting keys that into's type
// does not have. yaml.v3 can only reject unknown keys when decoding from
// text (Decoder.KnownFields), not from a node, and decoding re-encoded text
// would lose the lines of the original file; so the known-key check walks
// the node against the Go type, the way yaml.v3 maps keys to fields.
func decodeSettings(n *yaml.Node, into any) []lineError {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == 0 || isNull(n) {
		return nil
	}
	rv := reflect.ValueOf(into)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return []lineError{{n.Line, fmt.Sprintf("settings need a non-nil pointer to decode into, got %T", into)}}
	}
	k := knownChecker{}
	k.check(n, rv.Type().Elem())
	errs := k.errs
	if err := n.Decode(into); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, msg := range te.Errors {
				errs = append(errs, typeError(msg, n.Line))
			}
		} else {
			errs = append(errs, lineError{n.Line, strings.TrimPrefix(err.Error(), "yaml: ")})
		}
	}
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].line < errs[j].line })
	// A key reached twice through an alias or merge is one problem.
	return slices.Compact(errs)
}

// typeError splits yaml.v3's "line N: reason".
func typeError(msg string, fallback int) lineError {
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, reason, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				return lineError{n, reason}
			}
		}
	}
	return lineError{fallback, msg}
}

type knownChecker struct {
	errs   []lineError
	visits int
}

// check reports the mapping keys under n that type t would ignore.
func (k *knownChecker) check(n *yaml.Node, t reflect.Type) {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if k.visits++; k.visits > maxVisits {
		return // yaml.v3 itself rejects such aliasing when decoding
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
				if val.Kind == yaml.SequenceNode {
					for _, m := range val.Content {
						k.check(m, t)
					}
				} else {
					k.check(val, t)
				}
				continue
			}
			ft, ok := fields[key.Value]
			switch {
			case ok:
				k.check(val, ft)
			case !anyKey:
				names := make([]string, 0, len(fields))
				for name := range fields {
					names = append(names, name)
				}
				sort.Strings(names)
				k.errs = append(k.errs, lineError{key.Line,
					fmt.Sprintf("unknown setting %q (known: %s)", key.Value, strings.Join(names, ", "))})
			}
		}
	case reflect.Slice, reflect.Array:
		if n.Kind == yaml.SequenceNode {
			for _, item := range n.Content {
				k.check(item, t.Elem())
			}
		}
	case reflect.Map:
		if n.Kind == yaml.MappingNode {
			for i := 1; i < len(n.Content); i += 2 {
				k.check(n.Content[i], t.Elem())
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
		if hasFlag(flags, "inline") {
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

// hasFlag reports whether the comma-separated flags contain flag.
func hasFlag(flags, flag string) bool {
	return slices.Contains(strings.Split(flags, ","), flag)
}
