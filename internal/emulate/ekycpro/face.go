package ekycpro

import (
	"math"
	"strconv"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// Face comparison bands of docs.ekycpro.com/face-comparison: SAME PERSON
// from 65, NOT SURE from 45, NOT SAME PERSON below. idholding documents only
// SAME / NOT SAME; it cuts at 65 (VENDORS.md IZ-20).
const (
	sameFrom    = 65.0
	notSureFrom = 45.0
)

type similarity struct {
	Similarity float64 `json:"similarity"`
	Result     string  `json:"result"`
}

func faceResult(s float64, withNotSure bool) string {
	switch {
	case s >= sameFrom:
		return "SAME PERSON"
	case withNotSure && s >= notSureFrom:
		return "NOT SURE"
	default:
		return "NOT SAME PERSON"
	}
}

// faceProblem: facecompare and idholding have no IMAGE_INVALID_FORMAT, so
// bytes that are no image are bad parameters, and an image whose header
// does not decode is the charged "no face" RETRY_LATER (see doc.go).
func faceProblem(img emulate.Image) string { return imageProblem(img, RetryLater, InvalidRequest) }

// faceSimilarity is deterministic per image pair. A test image can say what
// it wants: `similarity=<0..100>` in a marker sets the score; two images
// whose markers name different NIKs are different people; otherwise the
// faces match (the happy path most integration tests want).
func faceSimilarity(c *emulate.Call, imgs ...emulate.Image) float64 {
	if s := emulate.Marker("similarity", imgs...); s != "" {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 0 && f <= 100 {
			return f
		}
	}
	parts := []string{"face"}
	for _, img := range imgs {
		parts = append(parts, img.Info.Digest)
	}
	r := emulate.Rand(c.Deps.Seed, parts...)
	lo, span := 80.0, 19.9
	if len(imgs) == 2 {
		a, b := emulate.Marker("nik", imgs[0]), emulate.Marker("nik", imgs[1])
		if a != "" && b != "" && a != b {
			lo, span = 5, 35
		}
	}
	return math.Round((lo+r.Float64()*span)*1000) / 1000
}

func (v *Vendor) faceCompare(c *emulate.Call) emulate.Response {
	img1 := c.Base64Image("img1", c.FormValue("img1"))
	img2 := c.Base64Image("img2", c.FormValue("img2"))
	f := c.Facts(img1, img2)
	body := func() any {
		s := faceSimilarity(c, img1, img2)
		return similarity{Similarity: s, Result: faceResult(s, true)}
	}
	if o := c.Decide(f); o != nil {
		return v.forced(c, o.Code, o.Message, body)
	}
	for _, img := range []emulate.Image{img1, img2} {
		if code := faceProblem(img); code != "" {
			return v.answer(c, c.Endpoint.MustAnswer(code), nil)
		}
	}
	return v.answer(c, c.Endpoint.MustAnswer(OK), body())
}

func (v *Vendor) idHolding(c *emulate.Call) emulate.Response {
	img, _, forced := v.imageCall(c)
	body := func() any {
		s := faceSimilarity(c, img)
		return similarity{Similarity: s, Result: faceResult(s, false)}
	}
	if forced != nil {
		return v.forced(c, forced.code, forced.message, body)
	}
	if code := faceProblem(img); code != "" {
		return v.answer(c, c.Endpoint.MustAnswer(code), nil)
	}
	return v.answer(c, c.Endpoint.MustAnswer(OK), body())
}
