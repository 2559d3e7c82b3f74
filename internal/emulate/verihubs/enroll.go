package verihubs

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

// Face enrolment and search (docs/vendors/verihubs.md#b3-5, #vh-16): a
// subject is a face enrolled under a subject_id, kept per App-ID; a search
// finds the enrolled subjects who are the person of its image.
const (
	opEnroll, opEnrollDelete, opSearch = "faceEnroll", "faceEnrollDelete", "faceSearch"

	MissingSubjectID      = "MISSING_PAYLOAD_SUBJECT_ID"
	InvalidSubjectID      = "INVALID_PAYLOAD_SUBJECT_ID"
	SubjectIDMissing      = "INVALID_PAYLOAD_SUBJECT_ID_MISSING"
	InvalidThreshold      = "INVALID_PAYLOAD_THRESHOLD"
	InvalidLimit          = "INVALID_PAYLOAD_LIMIT"
	InsufficientQuotaEnr  = "INSUFFICIENT_QUOTA_ENROLL"
	InsufficientQuotaSrch = "INSUFFICIENT_QUOTA_SEARCH"
	InsufficientQuotaLive = "INSUFFICIENT_QUOTA_LIVENESS"

	searchThreshold = 82.0 // the docs' default
	searchLimit     = 1
	searchMaxLimit  = 10
)

// quotaCodes are the products' own 403 codes (docs/vendors/verihubs.md#b3-5).
var quotaCodes = map[string]string{opEnroll: InsufficientQuotaEnr, opSearch: InsufficientQuotaSrch, opNPWP: OCRQuota,
	"faceLiveness": InsufficientQuotaLive}

// productAccess is access() with the product's own quota code, or none for
// an endpoint that never charges.
func productAccess(quota string) []emulate.Answer {
	var out []emulate.Answer
	for _, a := range access() {
		if a.Code == InsufficientQuota {
			if quota == "" {
				continue
			}
			a.Code, a.Inferred = quota, quota == InsufficientQuotaSrch // _ENROLL and _LIVENESS are documented
		}
		out = append(out, a)
	}
	return out
}

// faceProductAnswers: a pass, FAIL_ON_1…15 and the single-image 400s.
func faceProductAnswers(billing, what string) []emulate.Answer {
	out := []emulate.Answer{answer(FaceOK, http.StatusOK, msgFaceSuccess, true, billing, what, true)}
	for n := 1; n <= 15; n++ {
		code, msg := failOn(n)
		out = append(out, answer(code, http.StatusOK, msg, true, billing,
			"validate_* true and markers live=false (1), attribute=mask (2), blur=true (4), faces=2 (8)", true))
	}
	return append(out,
		bad(InvalidPayload, "a body that is not a JSON object, an empty object, a field of the wrong type, or two \"\" fields"),
		bad(MissingImage, "no image field"),
		bad(ImageMissing, "empty, or neither base64 nor an http(s) URL"),
		bad(ImageSize, "over 5 MB"),
		bad(ImageFormat, "not JPEG/PNG, undecodable, or a URL unreachable or not an image"),
		bad(ImageTimeout, "a URL slower than settings.image_url.timeout"),
		bad(FaceNotDetected, "marker faces=0"),
		bad(QualityDependency, "validate_quality true with is_quality false"),
		bad(AttributeDependency, "validate_attribute true with is_attribute false"),
		bad(LivenessDependency, "validate_liveness true with is_liveness false"))
}

func enrollAnswers() []emulate.Answer {
	out := faceProductAnswers("Face enrolment", "a readable face passing every validation asked for: enrolled under subject_id (an existing one is replaced), a new UUID when absent")
	out = append(out,
		bad(InvalidSubjectID, "subject_id not 1–64 letters, digits and . _ : -"),
		bad(SubjectIDMissing, "subject_id \"\""))
	return append(out, productAccess(InsufficientQuotaEnr)...)
}

