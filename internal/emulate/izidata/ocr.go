package izidata

import (
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
	"github.com/mockekyc/mockekyc/internal/identity"
)

// Limits of docs/vendors/izidata.md#s1-4-2: KTP OCR 4M, every other image 2M, counted on the base64
// text as received (docs/vendors/izidata.md#iz-8).
const (
	limit4M = 4 * product.M
	limit2M = 2 * product.M
)

func ocrProblem4M(img emulate.Image) string { return product.OCRProblem(img, limit4M) }
func ocrProblem2M(img emulate.Image) string { return product.OCRProblem(img, limit2M) }

func (v *Vendor) idOCR(c *emulate.Call) emulate.Response {
	// The seed's example shows an md5 as "id"; iziData returns the NIK as
	// its eKYCPro twin does (docs/vendors/izidata.md#s1-6-1, #iz-18).
	return product.Image(c, "img", ocrProblem4M, func(_ emulate.Image, p identity.Person) any { return product.KTPOf(p) })
}

// npwpBody is the NPWP OCR message in the docs' key order.
type npwpBody struct {
	Mof     string `json:"mof"`
	Dgt     string `json:"dgt"`
	RegDate string `json:"regDate"`
	Name    string `json:"name"`
	NPWP    string `json:"npwp"`
	NIK     string `json:"nik"`
	KPP     string `json:"kpp"`
	Address string `json:"address"`
}

func (v *Vendor) npwpOCR(c *emulate.Call) emulate.Response {
	return product.Image(c, "img", ocrProblem2M, func(_ emulate.Image, p identity.Person) any {
		n := c.Deps.People.NPWPFor(p)
		return npwpBody{
			Mof: "KEMENTERIAN KEUANGAN REPUBLIK INDONESIA", Dgt: "DIREKTORAT JENDERAL PAJAK",
			RegDate: identity.FormatDate(n.RegDate), Name: n.Name, NPWP: n.Number, NIK: n.NIK, KPP: n.KPP, Address: n.Address,
		}
	})
}

func (v *Vendor) antiFake(c *emulate.Call) emulate.Response {
	return product.Image(c, "img", ocrProblem2M, func(img emulate.Image, _ identity.Person) any {
		return product.AntiFakeScores(c.Deps.Seed, img)
	})
}

// livenessCountries: the liveness page's only country code (docs/vendors/izidata.md#s1-4-2
// "country code:ID"); eKYCPro's twin lists more.
var livenessCountries = []string{"ID"}

func (v *Vendor) pictureLive(c *emulate.Call) emulate.Response {
	return product.PictureLive(c, limit2M, livenessCountries)
}

func (v *Vendor) faceCompare(c *emulate.Call) emulate.Response {
	return product.FaceCompare(c, limit2M)
}

func (v *Vendor) idHolding(c *emulate.Call) emulate.Response {
	return product.IDHolding(c, limit2M)
}
