package advance_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate/advance"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestEveryMessageIsPinned: each Msg constant of the package, as its
// source spells it, is the message of an answer pinned in testdata/golden
// (which TestGolden compares byte for byte with what the mock sends), so a
// changed text shows in the goldens' review, and a message no golden
// answer carries fails here.
func TestEveryMessageIsPinned(t *testing.T) {
	consts := map[string]string{} // name → value
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := gotoken.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || len(vs.Values) == 0 {
				return true
			}
			for i, id := range vs.Names {
				if lit, ok := vs.Values[min(i, len(vs.Values)-1)].(*ast.BasicLit); ok && strings.HasPrefix(id.Name, "Msg") && lit.Kind == gotoken.STRING {
					if consts[id.Name], err = strconv.Unquote(lit.Value); err != nil {
						t.Fatal(err)
					}
				}
			}
			return true
		})
	}
	if len(consts) < 30 {
		t.Fatalf("found %d Msg constants; has errors.go moved?", len(consts))
	}
	pinned := map[string]bool{}
	err = filepath.WalkDir(mocktest.GoldenDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var g struct{ Body struct{ Message string } }
		if err := json.Unmarshal(b, &g); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		pinned[g.Body.Message] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range consts {
		if !pinned[v] {
			t.Errorf("advance.%s (%q) is the message of no golden answer", name, v)
		}
	}
}

// TestSignatureVector is the seed's worked example (docs/vendors/advance.md#s2-3-1).
func TestSignatureVector(t *testing.T) {
	if got := advance.Signature("sampleaccesskey", "samplesecretkey", "1665993522952"); got != "02209bbeaf0d0a3dd587f6a1ba22f84c98d142e3b545e77db7e4906ca56349f5" {
		t.Errorf("signature %s", got)
	}
}

// tokenAt requests a token with the timestamp of the mock's current clock.
func tokenAt(h *mocktest.Harness, extra map[string]any) (tok string, expired int64) {
	h.T.Helper()
	ts := strconv.FormatInt(h.Server.Clock().Now().UnixMilli(), 10)
	m := map[string]any{"timestamp": ts, "signature": advance.Signature(demoKey, demoSecret, ts)}
	for k, v := range extra {
		m[k] = v
	}
	c := tokenCall(demoKey, m)
	e := decode(h.T, c.Send(h))
	var d struct {
		Token       string `json:"token"`
		ExpiredTime int64  `json:"expiredTime"`
	}
	if e.Code != "SUCCESS" || json.Unmarshal(e.Data, &d) != nil || e.PricingStrategy != "FREE" {
		h.T.Fatalf("generate-token: %s %s %s (%s)", e.Code, e.Message, e.Data, e.PricingStrategy)
	}
	return d.Token, d.ExpiredTime
}

func kkWith(t *testing.T, h *mocktest.Harness, tok string) envelope {
	t.Helper()
	c := upload(t, kkPath, file("ocrImage", mocktest.Image(t, imagecheck.FixtureSpec{})))
	c.auth, c.header = viaRaw, http.Header{"X-Access-Token": {tok}}
	return decode(t, c.Send(h))
}

func advanceClock(t *testing.T, h *mocktest.Harness, d string) {
	t.Helper()
	if st, body := h.Admin(http.MethodPost, "/clock", `{"advance":"`+d+`"}`); st != http.StatusOK {
		t.Fatalf("clock: %d %v", st, body)
	}
}

// TestTokenFlow is a client's life: fetch a token, call KK OCR, let the
// token expire, fetch a new one and go on (docs/vendors/advance.md#s2-3-1, #ad-8, #ad-10).
func TestTokenFlow(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	tok, exp := tokenAt(h, nil)
	if want := mocktest.Epoch.UnixMilli() + 3600_000; exp != want {
		t.Errorf("expiredTime %d, want %d (default 3600 s)", exp, want)
	}
	if e := kkWith(t, h, tok); e.Code != "SUCCESS" || e.PricingStrategy != "PAY" {
		t.Fatalf("KK OCR with a fresh token: %s %s", e.Code, e.Message)
	}
	// A newer token does not revoke the older one (docs/vendors/advance.md#ad-10).
	advanceClock(t, h, "30m")
	tok2, _ := tokenAt(h, nil)
	for _, tk := range []string{tok, tok2} {
		if e := kkWith(t, h, tk); e.Code != "SUCCESS" {
			t.Fatalf("token still valid: %s %s", e.Code, e.Message)
		}
	}
	advanceClock(t, h, "2h")
	for _, tk := range []string{tok, tok2} {
		if e := kkWith(t, h, tk); e.Code != "IAM_FAILED" || e.Message != advance.MsgIAMDenied {
			t.Fatalf("expired token: %s %s", e.Code, e.Message)
		}
	}
	tok3, _ := tokenAt(h, nil)
	if e := kkWith(t, h, tok3); e.Code != "SUCCESS" {
		t.Fatalf("new token: %s %s", e.Code, e.Message)
	}
}

