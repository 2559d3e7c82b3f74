package accuauth

import (
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// bankCodes are the bank codes /verify/bankcard_check documents, with the
// banks the page names (docs/vendors/accuauth.md#b4-4).
var bankCodes = map[string]string{
	"002": "BRI", "008": "Mandiri", "009": "BNI / BNI Syariah", "011": "Danamon", "013": "Permata",
	"014": "BCA", "016": "Maybank", "022": "CIMB Niaga / CIMB Niaga Syariah", "026": "Lippo", "028": "OCBC NISP",
	"031": "Citibank", "147": "Muamalat", "153": "Sinarmas", "157": "Maspion", "200": "BTN",
	"422": "BRI Syariah", "426": "Mega", "441": "Bukopin", "451": "Syariah Mandiri", "536": "BCA Syariah",
}

func bankAnswers() []emulate.Answer {
	// The page is cut before its error table: the verify table is a guess
	// here (docs/vendors/accuauth.md#bs-16).
	errs := verifyErrors("an `account` whose digits are all the same (0000000000, 1111111111, …): no such account (docs/vendors/accuauth.md#bs-16)")
	for i := range errs {
		errs[i].Inferred = true
	}
	return append(append([]emulate.Answer{
		charged(OK, "", "a documented bank `code` and an `account` of 6–20 digits: real_name, the account holder (a person of the mock, the same for the same code and account), and name_percent (0..1) of `name` against it"),
	}, verifyArgs(msgNeedAccount, msgNeedBankCode, msgNeedName, msgAccountFormat, msgBankCode)...),
		append(errs, access()...)...)
}

// unknownAccount: no bank issues an account of one repeated digit; the
// mock's way to reach QUERY_FAILED (docs/vendors/accuauth.md#bs-16).
func unknownAccount(account string) bool {
	return strings.Count(account, account[:1]) == len(account)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func (v *Vendor) bankcardCheck(c *emulate.Call) emulate.Response {
	p, ok := params(c)
	if !ok {
		return v.Invalid(c, nil)
	}
	account, code, name := strings.TrimSpace(p["account"]), strings.TrimSpace(p["code"]), strings.TrimSpace(p["name"])
	c.Field("account", account)
	c.Field("code", code)
	c.Field("name", name)
	reason := ""
	switch {
	case account == "":
		reason = msgNeedAccount
	case code == "":
		reason = msgNeedBankCode
	case name == "":
		reason = msgNeedName
	case !isDigits(account) || len(account) < 6 || len(account) > 20:
		reason = msgAccountFormat
	case bankCodes[code] == "":
		reason = msgBankCode
	}
	holder := c.Deps.People.PersonFor("accuauth-bankcard:" + code + ":" + account)
	body := func(emulate.Answer) any {
		return verifyBody{Status: OK, RequestID: requestID(c),
			Result: nameCheckResult{RealName: holder.Name, NamePercent: emulate.NameSimilarity(name, holder.Name)}}
	}
	if r := v.common(c, "", nil, p, reason, body); r != nil {
		return *r
	}
	if unknownAccount(account) {
		return c.Fail(QueryFailed, msgQueryFailed)
	}
	a := c.Endpoint.MustAnswer(OK)
	return emulate.JSON(a, body(a))
}
