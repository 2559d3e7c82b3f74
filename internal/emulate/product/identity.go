package product

import (
	"math"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
)

// NOT is the identity checks' charged "found, but the name differs".
const NOT = "NOT"

// IdentityAnswers is the status table of the NIK + name checks: eKYCPro's
// /v1/ididcheck (docs/vendors/ekycpro.md#s5-3) and iziData's
// /v2/identitycheck and /v3/identitycheck, whose client code lists the same
// set (docs/vendors/izidata.md#b2-3). notFound is the vendor's
// PERSON_NOT_FOUND text.
func IdentityAnswers(notFound string) []emulate.Answer {
	return []emulate.Answer{
		Charge(OK, "", "a known NIK and a name close to the person's (see /__admin/identity/{nik}), or no name"),
		Charge(NOT, "", "a known NIK and a name that differs"),
		Free(PersonNotFound, notFound, "16 digits that are no valid NIK (unknown district or impossible birth date)"),
		Free(InvalidIDNumber, MsgInvalidNIK, "id missing or not 16 digits"),
		Free(RetryLater, MsgServiceDown, "scenario only"),
	}
}

// Identity is what an identity check found: the NIK and name as sent
// (trimmed), the registry's person for the NIK, and how alike the names are.
type Identity struct {
	NIK, Name string
	Person    identity.Person
	// Score is the name similarity, 0–1 (1 when no name was sent).
	Score float64
	// Match: the name is the person's (Score at or above the threshold).
	Match bool
}

// IdentityCheck answers a NIK + name check, the one implementation of both
// vendors: the fields id and name (optional) are read; a scenario may force
// any answer; else INVALID_ID_NUMBER for an id that is not 16 digits,
// PERSON_NOT_FOUND for 16 digits that are no valid NIK, and OK or NOT (both
// charged, both with body's message) as the name's similarity to the
// person's reaches threshold or not. A forced OK or NOT carries the body of
// what was found.
func IdentityCheck(c *emulate.Call, threshold float64, body func(Identity) any) emulate.Response {
	return CheckIdentity(c, threshold, nil, body)
}

// CheckIdentity is IdentityCheck where more fields than the name decide OK
// or NOT: more, when not nil, may clear id.Match after the name's
// comparison (it sees the person whenever id is 16 digits).
func CheckIdentity(c *emulate.Call, threshold float64, more func(id *Identity), body func(Identity) any) emulate.Response {
	id := Identity{NIK: strings.TrimSpace(c.FormValue("id")), Name: strings.TrimSpace(c.FormValue("name")), Score: 1}
	c.Field("id", id.NIK)
	c.Field("name", id.Name)
	f := c.Facts()
	f.NIK = id.NIK
	var known bool
	if identity.IsNIKFormat(id.NIK) {
		_, err := c.Deps.People.ParseNIK(id.NIK)
		known = err == nil
		// 16 digits always yield a person: a forced answer for an
		// unknown NIK still has a whole record.
		id.Person, _ = c.Deps.People.PersonByNIK(id.NIK)
	}
	if known && id.Name != "" {
		id.Score = emulate.NameSimilarity(id.Name, id.Person.Name)
	}
	id.Match = id.Score >= threshold
	if more != nil && identity.IsNIKFormat(id.NIK) {
		more(&id)
	}
	b := func() any { return body(id) }
	if o := c.Decide(f); o != nil {
		// A forced OK or NOT carries a score (and match) on its side of
		// the threshold, whatever the names say: the body never
		// contradicts the code.
		forced := id
		forced.Score = agreeingScore(o.Code, id.Score, threshold)
		switch o.Code {
		case OK:
			forced.Match = true
		case NOT:
			forced.Match = false
		}
		return Respond(c, o.Code, o.Message, func() any { return body(forced) })
	}
	switch {
	case !identity.IsNIKFormat(id.NIK):
		return Respond(c, InvalidIDNumber, "", nil)
	case !known:
		return Respond(c, PersonNotFound, "", nil)
	case id.Match:
		return Respond(c, OK, "", b)
	default:
		return Respond(c, NOT, "", b)
	}
}

// agreeingScore is s when it is on code's side of threshold t (OK from t,
// NOT below), else a score moved to that side, still derived from s: OK
// t + (1-t)·s rounded up, NOT 0.9·t·s rounded down, in hundredths.
func agreeingScore(code string, s, t float64) float64 {
	switch {
	case code == OK && s < t:
		return math.Min(1, math.Ceil((t+(1-t)*s)*100)/100)
	case code == NOT && s >= t:
		if low := math.Floor(0.9*t*s*100) / 100; low < t {
			return low
		}
		return 0
	}
	return s
}
