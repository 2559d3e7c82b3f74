package verihubs

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

// Electronic-certificate identity check ("Sertel",
// docs/vendors/verihubs.md#b3-1): NIK, name, birth date and a selfie against
// the civil registry. The 200 body and the charging are docs/vendors/verihubs.md#bs-12 and #bs-13;
// the error body is the data-verification family's
// {"message":"Invalid payload","error_code":"INVALID_PAYLOAD","error_fields":[…]}.
const (
	opSertel          = "certificateElectronicVerify"
	SertelVerified    = "verified"                                          // data.status, the catalogue's code for the answer
	SertelNotVerified = "not_verified"                                      // data.status
	msgSertel         = "Certificate electronic verification has been done" // docs/vendors/verihubs.md#bs-12
	msgInvalidLower   = "Invalid payload"                                   // the data-verification products' 400 text
	billingSertel     = "Electronic certificate"
)

// Image limits of the Sertel fields (docs/vendors/verihubs.md#b3-1).
const (
	sertelMinBytes   = 100 << 10
	selfieMaxBytes   = 4 << 20
	ktpPhotoMaxBytes = 2 << 20
	sertelMaxSide    = 10000
	sertelMinAge     = 17
	// Emails and phones remembered, per App-ID and over every App-ID
	// together (doc.go): 0.5 KB each at most.
	sertelContactsMax = 2000
)

func sertelAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		answer(SertelVerified, http.StatusOK, msgSertel, true, billingSertel,
			"name and birth_date are those of the NIK's person, the NIK is a registry one and the selfie is that person's; a sandbox app with a valid payload (never charged)", true),
		answer(SertelNotVerified, http.StatusOK, msgSertel, true, billingSertel,
			"a name or birth_date other than the NIK's person's, a NIK outside the registry (unknown region or impossible date), or a selfie with marker similarity= below 65 or nik= of someone else: reject_field names them", true),
		{Code: InvalidPayload, HTTP: http.StatusBadRequest, Message: msgInvalidLower, Billing: "free",
			Trigger: "any field rule broken (nik form, name characters, birth_date format or age under 17, email or phone format or used by another NIK, photo format, size or dimensions, reference_id reused), or not a JSON object: error_fields names each"},
	}, inferredAll(access())...)
}

// inferredAll marks answers inferred: Sertel's 401, 403 and 500 are the
// Verihubs family's (docs/vendors/verihubs.md#b3-1), not shown for it.
func inferredAll(as []emulate.Answer) []emulate.Answer {
	for i := range as {
		as[i].Inferred = true
	}
	return as
}

// errorField is one entry of error_fields.
type errorField struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// sertelError is the data-verification products' 400 body.
type sertelError struct {
	Message     string       `json:"message"`
	ErrorCode   string       `json:"error_code"`
	ErrorFields []errorField `json:"error_fields"`
}

type sertelBody struct {
	Message string     `json:"message"`
	Data    sertelData `json:"data"`
}

type sertelData struct {
	ID          string   `json:"id"`
	ReferenceID string   `json:"reference_id"`
	Status      string   `json:"status"`
	RejectField []string `json:"reject_field"`
}

// sertelState is what Sertel remembers per App-ID: the NIK each email and
// phone was verified with ("unique per NIK"), bounded per App-ID and in
// total, oldest first out.
type sertelState struct {
	mu     sync.Mutex
	owners *fifo[string, string] // "email:x" / "phone:x" → NIK
	// problems carries a call's error_fields from the handler to Render,
	// which draws the 400 (taken out when drawn).
	problems sync.Map // *emulate.Call → []errorField
}

func newSertelState() *sertelState {
	return &sertelState{owners: newFIFO[string, string](bounds{count: sertelContactsMax, totalCount: sertelContactsMax}, nil)}
}

func (s *sertelState) clear() {
	s.mu.Lock()
	s.owners.clear()
	s.mu.Unlock()
}

// forget drops the Sertel contacts of the apps of (a workspace's reset).
func (s *sertelState) forget(of func(app string) bool) {
	s.mu.Lock()
	s.owners.forget(of)
	s.mu.Unlock()
}

// owner is the NIK key was verified with, "" when none.
func (s *sertelState) owner(app, key string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	nik, _ := s.owners.get(app, key)
	return nik
}

func (s *sertelState) claim(app, nik string, keys ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range keys {
		s.owners.put(app, k, nik)
	}
}

// sertelReq is the request as read.
type sertelReq struct {
	nik, name, birth, email, phone, ref string
	hasRef                              bool
	selfie, ktp                         emulate.Image
}

