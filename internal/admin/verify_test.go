package admin_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/mocktest"
	"github.com/mockekyc/mockekyc/internal/scenario"
)

const (
	traffNIK   = "3171024302821001"
	markerNIK  = "3171024302821002"
	traffPhone = "+628958000001"
)

// traffic is the journal the verification tests read, oldest first: the
// ids of an NIK inquiry (with X-Trace: abc), a phone inquiry, an OCR of
// an image marked scenario=forged with another NIK (at Epoch+1h), and a
// call with a wrong key (at Epoch+2h); and the OCR image's digest.
type traffic struct {
	nikID, phoneID, ocrID, badID uint64
	digest                       string
}

func ekycpro(t testing.TB, h *mocktest.Harness, path, key string, form url.Values, extra http.Header) uint64 {
	t.Helper()
	hdr := http.Header{"X-Api-Key": {key}, "Content-Type": {"application/x-www-form-urlencoded"}}
	for k, v := range extra {
		hdr[k] = v
	}
	res := h.Do(h.Request(http.MethodPost, "/ekycpro"+path, strings.NewReader(form.Encode()), hdr))
	if key == "AbcdEfgh" && res.Status != 200 {
		t.Fatalf("%s: HTTP %d %s", path, res.Status, res.Body)
	}
	return h.LastEntry().ID
}

func advance(t testing.TB, h *mocktest.Harness, d string) {
	t.Helper()
	if st, body := h.Admin(http.MethodPost, "/clock", `{"advance":"`+d+`"}`); st != 200 {
		t.Fatalf("clock: %d %v", st, body)
	}
}

func makeTraffic(t testing.TB, h *mocktest.Harness) traffic {
	t.Helper()
	var tr traffic
	tr.nikID = ekycpro(t, h, "/v1/ididinquiries", "AbcdEfgh", mocktest.Pairs("id", traffNIK), http.Header{"X-Trace": {"abc"}})
	tr.phoneID = ekycpro(t, h, "/v1/ididphoneinquiries", "AbcdEfgh", mocktest.Pairs("phone", traffPhone), nil)
	advance(t, h, "1h")
	img := mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 12, Height: 8, Marker: "scenario=forged; nik=" + markerNIK})
	sum := sha256.Sum256(img)
	tr.digest = hex.EncodeToString(sum[:])
	tr.ocrID = ekycpro(t, h, "/v1/id_ocr/general", "AbcdEfgh", mocktest.Pairs("img", mocktest.B64(img)), nil)
	advance(t, h, "1h")
	tr.badID = ekycpro(t, h, "/v1/id_ocr/general", "wrong", mocktest.Pairs("a", "b"), nil)
	return tr
}

