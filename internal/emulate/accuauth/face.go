package accuauth

import (
	"encoding/base64"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

// The face endpoints of the Indonesia host (docs/vendors/accuauth.md#b4-1..#b4-3).

// imageRules are the INVALID_ARGUMENT and DETECTION_FAILED answers of an
// image checked against faceLimits.
func imageRules(trigger string) []emulate.Answer {
	return []emulate.Answer{
		answer(DetectionFailed, http.StatusBadRequest, msgDetection, "a JPEG/PNG whose header does not decode"+trigger+"; or marker scenario=DETECTION_FAILED", false),
		invalid(msgImageEmpty, "a file part of zero bytes"),
		invalid(msgFaceImgFormat, "bytes that are not JPEG or PNG (PDF, GIF, BMP, WebP, text…)"),
		invalid(msgImageSize, "an image over 5 MB (5,242,880 bytes decoded)"),
		invalid(msgImageSmall, "a JPEG/PNG narrower or lower than 128 px"),
		invalid(msgImageBig, "a JPEG/PNG wider or higher than 6000 px"),
	}
}

func faceVerifyAnswers() []emulate.Answer {
	return append(append([]emulate.Answer{
		charged(OK, "", "two readable JPEG/PNG faces: score 0..1 (emulate.FaceScore / 100: the same person unless markers say otherwise, similarity=<0..100> or two different nik=), identical when score ≥ settings.identical_threshold (0.7)"),
		invalid(msgMustImage1, "neither `file_1` nor `image_base64_1`"),
		invalid(msgMustImage2, "neither `file_2` nor `image_base64_2`"),
		invalid(msgBothImage1, "both `file_1` and `image_base64_1`"),
		invalid(msgBothImage2, "both `file_2` and `image_base64_2`"),
		invalid(msgImage1Base64, "`image_base64_1` that is not base64"),
		invalid(msgImage2Base64, "`image_base64_2` that is not base64"),
		invalid(msgCompareMode, "`compare_mode` other than 0, 1 or 2"),
	}, imageRules("")...), access()...)
}

// faceVerifyBody is the India host's real answer, keys in its order
// (docs/vendors/accuauth.md#b4-1).
type faceVerifyBody struct {
	Status    string  `json:"status"`
	Identical bool    `json:"identical"`
	Score     float64 `json:"score"`
	RequestID string  `json:"request_id"`
	ImageID1  string  `json:"image_id_1"`
	ImageID2  string  `json:"image_id_2"`
}

// intFlag reads an optional int parameter of the given values ("" is def).
func intFlag(s string, def int, allowed ...int) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, true
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return def, false
	}
	for _, a := range allowed {
		if n == a {
			return n, true
		}
	}
	return def, false
}

func (v *Vendor) faceVerify(c *emulate.Call) emulate.Response {
	f, ok := readFields(c)
	if !ok {
		return v.Invalid(c, nil)
	}
	in1, in2 := pick(c, f, faceSlot1), pick(c, f, faceSlot2)
	reason := in1.reason
	if reason == "" {
		reason = in2.reason
	}
	mode := f.vals["compare_mode"]
	if _, ok := intFlag(mode, 0, 0, 1, 2); reason == "" && !ok {
		reason = msgCompareMode
	}
	if mode != "" {
		c.Field("compare_mode", mode)
	}
	score := math.Round(emulate.FaceScore(c.Deps.Seed, in1.img, in2.img)*1000) / 100_000
	body := func(emulate.Answer) any {
		b := faceVerifyBody{Status: OK, Identical: score >= v.settings.IdenticalThreshold, Score: score, RequestID: requestID(c),
			ImageID1: c.IDs().Hex(32), ImageID2: c.IDs().Hex(32)}
		v.images.put(c.Credential, b.ImageID1, in1.img)
		v.images.put(c.Credential, b.ImageID2, in2.img)
		return b
	}
	facts, _ := emulate.PersonFacts(c, in1.img, in2.img)
	if o := c.Decide(facts); o != nil {
		return c.Respond(o.Code, o.Message, emulate.JSONBody(body))
	}
	if reason != "" {
		return c.Fail(InvalidArgument, reason)
	}
	for _, img := range []emulate.Image{in1.img, in2.img} {
		if code, r := imageProblem(img, faceLimits, msgFaceImgFormat); code != "" {
			return c.Fail(code, r)
		}
	}
	a := c.Endpoint.MustAnswer(OK)
	return emulate.JSON(a, body(a))
}

// hackBody is the anti-hack answer, keys in the docs' table order
// (docs/vendors/accuauth.md#b4-2).
type hackBody struct {
	RequestID   string     `json:"request_id"`
	Status      string     `json:"status"`
	Score       float64    `json:"score"`
	ImageBase64 string     `json:"image_base64,omitempty"`
	Extra       *hackExtra `json:"extra,omitempty"`
}

