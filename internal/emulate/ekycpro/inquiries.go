package ekycpro

import (
	"regexp"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/scenario"
)

func (v *Vendor) idInquiries(c *emulate.Call) emulate.Response {
	id := strings.TrimSpace(c.FormValue("id"))
	c.Field("id", id)
	nik := product.Resolve(id, product.MD5Mode(c), false, nil, false)
	f := c.Facts()
	f.NIK = nik.Plain
	return v.inquiry(c, f, "nik", nik.Subject, nik.Valid, InvalidIDNumber)
}

// inquiry answers a multi-inquiry: a forced code, else the endpoint's
// invalid code, else the subject's counters.
func (v *Vendor) inquiry(c *emulate.Call, f scenario.Facts, kind, subject string, valid bool, invalid string) emulate.Response {
	body := func() any { return product.Counters(c.Deps.Seed, kind, subject) }
	if o := c.Decide(f); o != nil {
		return product.Respond(c, o.Code, o.Message, body)
	}
	if !valid {
		return product.Render(c.Endpoint.MustAnswer(invalid), nil)
	}
	return product.Render(c.Endpoint.MustAnswer(OK), body())
}

func (v *Vendor) phoneInquiries(c *emulate.Call) emulate.Response {
	phone := strings.TrimSpace(c.FormValue("phone"))
	c.Field("phone", phone)
	tel := product.Resolve(phone, product.MD5Mode(c), true, nil, false)
	f := c.Facts()
	f.Phone = tel.Plain
	return v.inquiry(c, f, "phone", tel.Subject, tel.Valid, FAIL)
}

// validAadhaar: 12 digits, the first 2–9 (UIDAI never issues 0 or 1 first).
func validAadhaar(id string) bool {
	if len(id) != 12 || id[0] < '2' {
		return false
	}
	for _, ch := range id {
		if ch < '0' || ch > '9' {
			return false
		}
	}
	return true
}

// curp is the Mexican CURP layout: 4 letters, birth date YYMMDD, sex H/M,
// 2-letter state, 3 consonants, a homonym character and a check digit
// (the docs' example LOPA001007MZSPRLD5 fits).
var curp = regexp.MustCompile(`^[A-Z]{4}[0-9]{6}[HMX][A-Z]{5}[0-9A-Z][0-9]$`)

func validCURP(id string) bool { return curp.MatchString(id) }

func (v *Vendor) foreignInquiries(valid func(string) bool) func(*emulate.Call) emulate.Response {
	return func(c *emulate.Call) emulate.Response {
		id := strings.ToUpper(strings.TrimSpace(c.FormValue("id")))
		c.Field("id", id)
		return v.inquiry(c, c.Facts(), c.Endpoint.OperationID, emulate.MD5Hex(id), valid(id), InvalidIDNumber)
	}
}

type score struct {
	Score float64 `json:"score"`
}

func (v *Vendor) idCheck(c *emulate.Call) emulate.Response {
	id := strings.TrimSpace(c.FormValue("id"))
	name := strings.TrimSpace(c.FormValue("name"))
	c.Field("id", id)
	c.Field("name", name)
	if cb := c.FormValue("callback"); cb != "" {
		c.Field("callback", cb)
		c.Note("callback", "not called: the answer is synchronous (VENDORS.md EK-4)")
	}
	f := c.Facts()
	f.NIK = id
	var known bool
	var person identity.Person
	if identity.IsNIKFormat(id) {
		if _, err := c.Deps.People.ParseNIK(id); err == nil {
			known = true
			person, _ = c.Deps.People.PersonByNIK(id)
		}
	}
	s := 1.0
	if known && name != "" {
		s = product.NameSimilarity(name, person.Name)
	}
	body := func() any { return score{Score: s} }
	if o := c.Decide(f); o != nil {
		return product.Respond(c, o.Code, o.Message, body)
	}
	switch {
	case !identity.IsNIKFormat(id):
		return product.Render(c.Endpoint.MustAnswer(InvalidIDNumber), nil)
	case !known:
		return product.Render(c.Endpoint.MustAnswer(PersonNotFound), nil)
	case s >= v.settings.NameMatchThreshold:
		return product.Render(c.Endpoint.MustAnswer(OK), body())
	default:
		return product.Render(c.Endpoint.MustAnswer(NOT), body())
	}
}
