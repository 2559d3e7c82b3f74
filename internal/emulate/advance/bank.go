package advance

import (
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// bankAnswers is the bank account check's table (docs/vendors/advance.md#b1-8): found or not,
// SUCCESS is charged.
func bankAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		pay(Success, MsgOK, "a well-formed bankCode and bankAccount: accountExists true with the holder's name, false (accountName null) when settings.bank_accounts.absent lists it or a rule sets data.accountExists: false"),
		free(RetryLater, MsgBankRetryLater, scenarioOnly+" (the bank's source is down); header Retry-After: 10"),
		free(ParameterError, MsgEmpty, "bankCode or bankAccount missing or empty"),
		free(ParameterError, MsgBankCode, "bankCode not 3..100 letters, digits or underscores"),
		inferred(free(ParameterError, MsgBankAccount, "bankAccount not 3..20 digits (the page's text is cut; completed like the bank code's)")),
	}, glossary(true)...)
}

type bankData struct {
	AccountExists bool    `json:"accountExists"`
	AccountName   *string `json:"accountName"`
}

func (v *Vendor) bankAccountCheck(c *emulate.Call) emulate.Response {
	raw, err := c.JSONObject()
	if err != nil {
		return c.Fail(ClientError, MsgBadRequest)
	}
	code, acct := strings.TrimSpace(scalarText(raw["bankCode"])), strings.TrimSpace(scalarText(raw["bankAccount"]))
	c.Field("bankCode", code)
	c.Field("bankAccount", acct)
	absent, holder := v.lists.bank(code, acct)
	f := c.Facts()
	if holder != "" {
		f.NIK = holder
	}
	o := c.Decide(f) // first: a rule's set: is read below
	if exists, ok := c.Overrides()["data.accountExists"].(bool); ok {
		absent = !exists
	}
	data := func() any {
		if absent {
			return bankData{}
		}
		// The holder: the configured NIK's person, else the person the
		// account picks, the same on every call.
		p := c.Deps.People.PersonFor("advance bank " + strings.ToUpper(code) + "/" + acct)
		if holder != "" {
			p, _ = c.Deps.People.PersonByNIK(holder) // checked to be 16 digits
		}
		return bankData{AccountExists: true, AccountName: &p.Name}
	}
	if o != nil {
		return v.respond(c, o.Code, o.Message, data)
	}
	switch {
	case code == "" || acct == "":
		return c.Fail(ParameterError, MsgEmpty)
	case !bankCodePattern.MatchString(code):
		return c.Fail(ParameterError, MsgBankCode)
	case !bankAccountPattern.MatchString(acct):
		return c.Fail(ParameterError, MsgBankAccount)
	}
	return v.respond(c, Success, MsgOK, data)
}
