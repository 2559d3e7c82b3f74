package izidata_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/izidata"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// message sends c and returns the answer's status and message, failing
// unless the answer is HTTP 200.
func message(t *testing.T, h *mocktest.Harness, c call) (string, any) {
	t.Helper()
	res := c.Send(h)
	if res.Status != 200 {
		t.Fatalf("%s: HTTP %d %s", c.path, res.Status, res.Body)
	}
	body := res.JSON(t)
	s, _ := body["status"].(string)
	return s, body["message"]
}

// TestPhoneAgeAgreesWithHolder: the tenure is the same on v2 and v3, for
// every written form of the number, on every call, and never longer than
// the number's holder (the person the number stands for) has been 17.
func TestPhoneAgeAgreesWithHolder(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	people := identity.NewGenerator(7)
	young := 0
	for i := range 40 {
		e164 := people.PersonFor("phoneage " + strconv.Itoa(i)).Phone
		var ages []float64
		for _, c := range []call{post("/v2/phoneage", "phone", e164), post("/v3/phoneage", "phone", "0"+e164[3:]), post("/v2/phoneage", "phone", e164[1:])} {
			status, msg := message(t, h, c)
			m, _ := msg.(map[string]any)
			age, ok := m["age"].(float64)
			if status != "OK" || !ok {
				t.Fatalf("%s %s: %s %v", c.path, c.form.Get("phone"), status, msg)
			}
			ages = append(ages, age)
		}
		if ages[0] != ages[1] || ages[0] != ages[2] {
			t.Errorf("%s: ages %v differ between versions or forms", e164, ages)
		}
		adult := people.PersonFor(e164).BirthDate.AddDate(17, 0, 0)
		if most := people.ReferenceDate().Sub(adult).Hours() / 24 / 28; ages[0] > most {
			t.Errorf("%s: %v months, longer than its holder has been an adult (%s)", e164, ages[0], adult.Format(time.DateOnly))
		}
		if ages[0] < 6 {
			young++
		}
	}
	if young == 0 || young > 20 {
		t.Errorf("%d of 40 numbers under six months: want some new SIMs, not most", young)
	}
}

// TestBlacklistVerdicts: docs/vendors/izidata.md#bs-9 on settings.blacklist,
// plain and in md5 mode; OK is charged whatever the verdict.
func TestBlacklistVerdicts(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(blacklistConfig))
	const listedNIK, listedTel, otherNIK, otherTel = "3171024302821001", "+6281234567890", "3171024302821002", "+62895806600002"
	other, _ := identity.NewGenerator(7).PersonByNIK(otherNIK)
	for _, tc := range []struct {
		name    string
		c       call
		verdict string
	}{
		{"nothing listed", post("/v1/blacklist", "name", other.Name, "id", otherNIK, "phone", otherTel), "PASS"},
		{"listed NIK", post("/v1/blacklist", "name", "X", "id", listedNIK, "phone", otherTel), "REJECT"},
		{"listed NIK and phone", post("/v1/blacklist", "name", "X", "id", listedNIK, "phone", listedTel), "REJECT"},
		{"listed phone, the NIK's person's name", post("/v1/blacklist", "name", strings.ToLower(other.Name), "id", otherNIK, "phone", "081234567890"), "REJECT"},
		{"listed phone, another name", post("/v1/blacklist", "name", "ZZ QQ XX", "id", otherNIK, "phone", listedTel), "NEEDS_VERIFICATION"},
		{"listed phone, no name", post("/v1/blacklist", "id", otherNIK, "phone", listedTel), "NEEDS_VERIFICATION"},
		{"md5: listed NIK", post("/v1/blacklist", "name", "X", "id", emulate.MD5Hex(listedNIK), "phone", emulate.MD5Hex(otherTel), "md5", "1"), "REJECT"},
		{"md5: listed phone", post("/v1/blacklist", "name", other.Name, "id", emulate.MD5Hex(otherNIK), "phone", strings.ToUpper(emulate.MD5Hex(listedTel)), "md5", "1"), "NEEDS_VERIFICATION"},
		{"md5: nothing listed", post("/v1/blacklist", "name", "X", "id", emulate.MD5Hex(otherNIK), "phone", emulate.MD5Hex(otherTel), "md5", "1"), "PASS"},
	} {
		status, msg := message(t, h, tc.c)
		if status != "OK" || msg != tc.verdict {
			t.Errorf("%s: %s %v, want OK %s", tc.name, status, msg, tc.verdict)
		}
		if e := h.LastEntry(); !e.Charged {
			t.Errorf("%s: %s not charged", tc.name, tc.verdict)
		}
	}
}

