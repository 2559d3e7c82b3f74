package main

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/emulate/izidata"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/loadkinds"
	"github.com/mockekyc/mockekyc/internal/reqspec"
	"github.com/mockekyc/mockekyc/specs"
)

// answerKey is what the catalogue documents of an answer.
type answerKey struct {
	vendor, endpoint string
	status           int
	code             string
}

// catalogue is the set of documented answers.
type catalogue map[answerKey]bool

func newCatalogue(eps ...[]admin.CatalogueEndpoint) catalogue {
	c := catalogue{}
	for _, e := range slices.Concat(eps...) {
		for _, a := range e.Answers {
			c[answerKey{e.Vendor, e.OperationID, a.HTTP, a.Code}] = true
		}
	}
	return c
}

// answer is one response to a bad request, with the journal entry the mock
// wrote for it (nil when it wrote none).
type answer struct {
	vendor      string // the vendor addressed ("" for none)
	status      int
	contentType string
	body        []byte
	entry       *admin.Entry
}

// classify says whether an answer is documented, and if not, why not:
//   - an answer of an endpoint must be in the catalogue as (vendor,
//     endpoint, HTTP status, code), with a JSON object for a body;
//   - an answer to no endpoint (unknown path, wrong method) of a vendor
//     must be one of the vendor's unrouted answers in the catalogue
//     (docs/vendors/README.md#x-1, docs/vendors/README.md#x-2), endpoint "", with a JSON object
//     for a body; outside any vendor, the mock's JSON 404;
//   - a 503 for want of body budget is the gateway page README documents;
//   - an answer the mock did not journal is documented only as Go's bare 431
//     for headers over the hard cap (README, -max-header-bytes).
func classify(cat catalogue, a answer) (bool, string) {
	isJSON := func() bool {
		var m map[string]any
		return strings.HasPrefix(a.contentType, "application/json") && json.Unmarshal(a.body, &m) == nil
	}
	plain := func(status int) bool {
		return a.status == status && strings.HasPrefix(a.contentType, "text/plain") && strings.HasPrefix(string(a.body), strconv.Itoa(status)+" ")
	}
	e := a.entry
	switch {
	case e == nil:
		if plain(http.StatusRequestHeaderFieldsTooLarge) {
			return true, ""
		}
		return false, fmt.Sprintf("not journaled: HTTP %d %s", a.status, a.contentType)
	case e.Why == "busy":
		if a.status == http.StatusServiceUnavailable && strings.HasPrefix(a.contentType, "text/html") {
			return true, ""
		}
		return false, fmt.Sprintf("busy answered HTTP %d %s", a.status, a.contentType)
	case e.Endpoint == "" && e.Vendor == "":
		if a.status == http.StatusNotFound && isJSON() {
			return true, ""
		}
		return false, fmt.Sprintf("no vendor: HTTP %d %s", a.status, a.contentType)
	}
	if a.status != e.Status {
		return false, fmt.Sprintf("%s %s: HTTP %d but journaled %d", e.Vendor, e.Endpoint, a.status, e.Status)
	}
	if !cat[answerKey{e.Vendor, e.Endpoint, a.status, e.Code}] {
		return false, fmt.Sprintf("%s %s: HTTP %d %q not in the catalogue", e.Vendor, e.Endpoint, a.status, e.Code)
	}
	if !isJSON() {
		return false, fmt.Sprintf("%s %s: HTTP %d %q with a body that is no JSON object (%s)", e.Vendor, e.Endpoint, a.status, e.Code, a.contentType)
	}
	return true, ""
}

// field is one request field of an operation's spec.
type field struct {
	name, typ, format string
}

// image tells whether the field carries an image.
func (f field) image() bool {
	n := strings.ToLower(f.name)
	return f.format == "binary" || f.format == "byte" || strings.Contains(n, "image") || strings.Contains(n, "img") ||
		strings.Contains(n, "file") || strings.Contains(n, "photo") || strings.Contains(n, "selfie")
}

// requestSides are every vendor's, read once.
var requestSides = sync.OnceValues(func() (*reqspec.Validator, error) {
	return reqspec.Load(specs.FS, config.VendorNames()...)
})

