package izidata

import (
	"fmt"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
	"github.com/mockekyc/mockekyc/internal/identity"
)

// The blacklist verdicts, a bare string message (docs/vendors/izidata.md#b2-2).
const (
	verdictPass   = "PASS"
	verdictVerify = "NEEDS_VERIFICATION"
	verdictReject = "REJECT"
)

// listed is settings.blacklist: the NIKs and phones on the blacklist, by
// the MD5 of their plain form (a product.Ident's Subject), so that md5 mode
// finds them too.
type listed struct {
	niks, phones map[string]bool
}

func newListed(niks, phones []string) (listed, error) {
	l := listed{niks: map[string]bool{}, phones: map[string]bool{}}
	for _, n := range niks {
		if !identity.IsNIKFormat(n) {
			return listed{}, fmt.Errorf("blacklist.niks: %q is not 16 digits", n)
		}
		l.niks[emulate.MD5Hex(n)] = true
	}
	for _, p := range phones {
		e164, ok := emulate.IndonesianPhone(p)
		if !ok {
			return listed{}, fmt.Errorf("blacklist.phones: %q is not an Indonesian number", p)
		}
		l.phones[emulate.MD5Hex(e164)] = true
	}
	return l, nil
}

// blacklistVerdict is docs/vendors/izidata.md#bs-9, ADVANCE.AI's rule: REJECT
// when the NIK is listed, or the phone is listed and the name is the NIK's
// person's (the listed person applying again); NEEDS_VERIFICATION when
// only the phone is listed; else PASS.
func (v *Vendor) blacklistVerdict(c *emulate.Call, nik, tel product.Ident, name string) string {
	switch {
	case v.listed.niks[nik.Subject]:
		return verdictReject
	case !v.listed.phones[tel.Subject]:
		return verdictPass
	}
	if identity.IsNIKFormat(nik.Plain) && strings.TrimSpace(name) != "" {
		if p, _ := c.Deps.People.PersonByNIK(nik.Plain); emulate.NameSimilarity(name, p.Name) >= v.settings.NameMatchThreshold {
			return verdictReject
		}
	}
	return verdictVerify
}

// blacklist is /v1/blacklist: name, id and phone, plain or (md5=1) hashed;
// OK is charged whatever the verdict (docs/vendors/izidata.md#bs-9).
func (v *Vendor) blacklist(c *emulate.Call) emulate.Response {
	idv, ph, name := c.FormValue("id"), c.FormValue("phone"), c.FormValue("name")
	c.Field("id", idv)
	c.Field("phone", ph)
	c.Field("name", name) // never hashed, as on creditscore
	md5 := product.MD5Mode(c)
	nik, tel := v.resolve(idv, md5, false), v.resolve(ph, md5, true)
	f := c.Facts()
	f.NIK, f.Phone = nik.Plain, tel.Plain
	body := func() any { return v.blacklistVerdict(c, nik, tel, name) }
	if o := c.Decide(f); o != nil {
		return product.Respond(c, o.Code, o.Message, body)
	}
	switch {
	case !nik.Valid:
		return product.Respond(c, product.InvalidIDNumber, "", nil)
	case !tel.Valid:
		return product.Respond(c, InvalidPhoneNumber, "", nil)
	case !nik.Known || !tel.Known:
		return product.Respond(c, product.NotFoundMD5, "", nil)
	}
	return product.Respond(c, product.OK, "", body)
}

// identityV2 is /v2/identitycheck's message: the NIK and name as sent and
// whether they belong together (docs/vendors/izidata.md#b2-3; the shape is
// a client's class, the echo of the request inferred).
type identityV2 struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Match bool   `json:"match"`
}

func (v *Vendor) identityCheckV2(c *emulate.Call) emulate.Response {
	return product.IdentityCheck(c, v.settings.NameMatchThreshold, func(id product.Identity) any {
		return identityV2{ID: id.NIK, Name: id.Name, Match: id.Match}
	})
}

// identityV3 is the detailed identity check's message: the registry's
// record of the NIK and whether the name sent is its name, in the client
// class's key order (docs/vendors/izidata.md#b2-3, "nationnality" sic).
type identityV3 struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	PlaceOfBirth  string `json:"place_of_birth"`
	DateOfBirth   string `json:"date_of_birth"`
	Gender        string `json:"gender"`
	Address       string `json:"address"`
	Province      string `json:"province"`
	City          string `json:"city"`
	District      string `json:"district"`
	Village       string `json:"village"`
	RT            string `json:"rt"`
	RW            string `json:"rw"`
	Religion      string `json:"religion"`
	MaritalStatus string `json:"marital_status"`
	Work          string `json:"work"`
	Nationnality  string `json:"nationnality"`
	Match         bool   `json:"match"`
}

func (v *Vendor) identityCheckV3(c *emulate.Call) emulate.Response {
	return product.IdentityCheck(c, v.settings.NameMatchThreshold, func(id product.Identity) any {
		p := id.Person
		return identityV3{
			ID: p.NIK, Name: p.Name, PlaceOfBirth: p.BirthPlace, DateOfBirth: identity.FormatDate(p.BirthDate), Gender: p.Gender,
			Address: p.Address, Province: p.Province, City: p.City, District: p.District, Village: p.Village, RT: p.RT, RW: p.RW,
			Religion: p.Religion, MaritalStatus: p.MaritalStatus, Work: p.Occupation, Nationnality: p.Nationality, Match: id.Match,
		}
	})
}

// bankIDBody is /v1/bankidcheck's message (inferred: client code shows
// only the request): which of the fields sent agree with the registry.
type bankIDBody struct {
	Name       bool `json:"name"`
	POB        bool `json:"pob"`
	DOB        bool `json:"dob"`
	MotherName bool `json:"mother_name"`
}

// bankIDCheck is /v1/bankidcheck, seen on the sandbox host
// (docs/vendors/izidata.md#b2-5): id, name, pob, dob (DD-MM-YYYY) and
// mother_name against the registry's record of the NIK, with the identity
// checks' statuses (docs/vendors/izidata.md#iz-30): OK when every field
// agrees (names and place alike from name_match_threshold, the date
// exactly), NOT when one does not or is missing.
func (v *Vendor) bankIDCheck(c *emulate.Call) emulate.Response {
	pob, dob, mother := strings.TrimSpace(c.FormValue("pob")), strings.TrimSpace(c.FormValue("dob")), strings.TrimSpace(c.FormValue("mother_name"))
	c.Field("pob", pob)
	c.Field("dob", dob)
	c.Field("mother_name", mother)
	var b bankIDBody
	alike := func(sent, held string) bool {
		return sent != "" && emulate.NameSimilarity(sent, held) >= v.settings.NameMatchThreshold
	}
	more := func(id *product.Identity) {
		p := id.Person
		b = bankIDBody{Name: id.Name != "" && id.Match, POB: alike(pob, p.BirthPlace), DOB: dob == identity.FormatDate(p.BirthDate), MotherName: alike(mother, p.MotherName)}
		id.Match = b.Name && b.POB && b.DOB && b.MotherName
	}
	return product.CheckIdentity(c, v.settings.NameMatchThreshold, more, func(product.Identity) any { return b })
}
