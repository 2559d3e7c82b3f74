package verihubs

import (
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// Sandbox magic values of KTP extraction (docs/vendors/verihubs.md#s4-3): the image is a
// code naming the quality problems (B blur, D dark, F flashlight,
// G grayscale), and reference_id a code naming a reference_id problem.
var sandboxImages = map[string]string{
	sandboxKTP: "", "KTP_B": "B", "KTP_D": "D", "KTP_BD": "BD", "KTP_BF": "BF", "KTP_F": "F",
	"KTP_G": "G", "KTP_FG": "FG", "KTP_BG": "BG", "KTP_DG": "DG",
}

const (
	sandboxKTP       = "KTP" // a clean card
	sandboxNoKTP     = "NO_KTP_DETECTED"
	sandboxTooBig    = "IMAGE_SIZE_EXCEED_LIMIT"
	sandboxRefPrefix = "REFERENCE_ID_"
)

var sandboxRefs = map[string]string{
	"REFERENCE_ID": "", "REFERENCE_ID_EXIST": ReferenceIDExists,
	"REFERENCE_ID_TOO_LONG": InvalidReferenceID, "REFERENCE_ID_TOO_SHORT": InvalidReferenceID,
}

// sandbox reads the magic values; everything else is INVALID_SANDBOX_CODE.
// The result's reference_id is REFERENCE_ID_<image code>[_V] (docs/vendors/verihubs.md#s4-3), so a
// result pull needs no memory and sandbox runs never collide.
func (v *Vendor) sandbox(c *emulate.Call, x extraction) (extraction, string) {
	if x.p.ReferenceID != nil {
		code, ok := sandboxRefs[*x.p.ReferenceID]
		switch {
		case !ok:
			return x, InvalidSandboxCode
		case code != "":
			return x, code
		}
	}
	image := strings.TrimSpace(*x.p.Image)
	c.Field("image", image)
	switch image {
	case "":
		return x, ImageMissing
	case sandboxTooBig:
		return x, ImageSize
	}
	x, ok := sandboxExtraction(c, image, x)
	if !ok {
		return x, InvalidSandboxCode
	}
	return x, ""
}

// sandboxExtraction is the dummy result of a sandbox image code; x
// unchanged and false for anything else (a forced answer then renders it as
// any payload the checks stopped at).
func sandboxExtraction(c *emulate.Call, image string, x extraction) (extraction, bool) {
	letters, known := sandboxImages[image]
	if !known && image != sandboxNoKTP {
		return x, false
	}
	x.person = c.Deps.People.PersonFor("verihubs-sandbox")
	x.ref = sandboxRefPrefix + image
	if x.p.validate() {
		x.ref += "_V"
	}
	if image == sandboxNoKTP {
		x.noKTP = true
		return x, true
	}
	x.q = flags(letters)
	return x, true
}

// sandboxResult is the result a sandbox id stands for: REFERENCE_ID_KTP_BD_V
// is KTP_BD extracted with is_quality and validate_quality true.
func (v *Vendor) sandboxResult(c *emulate.Call, ref string) (extractBody, bool) {
	image, ok := strings.CutPrefix(ref, sandboxRefPrefix)
	if !ok {
		return extractBody{}, false
	}
	x := extraction{sandbox: true}
	if base, cut := strings.CutSuffix(image, "_V"); cut {
		image, x.p.IsQuality, x.p.ValidateQuality = base, ptr(true), ptr(true)
	}
	x, ok = sandboxExtraction(c, image, x)
	if !ok {
		return extractBody{}, false
	}
	b := v.result(c, x.natural(), x)
	return b, true
}

func ptr[T any](v T) *T { return &v }
