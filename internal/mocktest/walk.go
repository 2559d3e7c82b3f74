package mocktest

import (
	"fmt"
	"testing"
)

// At walks a decoded JSON value by object keys (string) and array indexes
// (int) and returns what it finds as T, failing the test, rather than
// panicking, when a step is missing or a value has another type.
func At[T any](t testing.TB, v any, path ...any) T {
	t.Helper()
	cur := v
	for i, step := range path {
		switch s := step.(type) {
		case string:
			m, ok := cur.(map[string]any)
			if !ok {
				t.Fatalf("%v: %T is not an object, cannot take %q", path[:i], cur, s)
			}
			if cur, ok = m[s]; !ok {
				t.Fatalf("%v: no key %q in %.300v", path[:i], s, m)
			}
		case int:
			a, ok := cur.([]any)
			if !ok {
				t.Fatalf("%v: %T is not an array, cannot take [%d]", path[:i], cur, s)
			}
			if s < 0 || s >= len(a) {
				t.Fatalf("%v: index %d out of %d items", path[:i], s, len(a))
			}
			cur = a[s]
		default:
			panic(fmt.Sprintf("mocktest.At: path step %T", step))
		}
	}
	out, ok := cur.(T)
	if !ok {
		var want T
		t.Fatalf("%v is %T (%.200v), want %T", path, cur, cur, want)
	}
	return out
}
