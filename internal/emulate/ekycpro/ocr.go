package ekycpro

import (
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

// limit2M is the "2M" of the docs: the length of the base64 text as
// received, 1M = 1,048,576 (VENDORS.md IZ-8; the liveness page says "less
// than 2M after base64 encoding").
const limit2M = 2 << 20

// ocrFormats are "jpeg/jpg/png/bmp" of the docs.
var ocrFormats = []imagecheck.Format{imagecheck.JPEG, imagecheck.PNG, imagecheck.BMP}

// imageProblem applies the image endpoints' checks in the order of
// VENDORS.md IZ-6/IZ-9 and names the failing code ("" when the image is
// fine). Endpoints differ only in what an unreadable image (corrupt) and an
// image of another format (badFormat) are called.
func imageProblem(img emulate.Image, corrupt, badFormat string) string {
	switch {
	case !img.Present || img.Err != nil && img.Text <= limit2M:
		return InvalidRequest
	case img.Text > limit2M:
		return ImageInvalidSize
	}
	switch imagecheck.Check(img.Info, imagecheck.Limits{Formats: ocrFormats}) {
	case imagecheck.OK:
		return ""
	case imagecheck.Corrupt:
		return corrupt
	default:
		return badFormat
	}
}

// ocrProblem: a recognised image that does not decode is a recognition
// failure (FAIL, charged); another format is IMAGE_INVALID_FORMAT.
func ocrProblem(img emulate.Image) string { return imageProblem(img, FAIL, ImageInvalidFormat) }

// subjectPerson is the person an image stands for: the marker's NIK when the
// test image names one, else the person the image digest picks. The same
// image gives the same person on every endpoint and every vendor.
func subjectPerson(c *emulate.Call, imgs ...emulate.Image) identity.Person {
	if nik := emulate.Marker("nik", imgs...); identity.IsNIKFormat(nik) {
		p, _ := c.Deps.People.PersonByNIK(nik) // a 16-digit NIK always yields a person
		return p
	}
	for _, img := range imgs {
		if img.Info.Digest != "" {
			return c.Deps.People.PersonFor(img.Info.Digest)
		}
	}
	return c.Deps.People.PersonFor("")
}

// imageCall is the start every single-image endpoint shares: read the field,
// gather facts, ask the scenario rules.
func (v *Vendor) imageCall(c *emulate.Call) (emulate.Image, *identity.Person, *forcedCode) {
	img := c.Base64Image("img", c.FormValue("img"))
	f := c.Facts(img)
	var p *identity.Person
	if img.Info.Digest != "" || emulate.Marker("nik", img) != "" {
		person := subjectPerson(c, img)
		p = &person
		f.NIK = person.NIK
	}
	if o := c.Decide(f); o != nil {
		return img, p, &forcedCode{code: o.Code, message: o.Message}
	}
	return img, p, nil
}

type forcedCode struct{ code, message string }

// ktp is the KTP OCR message in the docs' key order.
type ktp struct {
	Name          string `json:"name"`
	ID            string `json:"id"`
	POB           string `json:"pob"`
	DOB           string `json:"dob"`
	Gender        string `json:"gender"`
	Address       string `json:"address"`
	RT            string `json:"rt"`
	RW            string `json:"rw"`
	Village       string `json:"village"`
	District      string `json:"district"`
	Religion      string `json:"religion"`
	MaritalStatus string `json:"marital_status"`
	Work          string `json:"work"`
	Nationnality  string `json:"nationnality"`
	City          string `json:"city"`
	Province      string `json:"province"`
}

func ktpOf(p identity.Person) ktp {
	return ktp{
		Name: p.Name, ID: p.NIK, POB: p.BirthPlace, DOB: p.BirthDate.Format("02-01-2006"), Gender: p.Gender,
		Address: p.Address, RT: p.RT, RW: p.RW, Village: p.Village, District: p.District,
		Religion: p.Religion, MaritalStatus: p.MaritalStatus, Work: p.Occupation, Nationnality: p.Nationality,
		City: p.City, Province: p.Province,
	}
}

func (v *Vendor) idOCR(c *emulate.Call) emulate.Response {
	img, p, forced := v.imageCall(c)
	body := func() any {
		if p == nil {
			person := subjectPerson(c, img)
			p = &person
		}
		return ktpOf(*p)
	}
	if forced != nil {
		return v.forced(c, forced.code, forced.message, body)
	}
	if code := ocrProblem(img); code != "" {
		return v.answer(c, c.Endpoint.MustAnswer(code), nil)
	}
	return v.answer(c, c.Endpoint.MustAnswer(OK), body())
}

// Anti-fake thresholds of the seed doc: "yes" above them ("reference
// values, adjust in actual use").
const (
	psYes     = 80
	blurYes   = 30
	printYes  = 70
	replayYes = 60
)

type antiFakeBody struct {
	Blur struct {
		IsBlur string `json:"isBlur"`
		Score  int    `json:"score"`
	} `json:"blur"`
	Ps struct {
		IsPs  string `json:"isPs"`
		Score int    `json:"score"`
	} `json:"ps"`
	Print struct {
		IsPrint string `json:"isPrint"`
		Score   int    `json:"score"`
	} `json:"print"`
	ReplayAttack struct {
		IsReplayAttack string `json:"isReplayAttack"`
		Score          int    `json:"score"`
	} `json:"replayAttack"`
}

// antiFakeScores draws each score on its side of the threshold: below it
// for a clean card, above it for what the marker `antifake=blur,ps,print,replay`
// says the test image is. Verdicts always agree with scores.
func (v *Vendor) antiFakeScores(c *emulate.Call, img emulate.Image) antiFakeBody {
	flags := map[string]bool{}
	for _, f := range strings.Split(emulate.Marker("antifake", img), ",") {
		flags[strings.TrimSpace(strings.ToLower(f))] = true
	}
	r := emulate.Rand(c.Deps.Seed, "antifake", img.Info.Digest)
	score := func(flag string, threshold int) (string, int) {
		if flags[flag] {
			return "yes", threshold + 1 + r.IntN(100-threshold)
		}
		return "no", r.IntN(threshold/2 + 1)
	}
	var b antiFakeBody
	b.Blur.IsBlur, b.Blur.Score = score("blur", blurYes)
	b.Ps.IsPs, b.Ps.Score = score("ps", psYes)
	b.Print.IsPrint, b.Print.Score = score("print", printYes)
	b.ReplayAttack.IsReplayAttack, b.ReplayAttack.Score = score("replay", replayYes)
	return b
}

func (v *Vendor) antiFake(c *emulate.Call) emulate.Response {
	img, _, forced := v.imageCall(c)
	body := func() any { return v.antiFakeScores(c, img) }
	if forced != nil {
		return v.forced(c, forced.code, forced.message, body)
	}
	if code := ocrProblem(img); code != "" {
		return v.answer(c, c.Endpoint.MustAnswer(code), nil)
	}
	return v.answer(c, c.Endpoint.MustAnswer(OK), body())
}

// livenessReasons are the documented reasons of the detail answer (the
// "age dissatisfaction" example included).
var livenessReasons = []string{"success", "eyes closed", "no liveness face", "face incomplete", "face dark",
	"face blur", "no face detected", "multiple faces", "age dissatisfaction"}

type liveScore struct {
	LiveScore int `json:"live_score"`
}

type liveDetail struct {
	IsLiveness bool   `json:"is_liveness"`
	LiveScore  int    `json:"live_score"`
	Reason     string `json:"reason"`
}

func (v *Vendor) pictureLive(c *emulate.Call) emulate.Response {
	// Fields first: scenario rules may match on them.
	country := strings.ToUpper(strings.TrimSpace(c.FormValue("country")))
	detail := c.FormValue("detail") == "1"
	c.Field("country", country)
	c.Field("detail", c.FormValue("detail"))
	img, _, forced := v.imageCall(c)
	body := func() any {
		// Every non-success example has live_score 0 (VENDORS.md IZ-19).
		reason := "success"
		if m := strings.ToLower(emulate.Marker("liveness", img)); m != "" {
			for _, r := range livenessReasons {
				if r == m {
					reason = r
				}
			}
		}
		score := 0
		if reason == "success" {
			score = 90 + emulate.Rand(c.Deps.Seed, "live", img.Info.Digest).IntN(11)
		}
		if detail {
			return liveDetail{IsLiveness: reason == "success", LiveScore: score, Reason: reason}
		}
		return liveScore{LiveScore: score}
	}
	if forced != nil {
		return v.forced(c, forced.code, forced.message, body)
	}
	switch country {
	case "", "ID", "MX", "IN", "TH":
	default:
		return v.answer(c, c.Endpoint.MustAnswer(InvalidRequest), nil)
	}
	if code := ocrProblem(img); code != "" {
		return v.answer(c, c.Endpoint.MustAnswer(code), nil)
	}
	return v.answer(c, c.Endpoint.MustAnswer(OK), body())
}