// opShape reads an operation's request side from specs/compiled/requests:
// its body's content types and fields (those of oneOf, anyOf and allOf
// branches too), and its query parameters.
func opShape(vendor, op string) (cts []string, fields []field, query []string, err error) {
	v, err := requestSides()
	if err != nil {
		return nil, nil, nil, err
	}
	side := v.Op(vendor, op)
	if side == nil {
		return nil, nil, nil, fmt.Errorf("%s has no operation %q in %s", vendor, op, reqspec.Dir)
	}
	for _, p := range side.Params {
		if p.In == "query" && !slices.Contains(query, p.Name) {
			query = append(query, p.Name)
		}
	}
	if side.Body == nil {
		return nil, nil, query, nil
	}
	seen := map[string]bool{}
	var collect func(s *reqspec.Schema)
	collect = func(s *reqspec.Schema) {
		if s == nil {
			return
		}
		for name, p := range s.Properties {
			if !seen[name] {
				seen[name] = true
				fields = append(fields, field{name, p.Type, p.Format})
			}
		}
		for _, list := range [][]*reqspec.Schema{s.OneOf, s.AnyOf, s.AllOf} {
			for _, x := range list {
				collect(x)
			}
		}
	}
	for ct, s := range side.Body.Content {
		cts = append(cts, ct)
		collect(s)
	}
	slices.Sort(cts)
	slices.SortFunc(fields, func(a, b field) int { return strings.Compare(a.name, b.name) })
	return cts, fields, query, nil
}

// badRequest is one hostile request.
type badRequest struct {
	vendor, what string
	method, path string
	ct           string
	body         []byte
	header       http.Header
	noAuth       bool // send without the credential
	wrongAuth    bool // send a wrong credential
}

// images of the bad inputs.
var (
	goodImage      = mustFixture(imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 1000, Height: 630})
	truncatedImage = goodImage[:len(goodImage)/3]
	hugeImage      = mustFixture(imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 1000, Height: 630, Bytes: 6 << 20})
)

func mustFixture(s imagecheck.FixtureSpec) []byte {
	b, err := imagecheck.MakeFixture(s)
	if err != nil {
		panic(err)
	}
	return b
}

// encodeBody builds a body of content type ct from values (string, []byte
// for an image file, or any JSON value).
func encodeBody(ct string, fields []field, values map[string]any) ([]byte, string) {
	switch {
	case strings.HasPrefix(ct, "multipart/"):
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		for _, f := range fields {
			v, ok := values[f.name]
			if !ok {
				continue
			}
			switch v := v.(type) {
			case []byte:
				w, _ := mw.CreateFormFile(f.name, f.name+".jpg")
				_, _ = w.Write(v)
			default:
				_ = mw.WriteField(f.name, fmt.Sprint(v))
			}
		}
		_ = mw.Close()
		return b.Bytes(), mw.FormDataContentType()
	case strings.Contains(ct, "json"):
		m := map[string]any{}
		for k, v := range values {
			if b, ok := v.([]byte); ok {
				v = base64.StdEncoding.EncodeToString(b)
			}
			m[k] = v
		}
		b, _ := json.Marshal(m)
		return b, ct
	default:
		u := url.Values{}
		for k, v := range values {
			if b, ok := v.([]byte); ok {
				v = base64.StdEncoding.EncodeToString(b)
			}
			u.Set(k, fmt.Sprint(v))
		}
		return []byte(u.Encode()), ct
	}
}

// goodValue is a plausible value of a field.
func goodValue(f field) any {
	switch {
	case f.image():
		return goodImage
	case f.typ == "boolean":
		return true
	case f.typ == "number" || f.typ == "integer":
		return 1
	case strings.Contains(strings.ToLower(f.name), "phone") || strings.Contains(strings.ToLower(f.name), "number"):
		return "+6281234567890"
	case strings.Contains(strings.ToLower(f.name), "name"):
		return "BUDI SANTOSO"
	case strings.Contains(strings.ToLower(f.name), "url"):
		return "http://127.0.0.1:9/hook"
	default:
		return "3171024302821001"
	}
}

