package verihubs_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

const (
	phone      = "6281234567890"
	sandboxNum = "628212306000" // + 1…9
)

// otpOps are the OTP endpoints by product: send and verify, v1 and v2.
var otpOps = []struct{ product, send1, send2, verify1, verify2 string }{
	{"whatsapp", "whatsappOtpSendV1", "whatsappOtpSendV2", "whatsappOtpVerifyV1", "whatsappOtpVerifyV2"},
	{"sms", "smsOtpSendV1", "smsOtpSendV2", "smsOtpVerifyV1", "smsOtpVerifyV2"},
	{"flashcall", "flashcallOtpSendV1", "flashcallOtpSendV2", "flashcallOtpVerifyV1", "flashcallOtpVerifyV2"},
}

// sendBody is a valid send of op with extra members.
func sendBody(op string, kv ...any) string {
	args := []any{"msisdn", phone}
	if strings.HasPrefix(op, "whatsapp") {
		args = append(args, "lang_code", "id")
	}
	return js(append(args, kv...)...)
}

// otpValid is a request each OTP endpoint takes (its answer aside).
func otpValid(op string) (string, bool) {
	switch {
	case !strings.Contains(op, "Otp"):
		return "", false
	case strings.HasSuffix(op, "SendSandbox"):
		return js("msisdn", sandboxNum+"1"), true
	case strings.HasSuffix(op, "VerifySandbox"):
		return js("msisdn", sandboxNum+"7", "otp", "1234"), true
	case strings.Contains(op, "Send"):
		return sendBody(op), true
	}
	return js("msisdn", phone, "otp", "1234"), true
}

