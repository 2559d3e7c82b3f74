package verihubs_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// sertelNIK is a registry NIK; its person is testConfig's (seed 7).
const sertelNIK = "3171024302821001"

func sertelPerson(t testing.TB) identity.Person {
	p, err := identity.NewGenerator(7).PersonByNIK(sertelNIK)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// sertelPhotos are a selfie (480×640, 120 KB) and a KTP photo (720×480,
// 120 KB) within the documented limits.
func sertelPhotos(t testing.TB, selfieMarker string) (selfie, ktp string) {
	return mocktest.ImageB64(t, imagecheck.FixtureSpec{Width: 480, Height: 640, Bytes: 120 << 10, Marker: selfieMarker}),
		mocktest.ImageB64(t, imagecheck.FixtureSpec{Width: 720, Height: 480, Bytes: 120 << 10})
}

// sertelBody is a request whose fields are those of the NIK's person;
// over replaces fields ("" value: the field is left out).
func sertelBody(t testing.TB, over ...string) string {
	p := sertelPerson(t)
	selfie, ktp := sertelPhotos(t, "")
	kv := map[string]string{"nik": sertelNIK, "name": p.Name, "birth_date": identity.FormatDate(p.BirthDate),
		"email": "budi@example.com", "phone": "6281277863450", "selfie_photo": selfie, "ktp_photo": ktp}
	for i := 0; i+1 < len(over); i += 2 {
		kv[over[i]] = over[i+1]
	}
	var args []any
	for _, k := range []string{"nik", "name", "birth_date", "email", "phone", "selfie_photo", "ktp_photo", "reference_id", "channel"} {
		if v, ok := kv[k]; ok && v != "" {
			args = append(args, k, v)
		}
	}
	return js(args...)
}

func sertelCases(t testing.TB) []answerCase {
	const op = "certificateElectronicVerify"
	var out []answerCase
	add := func(c answerCase) { c.Op = op; out = append(out, c) }
	add(answerCase{Name: "the NIK's person", Code: "verified", Charged: true, Send: func(t testing.TB) req { return post(op, sertelBody(t)) }})
	add(answerCase{Name: "sandbox dummy", Code: "verified", Send: func(t testing.TB) req {
		return post(op, sertelBody(t, "name", "SOMEONE ELSE")).as("sandbox-app", "sandbox-key")
	}})
	add(answerCase{Name: "another name", Code: "not_verified", Charged: true, Send: func(t testing.TB) req { return post(op, sertelBody(t, "name", "SOMEONE ELSE")) }})
	add(answerCase{Name: "another birth date", Code: "not_verified", Charged: true, Send: func(t testing.TB) req { return post(op, sertelBody(t, "birth_date", "01-01-1970")) }})
	add(answerCase{Name: "someone else's selfie", Code: "not_verified", Charged: true, Send: func(t testing.TB) req {
		selfie, _ := sertelPhotos(t, "nik=3171026502850002")
		return post(op, sertelBody(t, "selfie_photo", selfie))
	}})
	add(answerCase{Name: "forced", Code: "INTERNAL_SERVER_ERROR", Why: emulate.WhyScenario, Rules: []string{rule(op, "INTERNAL_SERVER_ERROR")},
		Send: func(t testing.TB) req { return post(op, sertelBody(t)) }})
	for _, c := range sertelBadCases(t) {
		add(answerCase{Name: c.name, Code: "INVALID_PAYLOAD", Send: func(testing.TB) req { return post(op, c.body) }})
	}
	add(answerCase{Name: "reference_id reused", Code: "INVALID_PAYLOAD",
		Before: []req{post(op, sertelBody(t, "reference_id", "SERTEL_123"))},
		Send:   func(t testing.TB) req { return post(op, sertelBody(t, "reference_id", "SERTEL_123")) }})
	add(answerCase{Name: "email of another NIK", Code: "INVALID_PAYLOAD",
		Before: []req{post(op, sertelBody(t))},
		Send: func(t testing.TB) req {
			return post(op, sertelBody(t, "nik", "3171026502850002", "phone", "6281200000001"))
		}})
	return out
}

type sertelBad struct{ name, body, field, message string }

// sertelBadCases are the documented field rules (docs/vendors/verihubs.md#b3-1), one broken a case.
func sertelBadCases(t testing.TB) []sertelBad {
	big := mocktest.ImageB64(t, imagecheck.FixtureSpec{Width: 480, Height: 640, Bytes: 5 << 20})
	tiny := mocktest.ImageB64(t, imagecheck.FixtureSpec{Width: 480, Height: 640})
	narrow := mocktest.ImageB64(t, imagecheck.FixtureSpec{Width: 400, Height: 640, Bytes: 120 << 10})
	gif := mocktest.ImageB64(t, imagecheck.FixtureSpec{Format: imagecheck.GIF, Width: 480, Height: 640, Bytes: 120 << 10})
	bigKTP := mocktest.ImageB64(t, imagecheck.FixtureSpec{Width: 720, Height: 480, Bytes: 3 << 20})
	smallKTP := mocktest.ImageB64(t, imagecheck.FixtureSpec{Width: 400, Height: 300, Bytes: 120 << 10})
	young := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(-16, 0, 0).Format("02-01-2006")
	return []sertelBad{
		{"not json", `nik=1`, "payload", "payload must be a JSON object"},
		{"no nik", sertelBody(t, "nik", ""), "nik", "nik is required"},
		{"nik 15 digits", sertelBody(t, "nik", "317102430282100"), "nik", "nik must be 16 digits"},
		{"nik not numeric", sertelBody(t, "nik", "31710243028210AB"), "nik", "nik must be numeric"},
		{"nik starts with 0", sertelBody(t, "nik", "0171024302821001"), "nik", "nik can not start with 0"},
		{"nik four equal digits", sertelBody(t, "nik", "3171024302820000"), "nik", "nik can not have four consecutive numbers"},
		{"nik a number", strings.Replace(sertelBody(t), `"`+sertelNIK+`"`, sertelNIK, 1), "nik", "nik must be a string"},
		{"name with digits", sertelBody(t, "name", "BUDI 2"), "name", "name may contain only letters and . , ' / -"},
		{"name one letter", sertelBody(t, "name", "B."), "name", "name must contain at least 2 letters"},
		{"birth date format", sertelBody(t, "birth_date", "1982-02-03"), "birth_date", "birth_date must be in DD-MM-YYYY format"},
		{"under 17", sertelBody(t, "birth_date", young), "birth_date", "age must be at least 17 years"},
		{"email", sertelBody(t, "email", "not-an-email"), "email", "email format is invalid"},
		{"phone with +", sertelBody(t, "phone", "+6281277863450"), "phone", "phone must be digits starting with the country code, without +"},
		{"selfie not base64", sertelBody(t, "selfie_photo", "%%%"), "selfie_photo", "selfie_photo must be base64"},
		{"selfie gif", sertelBody(t, "selfie_photo", gif), "selfie_photo", "selfie_photo must be a jpg, jpeg or png image"},
		{"selfie under 100 KB", sertelBody(t, "selfie_photo", tiny), "selfie_photo", "selfie_photo size must be between 100 KB and 4 MB"},
		{"selfie over 4 MB", sertelBody(t, "selfie_photo", big), "selfie_photo", "selfie_photo size must be between 100 KB and 4 MB"},
		{"selfie under 480x640", sertelBody(t, "selfie_photo", narrow), "selfie_photo", "selfie_photo dimension is out of range"},
		{"ktp over 2 MB", sertelBody(t, "ktp_photo", bigKTP), "ktp_photo", "ktp_photo size must be between 100 KB and 2 MB"},
		{"ktp under 480x360", sertelBody(t, "ktp_photo", smallKTP), "ktp_photo", "ktp_photo dimension is out of range"},
		{"no ktp", sertelBody(t, "ktp_photo", ""), "ktp_photo", "ktp_photo is required"},
		{"bad reference_id", sertelBody(t, "reference_id", "has space"), "reference_id", "reference_id may hold 1 to 64 letters, digits and . _ : -"},
	}
}

// TestSertelFieldRules: each broken rule names its field and message in
// error_fields (what a Go client surfaces as error_fields[0].message).
func TestSertelFieldRules(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	for _, c := range sertelBadCases(t) {
		res := post("certificateElectronicVerify", c.body).Send(h)
		b := res.JSON(t)
		fields, _ := b["error_fields"].([]any)
		if res.Status != http.StatusBadRequest || b["error_code"] != "INVALID_PAYLOAD" || len(fields) != 1 {
			t.Errorf("%s: HTTP %d %s", c.name, res.Status, res.Body)
			continue
		}
		f := fields[0].(map[string]any)
		if f["field"] != c.field || f["message"] != c.message {
			t.Errorf("%s: error_fields %v, want %s %q", c.name, fields, c.field, c.message)
		}
	}
	// Several broken rules: every field is named, in the documented order.
	res := post("certificateElectronicVerify", js("nik", "0", "name", "1", "phone", "x")).Send(h)
	var got []string
	for _, f := range res.JSON(t)["error_fields"].([]any) {
		got = append(got, f.(map[string]any)["field"].(string))
	}
	if strings.Join(got, ",") != "nik,name,birth_date,email,phone,selfie_photo,ktp_photo" {
		t.Errorf("fields %v", got)
	}
}

// TestSertelVerdict: the verdict follows the NIK's fake person, and
// reject_field names what failed (docs/vendors/verihubs.md#bs-12).
func TestSertelVerdict(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	p := sertelPerson(t)
	_, body := h.Admin(http.MethodGet, "/identity/"+sertelNIK, "")
	if body["name"] != p.Name {
		t.Fatalf("admin identity %v, want the person %s", body, p.Name)
	}
	selfie, _ := sertelPhotos(t, "similarity=20")
	for _, c := range []struct {
		name string
		body string
		want string
	}{
		{"match, name in lower case", sertelBody(t, "name", strings.ToLower(p.Name)), ""},
		{"name and date", sertelBody(t, "name", "SOMEONE ELSE", "birth_date", "01-01-1970"), "name,birth_date"},
		{"selfie unlike", sertelBody(t, "selfie_photo", selfie), "selfie_photo"},
		// A NIK outside the region table is no registry NIK (and its
		// stand-in person has another name).
		{"nik outside the registry", sertelBody(t, "nik", "9971024302821001", "email", "x@example.com", "phone", "6281200000009"), "nik,name"},
	} {
		res := post("certificateElectronicVerify", c.body).Send(h)
		d := res.JSON(t)["data"].(map[string]any)
		var rf []string
		for _, f := range d["reject_field"].([]any) {
			rf = append(rf, f.(string))
		}
		status := "verified"
		if c.want != "" {
			status = "not_verified"
		}
		if res.Status != 200 || d["status"] != status || strings.Join(rf, ",") != c.want {
			t.Errorf("%s: HTTP %d %s, want %s [%s]", c.name, res.Status, res.Body, status, c.want)
		}
	}
}

// TestSertelContactsPerNIK: an email or phone verified with one NIK is
// refused with another, per App-ID, and forgotten on reset.
func TestSertelContactsPerNIK(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	const op = "certificateElectronicVerify"
	if res := post(op, sertelBody(t)).Send(h); res.Status != 200 {
		t.Fatalf("HTTP %d %s", res.Status, res.Body)
	}
	// The same NIK again is fine; another NIK with the phone is not.
	if res := post(op, sertelBody(t)).Send(h); res.Status != 200 {
		t.Errorf("same NIK again: HTTP %d %s", res.Status, res.Body)
	}
	other := sertelBody(t, "nik", "3171026502850002", "email", "other@example.com")
	res := post(op, other).Send(h)
	if res.Status != 400 || !strings.Contains(string(res.Body), "phone is already used by another nik") {
		t.Errorf("phone of another NIK: HTTP %d %s", res.Status, res.Body)
	}
	if res := post(op, other).as("other-app", "other-key").Send(h); res.Status != 200 {
		t.Errorf("another app: HTTP %d %s", res.Status, res.Body)
	}
	if code, _ := h.Admin(http.MethodPost, "/reset", ""); code != 200 {
		t.Fatalf("reset %d", code)
	}
	if res := post(op, other).Send(h); res.Status != 200 {
		t.Errorf("after reset: HTTP %d %s", res.Status, res.Body)
	}
}
