package ekycpro

import (
	"math"
	"regexp"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
	"github.com/mockekyc/mockekyc/internal/identity"
)

// The Indonesian inquiries take md5=1 as iziData does (docs/vendors/ekycpro.md#ek-6). Nobody is
// declared, so every well-formed hash is somebody: NOT_FOUND_MD5 is for
// scenarios.
func (v *Vendor) idInquiries(c *emulate.Call) emulate.Response {
	return product.IdentInquiry(c, "id", false, nil, false, product.InvalidIDNumber)
}

func (v *Vendor) phoneInquiries(c *emulate.Call) emulate.Response {
	return product.IdentInquiry(c, "phone", true, nil, false, product.FAIL)
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
		return product.Inquiry(c, c.Facts(), c.Endpoint.OperationID,
			product.Ident{Valid: valid(id), Known: true, Subject: emulate.MD5Hex(id)}, product.InvalidIDNumber)
	}
}

type score struct {
	Score float64 `json:"score"`
}

// agreeingScore is s when it is on code's side of threshold t (OK from t,
// NOT below), else a score moved to that side, still derived from s: OK
// t + (1-t)·s rounded up, NOT 0.9·t·s rounded down, in hundredths.
func agreeingScore(code string, s, t float64) float64 {
	switch {
	case code == product.OK && s < t:
		return math.Min(1, math.Ceil((t+(1-t)*s)*100)/100)
	case code == NOT && s >= t:
		if low := math.Floor(0.9*t*s*100) / 100; low < t {
			return low
		}
		return 0
	}
	return s
}

func (v *Vendor) idCheck(c *emulate.Call) emulate.Response {
	id := strings.TrimSpace(c.FormValue("id"))
	name := strings.TrimSpace(c.FormValue("name"))
	c.Field("id", id)
	c.Field("name", name)
	if cb := c.FormValue("callback"); cb != "" {
		c.Field("callback", cb)
		c.Note("callback", "not called: the answer is synchronous (docs/vendors/ekycpro.md#ek-4)")
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
		s = emulate.NameSimilarity(name, person.Name)
	}
	t := v.settings.NameMatchThreshold
	body := func() any { return score{Score: s} }
	if o := c.Decide(f); o != nil {
		// A forced OK or NOT carries a score on its side of the
		// threshold, whatever the names say: the body never contradicts
		// the code.
		return c.Respond(o.Code, o.Message, func(a emulate.Answer) emulate.Response {
			return product.Render(a, score{Score: agreeingScore(a.Code, s, t)})
		})
	}
	switch {
	case !identity.IsNIKFormat(id):
		return c.Fail(product.InvalidIDNumber, "")
	case !known:
		return c.Fail(product.PersonNotFound, "")
	case s >= v.settings.NameMatchThreshold:
		return product.Render(c.Endpoint.MustAnswer(product.OK), body())
	default:
		return product.Render(c.Endpoint.MustAnswer(NOT), body())
	}
}