// hackExtra is `extra`: the documented keys up to image_too_small
// (docs/vendors/accuauth.md#bs-14).
type hackExtra struct {
	MaskProba     float64 `json:"mask_proba"`
	QualityScore  float64 `json:"quality_score"`
	QualityTooLow bool    `json:"quality_too_low"`
	BlurOrDark    bool    `json:"blur_or_dark"`
	HasNoFace     bool    `json:"has_no_face"`
	FaceTooSmall  bool    `json:"face_too_small"`
	ImageTooSmall bool    `json:"image_too_small"`
}

// hackThreshold is the docs' recommendation: below it, a real person.
const hackThreshold = 0.98

func round6(f float64) float64 { return math.Round(f*1e6) / 1e6 }

func flagMarker(key string, img emulate.Image) bool {
	switch strings.ToLower(emulate.Marker(key, img)) {
	case "true", "yes", "1":
		return true
	}
	return false
}

// hackScore is the probability of an attack, 0..1: marker hack=<0..1>
// sets it, marker live=false (as on Verihubs) makes it an attack
// (0.985..0.9999), otherwise a real person (0.001..0.3), deterministic per
// image.
func hackScore(seed int64, img emulate.Image) float64 {
	if f, err := strconv.ParseFloat(emulate.Marker("hack", img), 64); err == nil && f >= 0 && f <= 1 {
		return f
	}
	r := emulate.Rand(seed, "accuauth-hack", img.Info.Digest)
	if strings.EqualFold(emulate.Marker("live", img), "false") {
		return round6(0.985 + 0.0149*r.Float64())
	}
	return round6(0.001 + 0.299*r.Float64())
}

// extraOf is `extra` for img: marker attribute=mask raises mask_proba over
// its 0.5 threshold, blur=yes or dark=yes lowers quality_score under its
// 0.5 threshold; a picture under 128 px a side is too small, and so is its
// face (marker face=small for the face alone).
func extraOf(seed int64, img emulate.Image) *hackExtra {
	r := emulate.Rand(seed, "accuauth-extra", img.Info.Digest)
	e := hackExtra{MaskProba: round6(0.1 * r.Float64()), QualityScore: round6(0.6 + 0.39*r.Float64())}
	if strings.Contains(strings.ToLower(emulate.Marker("attribute", img)), "mask") {
		e.MaskProba = round6(0.85 + 0.14*r.Float64())
	}
	if flagMarker("blur", img) || flagMarker("dark", img) {
		e.BlurOrDark, e.QualityScore = true, round6(0.1+0.3*r.Float64())
	}
	e.QualityTooLow = e.QualityScore < 0.5
	w, h := img.Info.Width, img.Info.Height
	e.ImageTooSmall = w > 0 && h > 0 && min(w, h) < 128
	e.FaceTooSmall = e.ImageTooSmall || strings.EqualFold(emulate.Marker("face", img), "small")
	return &e
}

// noFace: the picture's marker says it shows no face (faces=0).
func noFace(img emulate.Image) bool { return strings.TrimSpace(emulate.Marker("faces", img)) == "0" }

func antiHackAnswers() []emulate.Answer {
	return append(append([]emulate.Answer{
		charged(OK, "", "one readable JPEG/PNG in `file` (multipart) or `image_base64`: score, the probability of an attack (< 0.98 a real person; marker live=false an attack, hack=<0..1> sets it); `extra` with return_extra=1"),
		invalid(msgMustSpecifyImg, "neither `file` nor `image_base64` (or both empty)"),
		invalid(msgBothImages, "both `file` and `image_base64`"),
		invalid(msgImageBase64, "`image_base64` that is not base64"),
		invalid(msgReturnExtra, "`return_extra` other than 0 or 1"),
	}, imageRules(", or carries marker faces=0")...), access()...)
}

func (v *Vendor) antiHack(c *emulate.Call) emulate.Response {
	f, ok := readFields(c)
	if !ok {
		return v.Invalid(c, nil)
	}
	in := pick(c, f, ocrSlot)
	extra, okExtra := intFlag(f.vals["return_extra"], 0, 0, 1)
	if in.reason == "" && !okExtra {
		in.reason = msgReturnExtra
	}
	body := func(emulate.Answer) any {
		b := hackBody{RequestID: requestID(c), Status: OK, Score: hackScore(c.Deps.Seed, in.img)}
		if extra == 1 {
			b.Extra = extraOf(c.Deps.Seed, in.img)
		}
		return b
	}
	facts, _ := emulate.PersonFacts(c, in.img)
	if o := c.Decide(facts); o != nil {
		return c.Respond(o.Code, o.Message, emulate.JSONBody(body))
	}
	if in.reason != "" {
		return c.Fail(InvalidArgument, in.reason)
	}
	if code, r := imageProblem(in.img, faceLimits, msgFaceImgFormat); code != "" {
		return c.Fail(code, r)
	}
	if noFace(in.img) {
		return c.Fail(DetectionFailed, msgDetection)
	}
	a := c.Endpoint.MustAnswer(OK)
	return emulate.JSON(a, body(a))
}

