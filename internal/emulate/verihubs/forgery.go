package verihubs

import (
	"net/http"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

func forgeryAnswers() []emulate.Answer {
	return append(append([]emulate.Answer{
		answer(FRG1, http.StatusOK, msgForgeryNotDetected, true, billingForgery,
			"a clean KTP image (validate_quality false); a sandbox app always (docs/vendors/verihubs.md#vh-6)", true),
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
	p, code := readPayload(c, false)
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
		q = flags("") // docs/vendors/verihubs.md#vh-6: a dummy clean result
	}
	render := func(a emulate.Answer) emulate.Response {
		r := v.forgeryResult(c, a, p, q)
		if sandbox {
			r.Charged = false // sandbox results are dummies, never invoiced
		}
		return r
	}
	f, _ := emulate.PersonFacts(c, img)
	if o := c.Decide(f); o != nil {
		return c.Respond(o.Code, o.Message, render)
	}
	if code != "" {
		return c.Fail(code, "")
	}
	// docs/vendors/verihubs.md#vh-3: quality validation runs first; when it fails forgery is not run.
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
	b := forgeryBody{Message: a.Message, Data: forgeryData{ReferenceID: c.IDs().UUID()}}
	forged := a.Code == FailOnForgery
	b.StatusCode, b.ErrorCode, q = forgeryItems.billed(a.Code, p.validate(), q)
	if a.Code != FailOnQuality {
		b.Data.Forgery = &forged
	}
	if p.isQuality() { // docs/vendors/verihubs.md#vh-4
		b.Data.ImageQuality = &q
	}
	return emulate.JSON(a, b)
}

// items are the three status_code values of a product, its invoicing
// items: ID Forgery's FRG-n (docs: status-code-id-forgery, docs/vendors/verihubs.md#s4-2)
// and extraction's EXT-n, which mirror them (doc.go).
type items [3]string

var (
	forgeryItems = items{FRG1, FRG2, FRG3}
	extractItems = items{EXT1, EXT2, EXT3}
)

// billed is the status_code, error_code and quality of a 200 answer code
// (docs/vendors/verihubs.md#vh-3): FAIL_ON_1, quality validated and failed, is the second item;
// validate_quality passed (or the third item forced) the third; otherwise
// the first. A forced code gets quality that agrees with it.
func (it items) billed(code string, validate bool, q quality) (status, errorCode string, _ quality) {
	switch {
	case code == FailOnQuality:
		return it[1], FailOnQuality, failing(q)
	case code == FailOnForgery:
		errorCode = FailOnForgery
	}
	if validate || code == it[2] {
		return it[2], errorCode, passing(q)
	}
	return it[0], errorCode, q
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
