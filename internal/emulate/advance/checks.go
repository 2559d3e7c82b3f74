package advance

import (
	"math"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
)

// faceAnswers is face comparison v4 (docs/vendors/advance.md#s2-5 [transcription]) plus the glossary.
func faceAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		pay(Success, MsgOK, "two readable PNG/JPEG images: the same person (80-99.9) unless markers say otherwise (similarity=<0..100>, different nik=)"),
		pay(NoFaceFirst, MsgNoFaceFirst, "firstImage a PNG/JPEG whose header does not decode"),
		pay(NoFaceSecond, MsgNoFaceSecond, "secondImage a PNG/JPEG whose header does not decode"),
		inferred(pay(LowQualityFirst, MsgLowFirst, "marker face=low on firstImage, or scenario")),
		inferred(pay(LowQualitySecond, MsgLowSecond, "marker face=low on secondImage, or scenario")),
		free(ParameterError, MsgEmpty, "firstImage or secondImage missing or empty"),
		inferred(free(ImageInvalidFormat, MsgImageFormat, "an image that is not PNG or JPEG")),
		inferred(free(ImageInvalidSize, MsgImageSize, "an image of 2 MiB or more, or a side outside 256..4096 px")),
	}, glossary(true)...)
}

// faceBox is a detected face in pixels of its image.
type faceBox struct {
	ID     string  `json:"id"`
	Left   float64 `json:"left"`
	Top    float64 `json:"top"`
	Right  float64 `json:"right"`
	Bottom float64 `json:"bottom"`
}

// similarityData is face comparison v2/v3's and the hand-held ID check's
// data (docs/vendors/advance.md#b1-6).
type similarityData struct {
	Similarity float64 `json:"similarity"`
}

type faceData struct {
	Similarity float64 `json:"similarity"`
	FirstFace  faceBox `json:"firstFace"`
	SecondFace faceBox `json:"secondFace"`
}

// boxOf places the largest face (the one compared, docs/vendors/advance.md#s2-5) inside the image:
// about a quarter of its width, in the upper middle, deterministic per image.
func boxOf(seed int64, img emulate.Image) faceBox {
	w, h := float64(img.Info.Width), float64(img.Info.Height)
	r := emulate.Rand(seed, "advance face", img.Info.Digest)
	side := math.Round(min(w, h) * (0.2 + 0.15*r.Float64()))
	left := math.Round((w - side) * (0.35 + 0.3*r.Float64()))
	top := math.Round((h - side*1.25) * (0.2 + 0.3*r.Float64()))
	return faceBox{ID: "1", Left: left, Top: max(top, 0), Right: left + side, Bottom: max(top, 0) + math.Round(side*1.25)}
}

func (v *Vendor) faceCompare(c *emulate.Call) emulate.Response {
	imgs, err := upload(c, "firstImage", "secondImage")
	if err != nil {
		return c.Fail(ClientError, MsgBadRequest)
	}
	first, second := imgs[0], imgs[1]
	data := func() any {
		s := emulate.FaceScore(c.Deps.Seed, first, second)
		if c.Endpoint.OperationID != opFace {
			return similarityData{Similarity: s} // v2 and v3 (docs/vendors/advance.md#b1-6)
		}
		return faceData{Similarity: s, FirstFace: boxOf(c.Deps.Seed, first), SecondFace: boxOf(c.Deps.Seed, second)}
	}
	f, _ := emulate.PersonFacts(c, first, second)
	if o := c.Decide(f); o != nil {
		return v.respond(c, o.Code, o.Message, data)
	}
	// Parameter problems of either image first (free), then what the face
	// detector finds in the first and the second (charged).
	if p := imageVerdict(c.Endpoint.OperationID, first, second); p.code != "" {
		return c.Fail(p.code, p.msg)
	}
	switch {
	case imageProblem(first, photoFormats) == corrupt:
		return c.Fail(NoFaceFirst, MsgNoFaceFirst)
	case imageProblem(second, photoFormats) == corrupt:
		return c.Fail(NoFaceSecond, MsgNoFaceSecond)
	case strings.EqualFold(emulate.Marker("face", first), "low"):
		return c.Fail(LowQualityFirst, MsgLowFirst)
	case strings.EqualFold(emulate.Marker("face", second), "low"):
		return c.Fail(LowQualitySecond, MsgLowSecond)
	}
	return v.respond(c, Success, MsgOK, data)
}

