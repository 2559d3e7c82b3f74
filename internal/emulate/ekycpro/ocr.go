package ekycpro

import (
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
	"github.com/mockekyc/mockekyc/internal/identity"
)

// limit2M is the "2M" of the docs: the length of the base64 text as
// received (VENDORS.md IZ-8; the liveness page says "less than 2M after
// base64 encoding").
const limit2M = 2 * product.M

// imageCall is the start every single-image endpoint shares: read the field,
// gather facts, ask the scenario rules.
func (v *Vendor) imageCall(c *emulate.Call) (emulate.Image, *identity.Person, *forcedCode) {
	img := c.Base64Image("img", c.FormValue("img"))
	f := c.Facts(img)
	var p *identity.Person
	if img.Info.Digest != "" || emulate.Marker("nik", img) != "" {
		person := product.SubjectPerson(c, img)
		p = &person
		f.NIK = person.NIK
	}
	if o := c.Decide(f); o != nil {
		return img, p, &forcedCode{code: o.Code, message: o.Message}
	}
	return img, p, nil
}

type forcedCode struct{ code, message string }

// imageAnswer answers a single-image endpoint: a forced code, else the
// image's problem, else the success body.
func (v *Vendor) imageAnswer(c *emulate.Call, forced *forcedCode, problem string, body func() any) emulate.Response {
	if forced != nil {
		return v.forced(c, forced.code, forced.message, body)
	}
	if problem != "" {
		return v.answer(c, c.Endpoint.MustAnswer(problem), nil)
	}
	return v.answer(c, c.Endpoint.MustAnswer(OK), body())
}

func (v *Vendor) idOCR(c *emulate.Call) emulate.Response {
	img, p, forced := v.imageCall(c)
	return v.imageAnswer(c, forced, product.OCRProblem(img, limit2M), func() any {
		if p == nil {
			person := product.SubjectPerson(c, img)
			p = &person
		}
		return product.KTPOf(*p)
	})
}

func (v *Vendor) antiFake(c *emulate.Call) emulate.Response {
	img, _, forced := v.imageCall(c)
	return v.imageAnswer(c, forced, product.OCRProblem(img, limit2M), func() any { return product.AntiFakeScores(c.Deps.Seed, img) })
}

func (v *Vendor) pictureLive(c *emulate.Call) emulate.Response {
	// Fields first: scenario rules may match on them.
	country := strings.ToUpper(strings.TrimSpace(c.FormValue("country")))
	detail := c.FormValue("detail") == "1"
	c.Field("country", country)
	c.Field("detail", c.FormValue("detail"))
	img, _, forced := v.imageCall(c)
	problem := product.OCRProblem(img, limit2M)
	if !product.LivenessCountry(country) {
		problem = InvalidRequest
	}
	return v.imageAnswer(c, forced, problem, func() any { return product.Liveness(c.Deps.Seed, img, detail) })
}
