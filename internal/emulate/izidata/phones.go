package izidata

import (
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/phone"
)

// What the mock says about an Indonesian phone beyond /v1/phone, kept in
// agreement with it and with the fake people:
//
//   - a number has a subscriber (a tenure, an owner) when libphonenumber
//     calls it a valid MOBILE or FIXED_LINE_OR_MOBILE number, the same
//     metadata /v1/phone answers from; toll-free, premium and invalid
//     numbers have none;
//   - the number's holder is the person the number stands for
//     (identity.Generator.PersonFor of its E.164 form), and the person a
//     NIK names holds the phone /__admin/identity/{nik} shows: both are the
//     phone's registered owners for phone verify;
//   - the tenure is never longer than the holder has been an adult
//     (17, the KTP age), counted to the generator's reference date.

// subscriber reports whether e164 is a number an operator has a subscriber
// for (see above).
func subscriber(e164 string) bool {
	if e164 == "" {
		return false
	}
	info, err := phone.Lookup(e164, "ID")
	return err == nil && info.IsValidNumber && (info.NumberType == "MOBILE" || info.NumberType == "FIXED_LINE_OR_MOBILE")
}

// holder is the person a phone number stands for.
func holder(people *identity.Generator, e164 string) identity.Person {
	return people.PersonFor(e164)
}

// tenureMonths is how long e164 has been active, in whole months
// (docs/vendors/izidata.md#bs-8), deterministic per seed and number: about
// one number in seven is under six months old (a new SIM, what lenders look
// for), the rest spread over the holder's adult life.
func tenureMonths(seed int64, people *identity.Generator, e164 string) int {
	if e164 == "" {
		return 0
	}
	adult := holder(people, e164).BirthDate.AddDate(17, 0, 0)
	most := monthsBetween(adult, people.ReferenceDate())
	r := emulate.Rand(seed, "phoneage", e164)
	if r.IntN(7) == 0 || most < 6 {
		return r.IntN(min(6, most+1))
	}
	return 6 + r.IntN(most-6+1)
}

// monthsBetween is the number of whole months from a to b, 0 if b is
// before a.
func monthsBetween(a, b time.Time) int {
	m := (b.Year()-a.Year())*12 + int(b.Month()-a.Month())
	if b.Day() < a.Day() {
		m--
	}
	return max(m, 0)
}

type ageBody struct {
	Age int `json:"age"`
}

// phoneAge is /v2/phoneage and /v3/phoneage: the number's tenure in months
// (docs/vendors/izidata.md#b2-1; v3's difference is not visible, so both
// answer alike).
func (v *Vendor) phoneAge(c *emulate.Call) emulate.Response {
	number := strings.TrimSpace(c.FormValue("phone"))
	c.Field("phone", number)
	e164, ok := emulate.IndonesianPhone(number)
	f := c.Facts()
	f.Phone = e164
	body := func() any { return ageBody{Age: tenureMonths(c.Deps.Seed, c.Deps.People, e164)} }
	if o := c.Decide(f); o != nil {
		return product.Respond(c, o.Code, o.Message, body)
	}
	switch {
	case !ok:
		return product.Respond(c, InvalidPhoneNumber, "", nil)
	case !subscriber(e164):
		return product.Respond(c, PhoneNumberNotFound, "", nil)
	}
	return product.Respond(c, product.OK, "", body)
}

// The phone verify verdicts, a bare string message (docs/vendors/izidata.md#b2-4).
const (
	verdictMatch    = "MATCH"
	verdictNotMatch = "NOT_MATCH"
)

// phoneVerify answers whether the phone is registered to the NIK's owner:
// MATCH when the NIK's person holds the phone or the phone stands for the
// NIK's person (see the top of this file), else NOT_MATCH. NOT_FOUND when
// either side has nobody: a NIK of 16 digits that is no valid NIK, or a
// number without a subscriber.
func (v *Vendor) phoneVerify(c *emulate.Call) emulate.Response {
	number, nik := strings.TrimSpace(c.FormValue("phone")), strings.TrimSpace(c.FormValue("id"))
	c.Field("phone", number)
	c.Field("id", nik)
	e164, phoneOK := emulate.IndonesianPhone(number)
	f := c.Facts()
	f.Phone, f.NIK = e164, nik
	body := func() any {
		if identity.IsNIKFormat(nik) && e164 != "" {
			if p, _ := c.Deps.People.PersonByNIK(nik); p.Phone == e164 || c.Deps.People.NIKFor(e164) == nik {
				return verdictMatch
			}
		}
		return verdictNotMatch
	}
	if o := c.Decide(f); o != nil {
		return product.Respond(c, o.Code, o.Message, body)
	}
	_, nikErr := c.Deps.People.ParseNIK(nik)
	switch {
	case !phoneOK:
		return product.Respond(c, InvalidPhoneNumber, "", nil)
	case !identity.IsNIKFormat(nik):
		return product.Respond(c, product.InvalidIDNumber, "", nil)
	case nikErr != nil || !subscriber(e164):
		return product.Respond(c, NotFound, "", nil)
	}
	return product.Respond(c, product.OK, "", body)
}