// forgeryAnswers is the Indonesia ID-forgery row of docs/vendors/advance.md#s2-5 plus the glossary;
// a disabled account gets this table's own ACCOUNT_DISABLED.
func forgeryAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		pay(Success, MsgOK, "a readable PNG/JPEG KTP: pass, or fail with the reason a marker forgery=<reason> names"),
		inferred(pay(NoSupportedCard, MsgNoSupported, "a PNG/JPEG whose header does not decode")),
		inferred(pay(TooManyCards, MsgTooManyCards, "marker scenario=TOO_MANY_CARDS, or scenario")),
		free(ParameterError, MsgEmpty, "cardImage missing or empty"),
		free(ParameterError, MsgForgeryFormat, "cardImage bytes that are not PNG or JPEG (TIFF included)"),
		free(ParameterError, MsgForgerySize, "cardImage of 2 MiB or more, or a side outside 256..4096 px"),
		free(ParameterError, MsgForgeryDocType, "marker doctype=<anything but ktp>"),
		free(ParameterError, MsgTimestamp, "scenario only (the token endpoint's text; docs/vendors/advance.md#s2-5 lists it here)"),
		free(ParameterError, MsgSignature, "scenario only (the token endpoint's text; docs/vendors/advance.md#s2-5 lists it here)"),
		free(AccountDisabled, MsgAccountDisabled, "the credential is disabled"),
	}, glossary(false)...)
}

// forgeryReasons are the documented fail reasons, each with the short
// marker spellings a test may use instead of the text.
var forgeryReasons = []struct {
	text  string
	slugs []string
}{
	{"Retake/Screenshot", []string{"retake", "screenshot"}},
	{"Colorful photocopied/Cut off corner", []string{"colorful", "photocopy", "cut"}},
	{"Black and white photocopied", []string{"bw", "blackwhite"}},
	{"Pasted face", []string{"pasted"}},
	{"Modified NIK", []string{"nik", "modified"}},
	{"Poor Quality", []string{"quality", "poor"}},
	{"Scanned", []string{"scanned", "scan"}},
}

// forgeryReason is the documented reason a marker value names, "" if none.
func forgeryReason(m string) string {
	m = strings.TrimSpace(m)
	for _, r := range forgeryReasons {
		if strings.EqualFold(m, r.text) {
			return r.text
		}
		for _, s := range r.slugs {
			if strings.EqualFold(m, s) {
				return r.text
			}
		}
	}
	return ""
}

type forgeryData struct {
	Result string  `json:"result"`
	Detail *string `json:"detail"`
}

func (v *Vendor) idForgery(c *emulate.Call) emulate.Response {
	imgs, err := upload(c, "cardImage")
	if err != nil {
		return c.Fail(ClientError, MsgBadRequest)
	}
	img := imgs[0]
	f, _ := emulate.PersonFacts(c, img)
	data := func() any {
		if r := forgeryReason(emulate.Marker("forgery", img)); r != "" {
			return forgeryData{Result: "fail", Detail: &r}
		}
		return forgeryData{Result: "pass"}
	}
	if o := c.Decide(f); o != nil {
		return v.respond(c, o.Code, o.Message, data)
	}
	if p := imageVerdict(opForgery, img); p.code != "" {
		return c.Fail(p.code, p.msg)
	}
	if d := emulate.Marker("doctype", img); d != "" && !strings.EqualFold(d, "ktp") {
		return c.Fail(ParameterError, MsgForgeryDocType)
	}
	return v.respond(c, Success, MsgOK, data)
}

// identityAnswers: no doc page; SUCCESS pay and the glossary otherwise
// (docs/vendors/advance.md#ad-15), with the glossary's PARAMETER_ERROR for bad input.
func identityAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		pay(Success, MsgOK, "a 16-digit idNumber and a name: the region of the person the NIK belongs to"),
		free(ParameterError, MsgEmpty, "idNumber or name missing or empty"),
		inferred(free(ParameterError, MsgInvalidNIK, "idNumber that is not 16 digits")),
		inferred(free(PersonNotFound, MsgPersonNotFound, "a 16-digit idNumber naming no real district or an impossible birth date (settings.person_not_found, on by default; docs/vendors/advance.md#bs-1), or scenario")),
	}, glossary(true)...)
}

