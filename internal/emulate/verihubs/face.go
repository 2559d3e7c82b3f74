package verihubs

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// Face codes (docs/vendors/verihubs.md#s4-3).
const (
	FaceOK              = "OK" // the catalogue's name for a face pass: the body has no error_code
	FaceNotDetected     = "FACE_NOT_DETECTED"
	FailOnSimilarity    = "FAIL_ON_16"
	failOnPrefix        = "FAIL_ON_"
	AttributeDependency = "INVALID_PAYLOAD_ATTRIBUTE_VALIDATION_DEPENDENCY"
	LivenessDependency  = "INVALID_PAYLOAD_LIVENESS_VALIDATION_DEPENDENCY"
	msgFaceSuccess      = "Request Success" // the enroll success text [code], the only face wording known
)

// FAIL_ON_n bits as tabulated on the face search reference (docs/vendors/verihubs.md#s4-3); 16, a
// similarity below the match threshold, is inferred.
const (
	bitLiveness   = 1
	bitAttribute  = 2
	bitQuality    = 4
	bitNFace      = 8
	bitSimilarity = 16
)

// failOn names the failed checks of a FAIL_ON_n code.
func failOn(n int) (code, msg string) {
	var parts []string
	for _, b := range []struct {
		bit  int
		name string
	}{{bitLiveness, "liveness"}, {bitAttribute, "attribute"}, {bitQuality, "quality"}, {bitNFace, "number of faces"}, {bitSimilarity, "similarity"}} {
		if n&b.bit != 0 {
			parts = append(parts, b.name)
		}
	}
	return failOnPrefix + strconv.Itoa(n), "Fail on " + strings.Join(parts, ", ")
}

// faceAnswers: suffixes "" (liveness) or "_1", "_2" (compare) name the image.
func faceAnswers(compare bool) []emulate.Answer {
	out := []emulate.Answer{answer(FaceOK, http.StatusOK, msgFaceSuccess, true, "charge", "readable face images that pass every validation asked for; a sandbox app always (never charged)", true)}
	fails := []int{2, 4, 6, 8, 10, 12, 14}
	if compare {
		fails = nil
		for n := 1; n <= 16; n++ {
			fails = append(fails, n)
		}
	}
	for _, n := range fails {
		code, msg := failOn(n)
		out = append(out, answer(code, http.StatusOK, msg, true, "charge",
			"validate_* true and markers live=false (1), attribute=mask (2), blur=true (4), faces=2 (8); 16: similarity below 65 (markers similarity= or different nik=)", true))
	}
	out = append(out, bad(InvalidPayload, "a body that is not a JSON object, an empty object, a field of the wrong type, or two \"\" fields"))
	images := []string{""}
	if compare {
		images = []string{"1", "2"}
	}
	for _, n := range images {
		out = append(out,
			bad(numbered(MissingImage, n), "no "+strings.TrimSpace("image "+n)+" field"),
			bad(numbered(ImageMissing, n), "empty, or neither base64 nor an http(s) URL"),
			bad(numbered(ImageSize, n), "over 5 MB"),
			bad(numbered(ImageFormat, n), "not JPEG/PNG, undecodable, or a URL unreachable or not an image"),
			bad(numbered(ImageTimeout, n), "a URL slower than settings.image_url.timeout"))
	}
	out = append(out,
		bad(FaceNotDetected, "marker faces=0"),
		bad(QualityDependency, "validate_quality true with is_quality false"),
		bad(AttributeDependency, "validate_attribute true with is_attribute false"))
	if compare {
		out = append(out, bad(LivenessDependency, "validate_liveness true with is_liveness false"))
	}
	if !compare {
		// Liveness's own quota code (docs/vendors/verihubs.md#b3-5).
		return append(out, productAccess(InsufficientQuotaLive)...)
	}
	return append(out, access()...)
}

// faceReq: the is_* flags default to true, validate_* to false (docs/vendors/verihubs.md#s4-3).
type faceReq struct {
	Image             *string
	Image1            *string
	Image2            *string
	IsQuality         *bool
	IsAttribute       *bool
	IsLiveness        *bool
	ValidateQuality   *bool
	ValidateAttribute *bool
	ValidateLiveness  *bool
}

func on(b *bool, def bool) bool {
	if b == nil {
		return def
	}
	return *b
}

