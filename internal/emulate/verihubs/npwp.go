package verihubs

import (
	"errors"
	"net/http"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

// NPWP OCR (docs/vendors/verihubs.md#b3-6, #s4-3, #vh-17): a multipart
// `image` (JPEG/JPG/PNG/PDF, ≤ 5 MB) read as the NPWP card of the image's
// person, in the KITAS OCR's shape.
const (
	opNPWP         = "ocrNpwp"
	OCRInvalid     = "OCR_40001"
	OCRQuota       = "OCR_40004"
	OCRInternal    = "OCR_50000"
	OCRNotDetected = "OCR_200004"
	msgOCRInvalid  = "Invalid image"     // inferred
	msgNoNPWP      = "NPWP not detected" // inferred
	billingNPWP    = "NPWP OCR"
)

func npwpAnswers() []emulate.Answer {
	out := []emulate.Answer{
		answer(FaceOK, http.StatusOK, msgExtracted, true, billingNPWP, "a readable image: the NPWP card of the person it stands for (marker nik=, else its bytes)", false),
		answer(OCRNotDetected, http.StatusOK, msgNoNPWP, false, "free", "marker npwp=none", true),
		answer(OCRInvalid, http.StatusUnprocessableEntity, msgOCRInvalid, false, "free",
			"not multipart/form-data, no image part, empty, not JPEG/PNG/PDF, undecodable, or over 5 MB", true),
		answer(OCRInternal, http.StatusInternalServerError, msgInternal, false, "free", "scenario only", false),
	}
	for _, a := range access() {
		if a.Code == InsufficientQuota {
			a.Code, a.HTTP, a.Trigger = OCRQuota, http.StatusBadRequest, "an app with mode: testing whose quota or balance is used up (the OCR products' quota code is a 400)"
		}
		out = append(out, a)
	}
	return out
}

type npwpBody struct {
	Message   string   `json:"message"`
	ErrorCode string   `json:"error_code,omitempty"`
	Data      npwpData `json:"data"`
}

type npwpData struct {
	ID          string      `json:"id"`
	ReferenceID string      `json:"reference_id"`
	ResultData  *npwpResult `json:"result_data"`
}

type npwpResult struct {
	NPWP    string `json:"npwp"`
	Name    string `json:"name"`
	NIK     string `json:"nik"`
	Address string `json:"address"`
}

var errNoImagePart = errors.New("no image part")

// readNPWP reads the upload: the image (a file part, or a plain value's
// bytes) and an optional reference_id value.
func readNPWP(c *emulate.Call) (emulate.Image, string, error) {
	form, err := c.Multipart()
	if err != nil {
		c.Note("body_error", err.Error())
		return emulate.Image{Field: "image"}, "", err
	}
	ref := ""
	if vs := form.Value["reference_id"]; len(vs) > 0 {
		ref = strings.TrimSpace(vs[0])
		c.Field("reference_id", ref)
	}
	var data []byte
	switch {
	case len(form.File["image"]) > 0:
		data = form.File["image"][0].Data
	case len(form.Value["image"]) > 0:
		data = []byte(form.Value["image"][0])
	default:
		return emulate.Image{Field: "image"}, ref, errNoImagePart
	}
	return c.FileImage("image", data), ref, nil
}

func (v *Vendor) ocrNPWP(c *emulate.Call) emulate.Response {
	img, ref, err := readNPWP(c)
	code := ""
	switch {
	case err != nil || img.Info.Size == 0 || img.Info.Size > MaxImage:
		code = OCRInvalid
	case imagecheck.Check(img.Info, imagecheck.Limits{Formats: []imagecheck.Format{imagecheck.JPEG, imagecheck.PNG, imagecheck.PDF}}) != imagecheck.OK:
		code = OCRInvalid
	case strings.EqualFold(emulate.Marker("npwp", img), "none"):
		code = OCRNotDetected
	}
	f, p := emulate.PersonFacts(c, img)
	render := func(a emulate.Answer) emulate.Response {
		if ref == "" {
			ref = c.IDs().UUID()
		}
		b := npwpBody{Message: a.Message, Data: npwpData{ID: c.IDs().UUID(), ReferenceID: ref}}
		if a.Code == OCRNotDetected {
			b.ErrorCode = a.Code
		} else {
			n := c.Deps.People.NPWPFor(p)
			b.Data.ResultData = &npwpResult{NPWP: n.Number, Name: n.Name, NIK: n.NIK, Address: n.Address}
		}
		return v.charged(c, emulate.JSON(a, b))
	}
	if o := c.Decide(f); o != nil {
		return c.Respond(o.Code, o.Message, render)
	}
	switch code {
	case "":
		return render(c.Endpoint.MustAnswer(FaceOK))
	case OCRNotDetected:
		return render(c.Endpoint.MustAnswer(code))
	}
	return c.Fail(code, "")
}