func otpCases(t testing.TB) []answerCase {
	var out []answerCase
	add := func(c answerCase) { out = append(out, c) }
	clock := func(d string) req {
		return req{method: http.MethodPost, path: "/clock", body: js("advance", d), admin: true}
	}
	for _, p := range otpOps {
		for _, send := range []string{p.send1, p.send2} {
			add(answerCase{Name: "sent", Op: send, Code: "OTP_SENT", Charged: true, Send: func(testing.TB) req { return post(send, sendBody(send)) }})
			add(answerCase{Name: "sandbox app, free", Op: send, Code: "OTP_SENT", Send: func(testing.TB) req {
				return post(send, sendBody(send)).as("sandbox-app", "sandbox-key")
			}})
			add(answerCase{Name: "client otp and challenge", Op: send, Code: "OTP_SENT", Charged: true, Send: func(testing.TB) req {
				return post(send, sendBody(send, "otp", "123456", "challenge", "login", "time_limit", 60, "otp_length", "6"))
			}})
			add(answerCase{Name: "sixth send in the window", Op: send, Code: "TOO_MANY_REQUESTS",
				Before: []req{post(send, sendBody(send)), post(send, sendBody(send)), post(send, sendBody(send)), post(send, sendBody(send)), post(send, sendBody(send))},
				Send:   func(testing.TB) req { return post(send, sendBody(send)) }})
			add(answerCase{Name: "blocked (scenario)", Op: send, Code: "MSISDN_BLOCKED", Why: emulate.WhyScenario, Rules: []string{rule(send, "MSISDN_BLOCKED")},
				Send: func(testing.TB) req { return post(send, sendBody(send)) }})
			badMsisdn := "VALIDATION_ERROR"
			if p.product != "whatsapp" {
				badMsisdn = "MSISDN_INVALID"
			}
			for _, c := range []struct{ name, code, body string }{
				{"not json", "VALIDATION_ERROR", `msisdn=1`},
				{"no msisdn", "VALIDATION_ERROR", js("lang_code", "id")},
				{"msisdn a number", "VALIDATION_ERROR", `{"msisdn":6281234567890,"lang_code":"id"}`},
				{"msisdn 3 digits", badMsisdn, sendBody(send, "msisdn", "628")},
				{"msisdn with +", badMsisdn, sendBody(send, "msisdn", "+6281234567890")},
				{"otp letters", "VALIDATION_ERROR", sendBody(send, "otp", "12ab")},
				{"otp_length 9", "VALIDATION_ERROR", sendBody(send, "otp_length", "9")},
				{"time_limit 0", "VALIDATION_ERROR", sendBody(send, "time_limit", 0)},
				{"callback ftp", "VALIDATION_ERROR", sendBody(send, "callback_url", "ftp://example.com/x")},
			} {
				if c.name == "msisdn with +" {
					// js puts msisdn first; the override is the second member
					c.body = strings.Replace(sendBody(send), phone, "+"+phone, 1)
				}
				if c.name == "msisdn 3 digits" {
					c.body = strings.Replace(sendBody(send), phone, "628", 1)
				}
				add(answerCase{Name: c.name, Op: send, Code: c.code, Send: func(testing.TB) req { return post(send, c.body) }})
			}
			if p.product == "whatsapp" {
				add(answerCase{Name: "no lang_code", Op: send, Code: "VALIDATION_ERROR", Send: func(testing.TB) req { return post(send, js("msisdn", phone)) }})
			}
		}
		for i, verify := range []string{p.verify1, p.verify2} {
			send := []string{p.send1, p.send2}[1-i] // sent with one version, verified with the other
			sent := post(send, sendBody(send, "otp", "123456", "time_limit", 60))
			right := js("msisdn", phone, "otp", "123456")
			add(answerCase{Name: "the OTP sent", Op: verify, Code: "OTP_VERIFIED", Before: []req{sent}, Send: func(testing.TB) req { return post(verify, right) }})
			add(answerCase{Name: "nothing sent", Op: verify, Code: "OTP_NOT_FOUND", Send: func(testing.TB) req { return post(verify, right) }})
			add(answerCase{Name: "another otp", Op: verify, Code: "OTP_NOT_FOUND", Before: []req{sent}, Send: func(testing.TB) req {
				return post(verify, js("msisdn", phone, "otp", "654321"))
			}})
			add(answerCase{Name: "verified before", Op: verify, Code: "OTP_NOT_FOUND", Before: []req{sent, post(verify, right)}, Send: func(testing.TB) req { return post(verify, right) }})
			add(answerCase{Name: "another challenge", Op: verify, Code: "OTP_NOT_FOUND", Before: []req{sent}, Send: func(testing.TB) req {
				return post(verify, js("msisdn", phone, "otp", "123456", "challenge", "login"))
			}})
			add(answerCase{Name: "after time_limit", Op: verify, Code: "TIME_LIMIT_EXCEEDED", Before: []req{sent, clock("61s")}, Send: func(testing.TB) req { return post(verify, right) }})
			add(answerCase{Name: "no otp", Op: verify, Code: "VALIDATION_ERROR", Send: func(testing.TB) req { return post(verify, js("msisdn", phone)) }})
			add(answerCase{Name: "not json", Op: verify, Code: "VALIDATION_ERROR", Send: func(testing.TB) req { return post(verify, `x`) }})
		}
	}
	for _, c := range []struct{ op, n, code string }{
		{"whatsappOtpSendSandbox", "1", "OTP_SENT"}, {"whatsappOtpSendSandbox", "2", "VALIDATION_ERROR"},
		{"whatsappOtpSendSandbox", "3", "AUTHORIZATION_FAILED"}, {"whatsappOtpSendSandbox", "4", "INSUFFICIENT_QUOTA"},
		{"whatsappOtpSendSandbox", "5", "MSISDN_BLOCKED"}, {"whatsappOtpSendSandbox", "6", "TOO_MANY_REQUESTS"},
		{"smsOtpSendSandbox", "1", "OTP_SENT"}, {"smsOtpSendSandbox", "2", "MSISDN_INVALID"},
		{"smsOtpSendSandbox", "3", "AUTHORIZATION_FAILED"}, {"smsOtpSendSandbox", "4", "INSUFFICIENT_QUOTA"},
		{"smsOtpSendSandbox", "5", "MSISDN_BLOCKED"}, {"smsOtpSendSandbox", "6", "TOO_MANY_REQUESTS"},
		{"whatsappOtpVerifySandbox", "7", "OTP_VERIFIED"}, {"whatsappOtpVerifySandbox", "8", "OTP_NOT_FOUND"},
		{"whatsappOtpVerifySandbox", "9", "TIME_LIMIT_EXCEEDED"},
	} {
		body := js("msisdn", sandboxNum+c.n, "otp", "1234")
		add(answerCase{Name: "sandbox number " + c.n, Op: c.op, Code: c.code, Send: func(testing.TB) req { return post(c.op, body) }})
	}
	for _, op := range []string{"whatsappOtpSendSandbox", "smsOtpSendSandbox", "whatsappOtpVerifySandbox"} {
		add(answerCase{Name: "not a sandbox number", Op: op, Code: "VALIDATION_ERROR", Send: func(testing.TB) req { return post(op, js("msisdn", phone, "otp", "1234")) }})
	}
	return out
}

