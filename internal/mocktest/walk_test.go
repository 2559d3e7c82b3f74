package mocktest

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// fatalRecorder records Fatalf instead of failing the real test.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (r *fatalRecorder) Helper() {}
func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// at runs At in its own goroutine, as Fatalf ends it.
func at[T any](t *testing.T, v any, path ...any) (got T, fatal string) {
	r := &fatalRecorder{TB: t}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		got = At[T](r, v, path...)
	}()
	wg.Wait()
	return got, r.msg
}

func TestAt(t *testing.T) {
	var v any
	if err := json.Unmarshal([]byte(`{"requests":[{"id":7,"images":[{"digest":"d"}]}],"count":1}`), &v); err != nil {
		t.Fatal(err)
	}
	if got, msg := at[float64](t, v, "requests", 0, "id"); got != 7 || msg != "" {
		t.Errorf("id = %v, %q", got, msg)
	}
	if got, msg := at[string](t, v, "requests", 0, "images", 0, "digest"); got != "d" || msg != "" {
		t.Errorf("digest = %v, %q", got, msg)
	}
	for _, c := range []struct {
		path []any
		want string
	}{
		{[]any{"count"}, "is float64"},           // wrong type: a failure, not a panic
		{[]any{"nope"}, `no key "nope"`},         // missing key
		{[]any{"requests", 3}, "index 3 out of"}, // past the end
		{[]any{"count", "x"}, "is not an object"},
		{[]any{"requests", "id"}, "is not an object"},
		{[]any{"requests", 0, 0}, "is not an array"},
	} {
		if _, msg := at[string](t, v, c.path...); !strings.Contains(msg, c.want) {
			t.Errorf("%v: fatal %q, want it to say %q", c.path, msg, c.want)
		}
	}
}