// TestIdentityChecks: v2 echoes what was sent, v3 is the registry's record
// of the NIK, the same person KTP OCR reads off a card naming the NIK; both
// say match exactly when the status is OK.
func TestIdentityChecks(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	_, ocr := message(t, h, post("/v1/id_ocr/general", "img", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: "nik=" + someNIK})))
	ktp, _ := ocr.(map[string]any)
	for _, name := range []string{somebody.Name, "  " + strings.ToLower(somebody.Name) + " ", "ZZ QQ XX", ""} {
		status, msg := message(t, h, post("/v2/identitycheck", "id", someNIK, "name", name))
		v2, _ := msg.(map[string]any)
		if v2["id"] != someNIK || v2["name"] != strings.TrimSpace(name) || v2["match"] != (status == "OK") {
			t.Errorf("v2, name %q: %s %v", name, status, v2)
		}
		status3, msg := message(t, h, post("/v3/identitycheck", "id", someNIK, "name", name))
		v3, _ := msg.(map[string]any)
		if status3 != status || v3["match"] != (status == "OK") {
			t.Errorf("v3, name %q: %s %v (v2 said %s)", name, status3, v3, status)
		}
		for v3Key, ktpKey := range map[string]string{"id": "id", "name": "name", "place_of_birth": "pob", "date_of_birth": "dob", "gender": "gender",
			"address": "address", "province": "province", "city": "city", "district": "district", "village": "village", "rt": "rt", "rw": "rw",
			"religion": "religion", "marital_status": "marital_status", "work": "work", "nationnality": "nationnality"} {
			if v3[v3Key] != ktp[ktpKey] || v3[v3Key] == "" {
				t.Errorf("v3 %s = %v, KTP OCR %s = %v", v3Key, v3[v3Key], ktpKey, ktp[ktpKey])
			}
		}
	}
}

// TestPhoneVerifyVerdicts: a phone is the NIK owner's when the NIK's person
// holds it (the phone /__admin/identity/{nik} shows) or the phone stands for
// the NIK's person, in any written form; anybody else's is NOT_MATCH.
func TestPhoneVerifyVerdicts(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	people := identity.NewGenerator(7)
	stranger := people.PersonFor("stranger").Phone
	for _, tc := range []struct {
		name, phone, id, want string
	}{
		{"the NIK's person's phone", somebody.Phone, someNIK, "MATCH"},
		{"the same, national form", "0" + somebody.Phone[3:], someNIK, "MATCH"},
		{"the phone's own person", stranger, people.NIKFor(stranger), "MATCH"},
		{"a stranger's phone", stranger, someNIK, "NOT_MATCH"},
		{"the person's phone, another NIK", somebody.Phone, "3171024302821002", "NOT_MATCH"},
	} {
		status, msg := message(t, h, post("/v1/phoneverify", "phone", tc.phone, "id", tc.id))
		if status != "OK" || msg != tc.want {
			t.Errorf("%s: %s %v, want OK %s", tc.name, status, msg, tc.want)
		}
	}
}

// TestSandboxToken: on the sandbox host a ?token= that is a sandbox
// credential's secret authenticates an unsigned request as that credential,
// and the token reaches the journal only as a fingerprint; signed requests
// work there too (a client SDK-signs its sandbox calls).
func TestSandboxToken(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(`
vendors:
  izidata:
    credentials:
      - {id: YOUR_ACCESS_KEY, secret: YOUR_SECRET_KEY}
      - {id: sandbox, secret: SANDBOX_TOKEN, mode: sandbox}
      - {id: off-sandbox, secret: OFF_TOKEN, mode: sandbox, disabled: true}
`))
	for _, tc := range []struct {
		name, query, host, want, cred string
		signed                        bool
	}{
		{"token", "token=SANDBOX_TOKEN", izidata.HostSandbox, "OK", "sandbox", false},
		{"token, host with port", "token=SANDBOX_TOKEN", izidata.HostSandbox + ":443", "OK", "sandbox", false},
		{"signed on the sandbox", "", izidata.HostSandbox, "OK", ak, true},
		{"disabled token", "token=OFF_TOKEN", izidata.HostSandbox, "NO_AUTHORIZATION", "off-sandbox", false},
		{"empty token", "token=", izidata.HostSandbox, "NO_AUTHORIZATION", "", false},
	} {
		c := post("/v1/idinquiries", "id", someNIK).with(func(c *call) { c.host, c.query = tc.host, tc.query })
		if !tc.signed {
			c.ak = ""
		}
		status, msg := message(t, h, c)
		e := h.LastEntry()
		if status != tc.want || e.Credential != tc.cred {
			t.Errorf("%s: %s %v as %q, want %s as %q", tc.name, status, msg, e.Credential, tc.want, tc.cred)
		}
		if strings.Contains(e.Query, "TOKEN") {
			t.Errorf("%s: the journal holds the token in clear: %q", tc.name, e.Query)
		}
	}
}