// badRequests builds the hostile inputs of one endpoint: missing fields,
// wrong and broken content, broken base64, truncated and huge images, wrong
// types, long strings, unknown paths, wrong methods, bad auth and oversized
// headers.
func badRequests(e admin.CatalogueEndpoint) ([]badRequest, error) {
	cts, fields, query, err := opShape(e.Vendor, e.OperationID)
	if err != nil {
		return nil, err
	}
	path := "/" + e.Vendor + e.Path
	base := func(what string) badRequest {
		return badRequest{vendor: e.Vendor, what: what, method: e.Method, path: path, header: http.Header{}}
	}
	var out []badRequest
	add := func(r badRequest) { out = append(out, r) }
	good := map[string]any{}
	for _, f := range fields {
		good[f.name] = goodValue(f)
	}
	if len(query) > 0 {
		q := url.Values{}
		for _, name := range query {
			q.Set(name, "no such thing")
		}
		r := base("unknown query value")
		r.path += "?" + q.Encode()
		add(r)
		r = base("query value of 10 KB")
		r.path += "?" + query[0] + "=" + strings.Repeat("9", 10_000)
		add(r)
	}
	for _, ct := range cts {
		with := func(what string, values map[string]any) {
			r := base(what + " (" + ct + ")")
			r.body, r.ct = encodeBody(ct, fields, values)
			add(r)
		}
		with("no fields", map[string]any{})
		for _, f := range fields {
			without := map[string]any{}
			for k, v := range good {
				if k != f.name {
					without[k] = v
				}
			}
			with("missing "+f.name, without)
			set := func(what string, v any) {
				m := map[string]any{}
				for k, v := range good {
					m[k] = v
				}
				m[f.name] = v
				with(f.name+": "+what, m)
			}
			set("empty", "")
			set("wrong type", []any{1, 2})
			set("10 KB of text", strings.Repeat("A", 10_000))
			if f.image() {
				set("broken base64", "!!!not*base64%%%")
				set("truncated image", truncatedImage)
				set("6 MB image", hugeImage)
				set("not an image", []byte("GIF89a this is no image at all"))
			}
		}
	}
	if e.Method != http.MethodGet {
		r := base("wrong content type")
		r.ct, r.body = "text/plain", []byte("hello")
		add(r)
		r = base("broken JSON")
		r.ct, r.body = "application/json", []byte(`{"image": "abc`)
		add(r)
		r = base("form declared as multipart without boundary")
		r.ct, r.body = "multipart/form-data", []byte("a=b")
		add(r)
		r = base("NUL bytes")
		r.ct, r.body = cts0(cts), bytes.Repeat([]byte{0}, 4096)
		add(r)
	}
	for _, what := range []string{"no credential", "wrong credential"} {
		r := base(what)
		if len(cts) > 0 {
			r.body, r.ct = encodeBody(cts[0], fields, good)
		}
		r.noAuth, r.wrongAuth = what == "no credential", what == "wrong credential"
		add(r)
	}
	for _, suffix := range []string{"/x", "/../../__admin/reset", "%00", "/" + strings.Repeat("a", 4000)} {
		r := base("unknown path " + suffix[:min(len(suffix), 12)])
		r.path = path + suffix
		add(r)
	}
	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodDelete, "PATCH"} {
		if m == e.Method {
			m = http.MethodPost
		}
		r := base("wrong method " + m)
		r.method = m
		add(r)
	}
	r := base("80 KB header")
	r.header.Set("X-Hostile-Padding", strings.Repeat("p", 80<<10))
	add(r)
	r = base("200 headers")
	for i := range 200 {
		r.header.Set(fmt.Sprintf("X-Hostile-%d", i), "x")
	}
	add(r)
	r = base("2 MB header")
	r.header.Set("X-Hostile-Padding", strings.Repeat("p", 2<<20))
	add(r)
	return out, nil
}

func cts0(cts []string) string {
	if len(cts) == 0 {
		return "application/octet-stream"
	}
	return cts[0]
}

// auth adds the vendor's credential to req (whose body is body): the demo
// credential, none, or a wrong one.
func auth(req *http.Request, vendor string, body []byte, advanceToken string, none, wrong bool) error {
	if none {
		return nil
	}
	switch vendor {
	case "ekycpro":
		req.Header.Set("X-Api-Key", pick(wrong, "WrongKey", "AbcdEfgh"))
	case "verihubs":
		req.Header.Set("App-Id", "demo-app-id")
		req.Header.Set("Api-Key", pick(wrong, "wrong", "demo-api-key"))
	case "accuauth":
		req.Header.Set("X-DF-API-ID", "demo-api-id")
		req.Header.Set("X-DF-API-SECRET", pick(wrong, "wrong", "demo-api-secret"))
	case "advance":
		req.Header.Set("X-ACCESS-TOKEN", pick(wrong, "eyJhbGciOiJIUzUxMiJ9.e30.wrong", advanceToken))
	case "izidata":
		return izidata.Sign(req, body, "YOUR_ACCESS_KEY", pick(wrong, "WRONG_SECRET", "YOUR_SECRET_KEY"), time.Now(), izidata.FamilyGoJava)
	}
	return nil
}