// TestTokenDetails: the JWT shape, periodSecond clamping (docs/vendors/advance.md#ad-6), the
// expiry instant, the timestamp window edge (docs/vendors/advance.md#ad-5) and tampering (docs/vendors/advance.md#ad-8).
func TestTokenDetails(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	tok, exp := tokenAt(h, map[string]any{"periodSecond": 120})
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q is not a JWT", tok)
	}
	hdr, _ := base64.RawURLEncoding.DecodeString(parts[0])
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var cl struct{ Iat, Exp int64 }
	if string(hdr) != `{"alg":"HS512"}` || json.Unmarshal(payload, &cl) != nil || cl.Exp-cl.Iat != 120 || exp != mocktest.Epoch.UnixMilli()+120_000 {
		t.Errorf("header %s payload %s expiredTime %d", hdr, payload, exp)
	}
	for _, p := range []struct {
		in   any
		want int64
	}{{"10", 60}, {100000, 86400}, {"abc", 3600}, {"600", 600}, {nil, 3600}} {
		_, got := tokenAt(h, map[string]any{"periodSecond": p.in})
		if got-h.Server.Clock().Now().UnixMilli() != p.want*1000 {
			t.Errorf("periodSecond %v: valid %d ms, want %d s", p.in, got-h.Server.Clock().Now().UnixMilli(), p.want)
		}
	}
	// A number timestamp 300 s ahead is inside the window.
	ts := h.Server.Clock().Now().UnixMilli() + 300_000
	if e := decode(t, tokenCall(demoKey, map[string]any{"timestamp": ts, "signature": advance.Signature(demoKey, demoSecret, fmt.Sprint(ts))}).Send(h)); e.Code != "SUCCESS" {
		t.Errorf("timestamp +300 s as a number: %s %s", e.Code, e.Message)
	}
	longer := strings.Replace(string(payload), fmt.Sprint(cl.Exp), fmt.Sprint(cl.Exp+86400), 1)
	if longer == string(payload) {
		t.Fatalf("payload %s has no exp to change", payload)
	}
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(longer)) + "." + parts[2]
	for _, bad := range []string{tampered, "nonsense", parts[0] + "." + parts[1] + ".AAAA"} {
		if e := kkWith(t, h, bad); e.Code != "IAM_FAILED" || e.Message != advance.MsgIAMDenied {
			t.Errorf("token %.30q: %s %s", bad, e.Code, e.Message)
		}
	}
	advanceClock(t, h, "119s")
	if e := kkWith(t, h, tok); e.Code != "SUCCESS" {
		t.Errorf("token at 119 s of 120: %s", e.Code)
	}
	advanceClock(t, h, "1s")
	if e := kkWith(t, h, tok); e.Code != "IAM_FAILED" {
		t.Errorf("token at 120 s of 120: %s", e.Code)
	}
}

// TestLegacyVectors: the worked examples of docs/vendors/advance.md#s2-3-2, then the same headers
// sent to the mock at that Date, reached by the vendor's Host.
func TestLegacyVectors(t *testing.T) {
	const date = "Tue, 02 Jan 2024 03:04:05 GMT"
	s := advance.LegacySignStrings("POST", identityPath, "application/json", date)
	vectors := []string{"JkQYQ4cKIuKt47Qo+LPFKLKAn8zLrVdbQTENbSeacR8=", "K7c/VCkvhRaGGkarq8K53HnBYsCCkqkq9+ToJJdHGyw="}
	for i, want := range vectors {
		if got := advance.LegacySignature("samplesecretkey", s[i]); got != want {
			t.Errorf("variant %d: %s, want %s", i, got, want)
		}
	}
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	if st, body := h.Admin(http.MethodPost, "/clock", `{"set":"2024-01-02T03:10:00Z"}`); st != http.StatusOK {
		t.Fatalf("clock: %d %v", st, body)
	}
	send := func(sig, date string) envelope {
		req := h.Request(http.MethodPost, identityPath, strings.NewReader(`{"idNumber":"3171024302821001","name":"BUDI"}`),
			http.Header{"Content-Type": {"application/json"}, "Date": {date}, "Authorization": {"sampleaccesskey:" + sig}})
		req.Host = "api.advance.ai"
		return decode(t, h.Do(req))
	}
	for _, sig := range vectors {
		if e := send(sig, date); e.Code != "SUCCESS" {
			t.Errorf("vector %s: %s %s", sig, e.Code, e.Message)
		}
	}
	late := "Tue, 02 Jan 2024 02:54:59 GMT" // 15 min 1 s before the clock
	if e := send(advance.LegacySignature("samplesecretkey", advance.LegacySignStrings("POST", identityPath, "", late)[0]), late); e.Message != advance.MsgIAMNotAuthorized {
		t.Errorf("Date outside the window: %s %s", e.Code, e.Message)
	}
}

