package journal

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
	"unsafe"
)

var t0 = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

// typical is an entry shaped like a real vendor request: a dozen headers,
// a few form fields, two images, a signature note and a small JSON answer.
func typical(i int) Entry {
	return Entry{
		Time:       t0.Add(time.Duration(i) * time.Millisecond),
		DurationMS: 1.25,
		Vendor:     "izidata",
		Endpoint:   "ocr_ktp",
		Method:     "POST",
		Host:       "127.0.0.1:8080",
		Path:       "/v1/ocr/ktp",
		Query:      "lang=id",
		RemoteAddr: "127.0.0.1:53122",
		Credential: "YOUR_ACCESS_KEY",
		RequestHeaders: map[string]string{
			"Content-Type":    "multipart/form-data; boundary=----abc123",
			"User-Agent":      "okhttp/4.12.0",
			"Accept":          "application/json",
			"Accept-Encoding": "gzip",
			"Authorization":   "HMAC-SHA256 ak=YOUR_ACCESS_KEY, sig=3f2a9c0e1b7d4a5f8e6c2b1a0d9f8e7c",
			"X-Timestamp":     "1740816000",
			"X-Nonce":         "a1b2c3d4e5f6",
			"X-Request-Id":    fmt.Sprintf("req-%08d", i),
			"Content-Length":  "183422",
			"Connection":      "keep-alive",
			"Host":            "127.0.0.1:8080",
			"Traceparent":     "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
		},
		Fields: map[string]string{
			"nik":        "3171234567890001",
			"name":       "BUDI SANTOSO",
			"birth_date": "1990-01-31",
			"trx_id":     fmt.Sprintf("trx-%d", i),
		},
		Images: []Image{
			{Field: "ktp_image", Size: 181234, Digest: "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Format: "jpeg", Width: 1280, Height: 806},
			{Field: "selfie", Size: 95211, Digest: "sha256:60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", Format: "jpeg", Width: 720, Height: 960, Marker: map[string]string{"liveness": "fail"}},
		},
		BodyBytes: 276812,
		Status:    200,
		Code:      "SUCCESS",
		Message:   "OK",
		Charged:   true,
		Why:       "natural",
		Response:  json.RawMessage(`{"code":"SUCCESS","message":"OK","data":{"nik":"3171234567890001","name":"BUDI SANTOSO","birth_place":"JAKARTA","birth_date":"31-01-1990","gender":"LAKI-LAKI","address":"JL. MERDEKA NO. 1"},"trx_id":"trx-1"}`),
		Notes: map[string]string{
			"canonical_request": "POST\n/v1/ocr/ktp\nlang=id\nx-nonce:a1b2c3d4e5f6\nx-timestamp:1740816000\n\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		},
	}
}

func TestNewCapacity(t *testing.T) {
	for _, tc := range []struct{ in, want int }{
		{0, DefaultCapacity}, {-3, DefaultCapacity}, {1, 1}, {7, 7},
	} {
		if got := New(tc.in).Cap(); got != tc.want {
			t.Errorf("New(%d).Cap() = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestEviction(t *testing.T) {
	j := New(3)
	for i := 1; i <= 5; i++ {
		e := typical(i)
		e.Code = fmt.Sprint("C", i)
		if id := j.Append(e); id != uint64(i) {
			t.Fatalf("Append #%d returned ID %d", i, id)
		}
		if want := min(i, 3); j.Len() != want {
			t.Fatalf("after %d appends Len = %d, want %d", i, j.Len(), want)
		}
	}
	for id := uint64(0); id <= 6; id++ {
		e, ok := j.Get(id)
		if wantOK := id >= 3 && id <= 5; ok != wantOK {
			t.Errorf("Get(%d) ok = %v, want %v", id, ok, wantOK)
			continue
		}
		if ok && (e.ID != id || e.Code != fmt.Sprint("C", id)) {
			t.Errorf("Get(%d) = entry %d code %q", id, e.ID, e.Code)
		}
	}
	if got := ids(j.List(Filter{})); got != "5 4 3" {
		t.Errorf("List = %s, want 5 4 3", got)
	}
}

func ids(es []Entry) string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = fmt.Sprint(e.ID)
	}
	return strings.Join(s, " ")
}

func TestList(t *testing.T) {
	j := New(10)
	for _, e := range []Entry{
		{Vendor: "izidata", Endpoint: "ocr", Code: "SUCCESS", Status: 200, Credential: "a"},  // 1
		{Vendor: "advance", Endpoint: "ocr", Code: "SUCCESS", Status: 200, Credential: "b"},  // 2
		{Vendor: "izidata", Endpoint: "face", Code: "NO_FACE", Status: 200, Credential: "a"}, // 3
		{Vendor: "izidata", Endpoint: "ocr", Code: "UNAUTH", Status: 401, Credential: ""},    // 4
		{Vendor: "verihubs", Endpoint: "ocr", Code: "SUCCESS", Status: 200, Credential: "a"}, // 5
	} {
		j.Append(e)
	}
	for _, tc := range []struct {
		name string
		f    Filter
		want string
	}{
		{"all newest first", Filter{}, "5 4 3 2 1"},
		{"vendor", Filter{Vendor: "izidata"}, "4 3 1"},
		{"endpoint", Filter{Endpoint: "ocr"}, "5 4 2 1"},
		{"code", Filter{Code: "SUCCESS"}, "5 2 1"},
		{"credential", Filter{Credential: "a"}, "5 3 1"},
		{"status", Filter{Status: 401}, "4"},
		{"combined", Filter{Vendor: "izidata", Endpoint: "ocr", Status: 200}, "1"},
		{"since", Filter{SinceID: 3}, "5 4"},
		{"since newest", Filter{SinceID: 5}, ""},
		{"since beyond", Filter{SinceID: 99}, ""},
		{"limit", Filter{Limit: 2}, "5 4"},
		{"limit with filter", Filter{Vendor: "izidata", Limit: 2}, "4 3"},
		{"negative limit is all", Filter{Limit: -1}, "5 4 3 2 1"},
		{"no match", Filter{Vendor: "ekycpro"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(j.List(tc.f)); got != tc.want {
				t.Errorf("List(%+v) = %q, want %q", tc.f, got, tc.want)
			}
		})
	}
}

func TestClear(t *testing.T) {
	j := New(3)
	j.Append(Entry{Code: "a"})
	j.Append(Entry{Code: "b"})
	j.Clear()
	if j.Len() != 0 || len(j.List(Filter{})) != 0 {
		t.Fatalf("after Clear: Len %d, List %d", j.Len(), len(j.List(Filter{})))
	}
	if _, ok := j.Get(2); ok {
		t.Error("Get(2) found a cleared entry")
	}
	// IDs continue, so a client polling with SinceID sees only new ones.
	for i := 3; i <= 7; i++ {
		if id := j.Append(Entry{Code: fmt.Sprint(i)}); id != uint64(i) {
			t.Fatalf("Append after Clear returned %d, want %d", id, i)
		}
	}
	if got := ids(j.List(Filter{})); got != "7 6 5" {
		t.Errorf("List = %q, want 7 6 5", got)
	}
	if got := ids(j.List(Filter{SinceID: 2})); got != "7 6 5" {
		t.Errorf("List since 2 = %q, want 7 6 5", got)
	}
	j.Clear()
	j.Append(Entry{})
	if j.Len() != 1 || ids(j.List(Filter{})) != "8" {
		t.Errorf("after second Clear and one Append: Len %d, List %q", j.Len(), ids(j.List(Filter{})))
	}
}

func TestAppendCopies(t *testing.T) {
	j := New(2)
	e := typical(1)
	resp := []byte(`{"a":1}`)
	e.Response = resp
	big := strings.Repeat("p", 10000)
	e.Path = big
	id := j.Append(e)

	e.RequestHeaders["User-Agent"] = "changed"
	e.Fields["nik"] = "changed"
	e.Images[1].Marker["liveness"] = "changed"
	e.Notes["canonical_request"] = "changed"
	resp[1] = 'X'

	got, _ := j.Get(id)
	want := typical(1)
	if got.RequestHeaders["User-Agent"] != want.RequestHeaders["User-Agent"] ||
		got.Fields["nik"] != want.Fields["nik"] ||
		got.Images[1].Marker["liveness"] != "fail" ||
		got.Notes["canonical_request"] != want.Notes["canonical_request"] ||
		string(got.Response) != `{"a":1}` {
		t.Errorf("kept entry changed with the caller's data: %+v", got)
	}
	// A cut string must not point into the caller's string, or the whole
	// original would stay alive.
	p0 := uintptr(unsafe.Pointer(unsafe.StringData(big)))
	p := uintptr(unsafe.Pointer(unsafe.StringData(got.Path)))
	if p >= p0 && p < p0+uintptr(len(big)) {
		t.Error("kept Path points into the caller's 10 kB string")
	}
}

func TestCaps(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	many := func(n int) map[string]string {
		m := make(map[string]string, n)
		for i := range n {
			m[fmt.Sprintf("k%03d", i)] = "v"
		}
		return m
	}
	for _, tc := range []struct {
		name  string
		e     Entry
		check func(t *testing.T, e Entry)
	}{
		{"header value", Entry{RequestHeaders: map[string]string{"X": long(1000)}}, func(t *testing.T, e Entry) {
			v := e.RequestHeaders["X"]
			if len(v) > MaxHeader || !strings.HasSuffix(v, "…(1000 bytes)") || !strings.HasPrefix(v, "xxxx") {
				t.Errorf("len %d, value %q…", len(v), v[:min(len(v), 20)])
			}
		}},
		{"header at cap kept whole", Entry{RequestHeaders: map[string]string{"X": long(MaxHeader)}}, func(t *testing.T, e Entry) {
			if e.RequestHeaders["X"] != long(MaxHeader) {
				t.Errorf("value of exactly MaxHeader bytes was changed")
			}
		}},
		{"field value", Entry{Fields: map[string]string{"name": long(300)}}, func(t *testing.T, e Entry) {
			v := e.Fields["name"]
			if len(v) > MaxField || !strings.HasSuffix(v, "…(300 bytes)") {
				t.Errorf("len %d, value %q", len(v), v)
			}
		}},
		{"cut on rune boundary", Entry{Fields: map[string]string{"name": strings.Repeat("é", 200)}}, func(t *testing.T, e Entry) {
			v := e.Fields["name"]
			if !utf8.ValidString(v) || len(v) > MaxField || !strings.HasSuffix(v, "…(400 bytes)") {
				t.Errorf("len %d valid %v: %q", len(v), utf8.ValidString(v), v)
			}
		}},
		{"long key", Entry{Fields: map[string]string{long(200): "v"}}, func(t *testing.T, e Entry) {
			for k := range e.Fields {
				if len(k) > MaxKey || !strings.HasSuffix(k, "…(200 bytes)") {
					t.Errorf("key len %d: %q", len(k), k)
				}
			}
		}},
		{"scalar", Entry{Path: long(5000), Query: long(10)}, func(t *testing.T, e Entry) {
			if len(e.Path) > MaxString || !strings.HasSuffix(e.Path, "…(5000 bytes)") || e.Query != long(10) {
				t.Errorf("path len %d, query %q", len(e.Path), e.Query)
			}
		}},
		{"too many headers", Entry{RequestHeaders: many(MaxHeaders + 5)}, func(t *testing.T, e Entry) {
			if len(e.RequestHeaders) != MaxHeaders+1 || e.RequestHeaders[OmittedKey] != "(5 more not recorded)" {
				t.Errorf("%d headers, omitted %q", len(e.RequestHeaders), e.RequestHeaders[OmittedKey])
			}
			// The survivors are the first in sorted order, not random ones.
			if _, ok := e.RequestHeaders[fmt.Sprintf("k%03d", MaxHeaders-1)]; !ok {
				t.Errorf("k%03d missing", MaxHeaders-1)
			}
		}},
		{"too many fields", Entry{Fields: many(MaxFields + 1)}, func(t *testing.T, e Entry) {
			if len(e.Fields) != MaxFields+1 || e.Fields[OmittedKey] != "(1 more not recorded)" {
				t.Errorf("%d fields, omitted %q", len(e.Fields), e.Fields[OmittedKey])
			}
		}},
		{"too many images", Entry{Images: make([]Image, MaxImages+2)}, func(t *testing.T, e Entry) {
			if len(e.Images) != MaxImages || e.ImagesDropped != 2 {
				t.Errorf("%d images, %d dropped", len(e.Images), e.ImagesDropped)
			}
		}},
		{"marker", Entry{Images: []Image{{Marker: many(MaxMarkers + 1)}}}, func(t *testing.T, e Entry) {
			if m := e.Images[0].Marker; len(m) != MaxMarkers+1 || m[OmittedKey] == "" {
				t.Errorf("marker has %d entries: %v", len(m), m)
			}
		}},
		{"note", Entry{Notes: map[string]string{"n": long(3000)}}, func(t *testing.T, e Entry) {
			if v := e.Notes["n"]; len(v) > MaxNote || !strings.HasSuffix(v, "…(3000 bytes)") {
				t.Errorf("note len %d", len(v))
			}
		}},
		{"empty maps stay nil", Entry{Fields: map[string]string{}}, func(t *testing.T, e Entry) {
			if e.Fields != nil || e.RequestHeaders != nil || e.Images != nil {
				t.Errorf("got %v %v %v", e.Fields, e.RequestHeaders, e.Images)
			}
		}},
		{"ints copied", Entry{Status: 429, BodyBytes: 12, DurationMS: 3.5, Charged: true, Time: t0,
			Images: []Image{{Size: 9, Width: 3, Height: 4}}}, func(t *testing.T, e Entry) {
			if e.Status != 429 || e.BodyBytes != 12 || e.DurationMS != 3.5 || !e.Charged || !e.Time.Equal(t0) ||
				e.Images[0].Size != 9 || e.Images[0].Width != 3 || e.Images[0].Height != 4 {
				t.Errorf("got %+v", e)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := New(1)
			got, _ := j.Get(j.Append(tc.e))
			tc.check(t, got)
		})
	}
}

// stringBytes is the number of string bytes an entry holds.
func stringBytes(e *Entry) int {
	n := 0
	for _, s := range scalars(e) {
		n += len(*s)
	}
	maps := []map[string]string{e.Fields, e.RequestHeaders, e.Notes}
	for _, im := range e.Images {
		n += len(im.Field) + len(im.Digest) + len(im.Format)
		maps = append(maps, im.Marker)
	}
	for _, m := range maps {
		for k, v := range m {
			n += len(k) + len(v)
		}
	}
	return n
}

// hostile is an entry with every cap reached, built to use as much memory
// as the journal allows.
func hostile(i int) Entry {
	long := strings.Repeat("é", 5000)
	m := func(n int) map[string]string {
		out := make(map[string]string, n)
		for k := range n {
			out[fmt.Sprintf("%d-%d-%s", i, k, strings.Repeat("k", 100))] = long
		}
		return out
	}
	e := Entry{
		Vendor: long, Endpoint: long, Method: long, Host: long, Path: long, Query: long,
		RemoteAddr: long, Credential: long, Code: long, Message: long, Why: long, Rule: long, Fault: long,
		Fields: m(100), RequestHeaders: m(100), Notes: m(20),
		Response: []byte(strings.Repeat("\x01", 100000)),
	}
	for range 20 {
		e.Images = append(e.Images, Image{Field: long, Digest: long, Format: long, Marker: m(20)})
	}
	return e
}

func TestEntryBudget(t *testing.T) {
	j := New(1)
	got, _ := j.Get(j.Append(hostile(0)))
	// The budget may be overshot by one key and the bare "…(N bytes)"
	// suffixes of values packed after it ran out.
	const slack = MaxKey + 40*len("…(100000 bytes)")
	if n := stringBytes(&got); n > MaxEntryBytes+slack {
		t.Errorf("hostile entry keeps %d string bytes, budget %d", n, MaxEntryBytes)
	}
	if got.RequestHeaders[OmittedKey] == "" {
		t.Error("headers packed last should have been omitted once the budget was spent")
	}
	if len(got.Response) > MaxResponse || !json.Valid(got.Response) || !got.ResponseTruncated || got.ResponseBytes != 100000 {
		t.Errorf("response: %d bytes, valid %v, truncated %v, bytes %d",
			len(got.Response), json.Valid(got.Response), got.ResponseTruncated, got.ResponseBytes)
	}
	if _, err := json.Marshal(got); err != nil {
		t.Errorf("entry does not marshal: %v", err)
	}
}

func TestResponse(t *testing.T) {
	bigJSON := `{"data":"` + strings.Repeat("a", MaxResponse) + `"}`
	for _, tc := range []struct {
		name      string
		in        string
		want      string // exact expected Response; "" = check shape only
		truncated bool
	}{
		{"empty", "", "", false},
		{"json kept verbatim", `{"code":"OK","n":1}`, `{"code":"OK","n":1}`, false},
		{"json at cap kept", `"` + strings.Repeat("b", MaxResponse-2) + `"`, `"` + strings.Repeat("b", MaxResponse-2) + `"`, false},
		{"not json quoted", `<html>oops</html>`, `"\u003chtml\u003eoops\u003c/html\u003e"`, false},
		{"quotes escaped", `a"b\c`, `"a\"b\\c"`, false},
		{"control chars", "a\x00\nb", `"a\u0000\u000ab"`, false},
		{"invalid utf8", "a\xffb", `"a\ufffdb"`, false},
		{"long json cut", bigJSON, "", true},
		{"long escapes cut", strings.Repeat("\x01", 5000), "", true},
		{"short but escapes do not fit", strings.Repeat("\x01", 1000), "", true},
		{"long multibyte cut", strings.Repeat("日本", 2000), "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := New(1)
			e, _ := j.Get(j.Append(Entry{Response: []byte(tc.in)}))
			if e.ResponseBytes != len(tc.in) || e.ResponseTruncated != tc.truncated {
				t.Errorf("ResponseBytes %d truncated %v, want %d %v", e.ResponseBytes, e.ResponseTruncated, len(tc.in), tc.truncated)
			}
			if tc.in == "" {
				if e.Response != nil {
					t.Errorf("Response = %q, want nil", e.Response)
				}
				return
			}
			if !json.Valid(e.Response) || len(e.Response) > MaxResponse {
				t.Fatalf("Response not valid JSON or too long (%d bytes): %.80s", len(e.Response), e.Response)
			}
			if tc.want != "" {
				var a, b any
				_ = json.Unmarshal(e.Response, &a)
				_ = json.Unmarshal([]byte(tc.want), &b)
				if fmt.Sprint(a) != fmt.Sprint(b) {
					t.Errorf("Response = %s, want %s", e.Response, tc.want)
				}
			}
			if tc.truncated {
				var s string
				if err := json.Unmarshal(e.Response, &s); err != nil {
					t.Fatalf("cut response is not a JSON string: %v", err)
				}
				if !strings.HasPrefix(tc.in, s) || len(s) < MaxResponse/8 {
					t.Errorf("cut response %q… is not a long prefix of the body", s[:min(len(s), 20)])
				}
			}
		})
	}
}

func TestAddEvent(t *testing.T) {
	j := New(2)
	id := j.Append(Entry{})
	before, _ := j.Get(id)
	if !j.AddEvent(id, Event{Time: t0, Kind: "callback", Detail: strings.Repeat("d", 2000), OK: true}) {
		t.Fatal("AddEvent on a kept entry returned false")
	}
	got, _ := j.Get(id)
	if len(got.Events) != 1 || len(got.Events[0].Detail) > MaxEventText || !got.Events[0].OK || got.Events[0].Kind != "callback" {
		t.Errorf("events = %+v", got.Events)
	}
	if len(before.Events) != 0 {
		t.Error("an entry returned earlier saw the new event")
	}
	// An entry handed out earlier must not share spare capacity with the
	// journal: a reader appending to its copy would overwrite (and race
	// with) the journal's next event.
	j.AddEvent(id, Event{Kind: "second"})
	j.AddEvent(id, Event{Kind: "third"})
	got, _ = j.Get(id)
	j.AddEvent(id, Event{Kind: "fourth"})
	mine := append(got.Events, Event{Kind: "mine"})
	if kept, _ := j.Get(id); kept.Events[3].Kind != "fourth" || len(mine) != 4 {
		t.Errorf("journal's fourth event became %q", kept.Events[3].Kind)
	}
	for range MaxEvents {
		j.AddEvent(id, Event{Kind: "retry"})
	}
	got, _ = j.Get(id)
	if len(got.Events) != MaxEvents || got.EventsDropped != 4 {
		t.Errorf("%d events, %d dropped; want %d, 4", len(got.Events), got.EventsDropped, MaxEvents)
	}
	for _, missing := range []uint64{0, id + 1, 99} {
		if j.AddEvent(missing, Event{}) {
			t.Errorf("AddEvent(%d) on a missing entry returned true", missing)
		}
	}
	j.Append(Entry{})
	j.Append(Entry{}) // evicts id
	if j.AddEvent(id, Event{}) {
		t.Error("AddEvent on an evicted entry returned true")
	}
}

func TestConcurrent(t *testing.T) {
	const writers, each = 8, 500
	j := New(256)
	var wg sync.WaitGroup
	seen := make([][]uint64, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				id := j.Append(typical(i))
				seen[w] = append(seen[w], id)
				j.AddEvent(id, Event{Kind: "callback"})
			}
		}()
	}
	stop := make(chan struct{})
	var readers sync.WaitGroup
	readers.Add(1)
	go func() {
		defer readers.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			for _, e := range j.List(Filter{Vendor: "izidata", Limit: 50}) {
				_ = len(e.Events) + len(e.RequestHeaders)
				if _, err := json.Marshal(e); err != nil {
					t.Error(err)
				}
			}
			j.Get(uint64(j.Len()))
		}
	}()
	wg.Wait()
	close(stop)
	readers.Wait()

	unique := map[uint64]bool{}
	for _, s := range seen {
		for _, id := range s {
			if unique[id] {
				t.Fatalf("ID %d handed out twice", id)
			}
			unique[id] = true
		}
	}
	if len(unique) != writers*each || !unique[writers*each] || j.Len() != 256 {
		t.Errorf("%d unique IDs, Len %d", len(unique), j.Len())
	}
	list := j.List(Filter{})
	for i := 1; i < len(list); i++ {
		if list[i].ID != list[i-1].ID-1 {
			t.Fatalf("List not consecutive newest first at %d: %d then %d", i, list[i-1].ID, list[i].ID)
		}
	}
}