// otpList reads GET /__admin/otp.
func otpList(t *testing.T, h *mocktest.Harness, query string) []admin.OTP {
	t.Helper()
	res := h.Do(h.Request(http.MethodGet, "/__admin/otp?"+query, nil, nil))
	if res.Status != 200 {
		t.Fatalf("admin otp: HTTP %d %s", res.Status, res.Body)
	}
	var l admin.OTPList
	if err := json.Unmarshal(res.Body, &l); err != nil {
		t.Fatal(err)
	}
	return l.OTPs
}

// TestOTPFlow: the OTP the mock sent is read off the admin API and
// verified once; wrong, reused and expired OTPs get their answers, on the
// mock's clock; state is per App-ID and cleared by reset.
func TestOTPFlow(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	for _, p := range otpOps {
		res := post(p.send2, sendBody(p.send2, "challenge", "login")).Send(h)
		if res.Status != http.StatusCreated {
			t.Fatalf("%s: HTTP %d %s", p.send2, res.Status, res.Body)
		}
		sent := res.JSON(t)
		l := otpList(t, h, "vendor=verihubs&credential=app&phone="+phone)
		var otp string
		for _, o := range l {
			if o.Channel == p.product {
				otp = o.OTP
			}
		}
		if otp == "" || otp != sent["otp"] || len(otp) != 4 {
			t.Fatalf("%s: admin %+v, sent %v", p.product, l, sent)
		}
		if (sent["segment_count"] != nil) != (p.product == "sms") {
			t.Errorf("%s: segment_count %v", p.product, sent["segment_count"])
		}
		// Another app does not see it.
		if res := post(p.verify1, js("msisdn", phone, "otp", otp, "challenge", "login")).as("other-app", "other-key").Send(h); res.Status != 404 {
			t.Errorf("%s: other app HTTP %d", p.product, res.Status)
		}
		if res := post(p.verify1, js("msisdn", phone, "otp", otp, "challenge", "login")).Send(h); res.Status != 200 || res.JSON(t)["message"] != "OTP has been verified" {
			t.Errorf("%s: verify HTTP %d %s", p.product, res.Status, res.Body)
		}
		if res := post(p.verify2, js("msisdn", phone, "otp", otp, "challenge", "login")).Send(h); res.Status != 404 || res.JSON(t)["message"] != " OTP not found" {
			t.Errorf("%s: reuse HTTP %d %s", p.product, res.Status, res.Body)
		}
	}
	// Five wrong OTPs void the OTP: the right one is then not found.
	post("smsOtpSendV2", sendBody("smsOtpSendV2", "otp", "2468")).Send(h)
	for range 5 {
		post("smsOtpVerifyV2", js("msisdn", phone, "otp", "0000")).Send(h)
	}
	if l := otpList(t, h, "phone="+phone+"&credential=app"); l[len(l)-1].WrongTries != 5 {
		t.Errorf("wrong tries %+v", l[len(l)-1])
	}
	if res := post("smsOtpVerifyV2", js("msisdn", phone, "otp", "2468")).Send(h); res.Status != 404 {
		t.Errorf("after 5 wrong: HTTP %d %s", res.Status, res.Body)
	}
	// Expiry moves with the mock's clock; a new send starts afresh and
	// counts the sends in the window.
	post("whatsappOtpSendV1", sendBody("whatsappOtpSendV1")).Send(h)
	res := post("whatsappOtpSendV1", sendBody("whatsappOtpSendV1", "otp", "1357", "time_limit", "30")).Send(h).JSON(t)
	if res["try_count"] != 2.0 {
		t.Errorf("try_count %v, want 2 (second send in the window)", res["try_count"])
	}
	if code, _ := h.Admin(http.MethodPost, "/clock", `{"advance":"31s"}`); code != 200 {
		t.Fatal("clock")
	}
	if l := otpList(t, h, "credential=app&phone="+phone); !l[len(l)-1].Expired {
		t.Errorf("not expired: %+v", l[len(l)-1])
	}
	if r := post("whatsappOtpVerifyV1", js("msisdn", phone, "otp", "1357")).Send(h); r.Status != 422 {
		t.Errorf("expired: HTTP %d %s", r.Status, r.Body)
	}
	// The window is 10 minutes: sends made before it no longer count.
	h.Admin(http.MethodPost, "/clock", `{"advance":"10m"}`)
	if r := post("whatsappOtpSendV1", sendBody("whatsappOtpSendV1")).Send(h).JSON(t); r["try_count"] != 1.0 {
		t.Errorf("try_count after the window %v", r["try_count"])
	}
	if code, _ := h.Admin(http.MethodPost, "/reset", ""); code != 200 {
		t.Fatal("reset")
	}
	if l := otpList(t, h, ""); len(l) != 0 {
		t.Errorf("reset kept %+v", l)
	}
}

