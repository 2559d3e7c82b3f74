package izidata_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/izidata"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestSigningFamilies: requests signed by each SDK family are accepted,
// whether the client reaches the mock by the /izidata prefix (and signs it)
// or by the real or the older hostname.
func TestSigningFamilies(t *testing.T) {
	h := mocktest.New(t)
	for _, fam := range []izidata.Family{izidata.FamilyGoJava, izidata.FamilyPythonPHP, izidata.FamilyPythonHost} {
		for _, host := range []string{"", "api.izidata.co.id", "api.izi.credit", "izidata.localhost:8080"} {
			c := post("/v1/idinquiries", "id", "3171024302821001").with(func(c *call) { c.family, c.host = fam, host })
			res := c.Send(h)
			if got := res.JSON(t)["status"]; got != "OK" {
				t.Errorf("family %v host %q: %s", fam, host, res.Body)
			}
		}
	}
}

// TestSignatureFailureShowsCanonical: a refused request's journal entry
// holds the canonical request the mock computed.
func TestSignatureFailureShowsCanonical(t *testing.T) {
	h := mocktest.New(t)
	post("/v1/idinquiries", "id", "3171024302821001").with(func(c *call) { c.sk = "wrong" }).Send(h)
	e := h.LastEntry()
	if e.Code != "NO_AUTHORIZATION" || !strings.Contains(e.Notes["canonical_request"], "content-md5:") || e.Notes["auth"] == "" {
		t.Errorf("notes %v", e.Notes)
	}
}

// TestPhoneDocsExample: the seed's /v1/phone example, byte for byte.
func TestPhoneDocsExample(t *testing.T) {
	h := mocktest.New(t)
	res := post("/v1/phone", "number", "83899575175", "country", "ID").Send(h)
	want := `{"status":"ok","message":{"country_code":62,"national_number":83899575175,"is_valid_number":true,"number_type":"MOBILE","e164":"+6283899575175","region_code":"ID","location":{"en":""},"time_zones":["Asia/Jakarta"],"carrier":{"en":"AXIS"}}}`
	if string(res.Body) != want {
		t.Errorf("got  %s\nwant %s", res.Body, want)
	}
}

// TestWhatsappCallback: answered at once with checking (free), then a GET
// to the callback with the E.164 number; every try is on the journal entry.
func TestWhatsappCallback(t *testing.T) {
	var mu sync.Mutex
	var got []url.Values
	hits := 0
	cb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		hits++
		if hits == 1 {
			w.WriteHeader(http.StatusServiceUnavailable) // the first try fails: the mock retries
			return
		}
		got = append(got, r.URL.Query())
	}))
	defer cb.Close()
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	res := post("/v1/iswhatsapp", "number", "081311659428", "callback", cb.URL+"/hook?src=mock").Send(h)
	if m := res.JSON(t); m["status"] != "OK" || m["message"].(map[string]any)["whatsapp"] != "checking" {
		t.Fatalf("immediate answer %s", res.Body)
	}
	id := h.LastEntry().ID
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no callback delivered")
		}
		time.Sleep(5 * time.Millisecond)
	}
	q := got[0]
	if q.Get("number") != "+6281311659428" || (q.Get("whatsapp") != "yes" && q.Get("whatsapp") != "no") || q.Get("src") != "mock" {
		t.Errorf("callback query %v", q)
	}
	e := events(t, h, id, 2)
	if len(e.Events) != 2 || e.Events[0].OK || !e.Events[1].OK || e.Charged {
		t.Errorf("events %+v charged %v", e.Events, e.Charged)
	}
}

// TestWhatsappCallbackUnreachable: a dead callback costs the server
// nothing: the answer is immediate, the tries are journaled as failures.
func TestWhatsappCallbackUnreachable(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	dead := httptest.NewServer(http.NotFoundHandler())
	addr := dead.URL
	dead.Close()
	start := time.Now()
	res := post("/v1/iswhatsapp", "number", "+6281311659428", "callback", addr).Send(h)
	if res.JSON(t)["status"] != "OK" || time.Since(start) > 2*time.Second {
		t.Fatalf("answer %s after %v", res.Body, time.Since(start))
	}
	id := h.LastEntry().ID
	if e := events(t, h, id, 2); e.Events[0].OK || e.Events[1].OK || !strings.Contains(e.Events[1].Detail, "try 2/2") {
		t.Errorf("events %+v", e.Events)
	}
}

