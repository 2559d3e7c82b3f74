package product

import (
	"net/http"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/scenario"
)

// Charge and Free are the two billing tags of the iziData family's status
// tables ("charge , success", "free , invalid request parameters").
func Charge(code, msg, trigger string) emulate.Answer {
	return emulate.Answer{Code: code, HTTP: http.StatusOK, Message: msg, Charged: true, Billing: "charge", Trigger: trigger}
}

// Free is an answer that costs nothing.
func Free(code, msg, trigger string) emulate.Answer {
	return emulate.Answer{Code: code, HTTP: http.StatusOK, Message: msg, Billing: "free", Trigger: trigger}
}

// Inferred marks an answer the docs do not give (an [inferred] default, docs/vendors/README.md#s6),
// travelling with the given HTTP status.
func Inferred(a emulate.Answer, status int) emulate.Answer {
	a.HTTP, a.Inferred = status, true
	return a
}

// Image answers a single-image endpoint: read the field, gather facts (the
// person the image stands for among them), let a scenario force a code,
// else answer the image's problem, else the success body.
func Image(c *emulate.Call, field string, problem func(emulate.Image) string,
	body func(emulate.Image, identity.Person) any) emulate.Response {
	img := c.Base64Image(field, c.FormValue(field))
	f, p := emulate.PersonFacts(c, img)
	b := func() any { return body(img, p) }
	if o := c.Decide(f); o != nil {
		return Respond(c, o.Code, o.Message, b)
	}
	if code := problem(img); code != "" {
		return Respond(c, code, "", nil)
	}
	return Respond(c, OK, "", b)
}

// PictureLive is liveness V1: img, country (one of the vendor's countries;
// default ID) and detail=1 for the detail answer.
func PictureLive(c *emulate.Call, limit int, countries []string) emulate.Response {
	// Fields first: scenario rules may match on them.
	country := strings.ToUpper(strings.TrimSpace(c.FormValue("country")))
	detail := c.FormValue("detail") == "1"
	c.Field("country", country)
	c.Field("detail", c.FormValue("detail"))
	problem := func(img emulate.Image) string {
		// docs/vendors/izidata.md#iz-6: the fields before the image.
		if !LivenessCountry(country, countries) {
			return InvalidRequest
		}
		return OCRProblem(img, limit)
	}
	return Image(c, "img", problem, func(img emulate.Image, _ identity.Person) any {
		return Liveness(c.Deps.Seed, img, detail)
	})
}

// FaceCompare compares img1 and img2 (SAME / NOT SURE / NOT SAME PERSON).
func FaceCompare(c *emulate.Call, limit int) emulate.Response {
	img1 := c.Base64Image("img1", c.FormValue("img1"))
	img2 := c.Base64Image("img2", c.FormValue("img2"))
	body := func() any { return Face(c.Deps.Seed, true, img1, img2) }
	f, _ := emulate.PersonFacts(c, img1, img2)
	if o := c.Decide(f); o != nil {
		return Respond(c, o.Code, o.Message, body)
	}
	if code := FaceProblem(limit, img1, img2); code != "" {
		return Respond(c, code, "", nil)
	}
	return Respond(c, OK, "", body)
}

// IDHolding compares the holder's face with the card's photo in img
// (SAME / NOT SAME PERSON, no NOT SURE band).
func IDHolding(c *emulate.Call, limit int) emulate.Response {
	problem := func(img emulate.Image) string { return FaceProblem(limit, img) }
	return Image(c, "img", problem, func(img emulate.Image, _ identity.Person) any {
		return Face(c.Deps.Seed, false, img)
	})
}

// The messages both vendors' docs give, byte for byte.
const (
	MsgFail           = "check input image and retry"
	MsgInvalidRequest = "check request params"
	MsgFormat         = "image format not support"
	MsgInner          = "Inner error, please retry later"
	MsgSize2M         = "image larger than 2M"
	MsgNotIDHolding   = "error not idholding image"
	// MsgServiceDown is the service-down text of RETRY_LATER (and of
	// eKYCPro's KTP OCR INNER_ERROR).
	MsgServiceDown  = "Service is not available right now, please try again later"
	MsgInvalidNIK   = "Invalid ID number, please check the NIK format"
	MsgInvalidPhone = "Invalid phone number, please check your phone number format"
	MsgNotFoundMD5  = "This md5 can't be found in our system"
)