// TestOTPBounded: settings.max_otps bounds the conversations kept per App-ID.
func TestOTPBounded(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(strings.Replace(testConfig, "    settings:\n", "    settings:\n      max_otps: 3\n", 1)))
	for _, n := range []string{"62811000001", "62811000002", "62811000003", "62811000004"} {
		if res := post("smsOtpSendV2", js("msisdn", n)).Send(h); res.Status != 201 {
			t.Fatalf("HTTP %d %s", res.Status, res.Body)
		}
	}
	l := otpList(t, h, "credential=app")
	if len(l) != 3 || l[0].MSISDN != "62811000002" {
		t.Errorf("kept %+v", l)
	}
}

// TestOTPSendBoundsWhatItStores: a send may not make the mock keep a
// challenge or callback_url of any size (the store keeps both per
// conversation, and a body may be 16 MB): over the bounds it is the
// documented VALIDATION_ERROR, and nothing is kept.
func TestOTPSendBoundsWhatItStores(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	for name, extra := range map[string][]any{
		"challenge":    {"challenge", strings.Repeat("c", 257)},
		"callback_url": {"callback_url", "http://receiver.example/" + strings.Repeat("p", 2048)},
	} {
		res := post("smsOtpSendV2", js(append([]any{"msisdn", "62811000009"}, extra...)...)).Send(h)
		if res.Status != 400 || !strings.Contains(string(res.Body), "VALIDATION_ERROR") {
			t.Errorf("%s over the bound: HTTP %d %s", name, res.Status, res.Body)
		}
	}
	if l := otpList(t, h, "credential=app"); len(l) != 0 {
		t.Errorf("kept %+v", l)
	}
	if res := post("smsOtpSendV2", js("msisdn", "62811000009", "challenge", strings.Repeat("c", 256))).Send(h); res.Status != 201 {
		t.Errorf("a 256-byte challenge: HTTP %d %s", res.Status, res.Body)
	}
}