// TestUnrouted: an unknown path and a wrong method are CLIENT_ERROR
// envelopes with HTTP 200 (docs/vendors/README.md#x-1, #x-2, docs/vendors/advance.md#ad-1).
func TestUnrouted(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	for _, c := range []struct{ method, path, msg string }{
		{http.MethodPost, "/openapi/face-identity/v9/nothing", advance.MsgNotFound},
		{http.MethodGet, kkPath, advance.MsgMethod},
	} {
		e := decode(t, h.Do(h.Request(c.method, "/advance"+c.path, nil, nil)))
		if e.Code != "CLIENT_ERROR" || e.Message != c.msg || e.PricingStrategy != "FREE" {
			t.Errorf("%s %s: %s %s", c.method, c.path, e.Code, e.Message)
		}
	}
	// Their transactionIds are seeded: an admin reset replays them.
	unknown := func() string {
		return decode(t, h.Do(h.Request(http.MethodPost, "/advance/openapi/nothing", nil, nil))).TransactionID
	}
	reset := func() {
		if st, _ := h.Admin(http.MethodPost, "/reset", ""); st != http.StatusOK {
			t.Fatalf("reset: HTTP %d", st)
		}
	}
	reset()
	first, second := unknown(), unknown()
	reset()
	if again := unknown(); first == second || again != first {
		t.Errorf("transactionIds %s, %s, then %s after a reset; want the first again", first, second, again)
	}
}

// TestImageRules: the part's Content-Type is not judged (docs/vendors/advance.md#ad-13) and the
// size limit is just under 2 MiB (docs/vendors/advance.md#ad-14).
func TestImageRules(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	jpeg := mocktest.Image(t, imagecheck.FixtureSpec{})
	under := mocktest.Image(t, imagecheck.FixtureSpec{Bytes: 2<<20 - 1})
	edge := mocktest.Image(t, imagecheck.FixtureSpec{Width: 4096, Height: 256})
	for name, p := range map[string]mocktest.Part{
		"octet-stream":   {Name: "ocrImage", Filename: "a.jpg", ContentType: "application/octet-stream", Data: jpeg},
		"lying gif":      {Name: "ocrImage", Filename: "a.gif", ContentType: "image/gif", Data: jpeg},
		"no type":        {Name: "ocrImage", Filename: "a", Data: jpeg},
		"2 MiB - 1":      file("ocrImage", under),
		"4096×256 edges": file("ocrImage", edge),
	} {
		if e := decode(t, upload(t, kkPath, p).Send(h)); e.Code != "SUCCESS" {
			t.Errorf("%s: %s %s", name, e.Code, e.Message)
		}
	}
}

