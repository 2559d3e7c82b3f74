package ekycpro

import (
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
	"github.com/mockekyc/mockekyc/internal/identity"
)

// limit2M is the "2M" of the docs: the length of the base64 text as
// received (docs/vendors/izidata.md#iz-8; the liveness page says "less than 2M after
// base64 encoding").
const limit2M = 2 * product.M

func ocrProblem(img emulate.Image) string { return product.OCRProblem(img, limit2M) }

func (v *Vendor) idOCR(c *emulate.Call) emulate.Response {
	return product.Image(c, "img", ocrProblem, func(_ emulate.Image, p identity.Person) any { return product.KTPOf(p) })
}

func (v *Vendor) antiFake(c *emulate.Call) emulate.Response {
	return product.Image(c, "img", ocrProblem, func(img emulate.Image, _ identity.Person) any {
		return product.AntiFakeScores(c.Deps.Seed, img)
	})
}

// livenessCountries are the liveness page's countries
// (docs.ekycpro.com/liveness-detection: MX, IN, TH, ID).
var livenessCountries = []string{"MX", "IN", "TH", "ID"}

func (v *Vendor) pictureLive(c *emulate.Call) emulate.Response {
	return product.PictureLive(c, limit2M, livenessCountries)
}

func (v *Vendor) faceCompare(c *emulate.Call) emulate.Response {
	return product.FaceCompare(c, limit2M)
}

func (v *Vendor) idHolding(c *emulate.Call) emulate.Response {
	return product.IDHolding(c, limit2M)
}
