package advance

import (
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
)

// The blacklist check's recommendations (docs/vendors/advance.md#b1-4).
const (
	recPass   = "PASS"
	recVerify = "NEEDS_VERIFICATION"
	recReject = "REJECT"
)

// blacklistAnswers: SUCCESS twice, charged for a hit and free for PASS,
// as a Java client's comments state (docs/vendors/advance.md#b1-4).
func blacklistAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		pay(Success, MsgOK, "REJECT: idNumber in settings.blacklist.niks, or phone and name both listed; NEEDS_VERIFICATION: only the phone listed; or a rule's set: {data.recommendation: ...}"),
		free(Success, MsgOK, "PASS: nothing listed, or only the name (settings.blacklist.names)"),
		free(ParameterError, MsgEmpty, "name, idNumber or phoneNumber.number missing or empty"),
		inferred(free(ParameterError, MsgInvalidNIK, "idNumber that is not 16 digits")),
		inferred(free(ParameterError, MsgInvalidPhone, "phoneNumber that is not an Indonesian number")),
	}, glossary(true)...)
}

// blacklistHit is one defaultListResult row; every field a string
// (docs/vendors/advance.md#b1-4, #bs-4).
type blacklistHit struct {
	EventTime   string `json:"eventTime"`
	HitReason   string `json:"hitReason"`
	ProductType string `json:"productType"`
	ReasonCode  string `json:"reasonCode"`
}

type blacklistData struct {
	Recommendation    string         `json:"recommendation"`
	DefaultListResult []blacklistHit `json:"defaultListResult"`
	// DefaultResult is v3's, {} (docs/vendors/advance.md#bs-3).
	DefaultResult *struct{} `json:"defaultResult,omitempty"`
}

// phoneText reads a phoneNumber: the object {countryCode, areaCode, number}
// the clients send, or a plain string. number "" is a missing phone.
func phoneText(raw any) (text string, present bool) {
	switch p := raw.(type) {
	case map[string]any:
		n := strings.TrimSpace(scalarText(p["number"]))
		if n == "" {
			return "", false
		}
		cc := strings.TrimSpace(scalarText(p["countryCode"]))
		if cc == "" {
			cc = "+62"
		}
		// Clients strip the national 0; one that does not is read alike.
		n = strings.TrimPrefix(n, "0")
		return cc + strings.TrimSpace(scalarText(p["areaCode"])) + n, true
	default:
		t := strings.TrimSpace(scalarText(raw))
		return t, t != ""
	}
}

// recommendation is the mock's rule (docs/vendors/advance.md#b1-4): REJECT when the NIK is
// listed or the phone and the name both are, NEEDS_VERIFICATION when only
// the phone is, PASS otherwise.
func recommendation(nik, phone, name bool) string {
	switch {
	case nik || phone && name:
		return recReject
	case phone:
		return recVerify
	}
	return recPass
}

// hitRow is a listed value's row, deterministic per value: an event within
// the two years before the clock (docs/vendors/advance.md#bs-4).
func hitRow(c *emulate.Call, reason, value string) blacklistHit {
	r := emulate.Rand(c.Deps.Seed, "advance blacklist", reason, value)
	products := []string{"PAYDAY", "PRODUCT_INSTALLMENT"}
	codes := []string{"OVERDUE_M1", "OVERDUE_M2", "OVERDUE_M3"}
	return blacklistHit{
		EventTime:   c.Now.AddDate(0, 0, -1-r.IntN(730)).Format("2006-01-02"),
		HitReason:   reason,
		ProductType: products[r.IntN(len(products))],
		ReasonCode:  codes[r.IntN(len(codes))],
	}
}

func (v *Vendor) blacklistCheck(c *emulate.Call) emulate.Response {
	raw, err := c.JSONObject()
	if err != nil {
		return c.Fail(ClientError, MsgBadRequest)
	}
	nik, name := strings.TrimSpace(scalarText(raw["idNumber"])), strings.TrimSpace(scalarText(raw["name"]))
	phone, hasPhone := phoneText(raw["phoneNumber"])
	e164, phoneOK := emulate.IndonesianPhone(phone)
	c.Field("idNumber", nik)
	c.Field("name", name)
	c.Field("phoneNumber", phone)
	f := c.Facts()
	f.NIK, f.Phone = nik, e164
	o := c.Decide(f) // first: a rule's set: is read below
	nikHit, phoneHit, nameHit := v.lists.niks[nik], phoneOK && v.lists.phones[e164], v.lists.names[normName(name)]
	verdict := recommendation(nikHit, phoneHit, nameHit)
	// A rule's set: data.recommendation decides the verdict, its rows and
	// its billing, as a listed value would.
	// Another value is set as it is, the verdict and billing unchanged.
	if forced, _ := setString(c, "data.recommendation"); forced != verdict {
		switch forced {
		case recPass:
			verdict, nikHit, phoneHit = forced, false, false
		case recVerify:
			verdict, nikHit, phoneHit, nameHit = forced, false, true, false
		case recReject:
			verdict, nikHit = forced, nikHit || !phoneHit || !nameHit
		}
	}
	data := func() any {
		d := blacklistData{Recommendation: verdict, DefaultListResult: []blacklistHit{}}
		for _, h := range []struct {
			hit           bool
			reason, value string
		}{{nikHit, "ID_NUMBER", nik}, {phoneHit, "PHONE_NUMBER", e164}, {nameHit, "NAME", normName(name)}} {
			if h.hit {
				d.DefaultListResult = append(d.DefaultListResult, hitRow(c, h.reason, h.value))
			}
		}
		if c.Endpoint.OperationID == opBlacklistV3 {
			d.DefaultResult = &struct{}{}
		}
		return d
	}
	if o != nil {
		return v.respondBilled(c, o.Code, o.Message, verdict != recPass, data)
	}
	switch {
	case nik == "" || name == "" || !hasPhone:
		return c.Fail(ParameterError, MsgEmpty)
	case !identity.IsNIKFormat(nik):
		return c.Fail(ParameterError, MsgInvalidNIK)
	case !phoneOK:
		return c.Fail(ParameterError, MsgInvalidPhone)
	}
	return v.respondBilled(c, Success, MsgOK, verdict != recPass, data)
}

// setString is a string the deciding rule's set: gives path, if any.
func setString(c *emulate.Call, path string) (string, bool) {
	s, ok := c.Overrides()[path].(string)
	return s, ok
}

// respondBilled is respond for an endpoint whose SUCCESS has a charged
// and a free answer (docs/vendors/advance.md#b1-4): the variant with the
// billing the data earns; other codes answer as always.
func (v *Vendor) respondBilled(c *emulate.Call, code, message string, charged bool, data func() any) emulate.Response {
	if code == Success {
		for _, a := range c.Endpoint.Answers {
			if a.Code == code && (message == "" || a.Message == message) && a.Charged == charged {
				return v.answer(c, a, data())
			}
		}
	}
	return v.respond(c, code, message, data)
}