// faceInfo is what the mock reports of one face image (inferred shape).
type faceInfo struct {
	FaceCount    int         `json:"face_count"`
	Liveness     *livenessOf `json:"liveness,omitempty"`
	Attributes   *attributes `json:"attributes,omitempty"`
	ImageQuality *quality    `json:"image_quality,omitempty"`
}

type livenessOf struct {
	Status      bool    `json:"status"`
	Probability float64 `json:"probability"`
}

type attributes struct {
	Mask       bool `json:"mask"`
	Sunglasses bool `json:"sunglasses"`
	Hat        bool `json:"hat"`
}

type faceBody struct {
	Message   string   `json:"message"`
	ErrorCode string   `json:"error_code,omitempty"`
	Data      faceData `json:"data"`
}

type faceData struct {
	ReferenceID      string    `json:"reference_id"`
	SimilarityStatus *bool     `json:"similarity_status,omitempty"`
	SimilarityScore  *float64  `json:"similarity_score,omitempty"`
	Image            *faceInfo `json:"image,omitempty"`
	Image1           *faceInfo `json:"image_1,omitempty"`
	Image2           *faceInfo `json:"image_2,omitempty"`
}

// inspectFace reads the markers: faces=N, live=false, attribute=mask,hat,…
func inspectFace(seed int64, img emulate.Image, r faceReq, liveness bool) (faceInfo, int) {
	f := faceInfo{FaceCount: 1}
	if n, err := strconv.Atoi(emulate.Marker("faces", img)); err == nil && n >= 0 {
		f.FaceCount = n
	}
	bits := 0
	if f.FaceCount > 1 {
		bits |= bitNFace
	}
	if liveness {
		live := !strings.EqualFold(emulate.Marker("live", img), "false")
		p := 0.9 + emulate.Rand(seed, "verihubs-live", img.Info.Digest).Float64()*0.099
		if !live {
			p -= 0.8
		}
		f.Liveness = &livenessOf{Status: live, Probability: round6(p)}
		if !live && on(r.ValidateLiveness, false) {
			bits |= bitLiveness
		}
	}
	if on(r.IsAttribute, true) {
		a := emulate.Marker("attribute", img)
		f.Attributes = &attributes{Mask: strings.Contains(a, "mask"), Sunglasses: strings.Contains(a, "sunglasses"), Hat: strings.Contains(a, "hat")}
		if (f.Attributes.Mask || f.Attributes.Sunglasses || f.Attributes.Hat) && on(r.ValidateAttribute, false) {
			bits |= bitAttribute
		}
	}
	if on(r.IsQuality, true) {
		q := qualityOf(seed, img)
		f.ImageQuality = &q
		if q.fails() && on(r.ValidateQuality, false) {
			bits |= bitQuality
		}
	}
	return f, bits
}

// readFace decodes the body: INVALID_PAYLOAD as readPayload, then the
// missing images, then each validate_* without its is_*.
func readFace(c *emulate.Call, compare bool) (faceReq, string) {
	var r faceReq
	o, err := c.JSONObject()
	if err != nil || len(o) == 0 || o.EmptyStrings() > 1 {
		return r, InvalidPayload
	}
	f := fields{o: o}
	r = faceReq{Image: f.str("image"), Image1: f.str("image_1"), Image2: f.str("image_2"),
		IsQuality: f.boolean("is_quality"), IsAttribute: f.boolean("is_attribute"), IsLiveness: f.boolean("is_liveness"),
		ValidateQuality: f.boolean("validate_quality"), ValidateAttribute: f.boolean("validate_attribute"), ValidateLiveness: f.boolean("validate_liveness")}
	if f.err != nil {
		return r, InvalidPayload
	}
	switch {
	case compare && r.Image1 == nil:
		return r, numbered(MissingImage, "1")
	case compare && r.Image2 == nil:
		return r, numbered(MissingImage, "2")
	case !compare && r.Image == nil:
		return r, MissingImage
	case on(r.ValidateQuality, false) && !on(r.IsQuality, true):
		return r, QualityDependency
	case on(r.ValidateAttribute, false) && !on(r.IsAttribute, true):
		return r, AttributeDependency
	case compare && on(r.ValidateLiveness, false) && !on(r.IsLiveness, true):
		return r, LivenessDependency
	}
	return r, ""
}