// TestJournalFilters: each filter of GET /__admin/requests selects the
// requests it names, and GET /__admin/requests/count counts the same.
func TestJournalFilters(t *testing.T) {
	h := mocktest.New(t)
	tr := makeTraffic(t, h)
	at := func(d time.Duration) string { return url.QueryEscape(mocktest.Epoch.Add(d).Format(time.RFC3339)) }
	for _, tc := range []struct {
		query string
		want  []uint64 // newest first
	}{
		{"", []uint64{tr.badID, tr.ocrID, tr.phoneID, tr.nikID}},
		{"field.id=" + traffNIK, []uint64{tr.nikID}},
		{"field.phone=" + url.QueryEscape(traffPhone), []uint64{tr.phoneID}},
		{"nik=" + traffNIK, []uint64{tr.nikID}},
		// The OCR's subject is the person its marker names.
		{"nik=" + markerNIK, []uint64{tr.ocrID}},
		// Phones compare as a rule's match.phone does: one spelling.
		{"phone=08958000001", []uint64{tr.phoneID}},
		{"phone=" + url.QueryEscape("+62 895-8000-001"), []uint64{tr.phoneID}},
		{"digest=" + tr.digest, []uint64{tr.ocrID}},
		{"digest=" + strings.ToUpper(tr.digest[:12]), []uint64{tr.ocrID}},
		{"marker=forged", []uint64{tr.ocrID}},
		{"marker=nik=" + markerNIK, []uint64{tr.ocrID}},
		{"marker=blurry", nil},
		{"header.X-Trace=abc", []uint64{tr.nikID}},
		{"header.x-trace=abc", []uint64{tr.nikID}},
		{"header.X-Trace=abd", nil},
		// X-API-Key is secret: the journal has its fingerprint, and the
		// filter finds it by the key itself (or by the fingerprint).
		{"header.X-API-Key=AbcdEfgh", []uint64{tr.ocrID, tr.phoneID, tr.nikID}},
		{"header.X-API-Key=" + url.QueryEscape(journal.Fingerprint("AbcdEfgh")), []uint64{tr.ocrID, tr.phoneID, tr.nikID}},
		{"header.X-API-Key=wrong", []uint64{tr.badID}},
		{"since=" + at(time.Hour), []uint64{tr.badID, tr.ocrID}},
		{"until=" + at(time.Hour), []uint64{tr.ocrID, tr.phoneID, tr.nikID}},
		{"since=" + at(30*time.Minute) + "&until=" + at(90*time.Minute), []uint64{tr.ocrID}},
		{"since=" + fmt.Sprint(tr.phoneID) + "&until=" + at(time.Hour), []uint64{tr.ocrID}},
		{"vendor=ekycpro&status=200&nik=" + traffNIK, []uint64{tr.nikID}},
		{"status=401", []uint64{tr.badID}},
		{"endpoint=idOcr&limit=1", []uint64{tr.badID}},
		{"endpoint=idOcr&marker=forged&limit=5", []uint64{tr.ocrID}},
	} {
		got := get[admin.RequestList](t, h, http.MethodGet, "/requests?"+tc.query, "", 200)
		var ids []uint64
		for _, e := range got.Requests {
			ids = append(ids, e.ID)
		}
		if !slices.Equal(ids, tc.want) || got.Count != len(tc.want) {
			t.Errorf("?%s: ids %v (count %d), want %v", tc.query, ids, got.Count, tc.want)
		}
		if strings.Contains(tc.query, "limit=") {
			continue
		}
		if n := get[admin.RequestCount](t, h, http.MethodGet, "/requests/count?"+tc.query, "", 200); n.Count != len(tc.want) {
			t.Errorf("count?%s = %d, want %d", tc.query, n.Count, len(tc.want))
		}
	}
	// The journal shows what the filters read: the subject, and the secret
	// header as its fingerprint.
	e := get[admin.Entry](t, h, http.MethodGet, fmt.Sprintf("/requests/%d", tr.phoneID), "", 200)
	if e.Phone == "" || e.NIK != "" || e.RequestHeaders["X-Api-Key"] != journal.Fingerprint("AbcdEfgh") {
		t.Errorf("phone entry: nik %q phone %q headers %v", e.NIK, e.Phone, e.RequestHeaders)
	}
}

// TestJournalFilterErrors: a filter the mock cannot read is a 400 naming
// it, on the list and on the count alike, never an empty answer.
func TestJournalFilterErrors(t *testing.T) {
	h := mocktest.New(t)
	for _, tc := range []struct{ query, want string }{
		{"nki=3171024302821001", `unknown filter "nki" (filters: vendor, endpoint, credential, code, status, nik, phone, digest, marker, since, until`},
		{"vendor=ekycpro&vendor=izidata", "vendor is given 2 times"},
		{"phone=abc", `phone "abc" has no digits`},
		{"digest=xyz", `digest "xyz" must be 8 to 64 hex characters`},
		{"digest=abc", `digest "abc" must be 8 to 64 hex characters`},
		{"header.X%20Trace=1", `header name "X Trace" is not an HTTP token`},
		{"field.=1", "field.<name>=<value> needs a name"},
		{"until=yesterday", `until must be an RFC 3339 time`},
		{"until=42", `until must be an RFC 3339 time`},
		{"since=soon", `since must be a request id`},
		{"status=ok", `status must be a whole number, got "ok"`},
		{"vendor=bogus", `unknown vendor "bogus"`},
	} {
		failing(t, h, http.MethodGet, "/requests?"+tc.query, "", 400, tc.want)
		failing(t, h, http.MethodGet, "/requests/count?"+tc.query, "", 400, tc.want)
	}
	// limit bounds a list; a count has nothing to bound.
	failing(t, h, http.MethodGet, "/requests/count?limit=1", "", 400, `unknown filter "limit"`)
}

