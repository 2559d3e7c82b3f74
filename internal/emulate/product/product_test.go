package product

import (
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

func TestFaceResultBands(t *testing.T) {
	for _, c := range []struct {
		s       float64
		notSure bool
		want    string
	}{
		{100, true, "SAME PERSON"}, {65, true, "SAME PERSON"}, {64.999, true, "NOT SURE"}, {45, true, "NOT SURE"},
		{44.999, true, "NOT SAME PERSON"}, {0, true, "NOT SAME PERSON"}, {50, false, "NOT SAME PERSON"}, {65, false, "SAME PERSON"},
	} {
		if got := FaceResult(c.s, c.notSure); got != c.want {
			t.Errorf("FaceResult(%v, %v) = %s, want %s", c.s, c.notSure, got, c.want)
		}
	}
}

func TestCountersNeverDecrease(t *testing.T) {
	for i := 0; i < 500; i++ {
		q := Counters(1, "nik", emulate.MD5Hex(string(rune(i))))
		s := []int{q.D07, q.D14, q.D21, q.D30, q.D60, q.D90, q.Total}
		for j := 1; j < len(s); j++ {
			if s[j] < s[j-1] || s[0] < 0 {
				t.Fatalf("counters decrease: %+v", q)
			}
		}
	}
}

func TestAntiFakeVerdictsAgreeWithScores(t *testing.T) {
	for i, flags := range []string{"", "blur", "ps,print", "blur,ps,print,replay"} {
		img := emulate.Image{Info: imagecheck.Info{Digest: emulate.MD5Hex(string(rune(i))), Marker: imagecheck.Marker{"antifake": flags}}}
		b := AntiFakeScores(int64(i), img)
		for _, c := range []struct {
			yes   string
			score int
			th    int
		}{ // the doc's reference values, written out: yes if ps > 80, blur > 30, print > 70, replayAttack > 60
			{b.Blur.IsBlur, b.Blur.Score, 30}, {b.Ps.IsPs, b.Ps.Score, 80}, {b.Print.IsPrint, b.Print.Score, 70}, {b.ReplayAttack.IsReplayAttack, b.ReplayAttack.Score, 60}} {
			if (c.yes == "yes") != (c.score > c.th) || c.score < 0 || c.score > 100 {
				t.Errorf("flags %q: %s with score %d (threshold %d)", flags, c.yes, c.score, c.th)
			}
		}
	}
}

func TestLiveness(t *testing.T) {
	img := emulate.Image{Info: imagecheck.Info{Marker: imagecheck.Marker{"liveness": "Multiple Faces"}}}
	if d := Liveness(1, img, true).(LiveDetail); d.IsLiveness || d.LiveScore != 0 || d.Reason != "multiple faces" {
		t.Errorf("%+v", d)
	}
	if s := Liveness(1, emulate.Image{}, false).(LiveScore); s.LiveScore < 90 {
		t.Errorf("%+v", s)
	}
	for c, ok := range map[string]bool{"": true, "id": true, " TH ": true, "US": false} {
		if LivenessCountry(c, []string{"MX", "IN", "TH", "ID"}) != ok {
			t.Errorf("LivenessCountry(%q)", c)
		}
	}
}

func TestResolve(t *testing.T) {
	nikHash := emulate.MD5Hex("3171024302821001")
	lookup := func(h string, phone bool) (string, bool) {
		if h == nikHash && !phone {
			return "3171024302821001", true
		}
		return "", false
	}
	for _, c := range []struct {
		name             string
		value            string
		md5, phone, only bool
		want             Ident
	}{
		{"plain NIK", " 3171024302821001 ", false, false, false, Ident{Valid: true, Known: true, Plain: "3171024302821001", Subject: nikHash}},
		{"bad NIK", "31710243", false, false, false, Ident{}},
		{"plain phone", "0895806600002", false, true, false, Ident{Valid: true, Known: true, Plain: "+62895806600002", Subject: emulate.MD5Hex("+62895806600002")}},
		{"declared hash, upper case", strings.ToUpper(nikHash), true, false, true, Ident{Valid: true, Known: true, Plain: "3171024302821001", Subject: nikHash}},
		{"undeclared hash, known_only", emulate.MD5Hex("x"), true, false, true, Ident{Valid: true, Subject: emulate.MD5Hex("x")}},
		{"undeclared hash, anyone", emulate.MD5Hex("x"), true, false, false, Ident{Valid: true, Known: true, Subject: emulate.MD5Hex("x")}},
		{"not hex in md5 mode", "3171024302821001", true, false, false, Ident{}},
		{"a declared NIK's hash as a phone, known_only", nikHash, true, true, true, Ident{Valid: true, Subject: nikHash}},
	} {
		if got := Resolve(c.value, c.md5, c.phone, lookup, c.only); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

// TestInternalIsTheEndpointsServerError: a handler panic answers HTTP 500
// with the endpoint's own documented server error.
func TestInternalIsTheEndpointsServerError(t *testing.T) {
	for _, c := range []struct {
		name       string
		answers    []emulate.Answer
		code, text string
	}{
		{"eKYCPro KTP OCR: INNER_ERROR in its wording", []emulate.Answer{Charge(OK, "", ""), Free(InnerError, MsgServiceDown, "")}, InnerError, MsgServiceDown},
		{"image endpoint: INNER_ERROR", []emulate.Answer{Charge(OK, "", ""), Free(InnerError, MsgInner, "")}, InnerError, MsgInner},
		{"iziData data endpoint: the service-down RETRY_LATER", []emulate.Answer{Charge(OK, "", ""), Free(RetryLater, "System error", ""), Free(RetryLater, MsgServiceDown, "")}, RetryLater, MsgServiceDown},
		{"unrouted: the generic INNER_ERROR", nil, InnerError, MsgInner},
	} {
		call := &emulate.Call{Endpoint: &emulate.Endpoint{OperationID: "x", Answers: c.answers}}
		r := Errors{}.Internal(call)
		if r.Status != 500 || r.Code != c.code || r.Message != c.text || r.Body != (Envelope{Status: c.code, Message: c.text}) {
			t.Errorf("%s: %d %s %q %+v", c.name, r.Status, r.Code, r.Message, r.Body)
		}
	}
}

// TestErrorsNameEveryEndpoint: the bad-parameters codes must name every
// endpoint, each with a code it documents, or the vendor does not build;
// an endpoint without one is a loud panic, never a silent 404.
func TestErrorsNameEveryEndpoint(t *testing.T) {
	eps := []*emulate.Endpoint{
		{OperationID: "a", Answers: []emulate.Answer{Charge(OK, "", ""), Free(InvalidRequest, MsgInvalidRequest, "")}},
		{OperationID: "b", Answers: []emulate.Answer{Charge(OK, "", ""), Free(FAIL, "bad", "")}},
	}
	for _, c := range []struct {
		name  string
		codes map[string]string
		ok    bool
	}{
		{"every endpoint", map[string]string{"a": InvalidRequest, "b": FAIL}, true},
		{"one missing", map[string]string{"a": InvalidRequest}, false},
		{"undocumented code", map[string]string{"a": InvalidRequest, "b": InvalidRequest}, false},
		{"no such endpoint", map[string]string{"a": InvalidRequest, "b": FAIL, "c": FAIL}, false},
	} {
		_, err := NewErrors(eps, c.codes)
		if (err == nil) != c.ok {
			t.Errorf("%s: err %v", c.name, err)
		}
	}
	e, err := NewErrors(eps, map[string]string{"a": InvalidRequest, "b": FAIL})
	if err != nil {
		t.Fatal(err)
	}
	r := e.Invalid(&emulate.Call{Endpoint: eps[1]}, nil)
	if r.Status != 200 || r.Code != FAIL || r.Body != (Envelope{Status: FAIL, Message: "bad"}) {
		t.Errorf("b: %+v", r)
	}
	defer func() {
		if recover() == nil {
			t.Error("an endpoint the codes do not name answered instead of panicking")
		}
	}()
	e.Invalid(&emulate.Call{Endpoint: &emulate.Endpoint{OperationID: "z"}}, nil)
}