// numbered turns an image code into the compare endpoint's form for image
// n (docs/vendors/verihubs.md#s4-3): MISSING_PAYLOAD_IMAGE_<n>, INVALID_PAYLOAD_IMAGE_<n>_….
func numbered(code, n string) string {
	switch {
	case n == "":
		return code
	case code == MissingImage:
		return code + "_" + n
	}
	return strings.Replace(code, imagePrefix, imagePrefix+n+"_", 1)
}

func (v *Vendor) face(c *emulate.Call, compare bool) emulate.Response {
	r, code := readFace(c, compare)
	fields := []struct {
		name, n string
		text    *string
	}{{"image", "", r.Image}}
	if compare {
		fields = []struct {
			name, n string
			text    *string
		}{{"image_1", "1", r.Image1}, {"image_2", "2", r.Image2}}
	}
	// docs/vendors/verihubs.md#s4-1: a Sandbox App-ID gets dummy results: the images are not
	// inspected, the answer is a pass (as ID Forgery's docs/vendors/verihubs.md#vh-6), never charged.
	sandbox := v.mode(c) == ModeSandbox
	var imgs []emulate.Image
	for _, f := range fields {
		if code != "" {
			break
		}
		if sandbox {
			if strings.TrimSpace(*f.text) == "" {
				code = numbered(ImageMissing, f.n)
			}
			continue
		}
		img, problem := v.load(c, f.name, *f.text, false)
		imgs = append(imgs, img)
		if problem != "" {
			code = numbered(problem, f.n)
		}
	}
	// What the images show, worked out once for the answer and its body;
	// an image the checks never reached (a forced answer) is read as empty.
	liveness := !compare || on(r.IsLiveness, true)
	infos, bits := make([]faceInfo, len(fields)), make([]int, len(fields))
	for i, f := range fields {
		img := emulate.Image{Field: f.name}
		if i < len(imgs) {
			img = imgs[i]
		}
		infos[i], bits[i] = inspectFace(c.Deps.Seed, img, r, liveness)
	}
	var sim float64
	if compare {
		sim = emulate.FaceScore(c.Deps.Seed, imgs...)
	}
	render := func(a emulate.Answer) emulate.Response {
		b := faceBody{Message: a.Message, Data: faceData{ReferenceID: c.IDs().UUID()}}
		if a.Code != FaceOK {
			b.ErrorCode = a.Code
		}
		infos := facesAgree(infos, a.Code, r, compare)
		if compare {
			s := sim
			// A forced code gets a similarity that agrees with it.
			status := s >= emulate.FaceMatchFrom
			switch {
			case a.Code == FailOnSimilarity && status:
				s, status = round6(s-50), false
			case a.Code == FaceOK && !status:
				s, status = round6(emulate.FaceMatchFrom+s/3), true
			}
			b.Data.SimilarityStatus, b.Data.SimilarityScore = &status, &s
			b.Data.Image1, b.Data.Image2 = &infos[0], &infos[1]
		} else {
			b.Data.Image = &infos[0]
		}
		r := emulate.JSON(a, b)
		r.Charged = r.Charged && !sandbox
		return r
	}
	f, _ := emulate.PersonFacts(c, imgs...)
	if o := c.Decide(f); o != nil {
		return c.Respond(o.Code, o.Message, render)
	}
	if code != "" {
		return c.Fail(code, "")
	}
	if sandbox {
		return render(c.Endpoint.MustAnswer(FaceOK))
	}
	failed := 0
	for i, info := range infos {
		if info.FaceCount == 0 {
			return c.Fail(FaceNotDetected, "")
		}
		b := bits[i]
		if !compare {
			b &^= bitLiveness // the liveness result is the answer, not a validation
		}
		failed |= b
	}
	if compare && failed == 0 && sim < emulate.FaceMatchFrom {
		failed = bitSimilarity
	}
	if failed == 0 {
		return render(c.Endpoint.MustAnswer(FaceOK))
	}
	fc, _ := failOn(failed)
	return render(c.Endpoint.MustAnswer(fc))
}

