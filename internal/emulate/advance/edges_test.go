package advance_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/advance"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestTokenTimestampEdges: docs/vendors/advance.md#ad-5's window is ±300 s inclusive on both sides
// of the clock, to the millisecond, and the timestamp is 13 digits of
// milliseconds: the same instant with a leading zero, in seconds or in
// microseconds, or with a sign or a fraction, is "Timestamp error" even
// where its value lies inside the window. Each request is signed over the
// timestamp as sent, so only the timestamp decides.
func TestTokenTimestampEdges(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	now := mocktest.Epoch.UnixMilli()
	ms := func(off int64) string { return strconv.FormatInt(now+off, 10) }
	for _, c := range []struct {
		name string
		ts   any    // as sent in the JSON body
		text string // as signed
		ok   bool
	}{
		{"now", ms(0), ms(0), true},
		{"+300 s", ms(300_000), ms(300_000), true},
		{"+300.001 s", ms(300_001), ms(300_001), false},
		{"-300 s", ms(-300_000), ms(-300_000), true},
		{"-300.001 s", ms(-300_001), ms(-300_001), false},
		{"+300.001 s as a number", now + 300_001, ms(300_001), false},
		{"-300 s as a number", now - 300_000, ms(-300_000), true},
		{"leading zero (14 digits)", "0" + ms(0), "0" + ms(0), false},
		{"plus sign", "+" + ms(0), "+" + ms(0), false},
		{"seconds (10 digits)", strconv.FormatInt(now/1000, 10), strconv.FormatInt(now/1000, 10), false},
		{"microseconds (16 digits)", ms(0) + "000", ms(0) + "000", false},
		{"12 digits", ms(0)[1:], ms(0)[1:], false},
		{"fraction", ms(0) + ".0", ms(0) + ".0", false},
		{"number with a fraction", json13(now), ms(0) + ".0", false},
	} {
		e := decode(t, tokenCall(demoKey, map[string]any{"timestamp": c.ts, "signature": advance.Signature(demoKey, demoSecret, c.text)}).Send(h))
		switch {
		case c.ok && e.Code != "SUCCESS":
			t.Errorf("%s: %s %q, want SUCCESS", c.name, e.Code, e.Message)
		case !c.ok && (e.Code != "PARAMETER_ERROR" || e.Message != advance.MsgTimestamp || e.PricingStrategy != "FREE" || string(e.Data) != "null"):
			t.Errorf("%s: %s %q %s, want PARAMETER_ERROR %q", c.name, e.Code, e.Message, e.Data, advance.MsgTimestamp)
		}
	}
}

// json13 is a JSON number literal with a fraction: 1773916200000.0.
type json13 int64

func (n json13) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("%d.0", int64(n))), nil }

// TestLegacyDateEdges: docs/vendors/advance.md#ad-9's Date window is 15 min either side of the
// clock, inclusive; one second more on either side is refused.
func TestLegacyDateEdges(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	if st, body := h.Admin(http.MethodPost, "/clock", `{"set":"2024-01-02T03:10:00Z"}`); st != http.StatusOK {
		t.Fatalf("clock: %d %v", st, body)
	}
	body := []byte(`{"idNumber":"3171024302821001","name":"BUDI"}`)
	for _, c := range []struct {
		date string
		ok   bool
	}{
		{"Tue, 02 Jan 2024 02:55:00 GMT", true},  // -15 min
		{"Tue, 02 Jan 2024 03:25:00 GMT", true},  // +15 min
		{"Tue, 02 Jan 2024 02:54:59 GMT", false}, // -15 min 1 s
		{"Tue, 02 Jan 2024 03:25:01 GMT", false}, // +15 min 1 s
	} {
		sig := advance.LegacySignature(demoSecret, advance.LegacySignStrings("POST", "/advance"+identityPath, "application/json", c.date)[1])
		c2 := call{path: identityPath, contentType: "application/json", body: body, auth: viaRaw,
			header: http.Header{"Date": {c.date}, "Authorization": {demoKey + ":" + sig}}}
		e := decode(t, c2.Send(h))
		switch {
		case c.ok && e.Code != "SUCCESS":
			t.Errorf("Date %s: %s %q, want SUCCESS", c.date, e.Code, e.Message)
		case !c.ok && (e.Code != "IAM_FAILED" || e.Message != advance.MsgIAMNotAuthorized || e.PricingStrategy != "FREE"):
			t.Errorf("Date %s: %s %q, want IAM_FAILED %q", c.date, e.Code, e.Message, advance.MsgIAMNotAuthorized)
		}
	}
}