func searchAnswers() []emulate.Answer {
	out := faceProductAnswers("Face search", "a readable face passing every validation asked for: data.matches are the App-ID's subjects of the image's person whose similarity reaches threshold, best first, at most limit")
	out = append(out,
		bad(InvalidThreshold, "threshold not a number 0–100"),
		bad(InvalidLimit, "limit not a whole number 1–10"))
	return append(out, productAccess(InsufficientQuotaSrch)...)
}

func enrollDeleteAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		answer(FaceOK, http.StatusOK, msgFaceSuccess, false, "free", "subject_id of a subject this App-ID enrolled: it is forgotten", true),
		bad(MissingSubjectID, "no subject_id query parameter"),
		bad(InvalidSubjectID, "subject_id not 1–64 letters, digits and . _ : -"),
		bad(SubjectIDMissing, "a subject_id this App-ID has not enrolled (or deleted)"),
	}, productAccess("")...)
}

// subject is one enrolled face.
type subject struct {
	id     string
	nik    string          // the person the face is
	info   imagecheck.Info // digest and markers, for the similarity
	image  []byte          // for return_image
	placed time.Time
}

// faceStore keeps the subjects per App-ID, bounded per App-ID and in
// total by count and weight (the oldest enrolment goes first), cleared by
// admin reset.
type faceStore struct {
	mu sync.Mutex
	f  *fifo[string, *subject]
}

func newFaceStore(lim bounds) *faceStore {
	return &faceStore{f: newFIFO[string, *subject](lim, (*subject).weight)}
}

// subjectOverhead is what an enrolment holds beside its image and marker:
// the struct, its id and digest, the maps' and lists' entries (measured:
// about 0.5 KB).
const subjectOverhead = 512

// weight is what max_face_bytes counts: the image kept for return_image,
// its marker's text and the subject's own overhead, so that the bound is
// on the memory enrolments hold.
func (s *subject) weight() int {
	w := len(s.image) + len(s.id) + len(s.nik) + subjectOverhead
	for k, v := range s.info.Marker {
		w += len(k) + len(v)
	}
	return w
}

func (s *faceStore) clear() {
	s.mu.Lock()
	s.f.clear()
	s.mu.Unlock()
}

// forget drops the enrolled faces of the apps of (a workspace's reset).
func (s *faceStore) forget(of func(app string) bool) {
	s.mu.Lock()
	s.f.forget(of)
	s.mu.Unlock()
}

// put enrols sub as the app's newest subject (an existing id is replaced).
func (s *faceStore) put(app string, sub *subject) {
	s.mu.Lock()
	s.f.renew(app, sub.id, sub)
	s.mu.Unlock()
}

func (s *faceStore) remove(app, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.f.remove(app, id)
}

// all is a snapshot of the app's subjects, oldest first.
func (s *faceStore) all(app string) []subject {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]subject, 0, s.f.len(app))
	s.f.each(app, func(_ string, sub *subject) { out = append(out, *sub) })
	return out
}

type enrollBody struct {
	Message   string     `json:"message"`
	ErrorCode string     `json:"error_code,omitempty"`
	Data      enrollData `json:"data"`
}

type enrollData struct {
	ReferenceID string    `json:"reference_id"`
	SubjectID   string    `json:"subject_id,omitempty"`
	Image       *faceInfo `json:"image"`
	Matches     *[]match  `json:"matches,omitempty"`
}

type match struct {
	SubjectID        string  `json:"subject_id"`
	SimilarityScore  float64 `json:"similarity_score"`
	SimilarityStatus bool    `json:"similarity_status"`
	Image            string  `json:"image,omitempty"`
}

type deleteBody struct {
	Message   string     `json:"message"`
	Timestamp string     `json:"timestamp"`
	Data      deleteData `json:"data"`
}

type deleteData struct {
	SubjectID string `json:"subject_id"`
}

// searchReq is what a search adds to a face request.
type searchReq struct {
	limit       int
	threshold   float64
	returnImage bool
}

// readEnrollFace reads the face fields, then liveness's dependency (enroll
// and search report liveness by default), then the product's own fields.
func readEnrollFace(c *emulate.Call) (faceReq, emulate.Object, string) {
	r, code := readFace(c, false)
	o, _ := c.JSONObject()
	if code == "" && on(r.ValidateLiveness, false) && !on(r.IsLiveness, true) {
		code = LivenessDependency
	}
	return r, o, code
}