// TestOTPCallbacks: the delivery status is a GET to callback_url with
// session_id and status; verifying sends Verified, an expired verify
// Unverified (docs/vendors/verihubs.md#b3-2, #b3-3).
func TestOTPCallbacks(t *testing.T) {
	var mu sync.Mutex
	got := map[string][]string{}
	done := make(chan struct{}, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		q := r.URL.Query()
		got[q.Get("session_id")] = append(got[q.Get("session_id")], r.Method+" "+q.Get("status"))
		mu.Unlock()
		done <- struct{}{}
	}))
	defer srv.Close()
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	wait := func(n int) {
		t.Helper()
		for range n {
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("no callback")
			}
		}
	}
	check := func(session string, want ...string) {
		t.Helper()
		mu.Lock()
		defer mu.Unlock()
		have := got[session]
		for _, w := range want {
			found := false
			for _, x := range have {
				found = found || x == w
			}
			if !found {
				t.Errorf("session %s: callbacks %v, want %v", session, have, want)
			}
		}
	}
	hook := srv.URL + "/otp?x=1"
	s := post("smsOtpSendV1", sendBody("smsOtpSendV1", "otp", "1111", "callback_url", hook)).Send(h).JSON(t)["session_id"].(string)
	wait(1)
	check(s, "GET 1") // Delivered
	post("smsOtpVerifyV1", js("msisdn", phone, "otp", "1111")).Send(h)
	wait(1)
	check(s, "GET 1", "GET 2") // Verified
	wres := post("whatsappOtpSendV2", sendBody("whatsappOtpSendV2", "otp", "2222", "time_limit", 5, "callback_url", hook)).Send(h)
	w, _ := wres.JSON(t)["session_id"].(string)
	if w == "" {
		t.Fatalf("HTTP %d %s", wres.Status, wres.Body)
	}
	wait(1)
	h.Admin(http.MethodPost, "/clock", `{"advance":"6s"}`)
	post("whatsappOtpVerifyV2", js("msisdn", phone, "otp", "2222")).Send(h)
	wait(1)
	check(w, "GET 2", "GET 5") // Delivered, Unverified
	// A sandbox-mode app's old sandbox numbers: 628003 fails on SMS,
	// 628001 is the one WhatsApp user (Read).
	f := post("smsOtpSendV1", js("msisdn", "628003", "callback_url", hook)).as("sandbox-app", "sandbox-key").Send(h).JSON(t)["session_id"].(string)
	r := post("whatsappOtpSendV1", js("msisdn", "628001", "lang_code", "id", "callback_url", hook)).as("sandbox-app", "sandbox-key").Send(h).JSON(t)["session_id"].(string)
	wait(2)
	check(f, "GET 4")
	check(r, "GET 3")
}

// TestCallbackEventsFingerprintTheURLSecrets: the journal's delivery
// events show the callback URL as its callback_url field does, with a
// secret query parameter fingerprinted, not in clear.
func TestCallbackEventsFingerprintTheURLSecrets(t *testing.T) {
	hit := make(chan struct{}, 4)
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit <- struct{}{} }))
	defer srv.Close()
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	res := post("smsOtpSendV2", js("msisdn", "62811000007", "callback_url", srv.URL+"/cb?token=cb-secret-5&order=7")).Send(h)
	if res.Status != 201 {
		t.Fatalf("send: HTTP %d %s", res.Status, res.Body)
	}
	select {
	case <-hit:
	case <-time.After(10 * time.Second):
		t.Fatal("no callback")
	}
	var e journal.Entry
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if e = h.LastEntry(); len(e.Events) > 0 {
			break
		}
	}
	if len(e.Events) == 0 {
		t.Fatal("no delivery event journaled")
	}
	text := string(mocktest.JSONBody(t, e))
	if strings.Contains(text, "cb-secret-5") {
		t.Errorf("the journal holds the callback's token in clear: %s", text)
	}
	if !strings.Contains(e.Events[0].Detail, "order=7") || !strings.Contains(e.Events[0].Detail, "/cb?") {
		t.Errorf("event %q no longer names the URL", e.Events[0].Detail)
	}
}