// sdk marks an answer whose code the official SDKs map but whose HTTP
// status and reason are guesses (docs/vendors/accuauth.md#b4-2).
func sdk(code string, status int, msg, trigger string) emulate.Answer {
	return answer(code, status, msg, trigger, true)
}

func livenessAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		charged(OK, "", "a `liveness_data_file` (multipart) of SDK data, or an `image_id` /face/v2/verify gave this key: score, the probability of an attack, from the data's first JPEG/PNG frame (markers as /face/anti_hack) or, for data the mock cannot read, its digest; image_base64 with return_image=1, extra with return_extra=1"),
		sdk(WrongLivenessData, http.StatusBadRequest, msgWrongLiveness, "a `liveness_data_file` that is a picture (JPEG, PNG, PDF, GIF, …) rather than SDK data"),
		sdk(NoFaceDetected, http.StatusBadRequest, msgNoFace, "SDK data whose first frame does not decode or carries marker faces=0"),
		sdk(DetectionFailed, http.StatusBadRequest, msgDetection, "marker scenario=DETECTION_FAILED on a frame; or scenario"),
		sdk(DownloadError, http.StatusBadRequest, msgDownload, "`liveness_data_url` without a file: the mock downloads nothing"),
		sdk(RPCTimeout, http.StatusInternalServerError, msgRPCTimeout, "scenario only"),
		invalid(msgMustLiveness, "neither `liveness_data_file` nor `image_id` (nor `liveness_data_url`)"),
		invalid(msgBothLiveness, "both `liveness_data_file` and `image_id`"),
		invalid(msgLivenessEmpty, "a `liveness_data_file` part of zero bytes"),
		invalid(msgImageIDUnknown, "an `image_id` /face/v2/verify did not give this key (or given before a reset, or evicted)"),
		invalid(msgReturnImage, "`return_image` other than 0 or 1"),
		invalid(msgReturnExtra, "`return_extra` other than 0 or 1"),
	}, access()...)
}

// placeholder is the picture image_base64 returns for SDK data the mock
// cannot read (a real, encrypted SDK file): a plain 240×320 JPEG.
var placeholder = sync.OnceValue(func() []byte {
	b, _ := imagecheck.MakeFixture(imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 240, Height: 320})
	return b // a valid spec: never an error
})

func (v *Vendor) livenessAntiHack(c *emulate.Call) emulate.Response {
	f, ok := readFields(c)
	if !ok {
		return v.Invalid(c, nil)
	}
	data, hasData := f.files["liveness_data_file"]
	id := strings.TrimSpace(f.vals["image_id"])
	if id != "" {
		c.Field("image_id", id)
	}
	retImage, okImage := intFlag(f.vals["return_image"], 0, 0, 1)
	retExtra, okExtra := intFlag(f.vals["return_extra"], 0, 0, 1)

	var face emulate.Image
	reason, code := "", ""
	switch {
	case hasData && id != "":
		reason = msgBothLiveness
	case !hasData && id == "" && strings.TrimSpace(f.vals["liveness_data_url"]) != "":
		c.Field("liveness_data_url", f.vals["liveness_data_url"])
		code = DownloadError
	case !hasData && id == "":
		reason = msgMustLiveness
	case len(data) == 0 && id == "":
		reason = msgLivenessEmpty
	case hasData:
		if imagecheck.Inspect(data).Format != imagecheck.Unknown {
			code = WrongLivenessData
			break
		}
		if frames, _ := sdkImages(data); len(frames) > 0 {
			face = c.FileImage("liveness_data_file", frames[0])
			if imagecheck.Check(face.Info, imagecheck.Limits{}) == imagecheck.Corrupt || noFace(face) {
				code = NoFaceDetected
			}
		} else {
			// A real SDK file: judged by its digest, no picture to show.
			face = c.FileImage("liveness_data_file", data)
			face.Bytes = nil
		}
	default:
		img, found := v.images.get(c.Credential, id)
		if !found {
			reason = msgImageIDUnknown
		}
		face = img
	}
	switch {
	case reason != "":
	case !okImage:
		reason = msgReturnImage
	case !okExtra:
		reason = msgReturnExtra
	}
	body := func(emulate.Answer) any {
		b := hackBody{RequestID: requestID(c), Status: OK, Score: hackScore(c.Deps.Seed, face)}
		if retImage == 1 {
			pic := face.Bytes
			if len(pic) == 0 {
				pic = placeholder()
			}
			b.ImageBase64 = base64.StdEncoding.EncodeToString(pic)
		}
		if retExtra == 1 {
			b.Extra = extraOf(c.Deps.Seed, face)
		}
		return b
	}
	facts, _ := emulate.PersonFacts(c, face)
	if o := c.Decide(facts); o != nil {
		return c.Respond(o.Code, o.Message, emulate.JSONBody(body))
	}
	if reason != "" {
		return c.Fail(InvalidArgument, reason)
	}
	if code != "" {
		return c.Fail(code, "")
	}
	a := c.Endpoint.MustAnswer(OK)
	return emulate.JSON(a, body(a))
}
