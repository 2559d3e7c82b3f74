package accuauth

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

// selfieLimit is "no larger than 50 KB" of the id_selfie page, counted in
// decoded bytes, 1 KB = 1024 (docs/vendors/accuauth.md#ac-7).
const selfieLimit = 50 << 10

func selfieResults() []emulate.Answer {
	return []emulate.Answer{
		charged(Result01, remarks[Result01], "a NIK of a known district, a readable face_image (and ktp_image) scoring at least face_threshold, and name / birth_date, when sent, the person's"),
		charged(Result02, remarks[Result02], "as 01 but a face under face_threshold (marker similarity=<0..100>, or marker nik= of another person), or a name / birth_date that differs"),
		result(Result03, "scenario only (the id_name page's \"not sure\"; id_selfie says not found)"),
		result(Result04, "scenario only"),
		result(Result05, "16 digits that are no valid NIK (unknown district or impossible birth date)"),
		result(Result06, "scenario only"),
		result(Result07, "scenario only"),
		result(Result08, "a face_image or ktp_image JPEG/PNG whose header does not decode; or marker scenario=OK/08"),
	}
}

// selfieResult is id_selfie's result object (docs/vendors/accuauth.md#s3-4), keys in the docs' order.
type selfieResult struct {
	OrderNo        string  `json:"order_no"`
	HandleTime     string  `json:"handle_time"`
	Result         string  `json:"result"`
	Remark         string  `json:"remark"`
	IDNumber       string  `json:"id_number"`
	FacePercent    bool    `json:"face_percent"`
	KTPFacePercent bool    `json:"ktp_face_percent"`
	FaceScore      float64 `json:"face_score"`
	KTPFaceScore   float64 `json:"ktp_face_score"`
	Name           bool    `json:"name"`
	BirthDate      bool    `json:"birth_date"`
}

// selfieImage checks one base64 image field: its INVALID_ARGUMENT reason,
// or noFace for a recognised image that does not decode (result 08).
func selfieImage(img emulate.Image, b64, format, size string) (reason string, noFace bool) {
	switch {
	case img.Err != nil:
		return b64, false
	case img.Info.Size > selfieLimit:
		return size, false
	}
	switch imagecheck.Check(img.Info, imagecheck.Limits{Formats: []imagecheck.Format{imagecheck.JPEG, imagecheck.PNG}}) {
	case imagecheck.OK:
		return "", false
	case imagecheck.Corrupt:
		return "", true
	default:
		return format, false
	}
}

// faceScore is the 0–100 score of a face against the NIK's photo: high by
// default, the marker similarity= when given, low when the image's marker
// nik= names another person.
func faceScore(seed int64, img emulate.Image, nik string) float64 {
	if emulate.Marker("similarity", img) == "" {
		if m := emulate.Marker("nik", img); m != "" && m != nik {
			r := emulate.Rand(seed, "accuauth-face", img.Info.Digest, nik)
			return math.Round((5+r.Float64()*35)*1000) / 1000
		}
	}
	return emulate.FaceScore(seed, img)
}

