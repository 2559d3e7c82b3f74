package ekycpro

import (
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
)

func (v *Vendor) faceCompare(c *emulate.Call) emulate.Response {
	img1 := c.Base64Image("img1", c.FormValue("img1"))
	img2 := c.Base64Image("img2", c.FormValue("img2"))
	body := func() any { return product.Face(c.Deps.Seed, true, img1, img2) }
	if o := c.Decide(c.Facts(img1, img2)); o != nil {
		return v.forced(c, o.Code, o.Message, body)
	}
	for _, img := range []emulate.Image{img1, img2} {
		if code := product.FaceProblem(img, limit2M); code != "" {
			return v.answer(c, c.Endpoint.MustAnswer(code), nil)
		}
	}
	return v.answer(c, c.Endpoint.MustAnswer(OK), body())
}

func (v *Vendor) idHolding(c *emulate.Call) emulate.Response {
	img, _, forced := v.imageCall(c)
	return v.imageAnswer(c, forced, product.FaceProblem(img, limit2M), func() any { return product.Face(c.Deps.Seed, false, img) })
}