// readSearch reads limit, threshold and return_image.
func readSearch(c *emulate.Call, o emulate.Object) (searchReq, string) {
	s := searchReq{limit: searchLimit, threshold: searchThreshold}
	if v, ok := o.Get("threshold"); ok {
		t, isNum := number(v)
		if !isNum || t < 0 || t > 100 {
			return s, InvalidThreshold
		}
		s.threshold = t
	}
	if v, ok := o.Get("limit"); ok {
		n, isNum := number(v)
		if !isNum || n != float64(int(n)) || n < 1 || n > searchMaxLimit {
			return s, InvalidLimit
		}
		s.limit = int(n)
	}
	if b, err := o.Bool("return_image"); err != nil {
		return s, InvalidPayload
	} else if b != nil {
		s.returnImage = *b
	}
	return s, ""
}

// face runs the checks enroll and search share: the image read, FAIL_ON_n
// of the validations asked for. code is the first problem, else the
// natural answer.
func (v *Vendor) enrollFace(c *emulate.Call, r faceReq, code string) (emulate.Image, faceInfo, string) {
	img := emulate.Image{Field: "image"}
	if code == "" {
		var problem string
		img, problem = v.load(c, "image", *r.Image, false)
		code = problem
	}
	info, bits := inspectFace(c.Deps.Seed, img, r, on(r.IsLiveness, true))
	if code != "" {
		return img, info, code
	}
	if info.FaceCount == 0 {
		return img, info, FaceNotDetected
	}
	if bits == 0 {
		return img, info, FaceOK
	}
	fc, _ := failOn(bits)
	return img, info, fc
}

func (v *Vendor) faceEnroll(c *emulate.Call) emulate.Response {
	r, o, code := readEnrollFace(c)
	id := ""
	if code == "" {
		s, err := o.String("subject_id")
		switch {
		case err != nil:
			code = InvalidPayload
		case s == nil:
		case *s == "":
			code = SubjectIDMissing
		case !validReferenceID(*s):
			code = InvalidSubjectID
		default:
			id = *s
			c.Field("subject_id", id)
		}
	}
	img, info, natural := v.enrollFace(c, r, code)
	render := func(a emulate.Answer) emulate.Response {
		if id == "" {
			id = c.IDs().UUID()
		}
		infos := facesAgree([]faceInfo{info}, a.Code, r, true) // the image report carries liveness, as compare's
		b := enrollBody{Message: a.Message, Data: enrollData{ReferenceID: c.IDs().UUID(), SubjectID: id, Image: &infos[0]}}
		if a.Code != FaceOK {
			b.ErrorCode = a.Code
		} else {
			v.faces.put(c.Credential, &subject{id: id, nik: emulate.SubjectPerson(c, img).NIK, info: img.Info, image: img.Bytes, placed: c.Now})
		}
		return v.charged(c, emulate.JSON(a, b))
	}
	f, _ := emulate.PersonFacts(c, img)
	if o := c.Decide(f); o != nil {
		return c.Respond(o.Code, o.Message, render)
	}
	if natural != FaceOK && !strings.HasPrefix(natural, failOnPrefix) { // a 400
		return c.Fail(natural, "")
	}
	return render(c.Endpoint.MustAnswer(natural))
}

// similarity of a search image to an enrolled subject: the same person is
// 85–99.9, above the default threshold, so a search finds every enrolment
// of the person; another person 5–40; a similarity= marker on either image
// sets it (docs/vendors/verihubs.md#vh-16).
func similarity(c *emulate.Call, img emulate.Image, nik string, sub subject) float64 {
	stored := emulate.Image{Info: sub.info}
	if s := emulate.Marker("similarity", img, stored); s != "" {
		return emulate.FaceScore(c.Deps.Seed, img, stored)
	}
	r := emulate.Rand(c.Deps.Seed, "verihubs-search", img.Info.Digest, sub.id, sub.info.Digest)
	if nik == sub.nik {
		return round6(85 + r.Float64()*14.9)
	}
	return round6(5 + r.Float64()*35)
}