func pick(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}

// badResult is the bad-requests phase's figures.
type badResult struct {
	tried, undocumented, endpoints, errors int
	panics                                 int // answers the journal says a handler panic decided
	examples                               []string
	statuses                               map[int]int
	// raised are the requests after which the mock's peak RSS (VmHWM) had
	// grown, the largest steps first, at most five: where the peak is made.
	raised []rssStep
}

// rssStep is a request after which the peak RSS had grown by grew MiB to
// peak MiB.
type rssStep struct {
	what       string
	grew, peak float64
}

// sendBad sends every bad request of every catalogue endpoint, one at a
// time, and classifies each answer with the journal entry it left. hwm,
// when set, reads the mock's peak RSS after each request.
func sendBad(mock string, eps []admin.CatalogueEndpoint, cat catalogue, hwm func() float64) (badResult, error) {
	res := badResult{statuses: map[int]int{}}
	var peak float64
	if hwm != nil {
		peak = hwm()
	}
	token, err := loadkinds.AdvanceToken(mock)
	if err != nil {
		return res, err
	}
	client := &http.Client{Timeout: 30 * time.Second}
	last, err := lastID(mock)
	if err != nil {
		return res, err
	}
	for _, e := range eps {
		reqs, err := badRequests(e)
		if err != nil {
			return res, err
		}
		res.endpoints++
		for _, br := range reqs {
			req, err := http.NewRequest(br.method, mock+br.path, bytes.NewReader(br.body))
			if err != nil {
				return res, err
			}
			if br.body == nil {
				req.Body, req.ContentLength = http.NoBody, 0
			}
			for k, v := range br.header {
				req.Header[k] = v
			}
			if br.ct != "" {
				req.Header.Set("Content-Type", br.ct)
			}
			if err := auth(req, br.vendor, br.body, token, br.noAuth, br.wrongAuth); err != nil {
				return res, err
			}
			res.tried++
			resp, err := client.Do(req)
			if err != nil {
				res.errors++
				res.note(fmt.Sprintf("%s %s %s: %v", br.vendor, e.OperationID, br.what, err))
				continue
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
			res.statuses[resp.StatusCode]++
			entries, err := journalSince(mock, last)
			if err != nil {
				return res, err
			}
			a := answer{vendor: br.vendor, status: resp.StatusCode, contentType: ct, body: body}
			if len(entries) > 0 {
				a.entry = &entries[len(entries)-1] // oldest new: the list is newest first
				last = entries[0].ID
			}
			if a.status >= 500 && a.entry != nil {
				res.note(fmt.Sprintf("%s %s, %s: HTTP %d %s (why: %s)", br.vendor, e.OperationID, br.what, a.status, a.entry.Code, a.entry.Why))
			}
			if a.entry != nil && a.entry.Why == "panic" {
				res.panics++
				res.note(fmt.Sprintf("%s %s, %s: a handler panicked (HTTP %d %s)", br.vendor, e.OperationID, br.what, a.status, a.entry.Code))
			}
			if ok, why := classify(cat, a); !ok {
				res.undocumented++
				res.note(fmt.Sprintf("%s %s, %s: %s", br.vendor, e.OperationID, br.what, why))
			}
			if hwm != nil {
				if now := hwm(); now > peak {
					res.raised = append(res.raised, rssStep{fmt.Sprintf("%s %s, %s", br.vendor, e.OperationID, br.what), now - peak, now})
					slices.SortFunc(res.raised, func(a, b rssStep) int { return cmp.Compare(b.grew, a.grew) })
					res.raised = res.raised[:min(len(res.raised), 5)]
					peak = now
				}
			}
		}
	}
	return res, nil
}

func (r *badResult) note(s string) {
	if len(r.examples) < 10 {
		r.examples = append(r.examples, s)
	}
}

func getJSON(u string, v any) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("GET %s: HTTP %d %.200s", u, resp.StatusCode, b)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// journalSince is the journal's entries after id, newest first.
func journalSince(mock string, id uint64) ([]admin.Entry, error) {
	var j admin.RequestList
	err := getJSON(fmt.Sprintf("%s/__admin/requests?since=%d&limit=100000", mock, id), &j)
	return j.Requests, err
}

func lastID(mock string) (uint64, error) {
	var j admin.RequestList
	err := getJSON(mock+"/__admin/requests?limit=1", &j)
	if err != nil || len(j.Requests) == 0 {
		return 0, err
	}
	return j.Requests[0].ID, nil
}