// identityData is what the public Go client reads (docs/vendors/advance.md#s2-5).
type identityData struct {
	IDNumber string `json:"idNumber"`
	Name     string `json:"name"`
	Province string `json:"province"`
	City     string `json:"city"`
	District string `json:"district"`
	Village  string `json:"village"`
}

func (v *Vendor) identityCheck(c *emulate.Call) emulate.Response {
	raw, err := c.JSONObject()
	if err != nil {
		return c.Fail(ClientError, MsgBadRequest)
	}
	nik, name := strings.TrimSpace(scalarText(raw["idNumber"])), strings.TrimSpace(scalarText(raw["name"]))
	c.Field("idNumber", nik)
	c.Field("name", name)
	f := c.Facts()
	f.NIK = nik
	data := func() any {
		p, _ := c.Deps.People.PersonByNIK(nik) // checked to be 16 digits
		return identityData{IDNumber: nik, Name: p.Name, Province: p.Province, City: p.City, District: p.District, Village: p.Village}
	}
	if p, err := c.Deps.People.PersonByNIK(nik); err != nil || p.RegionFallback || p.DateFallback {
		// A forced SUCCESS still needs a person: the NIK's digest picks one.
		data = func() any {
			p := c.Deps.People.PersonFor(nik)
			return identityData{IDNumber: nik, Name: p.Name, Province: p.Province, City: p.City, District: p.District, Village: p.Village}
		}
	}
	if o := c.Decide(f); o != nil {
		return v.respond(c, o.Code, o.Message, data)
	}
	switch {
	case nik == "" || name == "":
		return c.Fail(ParameterError, MsgEmpty)
	case !identity.IsNIKFormat(nik):
		return c.Fail(ParameterError, MsgInvalidNIK)
	case v.settings.PersonNotFound && !registered(c, nik):
		return c.Fail(PersonNotFound, MsgPersonNotFound)
	}
	return v.respond(c, Success, MsgOK, data)
}

// registered: a 16-digit NIK is a registry record when it names a real
// district and a possible birth date; any other has no person, only the
// stand-in every endpoint derives from it (docs/vendors/advance.md#bs-1).
func registered(c *emulate.Call, nik string) bool {
	p, err := c.Deps.People.PersonByNIK(nik)
	return err == nil && !p.RegionFallback && !p.DateFallback
}

// idCheckAnswers is the hand-held ID check (docs/vendors/advance.md#b1-6): the face
// comparison's codes for its one image, idHoldingImage, which stands first.
func idCheckAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		pay(Success, MsgOK, "a readable PNG/JPEG selfie holding the KTP: the similarity of the face and the card's photo (80-99.9; marker similarity=<0..100>)"),
		inferred(pay(NoFaceFirst, MsgNoFaceFirst, "idHoldingImage a PNG/JPEG whose header does not decode")),
		inferred(pay(LowQualityFirst, MsgLowFirst, "marker face=low, or scenario")),
		free(ParameterError, MsgEmpty, "idHoldingImage missing or empty"),
		inferred(free(ImageInvalidFormat, MsgImageFormat, "an image that is not PNG or JPEG")),
		inferred(free(ImageInvalidSize, MsgImageSize, "an image of 2 MiB or more, or a side outside 256..4096 px")),
	}, glossary(true)...)
}

func (v *Vendor) idCheck(c *emulate.Call) emulate.Response {
	imgs, err := upload(c, "idHoldingImage")
	if err != nil {
		return c.Fail(ClientError, MsgBadRequest)
	}
	img := imgs[0]
	// The selfie and the card's photo are one image: FaceScore of it alone.
	data := func() any { return similarityData{Similarity: emulate.FaceScore(c.Deps.Seed, img)} }
	f, _ := emulate.PersonFacts(c, img)
	if o := c.Decide(f); o != nil {
		return v.respond(c, o.Code, o.Message, data)
	}
	if p := imageVerdict(opIDCheck, img); p.code != "" {
		return c.Fail(p.code, p.msg)
	}
	if strings.EqualFold(emulate.Marker("face", img), "low") {
		return c.Fail(LowQualityFirst, MsgLowFirst)
	}
	return v.respond(c, Success, MsgOK, data)
}
