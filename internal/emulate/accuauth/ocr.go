package accuauth

import (
	"net/http"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

// ocrLimits are the seed's image spec (docs/vendors/accuauth.md#s3-3): JPG, PNG and PDF (docs/vendors/accuauth.md#ac-4),
// 128×128 to 6000×6000 pixels.
var ocrLimits = imagecheck.Limits{
	MaxBytes: imageLimit, Formats: []imagecheck.Format{imagecheck.JPEG, imagecheck.PNG, imagecheck.PDF},
	MinWidth: 128, MinHeight: 128, MaxWidth: 6000, MaxHeight: 6000,
}

func ocrAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		charged(OK, "", "one readable JPEG/PNG/PDF in `file` (multipart) or `image_base64`: the KTP of the person the image stands for (marker nik= picks one)"),
		answer(DetectionFailed, http.StatusBadRequest, msgDetection, "a JPEG/PNG/PDF whose header does not decode (a truncated upload); or marker scenario=DETECTION_FAILED", false),
		invalid(msgMustSpecifyImg, "neither `file` nor `image_base64` (or both empty)"),
		invalid(msgBothImages, "both `file` and `image_base64`"),
		invalid(msgImageBase64, "`image_base64` that is not base64"),
		invalid(msgImageEmpty, "a `file` part of zero bytes"),
		invalid(msgImageFormat, "bytes that are not JPEG, PNG or PDF (GIF, BMP, WebP, text…)"),
		invalid(msgImageSize, "an image over 5 MB (5,242,880 bytes decoded)"),
		invalid(msgImageSmall, "a JPEG/PNG narrower or lower than 128 px"),
		invalid(msgImageBig, "a JPEG/PNG wider or higher than 6000 px"),
	}, access()...)
}

// Card is one element of `results`, keys in the order of docs/vendors/accuauth.md#s3-3 (the seed's
// example with `pob` added).
type Card struct {
	IDNumber      string `json:"id_number"`
	Name          string `json:"name"`
	POB           string `json:"pob"`
	DOB           string `json:"dob"`
	Gender        string `json:"gender"`
	GenderS       string `json:"gender_s"`
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
	Nationnality  string `json:"nationnality"` // sic, as the seed spells it
}

type ocrBody struct {
	RequestID string `json:"request_id"`
	Status    string `json:"status"`
	Results   []Card `json:"results"`
}

// CardOf is the KTP of p as the OCR reads it.
func CardOf(p identity.Person) Card {
	g := "F"
	if p.Gender == "LAKI-LAKI" {
		g = "M"
	}
	return Card{
		IDNumber: p.NIK, Name: p.Name, POB: p.BirthPlace, DOB: identity.FormatDate(p.BirthDate), Gender: p.Gender, GenderS: g,
		Address: p.Address, Province: p.Province, City: p.City, District: p.District, Village: p.Village, RT: p.RT, RW: p.RW,
		Religion: p.Religion, MaritalStatus: p.MaritalStatus, Work: p.Occupation, Nationnality: p.Nationality,
	}
}

// ocrProblem is the OCR's image verdict. A PDF's /MediaBox is in points,
// not pixels, so PDFs get no dimension check.
func ocrProblem(img emulate.Image) (code, reason string) {
	l := ocrLimits
	if img.Info.Format == imagecheck.PDF {
		l.MinWidth, l.MinHeight, l.MaxWidth, l.MaxHeight = 0, 0, 0, 0
	}
	return imageProblem(img, l, msgImageFormat)
}

// readOCR reads `file` (a multipart part, or a plain multipart value) and
// `image_base64` (multipart, urlencoded or a JSON member, as the verify
// endpoints read their fields: docs/vendors/accuauth.md#ac-1). Exactly one
// must be given (docs/vendors/accuauth.md#s3-3). A JSON or urlencoded body
// has no `file`: the docs say a file must be a multipart part.
func readOCR(c *emulate.Call) imageInput {
	f, ok := readFields(c)
	if !ok {
		return imageInput{reason: msgInvalid}
	}
	return pick(c, f, ocrSlot)
}

func (v *Vendor) ocrIDCard(c *emulate.Call) emulate.Response {
	in := readOCR(c)
	f := c.Facts(in.img)
	p := emulate.SubjectPerson(c, in.img)
	if in.img.Info.Digest != "" || emulate.Marker("nik", in.img) != "" {
		f.NIK = p.NIK
	}
	body := func(a emulate.Answer) any {
		return ocrBody{RequestID: requestID(c), Status: OK, Results: []Card{CardOf(p)}}
	}
	if o := c.Decide(f); o != nil {
		return c.Respond(o.Code, o.Message, emulate.JSONBody(body))
	}
	if in.reason != "" {
		return c.Fail(InvalidArgument, in.reason)
	}
	if code, reason := ocrProblem(in.img); code != "" {
		return c.Fail(code, reason)
	}
	a := c.Endpoint.MustAnswer(OK)
	return emulate.JSON(a, body(a))
}