// readSertel checks every field rule and returns the problems in the
// fields' documented order.
func (v *Vendor) readSertel(c *emulate.Call) (sertelReq, []errorField) {
	var r sertelReq
	o, err := c.JSONObject()
	if err != nil {
		return r, []errorField{{"payload", "payload must be a JSON object"}}
	}
	var probs []errorField
	bad := func(field, msg string) { probs = append(probs, errorField{field, msg}) }
	text := func(key string) (string, bool) {
		s, err := o.String(key)
		if err != nil {
			bad(key, key+" must be a string")
			return "", false
		}
		if s == nil || strings.TrimSpace(*s) == "" {
			return "", false
		}
		c.Field(key, *s)
		return strings.TrimSpace(*s), true
	}
	required := func(key string) (string, bool) {
		s, ok := text(key)
		if !ok && !hasProblem(probs, key) {
			bad(key, key+" is required")
		}
		return s, ok
	}
	if nik, ok := required("nik"); ok {
		r.nik = nik
		if msg := nikProblem(nik); msg != "" {
			bad("nik", msg)
		}
	}
	if name, ok := required("name"); ok {
		r.name = name
		if msg := nameProblem(name); msg != "" {
			bad("name", msg)
		}
	}
	if birth, ok := required("birth_date"); ok {
		r.birth = birth
		if msg := birthProblem(birth, c.Now); msg != "" {
			bad("birth_date", msg)
		}
	}
	if email, ok := required("email"); ok {
		r.email = strings.ToLower(email)
		switch {
		case !validEmail(email):
			bad("email", "email format is invalid")
		case r.nik != "" && v.sertel.owner(c.Credential, "email:"+r.email) != "" && v.sertel.owner(c.Credential, "email:"+r.email) != r.nik:
			bad("email", "email is already used by another nik")
		}
	}
	if phone, ok := required("phone"); ok {
		r.phone = phone
		switch {
		case !validMSISDN(phone):
			bad("phone", "phone must be digits starting with the country code, without +")
		case r.nik != "" && v.sertel.owner(c.Credential, "phone:"+phone) != "" && v.sertel.owner(c.Credential, "phone:"+phone) != r.nik:
			bad("phone", "phone is already used by another nik")
		}
	}
	if s, ok := required("selfie_photo"); ok {
		r.selfie = c.Base64Image("selfie_photo", s)
		if msg := photoProblem("selfie_photo", r.selfie, selfieMaxBytes, 480, 640, "4 MB"); msg != "" {
			bad("selfie_photo", msg)
		}
	}
	if s, ok := required("ktp_photo"); ok {
		r.ktp = c.Base64Image("ktp_photo", s)
		if msg := photoProblem("ktp_photo", r.ktp, ktpPhotoMaxBytes, 360, 480, "2 MB"); msg != "" {
			bad("ktp_photo", msg)
		}
	}
	if ref, ok := text("reference_id"); ok {
		r.ref, r.hasRef = ref, true
		if !validReferenceID(ref) {
			bad("reference_id", "reference_id may hold 1 to 64 letters, digits and . _ : -")
		}
	}
	text("channel") // no effect (docs)
	return r, probs
}

func hasProblem(probs []errorField, field string) bool {
	for _, p := range probs {
		if p.Field == field {
			return true
		}
	}
	return false
}

// nikProblem: 16 digits, not starting with 0, no four equal digits in a
// row (docs/vendors/verihubs.md#b3-1).
func nikProblem(nik string) string {
	for i := 0; i < len(nik); i++ {
		if nik[i] < '0' || nik[i] > '9' {
			return "nik must be numeric"
		}
	}
	switch {
	case len(nik) != 16:
		return "nik must be 16 digits"
	case nik[0] == '0':
		return "nik can not start with 0"
	}
	for i := 3; i < len(nik); i++ {
		if nik[i] == nik[i-1] && nik[i] == nik[i-2] && nik[i] == nik[i-3] {
			return "nik can not have four consecutive numbers"
		}
	}
	return ""
}

// nameProblem: letters, space, . , ' / - and at least 2 letters.
func nameProblem(name string) string {
	letters := 0
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			letters++
		case strings.ContainsRune(" .,'/-", r):
		default:
			return "name may contain only letters and . , ' / -"
		}
	}
	if letters < 2 {
		return "name must contain at least 2 letters"
	}
	return ""
}

// birthProblem: DD-MM-YYYY, a real date, age ≥ 17 on the mock's clock.
func birthProblem(s string, now time.Time) string {
	d, err := time.Parse("02-01-2006", s)
	if err != nil || len(s) != 10 {
		return "birth_date must be in DD-MM-YYYY format"
	}
	if d.AddDate(sertelMinAge, 0, 0).After(now) {
		return "age must be at least 17 years"
	}
	return ""
}

func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && len(s) <= 254 && !strings.ContainsAny(s, " \t,;<>") &&
		strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".") && !strings.Contains(domain, "@")
}

