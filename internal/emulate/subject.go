package emulate

import (
	"math"
	"strconv"

	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/scenario"
)

// What every vendor reads off a request's images the same way: the person
// they stand for and how alike two faces are, so that one test image means
// the same on every endpoint of every vendor.

// PersonFacts are the call's facts about imgs, and the person they stand
// for (SubjectPerson), whose NIK is a fact when an image was read or names
// one: a scenario rule matching a NIK reaches every image endpoint of every
// vendor, face comparisons included.
func PersonFacts(c *Call, imgs ...Image) (scenario.Facts, identity.Person) {
	f, p := c.Facts(imgs...), SubjectPerson(c, imgs...)
	read := Marker("nik", imgs...) != ""
	for _, img := range imgs {
		read = read || img.Info.Digest != ""
	}
	if read {
		f.NIK = p.NIK
	}
	return f, p
}

// SubjectPerson is the person an image stands for: the marker's NIK when the
// test image names one, else the person the image digest picks. The same
// image gives the same person on every endpoint and every vendor.
func SubjectPerson(c *Call, imgs ...Image) identity.Person {
	if nik := Marker("nik", imgs...); identity.IsNIKFormat(nik) {
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

// FaceMatchFrom is the face score from which two faces are the same person
// (docs.ekycpro.com/face-comparison's SAME PERSON band; iziData's twin and
// Verihubs' similarity_status use the same cut).
const FaceMatchFrom = 65.0

// FaceScore is how alike the faces of imgs are, 0..100: `similarity=<0..100>`
// in a marker sets the score; two images whose markers name different NIKs
// are different people; otherwise the faces match (the happy path most
// integration tests want). Deterministic per image set.
func FaceScore(seed int64, imgs ...Image) float64 {
	if s := Marker("similarity", imgs...); s != "" {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 0 && f <= 100 {
			return f
		}
	}
	parts := []string{"face"}
	for _, img := range imgs {
		parts = append(parts, img.Info.Digest)
	}
	r := Rand(seed, parts...)
	lo, span := 80.0, 19.9
	if len(imgs) == 2 {
		a, b := Marker("nik", imgs[0]), Marker("nik", imgs[1])
		if a != "" && b != "" && a != b {
			lo, span = 5, 35
		}
	}
	return math.Round((lo+r.Float64()*span)*1000) / 1000
}