// TestVerify: POST /__admin/verify answers 200 when the expectation holds,
// with the matching requests and why each was answered as it was.
func TestVerify(t *testing.T) {
	h := mocktest.New(t)
	tr := makeTraffic(t, h)
	for _, tc := range []struct {
		body     string
		expected string
		matched  []uint64
	}{
		{`{"vendor":"ekycpro","endpoint":"idInquiries","nik":"` + traffNIK + `"}`, "at least 1", []uint64{tr.nikID}},
		{`{"vendor":"ekycpro","count":3,"header":{"X-API-Key":"AbcdEfgh"}}`, "exactly 3", []uint64{tr.ocrID, tr.phoneID, tr.nikID}},
		{`{"phone":"08958000001","field":{"phone":"` + traffPhone + `"},"at_least":1,"at_most":1}`, "exactly 1", []uint64{tr.phoneID}},
		{`{"marker":"forged","digest":"` + tr.digest[:16] + `","at_least":1,"at_most":2}`, "between 1 and 2", []uint64{tr.ocrID}},
		{`{"nik":"3171024302821009","at_most":0}`, "exactly 0", nil},
		{`{"nik":"3171024302821009","at_most":2}`, "at most 2", nil},
		{`{"credential":"AbcdEfgh","since":"` + fmt.Sprint(tr.phoneID) + `"}`, "at least 1", []uint64{tr.ocrID}},
		{`{"status":401,"until":"` + mocktest.Epoch.Add(2*time.Hour).Format(time.RFC3339) + `"}`, "at least 1", []uint64{tr.badID}},
		{`{}`, "at least 1", []uint64{tr.badID, tr.ocrID, tr.phoneID, tr.nikID}},
	} {
		got := get[admin.Verification](t, h, http.MethodPost, "/verify", tc.body, 200)
		var ids []uint64
		for _, r := range got.Requests {
			ids = append(ids, r.ID)
		}
		if !got.OK || got.Error != "" || got.Expected != tc.expected || got.Matched != len(tc.matched) || !slices.Equal(ids, tc.matched) || got.Nearest != nil {
			t.Errorf("%s: %+v, want %s of %v", tc.body, got, tc.expected, tc.matched)
		}
	}
	got := get[admin.Verification](t, h, http.MethodPost, "/verify", `{"endpoint":"idInquiries"}`, 200)
	r := got.Requests[0]
	if r.ID != tr.nikID || r.Vendor != "ekycpro" || r.Method != "POST" || r.Path != "/ekycpro/v1/ididinquiries" || r.Credential != journal.Fingerprint("AbcdEfgh") ||
		r.Status != 200 || r.Code != "OK" || r.Why != "natural" || r.Time != mocktest.Epoch.Format(time.RFC3339Nano) {
		t.Errorf("summary %+v", r)
	}
}