// sizeCase is a request and the size answer it should get.
type sizeCase struct {
	op, code, msg string
	call          call
}

// sizeCases sends img to each image field of each image endpoint (other in
// the face comparison's other field), each endpoint with its size answer.
func sizeCases(t testing.TB, img, other []byte) []sizeCase {
	return []sizeCase{
		{"kkOcr", "PARAMETER_ERROR", advance.MsgKKSize, upload(t, kkPath, file("ocrImage", img))},
		{"ktpOcr", "IMAGE_INVALID_SIZE", advance.MsgImageSize, upload(t, ktpPath, file("ocrImage", img))},
		{"faceCompare first", "IMAGE_INVALID_SIZE", advance.MsgImageSize, upload(t, facePath, file("firstImage", img), file("secondImage", other))},
		{"faceCompare second", "IMAGE_INVALID_SIZE", advance.MsgImageSize, upload(t, facePath, file("firstImage", other), file("secondImage", img))},
		{"idForgery", "PARAMETER_ERROR", advance.MsgForgerySize, upload(t, forgeryPath, file("cardImage", img))},
	}
}

// TestImageHeightLimits: docs/vendors/advance.md#ad-14's bounds hold for the height as for the
// width, on every image endpoint, each with its own size answer.
func TestImageHeightLimits(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	good := mocktest.Image(t, imagecheck.FixtureSpec{})
	for _, c := range []struct {
		name   string
		height int
		ok     bool
	}{{"256 px high", 256, true}, {"4096 px high", 4096, true}, {"255 px high", 255, false}, {"4097 px high", 4097, false}} {
		img := mocktest.Image(t, imagecheck.FixtureSpec{Width: 300, Height: c.height})
		for _, ep := range sizeCases(t, img, good) {
			e := decode(t, ep.call.withKey(demoKey, viaLegacy).Send(h))
			switch {
			case c.ok && (e.Code != "SUCCESS" || e.PricingStrategy != "PAY"):
				t.Errorf("%s, %s: %s %q, want SUCCESS", ep.op, c.name, e.Code, e.Message)
			case !c.ok && (e.Code != ep.code || e.Message != ep.msg || e.PricingStrategy != "FREE" || string(e.Data) != "null"):
				t.Errorf("%s, %s: %s %q, want %s %q", ep.op, c.name, e.Code, e.Message, ep.code, ep.msg)
			}
		}
	}
}

// TestTooLargeBody: a body over the 16 MiB read limit is the image
// endpoint's own size answer (only an image makes it that large), and a
// bad request on the JSON endpoints; free, with no data.
func TestTooLargeBody(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	huge := mocktest.Image(t, imagecheck.FixtureSpec{Bytes: 16<<20 + 1})
	json := append(append([]byte(`{"idNumber":"3171024302821001","name":"`), bytes.Repeat([]byte("A"), 16<<20)...), `"}`...)
	for _, c := range append(sizeCases(t, huge, huge[:1<<10]),
		sizeCase{"identityCheck", "CLIENT_ERROR", advance.MsgBadRequest, call{path: identityPath, contentType: "application/json", body: json}},
		sizeCase{"generateToken", "CLIENT_ERROR", advance.MsgBadRequest, call{path: tokenPath, contentType: "application/json", body: json, auth: viaNone}},
	) {
		c.call.auth = viaLegacy
		if c.op == "generateToken" {
			c.call.auth = viaNone
		}
		e := decode(t, c.call.Send(h))
		if e.Code != c.code || e.Message != c.msg || e.PricingStrategy != "FREE" || string(e.Data) != "null" {
			t.Errorf("%s: %s %q, want %s %q", c.op, e.Code, e.Message, c.code, c.msg)
		}
		if j := h.LastEntry(); j.Code != c.code || j.Charged {
			t.Errorf("%s: journal %s charged %v", c.op, j.Code, j.Charged)
		}
	}
}