func (v *Vendor) idSelfie(c *emulate.Call) emulate.Response {
	p, ok := params(c)
	if !ok {
		return v.Invalid(c, nil)
	}
	s, reason := readNIK(c, p)
	name, birth := strings.TrimSpace(p["name"]), strings.TrimSpace(p["birth_date"])
	for _, k := range []string{"name", "birth_date", "email", "phone_number", "face_threshold"} {
		if p[k] != "" {
			c.Field(k, p[k])
		}
	}
	face := c.Base64Image("face_image", p["face_image"])
	ktp := c.Base64Image("ktp_image", p["ktp_image"])
	noFace := false
	check := func(r string, nf bool) {
		if reason == "" {
			reason, noFace = r, noFace || nf
		}
	}
	if reason == "" && !face.Present {
		reason = msgNeedFace
	}
	check(selfieImage(face, msgFaceBase64, msgFaceFormat, msgFaceSize))
	if ktp.Present {
		check(selfieImage(ktp, msgKTPBase64, msgKTPFormat, msgKTPSize))
	}
	if _, err := time.Parse("2006-01-02", birth); reason == "" && birth != "" && err != nil {
		reason = msgBirthDate
	}
	threshold := v.settings.FaceThreshold
	if t := strings.TrimSpace(p["face_threshold"]); t != "" {
		// A bad value is the request's reason and is not used: a forced
		// 01 writes the threshold into the scores, and NaN, ±Inf or 150
		// there is not a spec-valid body (NaN is not even JSON).
		switch f, err := strconv.ParseFloat(t, 64); {
		case err != nil || f < 0 || f > 100 || math.IsNaN(f):
			if reason == "" {
				reason = msgThreshold
			}
		default:
			threshold = f
		}
	}

	var r selfieResult
	r.IDNumber = s.nik
	r.FaceScore = faceScore(c.Deps.Seed, face, s.nik)
	r.FacePercent = r.FaceScore >= threshold
	if ktp.Present {
		r.KTPFaceScore = faceScore(c.Deps.Seed, ktp, s.nik)
		r.KTPFacePercent = r.KTPFaceScore >= threshold
	}
	r.Name = name != "" && emulate.NameSimilarity(name, s.person.Name) >= v.settings.NameMatchThreshold
	r.BirthDate = birth != "" && birth == s.person.BirthDate.Format("2006-01-02")
	match := r.FacePercent && (!ktp.Present || r.KTPFacePercent) && (name == "" || r.Name) && (birth == "" || r.BirthDate)

	body := func(a emulate.Answer) any {
		out := r
		switch a.Code {
		case Result01: // forced or natural: every comparison made agrees
			out.FacePercent, out.FaceScore = true, math.Max(out.FaceScore, threshold)
			if ktp.Present {
				out.KTPFacePercent, out.KTPFaceScore = true, math.Max(out.KTPFaceScore, threshold)
			}
			out.Name, out.BirthDate = name != "", birth != ""
		case Result02:
			if match { // forced: the face is what differs
				out.FacePercent, out.FaceScore = false, math.Round(threshold*500)/1000
			}
		default: // no comparison was made
			out.FacePercent, out.KTPFacePercent, out.FaceScore, out.KTPFaceScore, out.Name, out.BirthDate = false, false, 0, 0, false, false
		}
		out.OrderNo, out.HandleTime, out.Result, out.Remark = orderNo(c), handleTime(c), strings.TrimPrefix(a.Code, "OK/"), a.Message
		return verifyBody{Status: OK, Result: out, RequestID: requestID(c)}
	}
	imgs := []emulate.Image{face}
	if ktp.Present {
		imgs = append(imgs, ktp)
	}
	if resp := v.common(c, s.nik, imgs, p, reason, body); resp != nil {
		return *resp
	}
	code := Result02
	switch {
	case noFace:
		code = Result08
	case !s.known:
		code = Result05
	case match:
		code = Result01
	}
	a := c.Endpoint.MustAnswer(code)
	return emulate.JSON(a, body(a))
}

// maxRepeats bounds the repeat counter's memory: past it the window starts
// over early, which can only make ABNORMAL_BEHAVIOURS_DETECTED rarer.
const maxRepeats = 100_000

// repeats counts identical verify calls per window of the mock clock (docs/vendors/accuauth.md#ac-5),
// each workspace in windows of its own clock.
type repeats struct {
	mu sync.Mutex
	ws map[string]*repeatWindow // workspace → its window
}

type repeatWindow struct {
	window int64
	n      map[digest]int
}

func newRepeats() *repeats { return &repeats{ws: map[string]*repeatWindow{}} }

func (r *repeats) clear() {
	r.mu.Lock()
	r.ws = map[string]*repeatWindow{}
	r.mu.Unlock()
}

// forget drops workspace ws's counts (its reset).
func (r *repeats) forget(ws string) {
	r.mu.Lock()
	delete(r.ws, ws)
	r.mu.Unlock()
}

// seen counts this call and returns how many times its parameters have been
// sent in the current window, this call included.
func (r *repeats) seen(c *emulate.Call, p map[string]string, window time.Duration) int {
	w := c.Now.UnixNano() / int64(window)
	k := repeatKey(c, p)
	r.mu.Lock()
	defer r.mu.Unlock()
	rw := r.ws[c.Workspace()]
	if rw == nil {
		rw = &repeatWindow{n: map[digest]int{}}
		r.ws[c.Workspace()] = rw
	}
	if w != rw.window || len(rw.n) >= maxRepeats {
		rw.window, rw.n = w, map[digest]int{}
	}
	rw.n[k]++
	return rw.n[k]
}