// TestVerifyFails: an expectation the journal does not meet is a 422
// whose error says what was expected and found, and, when too few
// matched, lists the nearest requests with each condition they missed
// and what they had instead; a secret shown only as its fingerprint.
func TestVerifyFails(t *testing.T) {
	h := mocktest.New(t)
	tr := makeTraffic(t, h)
	// A rule decides the next NIK inquiry: the near miss says so.
	h.AddRules(`{"name":"busy-nik","vendor":"ekycpro","endpoint":"idInquiries","match":{"nik":"` + traffNIK + `"},"respond":{"code":"RETRY_LATER"}}`)
	ruled := ekycpro(t, h, "/v1/ididinquiries", "AbcdEfgh", mocktest.Pairs("id", traffNIK), nil)

	res := call(t, h, http.MethodPost, "/verify", `{"vendor":"ekycpro","endpoint":"idInquiries","nik":"`+traffNIK+`","code":"OK","since":"`+fmt.Sprint(tr.badID)+`"}`, admin.StatusVerifyFailed)
	got := decode[admin.Verification](t, res)
	if got.OK || got.Matched != 0 || len(got.Requests) != 0 || got.Expected != "at least 1" ||
		got.Error != "expected at least 1 request matching vendor=ekycpro, endpoint=idInquiries, code=OK, nik="+traffNIK+", found 0" {
		t.Errorf("verification %+v", got)
	}
	want := []admin.NearMiss{{
		Request: admin.RequestSummary{ID: ruled, Time: mocktest.Epoch.Add(2 * time.Hour).Format(time.RFC3339Nano), Vendor: "ekycpro", Endpoint: "idInquiries", Method: "POST",
			Path: "/ekycpro/v1/ididinquiries", Credential: journal.Fingerprint("AbcdEfgh"), Status: 200, Code: "RETRY_LATER", Message: got.Nearest[0].Request.Message, Why: "scenario", Rule: "busy-nik"},
		Met: 3, Of: 4, Mismatches: []admin.Mismatch{{Condition: "code", Want: "OK", Had: "RETRY_LATER"}},
	}}
	if fmt.Sprint(got.Nearest) != fmt.Sprint(want) || got.Nearest[0].Request.Message == "" {
		t.Errorf("nearest\n%+v\nwant\n%+v", got.Nearest, want)
	}

	// Ranked by conditions met, newest first among equals; at most 5.
	got = decode[admin.Verification](t, call(t, h, http.MethodPost, "/verify",
		`{"vendor":"ekycpro","endpoint":"idOcr","marker":"blurry","header":{"X-API-Key":"nope-nope-nope-nope"}}`, admin.StatusVerifyFailed))
	var order []string
	for _, n := range got.Nearest {
		order = append(order, fmt.Sprintf("%d:%d/%d", n.Request.ID, n.Met, n.Of))
	}
	wantOrder := []string{fmt.Sprintf("%d:2/4", tr.badID), fmt.Sprintf("%d:2/4", tr.ocrID), fmt.Sprintf("%d:1/4", ruled), fmt.Sprintf("%d:1/4", tr.phoneID), fmt.Sprintf("%d:1/4", tr.nikID)}
	if !slices.Equal(order, wantOrder) {
		t.Errorf("nearest order %v, want %v", order, wantOrder)
	}
	ocr := got.Nearest[1]
	wantMiss := []admin.Mismatch{
		{Condition: "marker", Want: "blurry", Had: "nik=" + markerNIK + " scenario=forged"},
		{Condition: "header.X-API-Key", Want: journal.Fingerprint("nope-nope-nope-nope"), Had: journal.Fingerprint("AbcdEfgh")},
	}
	if !slices.Equal(ocr.Mismatches, wantMiss) {
		t.Errorf("OCR mismatches %+v, want %+v", ocr.Mismatches, wantMiss)
	}
	if strings.Contains(string(call(t, h, http.MethodPost, "/verify", `{"header":{"X-API-Key":"nope-nope-nope-nope"}}`, admin.StatusVerifyFailed).Body), "nope-nope") {
		t.Error("a failed verification shows the secret it was given")
	}
	// A mismatch on a missing value says it was missing.
	got = decode[admin.Verification](t, call(t, h, http.MethodPost, "/verify", `{"endpoint":"idOcr","phone":"0811","header":{"X-Trace":"x"},"field":{"img":"x"}}`, admin.StatusVerifyFailed))
	var missing []admin.Mismatch
	for _, n := range got.Nearest {
		if n.Request.ID == tr.ocrID {
			missing = n.Mismatches
		}
	}
	if want := []admin.Mismatch{{Condition: "phone", Want: "0811", Had: "(none read)"}, {Condition: "header.X-Trace", Want: "x", Had: "(not sent)"}, {Condition: "field.img", Want: "x", Had: "(not recorded)"}}; !slices.Equal(missing, want) {
		t.Errorf("missing values %+v, want %+v", missing, want)
	}

	// Too many: the matches are listed, and no near misses.
	got = decode[admin.Verification](t, call(t, h, http.MethodPost, "/verify", `{"vendor":"ekycpro","status":200,"at_most":1}`, admin.StatusVerifyFailed))
	if got.OK || got.Matched != 4 || len(got.Requests) != 4 || got.Nearest != nil || got.Error != "expected at most 1 request matching vendor=ekycpro, status=200, found 4" {
		t.Errorf("too many %+v", got)
	}
	got = decode[admin.Verification](t, call(t, h, http.MethodPost, "/verify", `{"endpoint":"idInquiries","count":1}`, admin.StatusVerifyFailed))
	if got.Matched != 2 || got.Expected != "exactly 1" || got.Error != "expected exactly 1 request matching endpoint=idInquiries, found 2" {
		t.Errorf("count %+v", got)
	}
	// An empty window says how many requests it held.
	got = decode[admin.Verification](t, call(t, h, http.MethodPost, "/verify", `{"since":"`+fmt.Sprint(ruled)+`"}`, admin.StatusVerifyFailed))
	if got.Error != "expected at least 1 request matching any request, found 0 (the journal holds 0 requests in the window)" {
		t.Errorf("empty window %+v", got)
	}
}