// nikRule forces ERROR on op for calls whose NIK fact is nik.
func nikRule(op, nik string) string {
	return fmt.Sprintf(`{"name":"nik","vendor":"advance","endpoint":%q,"match":{"nik":%q},"respond":{"code":"ERROR"}}`, op, nik)
}

// TestNIKFacts: a scenario rule matching a NIK fires on the calls about that
// NIK: the KK's first member (KK OCR), the KTP's person (KTP OCR, ID
// forgery, face comparison; a marker nik= picks one), the idNumber sent
// (identity check);
// not on another NIK, and not on a call with no image, whose stand-in
// person is no fact.
func TestNIKFacts(t *testing.T) {
	const nik, other, kk = "3171024302821001", "3171024302821002", "3171020101190001"
	gen := identity.NewGenerator(7)
	fam, err := gen.FamilyByKK(kk)
	if err != nil || len(fam.Members) == 0 {
		t.Fatalf("family %s: %v", kk, err)
	}
	head := fam.Members[0].NIK
	nobody := gen.PersonFor("").NIK           // the person of no image
	nofam := gen.FamilyFor("").Members[0].NIK // the family of no image
	withMarker := func(path, field, marker string) call {
		return upload(t, path, file(field, mocktest.Image(t, imagecheck.FixtureSpec{Marker: marker})))
	}
	noImage := func(path string) call {
		return upload(t, path, mocktest.Part{Name: "other", Filename: "x.txt", Data: []byte("x")})
	}
	for _, c := range []struct {
		name, op, ruleNIK string
		call              call
		want              string
	}{
		{"kk head", "kkOcr", head, withMarker(kkPath, "ocrImage", "kk="+kk), "ERROR"},
		{"kk other", "kkOcr", other, withMarker(kkPath, "ocrImage", "kk="+kk), "SUCCESS"},
		{"kk no image", "kkOcr", nofam, noImage(kkPath), "PARAMETER_ERROR"},
		{"ktp marker", "ktpOcr", nik, withMarker(ktpPath, "ocrImage", "nik="+nik), "ERROR"},
		{"ktp other", "ktpOcr", other, withMarker(ktpPath, "ocrImage", "nik="+nik), "SUCCESS"},
		{"ktp no image", "ktpOcr", nobody, noImage(ktpPath), "PARAMETER_ERROR"},
		{"forgery marker", "idForgery", nik, withMarker(forgeryPath, "cardImage", "nik="+nik), "ERROR"},
		{"forgery other", "idForgery", other, withMarker(forgeryPath, "cardImage", "nik="+nik), "SUCCESS"},
		{"forgery no image", "idForgery", nobody, noImage(forgeryPath), "PARAMETER_ERROR"},
		{"face marker on the second", "faceCompare", nik, upload(t, facePath, file("firstImage", mocktest.Image(t, imagecheck.FixtureSpec{})),
			file("secondImage", mocktest.Image(t, imagecheck.FixtureSpec{Marker: "nik=" + nik}))), "ERROR"},
		{"face other", "faceCompare", other, upload(t, facePath, file("firstImage", mocktest.Image(t, imagecheck.FixtureSpec{})),
			file("secondImage", mocktest.Image(t, imagecheck.FixtureSpec{Marker: "nik=" + nik}))), "SUCCESS"},
		{"identity", "identityCheck", nik, identityCall(nik, "BUDI"), "ERROR"},
		{"identity other", "identityCheck", other, identityCall(nik, "BUDI"), "SUCCESS"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := mocktest.New(t, mocktest.WithConfig(accessConfig))
			h.AddRules(nikRule(c.op, c.ruleNIK))
			e := decode(t, c.call.withKey(demoKey, viaLegacy).Send(h))
			if e.Code != c.want {
				t.Fatalf("%s %q, want %s", e.Code, e.Message, c.want)
			}
			if c.want == "ERROR" && (e.Message != advance.MsgServerError || e.PricingStrategy != "FREE" || string(e.Data) != "null") {
				t.Errorf("forced ERROR: %q %s %s", e.Message, e.PricingStrategy, e.Data)
			}
			if j := h.LastEntry(); (j.Why == emulate.WhyScenario) != (c.want == "ERROR") {
				t.Errorf("journal why %s for %s", j.Why, e.Code)
			}
		})
	}
}