func (v *Vendor) faceSearch(c *emulate.Call) emulate.Response {
	r, o, code := readEnrollFace(c)
	var s searchReq
	if code == "" {
		s, code = readSearch(c, o)
	}
	img, info, natural := v.enrollFace(c, r, code)
	nik := emulate.SubjectPerson(c, img).NIK
	render := func(a emulate.Answer) emulate.Response {
		infos := facesAgree([]faceInfo{info}, a.Code, r, true) // the image report carries liveness, as compare's
		b := enrollBody{Message: a.Message, Data: enrollData{ReferenceID: c.IDs().UUID(), Image: &infos[0]}}
		if a.Code != FaceOK {
			b.ErrorCode = a.Code
			return v.charged(c, emulate.JSON(a, b))
		}
		ms := []match{}
		images := map[string][]byte{} // subject → image, encoded only for the matches kept
		for _, sub := range v.faces.all(c.Credential) {
			if score := similarity(c, img, nik, sub); score >= s.threshold {
				ms = append(ms, match{SubjectID: sub.id, SimilarityScore: score, SimilarityStatus: score >= emulate.FaceMatchFrom})
				images[sub.id] = sub.image
			}
		}
		slices.SortStableFunc(ms, func(x, y match) int {
			switch {
			case x.SimilarityScore > y.SimilarityScore:
				return -1
			case x.SimilarityScore < y.SimilarityScore:
				return 1
			}
			return strings.Compare(x.SubjectID, y.SubjectID)
		})
		if len(ms) > s.limit {
			ms = ms[:s.limit]
		}
		if s.returnImage {
			for i := range ms {
				ms[i].Image = base64.StdEncoding.EncodeToString(images[ms[i].SubjectID])
			}
		}
		b.Data.Matches = &ms
		return v.charged(c, emulate.JSON(a, b))
	}
	f, _ := emulate.PersonFacts(c, img)
	if o := c.Decide(f); o != nil {
		if s.limit == 0 {
			s = searchReq{limit: searchLimit, threshold: searchThreshold}
		}
		return c.Respond(o.Code, o.Message, render)
	}
	if natural != FaceOK && !strings.HasPrefix(natural, failOnPrefix) { // a 400
		return c.Fail(natural, "")
	}
	return render(c.Endpoint.MustAnswer(natural))
}

func (v *Vendor) faceEnrollDelete(c *emulate.Call) emulate.Response {
	q := c.Req.URL.Query()
	id, present := q.Get("subject_id"), q.Has("subject_id")
	c.Field("subject_id", id)
	code := ""
	switch {
	case !present:
		code = MissingSubjectID
	case !validReferenceID(id):
		code = InvalidSubjectID
	}
	render := func(a emulate.Answer) emulate.Response {
		return emulate.JSON(a, deleteBody{Message: a.Message, Timestamp: c.Now.UTC().Format(time.RFC3339), Data: deleteData{SubjectID: id}})
	}
	if o := c.Decide(c.Facts()); o != nil {
		if o.Code == FaceOK && code == "" {
			v.faces.remove(c.Credential, id)
		}
		return c.Respond(o.Code, o.Message, render)
	}
	if code != "" {
		return c.Fail(code, "")
	}
	if !v.faces.remove(c.Credential, id) {
		return c.Fail(SubjectIDMissing, "")
	}
	return render(c.Endpoint.MustAnswer(FaceOK))
}

// number is a JSON number member (json.Number as the body is decoded).
func number(v any) (float64, bool) {
	n, ok := v.(interface{ Float64() (float64, error) })
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}

// charged: a sandbox app is never charged (its results are the docs'
// dummies, docs/vendors/verihubs.md#s4-1).
func (v *Vendor) charged(c *emulate.Call, r emulate.Response) emulate.Response {
	r.Charged = r.Charged && v.mode(c) != ModeSandbox
	return r
}