// TestVerifyBadExpectation: an expectation the mock cannot read is a 400
// with the admin error, not a failed verification.
func TestVerifyBadExpectation(t *testing.T) {
	h := mocktest.New(t)
	for _, tc := range []struct{ body, want string }{
		{`{"nki":"3171024302821001"}`, `unknown field "nki"`},
		{`not json`, "want an expectation such as"},
		{`{"count":1,"at_least":1}`, "give count, or at_least and at_most, not both"},
		{`{"at_least":3,"at_most":2}`, "at_least 3 is more than at_most 2"},
		{`{"at_most":-1}`, "at_most must be 0 or more, got -1"},
		{`{"status":-1}`, "status must be a whole number, got -1"},
		{`{"vendor":"bogus"}`, `unknown vendor "bogus"`},
		{`{"vendor":"ekycpro","endpoint":"ktpOcr"}`, `unknown endpoint "ktpOcr" of ekycpro`},
		{`{"credential":"typo"}`, `unknown credential "typo"`},
		{`{"digest":"zz"}`, `digest "zz" must be 8 to 64 hex characters`},
		{`{"header":{"Bad Name":"x"}}`, `header name "Bad Name" is not an HTTP token`},
		{`{"until":"tomorrow"}`, "until must be an RFC 3339 time"},
	} {
		failing(t, h, http.MethodPost, "/verify", tc.body, 400, tc.want)
	}
}

