package verihubs

import (
	"fmt"
	"slices"
	"testing"
)

// held lists what f keeps, oldest first, as "app/key".
func held(f *fifo[string, int]) []string {
	var out []string
	for e := f.all.Front(); e != nil; e = e.Next() {
		x := e.Value.(*fifoEntry[string, int])
		out = append(out, x.app+"/"+x.key)
	}
	return out
}

// sums checks the kept weights and counts against the entries.
func sums(t *testing.T, f *fifo[string, int]) {
	t.Helper()
	total, n := 0, 0
	for app, a := range f.apps {
		w := 0
		for k, x := range a.m {
			w += x.weight
			if x.app != app || x.key != k {
				t.Errorf("entry %s/%s filed under %s/%s", x.app, x.key, app, k)
			}
		}
		if w != a.weight || len(a.m) != a.order.Len() || len(a.m) == 0 {
			t.Errorf("app %s: weight %d of entries %d, %d keys, %d in order", app, a.weight, w, len(a.m), a.order.Len())
		}
		total, n = total+w, n+len(a.m)
	}
	if total != f.weight || n != f.all.Len() {
		t.Errorf("total weight %d of entries %d, %d entries of %d", f.weight, total, f.all.Len(), n)
	}
}

func TestFIFOBounds(t *testing.T) {
	weigh := func(v int) int { return v }
	for _, c := range []struct {
		name string
		lim  bounds
		puts []string // app/key:weight
		want []string
	}{
		{"per-app count", bounds{count: 2}, []string{"a/1:1", "b/1:1", "a/2:1", "a/3:1"}, []string{"b/1", "a/2", "a/3"}},
		{"per-app weight", bounds{weight: 5}, []string{"a/1:2", "b/1:9", "a/2:2", "a/3:2"}, []string{"b/1", "a/2", "a/3"}},
		{"total count: the oldest of any app", bounds{count: 10, totalCount: 3}, []string{"a/1:1", "b/1:1", "c/1:1", "a/2:1", "d/1:1"}, []string{"c/1", "a/2", "d/1"}},
		{"total weight", bounds{weight: 100, totalWeight: 10}, []string{"a/1:4", "b/1:4", "c/1:4", "d/1:1"}, []string{"b/1", "c/1", "d/1"}},
		{"the newest stays, alone over", bounds{weight: 5, totalWeight: 5}, []string{"a/1:1", "b/1:9"}, []string{"b/1"}},
		{"a known key keeps its place", bounds{totalCount: 2}, []string{"a/1:1", "b/1:1", "a/1:2", "c/1:1"}, []string{"b/1", "c/1"}},
		{"per app, then total", bounds{count: 1, totalCount: 2}, []string{"a/1:1", "b/1:1", "a/2:1", "b/2:1", "c/1:1"}, []string{"b/2", "c/1"}},
	} {
		f := newFIFO[string, int](c.lim, weigh)
		for _, p := range c.puts {
			var app, key string
			var w int
			if _, err := fmt.Sscanf(p, "%1s/%1s:%d", &app, &key, &w); err != nil {
				t.Fatal(err)
			}
			f.put(app, key, w)
			sums(t, f)
			if c.lim.totalCount > 0 && f.all.Len() > c.lim.totalCount || c.lim.totalWeight > 0 && f.weight > c.lim.totalWeight && f.all.Len() > 1 {
				t.Errorf("%s: after %s holds %d entries, weight %d", c.name, p, f.all.Len(), f.weight)
			}
		}
		if got := held(f); !slices.Equal(got, c.want) {
			t.Errorf("%s: kept %v, want %v", c.name, got, c.want)
		}
	}
}

func TestFIFORenewRemoveForget(t *testing.T) {
	f := newFIFO[string, int](bounds{totalCount: 3}, func(v int) int { return v })
	f.put("a", "1", 1)
	f.put("b", "1", 2)
	f.renew("a", "1", 3) // moves to the newest
	f.put("c", "1", 4)
	f.put("d", "1", 5) // b/1 is the oldest now
	if got := held(f); !slices.Equal(got, []string{"a/1", "c/1", "d/1"}) {
		t.Errorf("after renew: %v", got)
	}
	if v, ok := f.get("a", "1"); !ok || v != 3 {
		t.Errorf("a/1 = %d %v", v, ok)
	}
	if f.remove("a", "1") != true || f.remove("a", "1") != false || f.apps["a"] != nil {
		t.Errorf("remove: %v, app a %v", held(f), f.apps["a"])
	}
	f.forget(func(app string) bool { return app == "c" })
	sums(t, f)
	if got := held(f); !slices.Equal(got, []string{"d/1"}) || f.weight != 5 {
		t.Errorf("after forget: %v weight %d", got, f.weight)
	}
	var each []string
	f.each("", func(k string, v int) { each = append(each, fmt.Sprint(k, v)) })
	f.each("zz", func(string, int) { t.Error("an unknown app has entries") })
	if !slices.Equal(each, []string{"15"}) || f.len("") != 1 || f.len("d") != 1 || f.len("a") != 0 {
		t.Errorf("each %v, len %d", each, f.len(""))
	}
	f.clear()
	if f.len("") != 0 || f.weight != 0 || len(f.apps) != 0 {
		t.Errorf("clear left %v", held(f))
	}
}

// TestSertelContactsTotal: the emails and phones Sertel remembers are
// bounded over every App-ID together, the oldest first out.
func TestSertelContactsTotal(t *testing.T) {
	s := newSertelState()
	for i := 0; i <= sertelContactsMax; i++ {
		s.claim(fmt.Sprintf("app-%d", i%7), "3171024302821001", fmt.Sprintf("email:%d@x.id", i))
	}
	if n := s.owners.len(""); n != sertelContactsMax {
		t.Errorf("%d contacts kept, want %d", n, sertelContactsMax)
	}
	if s.owner("app-0", "email:0@x.id") != "" || s.owner("app-1", "email:1@x.id") == "" {
		t.Error("not the oldest forgotten first")
	}
}
