package verihubs

import (
	"net/http"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

func forgeryAnswers() []emulate.Answer {
	return append(append([]emulate.Answer{
		answer(FRG1, http.StatusOK, msgForgeryNotDetected, true, billingForgery,
			"a clean KTP image (validate_quality false); a sandbox app always (VH-6)", true),
		answer(FRG3, http.StatusOK, msgForgeryNotDetected, true, billingForgery,
			"a clean KTP image with is_quality and validate_quality true", true),
		answer(FailOnQuality, http.StatusOK, msgFailOnQuality, true, billingQA,
			"validate_quality true and marker blur=true, dark=true, flashlight=true or grayscale=true (status_code FRG-2)", false),
		answer(FailOnForgery, http.StatusOK, msgForgeryDetected, true, billingForgery,
			"marker forgery=true (status_code FRG-1, or FRG-3 with validate_quality)", false),
	}, imageAnswers()...), access()...)
}

// forgeryBody is the seed's 200 sample, key order included.
type forgeryBody struct {
	StatusCode string      `json:"status_code"`
	Message    string      `json:"message"`
	ErrorCode  string      `json:"error_code,omitempty"`
	Data       forgeryData `json:"data"`
}

type forgeryData struct {
	ReferenceID  string   `json:"reference_id"`
	Forgery      *bool    `json:"forgery,omitempty"`
	ImageQuality *quality `json:"image_quality,omitempty"`
}

func (v *Vendor) idForgery(c *emulate.Call) emulate.Response {
	p, code := readPayload(c)
	sandbox := v.mode(c) == ModeSandbox
	var img emulate.Image
	switch {
	case code != "":
	case !sandbox:
		img, code = v.loadImage(c, *p.Image)
	case strings.TrimSpace(*p.Image) == "":
		code = ImageMissing
	}
	q := qualityOf(c.Deps.Seed, img)
	if sandbox {
		q = flags("") // VH-6: a dummy clean result
	}
	render := func(a emulate.Answer) emulate.Response {
		r := v.forgeryResult(c, a, p, q)
		if sandbox {
			r.Charged = false // sandbox results are dummies, never invoiced
		}
		return r
	}
	if o := c.Decide(c.Facts(img)); o != nil {
		return forced(c, o.Code, o.Message, render)
	}
	if code != "" {
		return failure(c.Endpoint.MustAnswer(code))
	}
	// VH-3: quality validation runs first; when it fails forgery is not run.
	switch {
	case p.validate() && q.fails():
		code = FailOnQuality
	case !sandbox && flag(emulate.Marker("forgery", img)):
		code = FailOnForgery
	case p.validate():
		code = FRG3
	default:
		code = FRG1
	}
	return render(c.Endpoint.MustAnswer(code))
}

// forgeryResult builds a 200 answer; a forced code gets quality that agrees
// with it, so the body never contradicts itself.
func (v *Vendor) forgeryResult(c *emulate.Call, a emulate.Answer, p payload, q quality) emulate.Response {
	b := forgeryBody{Message: a.Message, Data: forgeryData{ReferenceID: c.Deps.IDs.UUID()}}
	forged := a.Code == FailOnForgery
	switch a.Code {
	case FailOnQuality:
		b.StatusCode, b.ErrorCode = FRG2, FailOnQuality
		q = failing(q)
	case FRG3:
		b.StatusCode = FRG3
		q = passing(q)
	default:
		b.StatusCode = FRG1
		if p.validate() {
			b.StatusCode, q = FRG3, passing(q)
		}
		if forged {
			b.ErrorCode = FailOnForgery
		}
	}
	if a.Code != FailOnQuality {
		b.Data.Forgery = &forged
	}
	if p.isQuality() { // VH-4
		b.Data.ImageQuality = &q
	}
	return emulate.JSON(a, b)
}

// failing makes quality fail (blur) unless it already does.
func failing(q quality) quality {
	if !q.fails() {
		q.Blur, q.BlurScore = true, round6(blurFrom+q.BlurScore/2)
	}
	return q
}

// passing clears every quality flag, keeping scores under the thresholds.
func passing(q quality) quality {
	if q.fails() {
		q = quality{BlurScore: round6(q.BlurScore / 4), DarkScore: round6(q.DarkScore / 4)}
	}
	return q
}
