package advance

import (
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
)

// The low-evidence endpoints (docs/vendors/advance.md#b1-9): one client each shows the path and
// the request, none the answer, so every data shape here is inferred and
// the catalogue says so.

// teleAnswers: tele-identity-check (nik) or tele-authentication.
func teleAnswers(nik bool) []emulate.Answer {
	own := []emulate.Answer{
		pay(Success, MsgOK, "a well-formed Indonesian phoneNumber: status 1..5 per phone (1 ringing, 2 empty number, 3 busy, 4 powered off, 5 not available)"),
		free(ParameterError, MsgEmpty, "phoneNumber missing or empty"),
		free(ParameterError, MsgInvalidPhone, "phoneNumber that is not an Indonesian number"),
	}
	if nik {
		own[0].Trigger = "a 16-digit idNumber and an Indonesian phoneNumber: MATCH when the phone is the NIK's person's, else NOT_MATCH"
		own[1].Trigger = "idNumber or phoneNumber missing or empty"
		own = append(own, free(ParameterError, MsgInvalidNIK, "idNumber that is not 16 digits"))
	}
	return append(own, glossary(true)...)
}

type teleIdentityData struct {
	Result string `json:"result"`
}

type teleAuthData struct {
	Status int `json:"status"`
}

func (v *Vendor) teleIdentity(c *emulate.Call) emulate.Response {
	return v.phoneCheck(c, true, func(nik, e164 string) any {
		p, _ := c.Deps.People.PersonByNIK(nik)
		if p.Phone == e164 {
			return teleIdentityData{Result: "MATCH"}
		}
		return teleIdentityData{Result: "NOT_MATCH"}
	}, false)
}

func (v *Vendor) teleAuthentication(c *emulate.Call) emulate.Response {
	return v.phoneCheck(c, false, func(_, e164 string) any {
		// Most numbers ring.
		r := emulate.Rand(c.Deps.Seed, "advance tele", e164)
		s := 1
		if r.IntN(4) == 0 {
			s = 2 + r.IntN(4)
		}
		return teleAuthData{Status: s}
	}, false)
}

// phoneCheck is the telco checks' and scoring's common request: idNumber
// (when wantNIK) and the phoneNumber object; missing is another required
// field the caller found absent.
func (v *Vendor) phoneCheck(c *emulate.Call, wantNIK bool, build func(nik, e164 string) any, missing bool) emulate.Response {
	raw, err := c.JSONObject()
	if err != nil {
		return c.Fail(ClientError, MsgBadRequest)
	}
	nik := strings.TrimSpace(scalarText(raw["idNumber"]))
	phone, hasPhone := phoneText(raw["phoneNumber"])
	e164, phoneOK := emulate.IndonesianPhone(phone)
	if wantNIK {
		c.Field("idNumber", nik)
	}
	c.Field("phoneNumber", phone)
	f := c.Facts()
	f.NIK, f.Phone = nik, e164
	data := func() any { return build(nik, e164) }
	if o := c.Decide(f); o != nil {
		return v.respond(c, o.Code, o.Message, data)
	}
	switch {
	case missing || !hasPhone || wantNIK && nik == "":
		return c.Fail(ParameterError, MsgEmpty)
	case wantNIK && !identity.IsNIKFormat(nik):
		return c.Fail(ParameterError, MsgInvalidNIK)
	case !phoneOK:
		return c.Fail(ParameterError, MsgInvalidPhone)
	}
	return v.respond(c, Success, MsgOK, data)
}

// scoringAnswers: the credit score of a NIK and phone.
func scoringAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		pay(Success, MsgOK, "a 16-digit idNumber, a name and an Indonesian phoneNumber: score 300..850 per NIK, grade A (≥ 750) to E (< 450)"),
		free(ParameterError, MsgEmpty, "idNumber, name or phoneNumber missing or empty"),
		free(ParameterError, MsgInvalidNIK, "idNumber that is not 16 digits"),
		free(ParameterError, MsgInvalidPhone, "phoneNumber that is not an Indonesian number"),
	}, glossary(true)...)
}

type scoreData struct {
	Score int    `json:"score"`
	Grade string `json:"grade"`
}

func (v *Vendor) scoring(c *emulate.Call) emulate.Response {
	raw, err := c.JSONObject()
	if err != nil {
		return c.Fail(ClientError, MsgBadRequest)
	}
	name := strings.TrimSpace(scalarText(raw["name"]))
	c.Field("name", name)
	return v.phoneCheck(c, true, func(nik, _ string) any {
		s := 300 + emulate.Rand(c.Deps.Seed, "advance score", nik).IntN(551)
		grades := []struct {
			from  int
			grade string
		}{{750, "A"}, {650, "B"}, {550, "C"}, {450, "D"}, {0, "E"}}
		for _, g := range grades {
			if s >= g.from {
				return scoreData{Score: s, Grade: g.grade}
			}
		}
		return nil
	}, name == "")
}

// companyAnswers: the company check; its request is not visible in the
// client, so companyName is inferred.
func companyAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		pay(Success, MsgOK, "a companyName: one legal and one Google record of it, deterministic per name"),
		free(ParameterError, MsgEmpty, "companyName missing or empty"),
	}, glossary(true)...)
}

type companyInfo struct {
	CompanyName string `json:"companyName"`
	Address     string `json:"address"`
}

type companyData struct {
	LegalCompanyInfoList  []companyInfo `json:"legalCompanyInfoList"`
	GoogleCompanyInfoList []companyInfo `json:"googleCompanyInfoList"`
}

func (v *Vendor) companyCheck(c *emulate.Call) emulate.Response {
	raw, err := c.JSONObject()
	if err != nil {
		return c.Fail(ClientError, MsgBadRequest)
	}
	name := strings.TrimSpace(scalarText(raw["companyName"]))
	c.Field("companyName", name)
	data := func() any {
		// The company sits at the address of the person its name picks.
		p := c.Deps.People.PersonFor("advance company " + normName(name))
		legal := "PT " + strings.TrimPrefix(normName(name), "PT ")
		addr := p.Address + ", " + p.Village + ", " + p.District + ", " + p.City + ", " + p.Province
		return companyData{
			LegalCompanyInfoList:  []companyInfo{{CompanyName: legal, Address: addr}},
			GoogleCompanyInfoList: []companyInfo{{CompanyName: normName(name), Address: addr}},
		}
	}
	if o := c.Decide(c.Facts()); o != nil {
		return v.respond(c, o.Code, o.Message, data)
	}
	if name == "" {
		return c.Fail(ParameterError, MsgEmpty)
	}
	return v.respond(c, Success, MsgOK, data)
}