// ImageAnswers is the status table the image endpoints share (iziData
// docs/vendors/izidata.md#s1-4-1, and eKYCPro's copy of it): size is the "image larger than NM"
// text of the endpoint's limit, inner its INNER_ERROR text.
func ImageAnswers(success, size, inner string) []emulate.Answer {
	return []emulate.Answer{
		Charge(OK, "", success),
		Charge(FAIL, MsgFail, "a JPEG/PNG/BMP whose header does not decode; or marker scenario=FAIL"),
		Free(InvalidRequest, MsgInvalidRequest, "img missing or empty, not base64, or the body is not form-urlencoded"),
		Free(ImageInvalidFormat, MsgFormat, "img decodes to bytes that are not JPEG, PNG or BMP (e.g. GIF, PDF, WebP)"),
		Free(ImageInvalidSize, size, "img longer than the limit, counted in characters of base64 ("+size+")"),
		Free(InnerError, inner, "scenario only"),
	}
}

// FaceAnswers is the status table of facecompare and idholding (iziData
// docs/vendors/izidata.md#s1-4-3, and eKYCPro's copy of it): RETRY_LATER is charged (retry is its
// text: no face found, or no hand-held ID), there is no
// IMAGE_INVALID_FORMAT, and the limit is 2M. invalidInferred marks the
// INVALID_REQUEST text as a default (iziData's page shows a placeholder,
// docs/vendors/izidata.md#iz-22).
func FaceAnswers(success, retry, retryTrigger string, invalidInferred bool) []emulate.Answer {
	invalid := Free(InvalidRequest, MsgInvalidRequest, "an image missing or empty, not base64, not an image, or the body is not form-urlencoded")
	if invalidInferred {
		invalid = Inferred(invalid, http.StatusOK)
	}
	return []emulate.Answer{
		Charge(OK, "", success),
		Charge(RetryLater, retry, retryTrigger),
		invalid,
		Free(ImageInvalidSize, MsgSize2M, "an image longer than 2M of base64"),
		Free(InnerError, MsgInner, "scenario only"),
	}
}

// InquiryAnswers is the status table of the multi-inquiry endpoints:
// success is the OK trigger, invalid the endpoint's bad-identifier answer,
// notFound the trigger of the inferred NOT_FOUND_MD5 ("" for an endpoint
// without md5 mode).
func InquiryAnswers(success string, invalid emulate.Answer, notFound string) []emulate.Answer {
	out := []emulate.Answer{
		Charge(OK, "", success),
		invalid,
		Free(RetryLater, MsgServiceDown, "scenario only"),
	}
	if notFound != "" {
		out = append(out, Inferred(Free(NotFoundMD5, MsgNotFoundMD5, notFound), http.StatusOK))
	}
	return out
}

// IdentInquiry answers a multi-inquiry on a NIK (phone=false) or an
// Indonesian phone read from field, plain or with md5=1 (see Resolve for
// lookup and knownOnly).
func IdentInquiry(c *emulate.Call, field string, phone bool, lookup func(string, bool) (string, bool), knownOnly bool, invalid string) emulate.Response {
	value := strings.TrimSpace(c.FormValue(field))
	c.Field(field, value)
	id := Resolve(value, MD5Mode(c), phone, lookup, knownOnly)
	f := c.Facts()
	kind := "nik"
	if phone {
		kind, f.Phone = "phone", id.Plain
	} else {
		f.NIK = id.Plain
	}
	return Inquiry(c, f, kind, id, invalid)
}

// Inquiry answers a multi-inquiry: a forced code, else invalid for an
// identifier that is not well-formed, else NOT_FOUND_MD5 for a hash that
// names nobody, else the counters of the identifier.
func Inquiry(c *emulate.Call, f scenario.Facts, kind string, id Ident, invalid string) emulate.Response {
	body := func() any { return Counters(c.Deps.Seed, kind, id.Subject) }
	if o := c.Decide(f); o != nil {
		return Respond(c, o.Code, o.Message, body)
	}
	switch {
	case !id.Valid:
		return Respond(c, invalid, "", nil)
	case !id.Known:
		return Respond(c, NotFoundMD5, "", nil)
	}
	return Respond(c, OK, "", body)
}

// MD5Mode is md5=1: identifiers arrive as 32-hex MD5s. Any other value
// means plain identifiers (docs/vendors/izidata.md#iz-14; eKYCPro docs/vendors/ekycpro.md#ek-6 takes it as
// iziData does). The field is recorded for scenario matching.
func MD5Mode(c *emulate.Call) bool {
	m := c.FormValue("md5")
	c.Field("md5", m)
	return m == "1"
}
