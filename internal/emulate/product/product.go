// Package product is what iziData and eKYCPro, its clone, both sell: KTP OCR,
// anti-fake, liveness, face comparison, hand-held ID and multi-inquiry
// counters, with the same bodies, thresholds and image rules. The vendors
// differ in auth, paths, limits and a few messages, which stay in their own
// packages; the product logic lives here once.
package product

import (
	"slices"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

// Status codes of the product, as both vendors spell them.
const (
	OK                 = "OK"
	FAIL               = "FAIL"
	InvalidRequest     = "INVALID_REQUEST"
	ImageInvalidFormat = "IMAGE_INVALID_FORMAT"
	ImageInvalidSize   = "IMAGE_INVALID_SIZE"
	RetryLater         = "RETRY_LATER"
	InnerError         = "INNER_ERROR"
	InvalidIDNumber    = "INVALID_ID_NUMBER"
	NotFoundMD5        = "NOT_FOUND_MD5"
	PersonNotFound     = "PERSON_NOT_FOUND"
)

// M is the vendors' "M": 1,048,576 (docs/vendors/izidata.md#iz-8).
const M = 1 << 20

// Formats are "jpeg/jpg/png/bmp" of the docs.
func Formats() []imagecheck.Format {
	return []imagecheck.Format{imagecheck.JPEG, imagecheck.PNG, imagecheck.BMP}
}

// ImageProblem applies the image checks and names the failing code (""
// when the images are fine): presence, size, base64, format, and last the
// reading of the image. docs/vendors/izidata.md#iz-6 puts the fields first and then "image decode /
// format / size" without ordering those three; checking the size first,
// on the base64 text as received (docs/vendors/izidata.md#iz-8), is the mock's choice, so an
// oversized upload is IMAGE_INVALID_SIZE whatever it holds. docs/vendors/izidata.md#iz-9 names
// what fails which check. Endpoints differ only in what an unreadable
// image (corrupt) and an image of another format (badFormat) are called.
// With several images each check runs on every image before the next, so
// the answer does not depend on the order of the fields, and a charged
// verdict on one image never hides a free one on another.
func ImageProblem(limit int, corrupt, badFormat string, imgs ...emulate.Image) string {
	verdicts := make([]imagecheck.Verdict, len(imgs))
	for i, img := range imgs {
		verdicts[i] = imagecheck.Check(img.Info, imagecheck.Limits{Formats: Formats()})
	}
	for _, step := range []struct {
		code string
		bad  func(int) bool
	}{
		{InvalidRequest, func(i int) bool { return !imgs[i].Present }},
		{ImageInvalidSize, func(i int) bool { return imgs[i].Text > limit }},
		{InvalidRequest, func(i int) bool { return imgs[i].Err != nil }},
		{badFormat, func(i int) bool { return verdicts[i] != imagecheck.OK && verdicts[i] != imagecheck.Corrupt }},
		{corrupt, func(i int) bool { return verdicts[i] == imagecheck.Corrupt }},
	} {
		for i := range imgs {
			if step.bad(i) {
				return step.code
			}
		}
	}
	return ""
}

// OCRProblem: a recognised image that does not decode is a recognition
// failure (FAIL, charged); another format is IMAGE_INVALID_FORMAT.
func OCRProblem(img emulate.Image, limit int) string {
	return ImageProblem(limit, FAIL, ImageInvalidFormat, img)
}

// FaceProblem: the face endpoints document no IMAGE_INVALID_FORMAT, so
// bytes that are no image are bad parameters, and an image whose header
// does not decode is the charged "no face" RETRY_LATER.
func FaceProblem(limit int, imgs ...emulate.Image) string {
	return ImageProblem(limit, RetryLater, InvalidRequest, imgs...)
}

// KTP is the KTP OCR message in the docs' key order (iziData and eKYCPro
// examples agree, "nationnality" typo included).
type KTP struct {
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

// KTPOf is what OCR reads off the person's card.
func KTPOf(p identity.Person) KTP {
	return KTP{
		Name: p.Name, ID: p.NIK, POB: p.BirthPlace, DOB: identity.FormatDate(p.BirthDate), Gender: p.Gender,
		Address: p.Address, RT: p.RT, RW: p.RW, Village: p.Village, District: p.District,
		Religion: p.Religion, MaritalStatus: p.MaritalStatus, Work: p.Occupation, Nationnality: p.Nationality,
		City: p.City, Province: p.Province,
	}
}

// Anti-fake thresholds of the iziData doc: "yes" above them ("reference
// values, adjust in actual use").
const (
	PsYes     = 80
	BlurYes   = 30
	PrintYes  = 70
	ReplayYes = 60
)

// AntiFake is the anti-fake message.
type AntiFake struct {
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

// AntiFakeScores draws each score on its side of the threshold: below it
// for a clean card, above it for what the marker `antifake=blur,ps,print,replay`
// says the test image is. Verdicts always agree with scores.
func AntiFakeScores(seed int64, img emulate.Image) AntiFake {
	flags := map[string]bool{}
	for _, f := range strings.Split(emulate.Marker("antifake", img), ",") {
		flags[strings.TrimSpace(strings.ToLower(f))] = true
	}
	r := emulate.Rand(seed, "antifake", img.Info.Digest)
	score := func(flag string, threshold int) (string, int) {
		if flags[flag] {
			return "yes", threshold + 1 + r.IntN(100-threshold)
		}
		return "no", r.IntN(threshold/2 + 1)
	}
	var b AntiFake
	b.Blur.IsBlur, b.Blur.Score = score("blur", BlurYes)
	b.Ps.IsPs, b.Ps.Score = score("ps", PsYes)
	b.Print.IsPrint, b.Print.Score = score("print", PrintYes)
	b.ReplayAttack.IsReplayAttack, b.ReplayAttack.Score = score("replay", ReplayYes)
	return b
}

// LivenessReasons are the documented reasons of the detail answer (the
// "age dissatisfaction" example included).
func LivenessReasons() []string {
	return []string{"success", "eyes closed", "no liveness face", "face incomplete", "face dark",
		"face blur", "no face detected", "multiple faces", "age dissatisfaction"}
}

// LiveScore is the default liveness message.
type LiveScore struct {
	LiveScore int `json:"live_score"`
}

// LiveDetail is the detail=1 liveness message.
type LiveDetail struct {
	IsLiveness bool   `json:"is_liveness"`
	LiveScore  int    `json:"live_score"`
	Reason     string `json:"reason"`
}

// Liveness is live unless the marker `liveness=<reason>` names a documented
// reason; every non-success example has live_score 0 (docs/vendors/izidata.md#iz-19).
func Liveness(seed int64, img emulate.Image, detail bool) any {
	reason := "success"
	if m := strings.ToLower(emulate.Marker("liveness", img)); m != "" {
		for _, r := range LivenessReasons() {
			if r == m {
				reason = r
			}
		}
	}
	score := 0
	if reason == "success" {
		score = 90 + emulate.Rand(seed, "live", img.Info.Digest).IntN(11)
	}
	if detail {
		return LiveDetail{IsLiveness: reason == "success", LiveScore: score, Reason: reason}
	}
	return LiveScore{LiveScore: score}
}

// LivenessCountry: country is one of the vendor's documented countries
// (case and blanks aside); empty means ID (docs/vendors/izidata.md#iz-23).
func LivenessCountry(country string, countries []string) bool {
	country = strings.ToUpper(strings.TrimSpace(country))
	if country == "" {
		country = "ID"
	}
	return slices.Contains(countries, country)
}

// Face comparison bands (docs.ekycpro.com/face-comparison; iziData's twin
// gives no numbers): SAME PERSON from emulate.FaceMatchFrom (65), NOT SURE
// from 45. idholding documents only SAME / NOT SAME and cuts at 65
// (docs/vendors/izidata.md#iz-20).
const NotSureFrom = 45.0

// Similarity is the face comparison message.
type Similarity struct {
	Similarity float64 `json:"similarity"`
	Result     string  `json:"result"`
}

// FaceResult is the verdict of a similarity.
func FaceResult(s float64, withNotSure bool) string {
	switch {
	case s >= emulate.FaceMatchFrom:
		return "SAME PERSON"
	case withNotSure && s >= NotSureFrom:
		return "NOT SURE"
	default:
		return "NOT SAME PERSON"
	}
}

// Face is the similarity message of the images (emulate.FaceScore).
func Face(seed int64, withNotSure bool, imgs ...emulate.Image) Similarity {
	s := emulate.FaceScore(seed, imgs...)
	return Similarity{Similarity: s, Result: FaceResult(s, withNotSure)}
}

// Inquiries are the multi-inquiry counters in the docs' key order: how many
// institutions checked the identifier within each window. They never
// decrease from one window to the next.
type Inquiries struct {
	D07   int `json:"07d"`
	D14   int `json:"14d"`
	D21   int `json:"21d"`
	D30   int `json:"30d"`
	D60   int `json:"60d"`
	D90   int `json:"90d"`
	Total int `json:"total"`
}

// Counters are deterministic per subject. Subjects are the MD5 of the
// identifier, so a plain NIK and its md5=1 form get the same counters, on
// both vendors.
func Counters(seed int64, kind, subject string) Inquiries {
	r := emulate.Rand(seed, "inquiries", kind, subject)
	// Most people are checked rarely; some shop around for loans.
	active := r.IntN(4)
	var steps [7]int
	for i := range steps {
		steps[i] = r.IntN(active + 1)
	}
	var q Inquiries
	q.D07 = steps[0]
	q.D14 = q.D07 + steps[1]
	q.D21 = q.D14 + steps[2]
	q.D30 = q.D21 + steps[3]
	q.D60 = q.D30 + steps[4]
	q.D90 = q.D60 + steps[5]
	q.Total = q.D90 + steps[6]*3
	return q
}
