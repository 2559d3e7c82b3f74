package ekycpro

import (
	"regexp"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
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

// idCheck is the identity check iziData's /v2 and /v3/identitycheck share
// (product.IdentityCheck); eKYCPro's message is the name score alone.
func (v *Vendor) idCheck(c *emulate.Call) emulate.Response {
	if cb := c.FormValue("callback"); cb != "" {
		c.Field("callback", cb)
		c.Note("callback", "not called: the answer is synchronous (docs/vendors/ekycpro.md#ek-4)")
	}
	return product.IdentityCheck(c, v.settings.NameMatchThreshold, func(id product.Identity) any { return score{Score: id.Score} })
}