// facesAgree gives a 200 answer image reports that agree with its code.
// Natural answers already agree, since their code is read off these
// reports; a forced one may stand on images that show otherwise, or on
// none read at all. For each FAIL_ON_n bit:
//   - number of faces: a face in every image, and more than one in one of
//     them exactly when the bit is set;
//   - liveness (compare only: liveness's own result is its answer),
//     attribute, quality: when the bit is set, one image fails that check
//     (the last, unless one already does), if the request asked for that
//     report (is_*: a report switched off stays off); when it is not and
//     the request validates the check, no image fails it.
func facesAgree(infos []faceInfo, code string, r faceReq, compare bool) []faceInfo {
	out := make([]faceInfo, len(infos))
	for i, f := range infos { // own copies: the reports are shared with the natural answer
		out[i] = faceInfo{FaceCount: f.FaceCount, Liveness: clone(f.Liveness), Attributes: clone(f.Attributes), ImageQuality: clone(f.ImageQuality)}
	}
	n, _ := strconv.Atoi(strings.TrimPrefix(code, failOnPrefix))
	many := false
	for i := range out {
		switch {
		case out[i].FaceCount == 0, out[i].FaceCount > 1 && n&bitNFace == 0:
			out[i].FaceCount = 1
		}
		many = many || out[i].FaceCount > 1
	}
	if n&bitNFace != 0 && !many {
		out[len(out)-1].FaceCount = 2
	}
	last := &out[len(out)-1]
	if compare {
		agree(out, n&bitLiveness != 0, on(r.ValidateLiveness, false),
			func(f *faceInfo) bool { return f.Liveness != nil && !f.Liveness.Status },
			func(f *faceInfo) {
				if f.Liveness != nil {
					f.Liveness.Status, f.Liveness.Probability = true, round6(min(0.999, f.Liveness.Probability+0.8))
				}
			})
		if n&bitLiveness != 0 && on(r.IsLiveness, true) && !slices.ContainsFunc(out, func(f faceInfo) bool { return f.Liveness != nil && !f.Liveness.Status }) {
			p := 0.9
			if last.Liveness != nil {
				p = last.Liveness.Probability
			}
			last.Liveness = &livenessOf{Status: false, Probability: round6(max(0, p-0.8))}
		}
	}
	agree(out, n&bitAttribute != 0, on(r.ValidateAttribute, false),
		func(f *faceInfo) bool { return f.Attributes != nil && *f.Attributes != (attributes{}) },
		func(f *faceInfo) { f.Attributes = &attributes{} })
	if n&bitAttribute != 0 && on(r.IsAttribute, true) && !slices.ContainsFunc(out, func(f faceInfo) bool { return f.Attributes != nil && *f.Attributes != (attributes{}) }) {
		last.Attributes = &attributes{Mask: true}
	}
	agree(out, n&bitQuality != 0, on(r.ValidateQuality, false),
		func(f *faceInfo) bool { return f.ImageQuality != nil && f.ImageQuality.fails() },
		func(f *faceInfo) {
			q := f.ImageQuality
			q.Flashlight, q.Grayscale = false, false
			if q.Blur {
				q.Blur, q.BlurScore = false, round6(q.BlurScore*blurFrom/100*0.9)
			}
			if q.Dark {
				q.Dark, q.DarkScore = false, round6(q.DarkScore*darkFrom/100*0.9)
			}
		})
	if n&bitQuality != 0 && on(r.IsQuality, true) && !slices.ContainsFunc(out, func(f faceInfo) bool { return f.ImageQuality != nil && f.ImageQuality.fails() }) {
		q := quality{}
		if last.ImageQuality != nil {
			q = *last.ImageQuality
		}
		q.Blur, q.BlurScore = true, round6(blurFrom+q.BlurScore*(100-blurFrom)/100)
		last.ImageQuality = &q
	}
	return out
}

// agree clears a check's failure from every image (pass) when the code
// does not claim it and the request validates it.
func agree(out []faceInfo, claimed, validated bool, fails func(*faceInfo) bool, pass func(*faceInfo)) {
	if claimed || !validated {
		return
	}
	for i := range out {
		if fails(&out[i]) {
			pass(&out[i])
		}
	}
}

// clone is a copy of *p, nil for nil.
func clone[T any](p *T) *T {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

func (v *Vendor) faceCompare(c *emulate.Call) emulate.Response  { return v.face(c, true) }
func (v *Vendor) faceLiveness(c *emulate.Call) emulate.Response { return v.face(c, false) }
