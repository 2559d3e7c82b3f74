package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/emulate/advance"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// suite is one test suite's view of its workspace: it speaks HTTP to the
// mock like a client, and reports with t.Errorf (safe from goroutines).
type suite struct {
	t    *testing.T
	h    *mocktest.Harness
	ws   admin.Workspace
	name string
}

func newSuite(t *testing.T, h *mocktest.Harness, name, body string) *suite {
	t.Helper()
	res := h.Do(h.Request(http.MethodPost, "/__admin/workspaces", strings.NewReader(body), nil))
	if res.Status != http.StatusCreated {
		t.Fatalf("create workspace: HTTP %d %s", res.Status, res.Body)
	}
	var ws admin.Workspace
	dec := json.NewDecoder(bytes.NewReader(res.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ws); err != nil {
		t.Fatalf("workspace answer: %v\n%s", err, res.Body)
	}
	return &suite{t: t, h: h, ws: ws, name: name}
}

func (s *suite) cred(vendor string) admin.CredentialSpec { return s.ws.Credentials[vendor][0] }

// admin calls the workspace's admin endpoint path.
func (s *suite) admin(method, path, body string) (int, map[string]any) {
	return s.h.Admin(method, strings.TrimPrefix(s.ws.Admin, "/__admin")+path, body)
}

// now is the workspace's clock.
func (s *suite) now() time.Time {
	_, body := s.admin(http.MethodGet, "/clock", "")
	t, err := time.Parse(time.RFC3339Nano, body["now"].(string))
	if err != nil {
		s.t.Errorf("%s: clock %v", s.name, body)
	}
	return t
}

// last is the why and code of the workspace journal's newest entry.
func (s *suite) last() (why, code string) {
	_, body := s.admin(http.MethodGet, "/requests?limit=1", "")
	list, _ := body["requests"].([]any)
	if len(list) == 0 {
		s.t.Errorf("%s: empty journal", s.name)
		return "", ""
	}
	e := list[0].(map[string]any)
	code, _ = e["code"].(string)
	why, _ = e["why"].(string)
	return why, code
}

func (s *suite) ocr() (why, code string) {
	s.h.Do(s.h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader(ocrForm(s.t)),
		http.Header{"X-Api-Key": {s.cred("ekycpro").ID}, "Content-Type": {"application/x-www-form-urlencoded"}}))
	return s.last()
}

// token asks ADVANCE for a token with the workspace's keys, signed at the
// workspace's time.
func (s *suite) token() string {
	c := s.cred("advance")
	ts := strconv.FormatInt(s.now().UnixMilli(), 10)
	res := s.h.Do(s.h.Request(http.MethodPost, "/advance/openapi/auth/ticket/v1/generate-token",
		strings.NewReader(fmt.Sprintf(`{"accessKey":%q,"timestamp":%q,"signature":%q}`, c.ID, ts, advance.Signature(c.ID, c.Secret, ts))),
		http.Header{"Content-Type": {"application/json"}}))
	data, _ := res.JSON(s.t)["data"].(map[string]any)
	tok, _ := data["token"].(string)
	if tok == "" {
		s.t.Errorf("%s: no token: HTTP %d %s", s.name, res.Status, res.Body)
	}
	return tok
}

// useToken calls ADVANCE with tok and says whether the token was taken.
func (s *suite) useToken(tok string) bool {
	s.h.Do(s.h.Request(http.MethodPost, "/advance/openapi/face-identity/v1/ocr-kk-check", strings.NewReader("{}"),
		http.Header{"X-Access-Token": {tok}, "Content-Type": {"application/json"}}))
	why, _ := s.last()
	return why != "auth"
}

// reference sends a Verihubs extraction with reference_id ref and answers
// its code.
func (s *suite) reference(ref, img string) string {
	c := s.cred("verihubs")
	s.h.Do(s.h.Request(http.MethodPost, "/verihubs/v2/ktp/extract", strings.NewReader(fmt.Sprintf(`{"image":%q,"reference_id":%q}`, img, ref)),
		http.Header{"App-ID": {c.ID}, "API-Key": {c.Secret}, "Content-Type": {"application/json"}}))
	_, code := s.last()
	return code
}

// enroll sends two faces to AccuAuth's /face/v2/verify and answers the
// image id it gave the second.
func (s *suite) enroll(face []byte) string {
	c := s.cred("accuauth")
	body, ct := mocktest.Multipart(s.t, mocktest.Part{Name: "file_1", Filename: "a.jpg", ContentType: "image/jpeg", Data: face},
		mocktest.Part{Name: "file_2", Filename: "b.jpg", ContentType: "image/jpeg", Data: face})
	res := s.h.Do(s.h.Request(http.MethodPost, "/accuauth/face/v2/verify", bytes.NewReader(body),
		http.Header{"X-DF-API-ID": {c.ID}, "X-DF-API-SECRET": {c.Secret}, "Content-Type": {ct}}))
	id, _ := res.JSON(s.t)["image_id_2"].(string)
	if id == "" {
		s.t.Errorf("%s: no image id: HTTP %d %s", s.name, res.Status, res.Body)
	}
	return id
}