// validMSISDN: a number with its country code and no +, as the docs'
// 6281277863450: 8–15 digits, not starting with 0.
func validMSISDN(s string) bool {
	if len(s) < 8 || len(s) > 15 || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// photoProblem applies one photo's rules: base64, JPEG/PNG, bytes between
// 100 KB and max, short side ≥ minShort and long side ≥ minLong (either
// orientation), no side over 10000.
func photoProblem(field string, img emulate.Image, maxBytes, minShort, minLong int, maxText string) string {
	switch {
	case img.Err != nil:
		return field + " must be base64"
	case imagecheck.Check(img.Info, imagecheck.Limits{Formats: []imagecheck.Format{imagecheck.JPEG, imagecheck.PNG}}) != imagecheck.OK:
		return field + " must be a jpg, jpeg or png image"
	case img.Info.Size < sertelMinBytes || img.Info.Size > maxBytes:
		return field + " size must be between 100 KB and " + maxText
	}
	w, h := img.Info.Width, img.Info.Height
	if min(w, h) < minShort || max(w, h) < minLong || max(w, h) > sertelMaxSide {
		return field + " dimension is out of range"
	}
	return ""
}

// rejects are the fields the registry and the face check refuse: the NIK
// outside the registry, a name or birth date not the NIK's person's, a
// selfie that is not that person (docs/vendors/verihubs.md#bs-12).
func rejects(c *emulate.Call, r sertelReq) []string {
	p, err := c.Deps.People.PersonByNIK(r.nik)
	if err != nil {
		return []string{"nik"}
	}
	var out []string
	if p.RegionFallback || p.DateFallback {
		out = append(out, "nik")
	}
	if emulate.NameSimilarity(r.name, p.Name) < 1 {
		out = append(out, "name")
	}
	if r.birth != identity.FormatDate(p.BirthDate) {
		out = append(out, "birth_date")
	}
	if m := emulate.Marker("nik", r.selfie); m != "" && m != r.nik || emulate.FaceScore(c.Deps.Seed, r.selfie) < emulate.FaceMatchFrom {
		out = append(out, "selfie_photo")
	}
	return out
}

func (v *Vendor) certificateVerify(c *emulate.Call) emulate.Response {
	r, probs := v.readSertel(c)
	sandbox := v.mode(c) == ModeSandbox
	held := false
	if len(probs) == 0 && r.hasRef && !sandbox {
		if !v.sertelRefs.reserve(c.Credential, r.ref) {
			probs = append(probs, errorField{"reference_id", "reference_id already exists"})
		} else {
			held = true
		}
	}
	defer func() {
		if held {
			v.sertelRefs.release(c.Credential, r.ref)
		}
	}()
	var reject []string
	if len(probs) == 0 && !sandbox {
		reject = rejects(c, r)
	}
	render := func(a emulate.Answer) emulate.Response {
		ref := r.ref
		if ref == "" {
			ref = c.IDs().UUID()
		}
		rf := []string{}
		if a.Code == SertelNotVerified {
			// A forced not_verified names what failed, or the selfie
			// when nothing did (the one check a caller cannot see).
			rf = append(rf, reject...)
			if len(rf) == 0 {
				rf = []string{"selfie_photo"}
			}
		}
		resp := emulate.JSON(a, sertelBody{Message: a.Message, Data: sertelData{ID: c.IDs().UUID(), ReferenceID: ref, Status: a.Code, RejectField: rf}})
		resp.Charged = resp.Charged && !sandbox
		if held {
			v.sertelRefs.put(c.Credential, ref, nil)
			held = false
		}
		if a.Code == SertelVerified && r.nik != "" && !sandbox {
			v.sertel.claim(c.Credential, r.nik, "email:"+r.email, "phone:"+r.phone)
		}
		return resp
	}
	f := c.Facts(r.selfie, r.ktp)
	f.NIK = r.nik
	if o := c.Decide(f); o != nil {
		if o.Code == InvalidPayload {
			v.sertel.problems.Store(c, orGeneric(probs))
		}
		return c.Respond(o.Code, o.Message, render)
	}
	if len(probs) > 0 {
		v.sertel.problems.Store(c, probs)
		return c.Fail(InvalidPayload, "")
	}
	if len(reject) > 0 {
		return render(c.Endpoint.MustAnswer(SertelNotVerified))
	}
	return render(c.Endpoint.MustAnswer(SertelVerified))
}

func orGeneric(probs []errorField) []errorField {
	if len(probs) == 0 {
		return []errorField{{"payload", msgInvalidLower}}
	}
	return probs
}

// sertelFailure draws a Sertel 400: the problems the handler found, or,
// for a body the spec refused before the handler ran, the payload.
func (v *Vendor) sertelFailure(c *emulate.Call, a emulate.Answer) emulate.Response {
	probs := []errorField{{"payload", "payload must be a JSON object"}} // the request schema refuses nothing else
	if p, ok := v.sertel.problems.LoadAndDelete(c); ok {
		probs = p.([]errorField)
	}
	return emulate.JSON(a, sertelError{Message: a.Message, ErrorCode: a.Code, ErrorFields: probs})
}