// serve answers a request in process: the harness's own Do and Request
// report to the *testing.F, which a fuzz function must not use.
func serve(h *mocktest.Harness, method, target, body string) mocktest.Result {
	rec := httptest.NewRecorder()
	h.Server.ServeHTTP(rec, httptest.NewRequest(method, target, strings.NewReader(body)))
	return mocktest.Result{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// FuzzJournalQuery: any query of /requests/count is a 200 count or the
// admin 400, and the list agrees with the count.
func FuzzJournalQuery(f *testing.F) {
	for _, s := range []string{"", "nik=3171024302821001", "phone=0811&digest=abcdef12", "header.X-Trace=abc&field.id=1", "marker=nik=1",
		"since=1&until=2030-01-01T00:00:00Z", "vendor=ekycpro&endpoint=idOcr", "status=200&limit=1", "header.=1", "%zz", "a=1&a=2"} {
		f.Add(s)
	}
	h := mocktest.New(f)
	makeTraffic(f, h)
	f.Fuzz(func(t *testing.T, q string) {
		defer h.Bind(t)()
		if strings.ContainsAny(q, "# \t\r\n") || strings.ContainsFunc(q, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
			return // not one request line's query
		}
		res := serve(h, http.MethodGet, "/__admin/requests/count?"+q, "")
		switch res.Status {
		case 200:
			n := decode[admin.RequestCount](t, res)
			list := decode[admin.RequestList](t, serve(h, http.MethodGet, "/__admin/requests?"+q, ""))
			if list.Count != n.Count {
				t.Errorf("?%s: list %d, count %d", q, list.Count, n.Count)
			}
		case 400:
			if e := decode[admin.Error](t, res); e.Error == "" {
				t.Errorf("?%s: an empty error", q)
			}
		default:
			t.Errorf("?%s: HTTP %d %s", q, res.Status, res.Body)
		}
	})
}

// FuzzVerify: any body of /verify is a 200 or 422 verification or the
// admin 400.
func FuzzVerify(f *testing.F) {
	for _, s := range []string{`{}`, `{"nik":"3171024302821001","count":1}`, `{"header":{"X-Api-Key":"AbcdEfgh"},"at_most":0}`,
		`{"marker":"forged","digest":"abcdef12"}`, `{"since":"2","until":"2030-01-01T00:00:00Z"}`, `{"at_least":2,"at_most":1}`, `[]`, `{"field":{"":""}}`} {
		f.Add(s)
	}
	h := mocktest.New(f)
	makeTraffic(f, h)
	f.Fuzz(func(t *testing.T, body string) {
		defer h.Bind(t)()
		res := serve(h, http.MethodPost, "/__admin/verify", body)
		switch res.Status {
		case 200, admin.StatusVerifyFailed:
			v := decode[admin.Verification](t, res)
			if v.OK != (res.Status == 200) || v.OK == (v.Error != "") || len(v.Requests) != min(v.Matched, admin.MaxVerifyListed) || len(v.Nearest) > admin.MaxNearest {
				t.Errorf("%s: HTTP %d %+v", body, res.Status, v)
			}
		case 400:
			if e := decode[admin.Error](t, res); e.Error == "" {
				t.Errorf("%s: an empty error", body)
			}
		default:
			t.Errorf("%s: HTTP %d %s", body, res.Status, res.Body)
		}
	})
}

// TestWireVerify: a Verify built in Go (as a typed client builds it)
// travels with a rule's match keys at the top level, and the answers
// decode strictly into Verification and RequestCount.
func TestWireVerify(t *testing.T) {
	h := mocktest.New(t)
	tr := makeTraffic(t, h)
	one := 1
	v := admin.Verify{Vendor: "ekycpro", Endpoint: "idInquiries", Match: scenario.Match{NIK: traffNIK, Header: map[string]string{"X-Trace": "abc"}}, Count: &one}
	body, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"vendor":"ekycpro","endpoint":"idInquiries","nik":"` + traffNIK + `","header":{"X-Trace":"abc"},"count":1}`; string(body) != want {
		t.Errorf("Verify encodes as\n%s\nwant\n%s", body, want)
	}
	got := get[admin.Verification](t, h, http.MethodPost, "/verify", string(body), 200)
	if !got.OK || got.Matched != 1 || got.Requests[0].ID != tr.nikID {
		t.Errorf("verification %+v", got)
	}
	if n := get[admin.RequestCount](t, h, http.MethodGet, "/requests/count?vendor=ekycpro", "", 200); n.Count != 4 {
		t.Errorf("count %+v", n)
	}
	res := call(t, h, http.MethodGet, "/verify", "", 405)
	if res.Header.Get("Allow") != "POST" {
		t.Errorf("GET /verify: Allow %q", res.Header.Get("Allow"))
	}
}