// TestDataConsistency: the KK of a marker's number, KTP OCR and identity
// check of one NIK, the face and forgery markers.
func TestDataConsistency(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	const kkNo, nik = "3171020101190001", "3171024302821001"
	var kk struct {
		KK, FamilyHead string
		PersonList     []map[string]string
	}
	e := decode(t, upload(t, kkPath, file("ocrImage", mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Marker: "kk=" + kkNo}))).Send(h))
	if err := json.Unmarshal(e.Data, &kk); err != nil || kk.KK != kkNo || len(kk.PersonList) == 0 {
		t.Fatalf("KK: %v %s", err, e.Data)
	}
	head := kk.PersonList[0]
	if head["person"] != "person1" || head["statusInFamily"] != "KEPALA KELUARGA" || head["name"] != kk.FamilyHead || len(head) != 18 {
		t.Errorf("head %v, familyHead %s", head, kk.FamilyHead)
	}
	for _, p := range kk.PersonList {
		if !identity.IsNIKFormat(p["idNumber"]) || p["idNumber"][:6] != kkNo[:6] {
			t.Errorf("member NIK %s outside the KK's district %s", p["idNumber"], kkNo[:6])
		}
	}

	var ktp, id map[string]string
	e = decode(t, upload(t, ktpPath, file("ocrImage", mocktest.Image(t, imagecheck.FixtureSpec{Marker: "nik=" + nik}))).Send(h))
	_ = json.Unmarshal(e.Data, &ktp)
	e = decode(t, identityCall(nik, "X").Send(h))
	_ = json.Unmarshal(e.Data, &id)
	if ktp["idNumber"] != nik || !regexp.MustCompile(`^[A-Z .'-]+, \d{2}-\d{2}-\d{4}$`).MatchString(ktp["birthPlaceBirthday"]) ||
		!regexp.MustCompile(`^\d{4}/\d{2}/\d{2}$`).MatchString(ktp["birthday"]) {
		t.Errorf("KTP %v", ktp)
	}
	for _, k := range []string{"name", "province", "city", "district", "village"} {
		if ktp[k] != id[k] || id[k] == "" {
			t.Errorf("%s: KTP %q, identity check %q", k, ktp[k], id[k])
		}
	}

	var face struct{ Similarity float64 }
	e = decode(t, upload(t, facePath, file("firstImage", mocktest.Image(t, imagecheck.FixtureSpec{Marker: "similarity=42.5"})),
		file("secondImage", mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.PNG, Width: 640, Height: 480}))).Send(h))
	if _ = json.Unmarshal(e.Data, &face); face.Similarity != 42.5 {
		t.Errorf("face %s", e.Data)
	}
	var fg struct {
		Result string
		Detail *string
	}
	e = decode(t, upload(t, forgeryPath, file("cardImage", mocktest.Image(t, imagecheck.FixtureSpec{Marker: "forgery=pasted"}))).Send(h))
	if _ = json.Unmarshal(e.Data, &fg); fg.Result != "fail" || fg.Detail == nil || *fg.Detail != "Pasted face" {
		t.Errorf("forgery %s", e.Data)
	}
}

// TestDeterministic: the same seed and requests give the same bytes.
func TestDeterministic(t *testing.T) {
	run := func() string {
		h := mocktest.New(t, mocktest.WithConfig(accessConfig))
		var b strings.Builder
		b.Write(tokenCall(demoKey, nil).Send(h).Body)
		b.Write(upload(t, kkPath, file("ocrImage", mocktest.Image(t, imagecheck.FixtureSpec{}))).Send(h).Body)
		return b.String()
	}
	if a, b := run(), run(); a != b {
		t.Errorf("two runs differ:\n%s\n%s", a, b)
	}
}

// TestTokenBodyShapes: the generate-token body read from the one decode of
// the request: exact keys, strings where strings are due.
func TestTokenBodyShapes(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	for _, c := range []struct {
		name, body, code string
	}{
		{"accessKey a number", `{"accessKey":12,"timestamp":"1","signature":"x"}`, "CLIENT_ERROR"},
		{"signature an object", `{"accessKey":"k","timestamp":"1","signature":{}}`, "CLIENT_ERROR"},
		{"array body", `["accessKey"]`, "CLIENT_ERROR"},
		{"null body", `null`, "CLIENT_ERROR"},
		{"trailing data", string(tokenBody(demoKey, nil)) + `x`, "CLIENT_ERROR"},
		{"accessKey null", `{"accessKey":null,"timestamp":"1","signature":"x"}`, "PARAMETER_ERROR"},
		{"keys match exactly", `{"AccessKey":"k","timestamp":"1","signature":"x"}`, "PARAMETER_ERROR"},
		{"timestamp a boolean", `{"accessKey":"k","timestamp":true,"signature":"x"}`, "PARAMETER_ERROR"},
	} {
		got := decode(t, call{path: tokenPath, contentType: "application/json", body: []byte(c.body), auth: viaNone}.Send(h))
		if got.Code != c.code {
			t.Errorf("%s: %s %q, want %s", c.name, got.Code, got.Message, c.code)
		}
	}
	if e := decode(t, tokenCall(demoKey, nil).Send(h)); e.Code != "SUCCESS" {
		t.Errorf("well-formed body: %s %s", e.Code, e.Message)
	}
}
