package journal

import (
	"encoding/json"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func BenchmarkAppend(b *testing.B) {
	j := New(DefaultCapacity)
	e := typical(1)
	b.ReportAllocs()
	for b.Loop() {
		j.Append(e)
	}
}

func BenchmarkAppendParallel(b *testing.B) {
	j := New(DefaultCapacity)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		e := typical(1)
		for pb.Next() {
			j.Append(e)
		}
	})
}

func BenchmarkList(b *testing.B) {
	j := New(DefaultCapacity)
	for i := range DefaultCapacity {
		j.Append(typical(i))
	}
	b.ReportAllocs()
	for b.Loop() {
		j.List(Filter{Vendor: "izidata", Limit: 50})
	}
}

// heapPerEntry fills a journal with n entries from mk, each with events
// events of the longest detail, and returns the live heap it holds, per
// entry.
func heapPerEntry(mk func(int) Entry, events, n int) float64 {
	// Build the inputs first so that only what the journal keeps is
	// measured.
	in := make([]Entry, n)
	for i := range in {
		in[i] = mk(i)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	j := New(n)
	detail := strings.Repeat("d", MaxEventText)
	for _, e := range in {
		id := j.Append(e)
		for range events {
			j.AddEvent(id, Event{Kind: "callback", Detail: detail})
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(in)
	runtime.KeepAlive(j)
	return float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
}

// BenchmarkMemory reports the heap a full journal of DefaultCapacity holds,
// per entry, for typical and hostile entries.
func BenchmarkMemory(b *testing.B) {
	for _, tc := range []struct {
		name   string
		mk     func(int) Entry
		events int
	}{{"typical", typical, 0}, {"hostile", hostile, MaxEvents + 1}} {
		b.Run(tc.name, func(b *testing.B) {
			var per float64
			for b.Loop() {
				per = heapPerEntry(tc.mk, tc.events, DefaultCapacity)
			}
			b.ReportMetric(per, "B/entry")
			b.ReportMetric(per*DefaultCapacity/(1<<20), "MiB/full")
		})
	}
}

// TestMemoryBound checks that a full journal of entries that reach every
// cap stays under the worst case the package documents (about 40 MiB at
// DefaultCapacity), and typical entries near the documented 3.5 KiB.
func TestMemoryBound(t *testing.T) {
	// 50 entries average out allocator noise; BenchmarkMemory fills the
	// whole DefaultCapacity.
	if per := heapPerEntry(hostile, MaxEvents+1, 50); per > 40<<10 {
		t.Errorf("hostile entries hold %.0f bytes each, over 40 KiB", per)
	}
	if per := heapPerEntry(typical, 0, 50); per > 5<<10 {
		t.Errorf("typical entries hold %.0f bytes each, over 5 KiB", per)
	}
}

func FuzzAppendCapped(f *testing.F) {
	f.Add("hello", 3)
	f.Add(strings.Repeat("é", 40), 20)
	f.Add("\xff\xfe", 1)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		limit = max(limit%2048, 0)
		out := string(appendCapped(nil, s, limit))
		if len(s) <= limit {
			if out != s {
				t.Fatalf("uncut %q became %q", s, out)
			}
			return
		}
		kept, ok := strings.CutSuffix(out, "…("+strconv.Itoa(len(s))+" bytes)")
		if !ok || !strings.HasPrefix(s, kept) {
			t.Fatalf("cut of %q to %d = %q", s, limit, out)
		}
		if limit >= suffixLen(len(s)) && len(out) > limit {
			t.Fatalf("cut to %d is %d bytes", limit, len(out))
		}
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("cut of valid UTF-8 %q is invalid: %q", s, out)
		}
	})
}

func FuzzPackResponse(f *testing.F) {
	f.Add([]byte(`{"a":1}`))
	f.Add([]byte(`{"a":`))
	f.Add([]byte("\x00\"\\\xff日本"))
	f.Fuzz(func(t *testing.T, body []byte) {
		out, cut := packResponse(body)
		if len(body) == 0 {
			if out != nil || cut {
				t.Fatalf("empty body gave %q %v", out, cut)
			}
			return
		}
		if !json.Valid(out) || len(out) > MaxResponse {
			t.Fatalf("%q gave invalid or long %q", body, out)
		}
		// Long bodies are always cut; short JSON never is (short non-JSON
		// may be, when its escapes do not fit).
		if len(body) > MaxResponse && !cut || json.Valid(body) && len(body) <= MaxResponse && cut {
			t.Fatalf("%d-byte body: cut = %v", len(body), cut)
		}
		if json.Valid(body) && len(body) <= MaxResponse && string(out) != string(body) {
			t.Fatalf("valid JSON %q changed to %q", body, out)
		}
		if !json.Valid(body) || len(body) > MaxResponse {
			var s string
			if err := json.Unmarshal(out, &s); err != nil {
				t.Fatalf("%q: not a JSON string: %v", out, err)
			}
			// Each invalid byte becomes one U+FFFD, as []rune does.
			if !strings.HasPrefix(string([]rune(string(body))), s) {
				t.Fatalf("%q is not a prefix of %q", s, body)
			}
		}
	})
}
