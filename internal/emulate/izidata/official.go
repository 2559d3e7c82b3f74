package izidata

import (
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

// officialFaceCompare is /v1/officialfacecompare on apihub.izi.credit: a
// selfie (img) against the registry photo of the NIK, with the person's
// name, pob and dob (docs/vendors/izidata.md#b2-5). Client code shows only
// the request; the answer is inferred: facecompare's message and face
// statuses, the identity checks' NIK statuses, checked in
// docs/vendors/izidata.md#iz-6's order (the NIK field, then the image).
// The registry photo is the NIK's person: a selfie whose marker names
// another NIK is somebody else, one that names none is the person (the
// happy path), and `similarity=` sets the score, as everywhere.
func (v *Vendor) officialFaceCompare(c *emulate.Call) emulate.Response {
	nik := strings.TrimSpace(c.FormValue("nik"))
	c.Field("nik", nik)
	for _, k := range []string{"name", "pob", "dob"} {
		c.Field(k, c.FormValue(k)) // recorded; their comparison is not visible
	}
	img := c.Base64Image("img", c.FormValue("img"))
	f := c.Facts(img)
	f.NIK = nik
	registry := emulate.Image{Info: imagecheck.Info{Digest: "registry " + nik, Marker: imagecheck.Marker{"nik": nik}}}
	body := func() any {
		s := emulate.FaceScore(c.Deps.Seed, img, registry)
		return product.Similarity{Similarity: s, Result: product.FaceResult(s, true)}
	}
	if o := c.Decide(f); o != nil {
		return product.Respond(c, o.Code, o.Message, body)
	}
	_, nikErr := c.Deps.People.ParseNIK(nik)
	switch {
	case !identity.IsNIKFormat(nik):
		return product.Respond(c, product.InvalidIDNumber, "", nil)
	case nikErr != nil:
		return product.Respond(c, product.PersonNotFound, "", nil)
	}
	if code := product.FaceProblem(limit2M, img); code != "" {
		return product.Respond(c, code, "", nil)
	}
	return product.Respond(c, product.OK, "", body)
}