// events is the journal entry id once it holds n delivery events; the
// test fails if it does not within 5 s.
func events(t testing.TB, h *mocktest.Harness, id uint64, n int) journal.Entry {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		e, _ := h.Server.Deps().Journal.Get(id)
		if len(e.Events) >= n {
			return e
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d delivery events journaled: %+v", len(e.Events), n, e.Events)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestSameSubject: a NIK and its md5 give the same counters; a phone's
// national-form md5 is an alias of its E.164 md5; credit and fraud agree.
func TestSameSubject(t *testing.T) {
	h := mocktest.New(t)
	msg := func(c call) any {
		t.Helper()
		res := c.Send(h)
		m := res.JSON(t)
		if m["status"] != "OK" {
			t.Fatalf("%s", res.Body)
		}
		return m["message"]
	}
	eq := func(a, b any) bool { x, _ := json.Marshal(a); y, _ := json.Marshal(b); return string(x) == string(y) }
	plain := msg(post("/v1/idinquiries", "id", "3171024302821001"))
	hashed := msg(post("/v1/idinquiries", "id", emulate.MD5Hex("3171024302821001"), "md5", "1"))
	if !eq(plain, hashed) {
		t.Errorf("NIK %v, its md5 %v", plain, hashed)
	}
	e164 := msg(post("/v1/phoneinquiries", "phone", "+62895806600002"))
	if h2 := msg(post("/v1/phoneinquiries", "phone", "926799cb75a5d93c1c0fca56ba2b265d", "md5", "1")); !eq(e164, h2) {
		t.Errorf("phone %v, md5(E.164) %v", e164, h2)
	}
	// Credit and fraud move against each other over many people.
	prevCredit, agree, n := 0, 0, 0
	prevFraud := 0
	for i := 0; i < 30; i++ {
		nik := "31710243028210" + string(rune('1'+i/10)) + string(rune('0'+i%10))
		cs := msg(post("/v1/creditscore", "phone", "+62895806600002", "id", nik, "name", "DESI ANGIN")).(string)
		fr := msg(post("/v1/fraud", "phone", "+62895806600002", "id", nik)).(map[string]any)
		credit, fraud := 0, int(fr["fraud_score"].(float64))
		for _, ch := range cs {
			credit = credit*10 + int(ch-'0')
		}
		if credit < 300 || credit > 850 {
			t.Fatalf("credit %d", credit)
		}
		if i > 0 {
			n++
			if (credit > prevCredit) == (fraud < prevFraud) || credit == prevCredit {
				agree++
			}
		}
		prevCredit, prevFraud = credit, fraud
	}
	if agree != n {
		t.Errorf("credit and fraud disagree in %d of %d pairs", n-agree, n)
	}
}

// TestKnownOnlyAliases: with known_only, a declared phone resolves by the
// md5 of its E.164 form and of its national 0… form (the seed's own
// iswhatsapp example, docs/vendors/izidata.md#iz-13); an undeclared one does not.
func TestKnownOnlyAliases(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(knownOnlyConfig))
	for hash, want := range map[string]string{
		"926799cb75a5d93c1c0fca56ba2b265d": "OK", // md5("+62895806600002")
		"06e520b08f649558ae43fe3ff025b7fa": "OK", // md5("0895806600002"), the seed's example
		"4b5c890525ed9f0faef12d193345bbfd": "NOT_FOUND_MD5",
	} {
		res := post("/v1/phoneinquiries", "phone", hash, "md5", "1").Send(h)
		if got := res.JSON(t)["status"]; got != want {
			t.Errorf("%s: %s, want %s", hash, res.Body, want)
		}
	}
	// A declared NIK's hash is not a known phone, nor a declared phone's
	// hash a known NIK.
	for _, c := range []struct{ path, field, hash string }{
		{"/v1/phoneinquiries", "phone", emulate.MD5Hex("3171024302821001")},
		{"/v1/idinquiries", "id", emulate.MD5Hex("+62895806600002")},
	} {
		res := post(c.path, c.field, c.hash, "md5", "1").Send(h)
		if got := res.JSON(t)["status"]; got != "NOT_FOUND_MD5" {
			t.Errorf("%s %s=%s: %s, want NOT_FOUND_MD5", c.path, c.field, c.hash, res.Body)
		}
	}
}

// hook is a callback receiver: it records every request it is sent.
type hook struct {
	*httptest.Server
	got chan *http.Request
}

func newHook(t testing.TB) *hook {
	k := &hook{got: make(chan *http.Request, 16)}
	k.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { k.got <- r }))
	t.Cleanup(k.Close)
	return k
}

// next is the next callback received; the test fails if none comes.
func (k *hook) next(t testing.TB) *http.Request {
	t.Helper()
	select {
	case r := <-k.got:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("no callback delivered")
		return nil
	}
}