// enrolled says whether AccuAuth still knows image id.
func (s *suite) enrolled(id string) bool {
	c := s.cred("accuauth")
	body, ct := mocktest.Multipart(s.t, mocktest.Field("image_id", id))
	s.h.Do(s.h.Request(http.MethodPost, "/accuauth/face/liveness_anti_hack", bytes.NewReader(body),
		http.Header{"X-DF-API-ID": {c.ID}, "X-DF-API-SECRET": {c.Secret}, "Content-Type": {ct}}))
	_, code := s.last()
	return code == "OK"
}

func (s *suite) charged() float64 {
	_, body := s.admin(http.MethodGet, "/accounts/ekycpro/"+s.cred("ekycpro").ID, "")
	n, _ := body["charged_calls"].(float64)
	return n
}

func (s *suite) adminRules() int {
	_, body := s.admin(http.MethodGet, "/scenarios", "")
	n := 0
	for _, r := range body["scenarios"].([]any) {
		if r.(map[string]any)["group"] == "admin" {
			n++
		}
	}
	return n
}

// TestWorkspacesParallelSuites: two suites run at once, each in its own
// workspace. Each resets its workspace and moves its clock while the
// other's ADVANCE token, eKYCPro quota, Verihubs reference ids and OTPs,
// AccuAuth enrolled faces and rules stay as they were; the default workspace is untouched by both.
func TestWorkspacesParallelSuites(t *testing.T) {
	h := mocktest.New(t)
	ocr(h, t, "AbcdEfgh", nil) // the default workspace's one call
	img := mocktest.ImageB64(t, imagecheck.FixtureSpec{})
	face := mocktest.Image(t, imagecheck.FixtureSpec{Width: 240, Height: 320})
	a := newSuite(t, h, "A", `{"credential":{"quota":3}}`)
	b := newSuite(t, h, "B", `{"credential":{"quota":3},"vendors":{"verihubs":{"mode":"testing"}}}`)
	for vendor, creds := range a.ws.Credentials {
		if len(creds) != 1 || creds[0].ID == b.cred(vendor).ID || (creds[0].Secret != "" && creds[0].Secret == b.cred(vendor).Secret) {
			t.Errorf("%s: the two workspaces' credentials are not their own: %+v %+v", vendor, creds, b.ws.Credentials[vendor])
		}
	}
	if len(a.ws.Credentials) != 5 || b.cred("verihubs").Mode != "testing" || *b.cred("ekycpro").Quota != 3 {
		t.Fatalf("workspace credentials %+v", b.ws.Credentials)
	}

	// setup: a token, the quota used up, a rule, a reference id.
	type state struct{ token, image string }
	// otps lists the OTPs the mock holds for the suite's Verihubs app.
	otps := func(s *suite) int {
		_, body := h.Admin(http.MethodGet, "/otp?vendor=verihubs&credential="+s.cred("verihubs").ID, "")
		n, _ := body["count"].(float64)
		return int(n)
	}
	sendOTP := func(s *suite) {
		c := s.cred("verihubs")
		res := h.Do(h.Request(http.MethodPost, "/verihubs/v1/whatsapp/otp/send", strings.NewReader(`{"msisdn":"6281234567890","lang_code":"id","challenge":"login"}`),
			http.Header{"App-Id": {c.ID}, "Api-Key": {c.Secret}, "Content-Type": {"application/json"}}))
		if res.Status != http.StatusCreated {
			s.t.Errorf("%s: OTP send: HTTP %d %s", s.name, res.Status, res.Body)
		}
	}
	setup := func(s *suite) state {
		sendOTP(s)
		st := state{token: s.token(), image: s.enroll(face)}
		if !s.enrolled(st.image) {
			s.t.Errorf("%s: a fresh image id is unknown", s.name)
		}
		if !s.useToken(st.token) {
			s.t.Errorf("%s: a fresh token was refused", s.name)
		}
		for i := range 3 {
			if why, code := s.ocr(); code != "OK" {
				s.t.Errorf("%s: call %d answered %s (%s)", s.name, i+1, code, why)
			}
		}
		if st, body := s.admin(http.MethodPost, "/scenarios", `{"name":"down","vendor":"verihubs","endpoint":"idForgery","respond":{"code":"INTERNAL_SERVER_ERROR"}}`); st != 201 {
			s.t.Errorf("%s: add rule %d %v", s.name, st, body)
		}
		if code := s.reference("order-1", img); code != "EXT-1" {
			s.t.Errorf("%s: first reference id answered %s", s.name, code)
		}
		return st
	}
	// intact checks what setup left, after the other suite's reset and
	// clock move.
	intact := func(s *suite, st state) {
		if !s.useToken(st.token) {
			s.t.Errorf("%s: the token died when the other suite moved its clock", s.name)
		}
		if n := s.charged(); n != 3 {
			s.t.Errorf("%s: %v calls charged after the other's reset, want 3", s.name, n)
		}
		if _, code := s.ocr(); code != "RETRY_LATER" {
			s.t.Errorf("%s: the used-up quota answered %s after the other's reset", s.name, code)
		}
		if n := s.adminRules(); n != 1 {
			s.t.Errorf("%s: %d admin rules after the other's reset, want 1", s.name, n)
		}
		if code := s.reference("order-1", img); code != "INVALID_PAYLOAD_REFERENCE_ID_EXISTS" {
			s.t.Errorf("%s: a used reference id answered %s after the other's reset", s.name, code)
		}
		if !s.enrolled(st.image) {
			s.t.Errorf("%s: its enrolled face was forgotten in the other's reset", s.name)
		}
		if n := otps(s); n != 1 {
			s.t.Errorf("%s: %d OTPs held after the other's reset, want 1", s.name, n)
		}
	}
	// moveOn resets the suite's workspace and moves its clock 48 h ahead,
	// past any token's life; then checks that it took.
	moveOn := func(s *suite, st state) {
		if code, body := s.admin(http.MethodPost, "/reset", ""); code != 200 {
			s.t.Errorf("%s: reset %d %v", s.name, code, body)
		}
		if code, body := s.admin(http.MethodPost, "/clock", `{"advance":"48h"}`); code != 200 {
			s.t.Errorf("%s: clock %d %v", s.name, code, body)
		}
		if s.useToken(st.token) {
			s.t.Errorf("%s: the token outlived a 48 h clock move", s.name)
		}
		if n := s.charged(); n != 0 {
			s.t.Errorf("%s: %v calls charged after the reset", s.name, n)
		}
		if _, code := s.ocr(); code != "OK" {
			s.t.Errorf("%s: after the reset the quota answered %s", s.name, code)
		}
		if n := s.adminRules(); n != 0 {
			s.t.Errorf("%s: %d admin rules after the reset", s.name, n)
		}
		if code := s.reference("order-1", img); code != "EXT-1" {
			s.t.Errorf("%s: after the reset the reference id answered %s", s.name, code)
		}
		if s.enrolled(st.image) {
			s.t.Errorf("%s: an enrolled face outlived the reset", s.name)
		}
		if n := otps(s); n != 0 {
			s.t.Errorf("%s: %d OTPs outlived the reset", s.name, n)
		}
		// Its calls are answered and journaled on its clock.
		_, body := s.admin(http.MethodGet, "/requests?limit=1", "")
		if at, _ := time.Parse(time.RFC3339Nano, body["requests"].([]any)[0].(map[string]any)["time"].(string)); !at.Equal(mocktest.Epoch.Add(48 * time.Hour)) {
			s.t.Errorf("%s: a call after the clock move journaled at %s", s.name, at)
		}
		if got := s.now(); !got.After(mocktest.Epoch.Add(47 * time.Hour)) {
			s.t.Errorf("%s: clock %s after a 48 h move", s.name, got)
		}
	}

	var wg sync.WaitGroup
	aReady, aMoved, bChecked := make(chan struct{}), make(chan struct{}), make(chan struct{})
	wg.Go(func() {
		st := setup(a)
		close(aReady)
		moveOn(a, st) // while B sets up and checks
		close(aMoved)
		<-bChecked
	})
	wg.Go(func() {
		st := setup(b)
		<-aReady
		<-aMoved
		intact(b, st)
		close(bChecked)
		// Now B moves on while A checks that its fresh state survives.
		moveOn(b, st)
	})
	wg.Wait()
	if t.Failed() {
		return
	}
	// A's state after its own reset (one OK call, one reference id) is
	// still there after B's reset and clock move.
	if n := a.charged(); n != 1 {
		t.Errorf("A: %v calls charged after B's reset, want 1", n)
	}
	if code := a.reference("order-1", img); code != "INVALID_PAYLOAD_REFERENCE_ID_EXISTS" {
		t.Errorf("A: its reference id answered %s after B's reset", code)
	}

	// The default workspace saw none of it: its journal holds its one
	// call, its clock did not move, its accounts are the config's.
	_, body := h.Admin(http.MethodGet, "/requests", "")
	if n := mocktest.At[float64](t, body, "count"); n != 1 {
		t.Errorf("the default journal holds %v entries, want 1", n)
	}
	if _, body = h.Admin(http.MethodGet, "/clock", ""); body["offset"] != "0s" {
		t.Errorf("the default clock moved: %v", body)
	}
	_, body = h.Admin(http.MethodGet, "/accounts", "")
	for _, acc := range mocktest.At[[]any](t, body, "accounts") {
		if id := acc.(map[string]any)["id"].(string); strings.Contains(id, "-ws") {
			t.Errorf("the default accounts list a workspace's credential %s", id)
		}
	}
	// A global reset leaves the workspaces alone.
	h.Admin(http.MethodPost, "/reset", "")
	if n := a.charged(); n != 1 {
		t.Errorf("A: %v calls charged after the global reset, want 1", n)
	}
}