// TestOfficialFaceCompare: reached by the API hub's host, a selfie is the
// NIK's person unless its marker names another NIK.
func TestOfficialFaceCompare(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	for marker, want := range map[string]string{"": "SAME PERSON", "nik=" + someNIK: "SAME PERSON", "nik=3171024302821002": "NOT SAME PERSON", "similarity=50": "NOT SURE"} {
		c := valid(t, "officialFaceCompare").with(func(c *call) {
			c.host = izidata.HostHub
			c.form.Set("img", mocktest.ImageB64(t, imagecheck.FixtureSpec{Marker: marker}))
		})
		status, msg := message(t, h, c)
		m, _ := msg.(map[string]any)
		if status != "OK" || m["result"] != want {
			t.Errorf("marker %q: %s %v, want %s", marker, status, msg, want)
		}
	}
}

// TestBankIDCheckFields: the message says which fields agree with the
// registry's record, and the status is OK exactly when all do.
func TestBankIDCheckFields(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	for _, tc := range []struct {
		field, value string
		want         map[string]any
	}{
		{"", "", map[string]any{"name": true, "pob": true, "dob": true, "mother_name": true}},
		{"dob", "1982-02-03", map[string]any{"name": true, "pob": true, "dob": false, "mother_name": true}},
		{"name", "", map[string]any{"name": false, "pob": true, "dob": true, "mother_name": true}},
		{"mother_name", "SITI", map[string]any{"name": true, "pob": true, "dob": true, "mother_name": false}},
		{"pob", "JAYAPURA", map[string]any{"name": true, "pob": false, "dob": true, "mother_name": true}},
	} {
		c := valid(t, "bankIdCheck")
		if tc.field != "" {
			c.form.Set(tc.field, tc.value)
		}
		status, msg := message(t, h, c)
		m, _ := msg.(map[string]any)
		all := true
		for k, v := range tc.want {
			all = all && v == true
			if m[k] != v {
				t.Errorf("%s=%q: %s = %v, want %v (%v)", tc.field, tc.value, k, m[k], v, msg)
			}
		}
		if (status == "OK") != all || status != "OK" && status != "NOT" {
			t.Errorf("%s=%q: status %s with %v", tc.field, tc.value, status, msg)
		}
	}
}

// TestEndpointHosts: the bank ID check is served on the sandbox host and
// the official face compare on the API hub only, as client code places
// them (docs/vendors/izidata.md#iz-31); iziData's other hosts answer them
// as any path they do not serve, before authentication and free, whatever
// the method. The mock's own ways in, the /izidata prefix and
// izidata.localhost, serve both; every other endpoint is served on every
// host, the sandbox and the hub included.
func TestEndpointHosts(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(testConfig))
	hosts := []string{izidata.HostProduction, izidata.HostOlder, izidata.HostSandbox, izidata.HostHub, "izidata.localhost:8080", ""}
	for _, tc := range []struct {
		op     string
		served []string
	}{
		{"bankIdCheck", []string{izidata.HostSandbox, "izidata.localhost:8080", ""}},
		{"officialFaceCompare", []string{izidata.HostHub, "izidata.localhost:8080", ""}},
		{"pictureLive", hosts},
		{"idInquiries", hosts},
		{"blacklist", hosts},
	} {
		for _, host := range hosts {
			c := valid(t, tc.op).with(func(c *call) { c.host = host })
			res := c.Send(h)
			e := h.LastEntry()
			if slices.Contains(tc.served, host) {
				if res.Status != 200 || res.JSON(t)["status"] != "OK" || e.Endpoint != tc.op {
					t.Errorf("%s on %q: HTTP %d %s (endpoint %q), want it served", tc.op, host, res.Status, res.Body, e.Endpoint)
				}
				continue
			}
			if res.Status != 404 || string(res.Body) != `{"status":"INVALID_REQUEST","message":"api not found"}` || e.Endpoint != "" || e.Charged || e.Credential != "" {
				t.Errorf("%s on %q: HTTP %d %s (endpoint %q, charged %v, credential %q), want the unknown-path answer", tc.op, host, res.Status, res.Body, e.Endpoint, e.Charged, e.Credential)
			}
			req := h.Request(http.MethodGet, c.path, nil, nil)
			req.Host = host
			if res := h.Do(req); res.Status != 404 || !strings.Contains(string(res.Body), `"api not found"`) {
				t.Errorf("GET %s on %q: HTTP %d %s, want the unknown-path answer, not method not allowed", c.path, host, res.Status, res.Body)
			}
		}
	}
}