// TestWhatsappForcedOKDelivers: a scenario that forces OK on a request with
// a callback answers checking, free, and delivers the callback as the
// natural answer does (docs/vendors/izidata.md#iz-10).
func TestWhatsappForcedOKDelivers(t *testing.T) {
	k := newHook(t)
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	h.AddRules(rule("isWhatsapp", "OK", ""))
	res := post("/v1/iswhatsapp", "number", "081311659428", "callback", k.URL+"/hook").Send(h)
	if string(res.Body) != `{"status":"OK","message":{"whatsapp":"checking"}}` {
		t.Fatalf("immediate answer %s", res.Body)
	}
	if e := h.LastEntry(); e.Charged || e.Why != emulate.WhyScenario {
		t.Errorf("charged %v why %s", e.Charged, e.Why)
	}
	r := k.next(t)
	if q := r.URL.Query(); r.Method != http.MethodGet || r.URL.Path != "/hook" || q.Get("number") != "+6281311659428" || (q.Get("whatsapp") != "yes" && q.Get("whatsapp") != "no") {
		t.Errorf("callback %s %s", r.Method, r.URL)
	}
}

// TestWhatsappCallbackDetails: the callback is an unsigned GET (docs/vendors/izidata.md#iz-10);
// a callback without a path gets "/"; in md5 mode its number is the value
// received, as sent, even when the hash names a declared phone (docs/vendors/izidata.md#iz-11).
func TestWhatsappCallbackDetails(t *testing.T) {
	k := newHook(t)
	const declared = "926799CB75A5D93C1C0FCA56BA2B265D" // md5("+62895806600002"), upper case
	for _, c := range []struct {
		name, config, number, md5, callback string
		path, wantNumber                    string
	}{
		{"no path", testConfig, "+6281311659428", "", k.URL, "/", "+6281311659428"},
		{"path and query kept", testConfig, "81311659428", "", k.URL + "/cb/izi?token=a%20b", "/cb/izi", "+6281311659428"},
		{"md5: the hash as received", testConfig, "06E520B08F649558AE43FE3FF025B7FA", "1", k.URL + "/md5", "/md5", "06E520B08F649558AE43FE3FF025B7FA"},
		{"md5, declared phone: still the hash", knownOnlyConfig + "      callback: {tries: 1, timeout: 2s, backoff: 10ms}\n", declared, "1", k.URL, "/", declared},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := mocktest.New(t, mocktest.WithConfig(c.config))
			res := post("/v1/iswhatsapp", "number", c.number, "md5", c.md5, "callback", c.callback).Send(h)
			if string(res.Body) != `{"status":"OK","message":{"whatsapp":"checking"}}` {
				t.Fatalf("immediate answer %s", res.Body)
			}
			r := k.next(t)
			q := r.URL.Query()
			if r.Method != http.MethodGet || r.URL.Path != c.path || q.Get("number") != c.wantNumber {
				t.Errorf("callback %s %s, want GET %s with number %s", r.Method, r.URL, c.path, c.wantNumber)
			}
			if w := q.Get("whatsapp"); w != "yes" && w != "no" {
				t.Errorf("whatsapp %q", w)
			}
			if c.name == "path and query kept" && q.Get("token") != "a b" {
				t.Errorf("the callback's own query was lost: %s", r.URL)
			}
			for name := range r.Header {
				if l := strings.ToLower(name); l == "authorization" || strings.HasPrefix(l, "credit-") {
					t.Errorf("callback carries %s: it is unsigned", name)
				}
			}
		})
	}
}

// TestWhatsappCallbackTries: a callback that keeps failing is tried
// callback.tries times, each try on the journal entry (docs/vendors/izidata.md#iz-10; the default
// is 3 tries).
func TestWhatsappCallbackTries(t *testing.T) {
	if d := izidata.DefaultSettings().Callback.Tries; d != 3 {
		t.Errorf("default tries %d, want 3 (docs/vendors/izidata.md#iz-10)", d)
	}
	var mu sync.Mutex
	hits := 0
	cb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer cb.Close()
	h := mocktest.New(t, mocktest.WithConfig(strings.Replace(testConfig, "tries: 2", "tries: 3", 1)))
	post("/v1/iswhatsapp", "number", "+6281311659428", "callback", cb.URL).Send(h)
	id := h.LastEntry().ID
	if e := events(t, h, id, 3); len(e.Events) != 3 || e.Events[2].OK || !strings.Contains(e.Events[2].Detail, "try 3/3") {
		t.Fatalf("events %+v", e.Events)
	}
	mu.Lock()
	defer mu.Unlock()
	if hits != 3 {
		t.Errorf("%d tries, want 3", hits)
	}
}
