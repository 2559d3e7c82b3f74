package verihubs

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
)

func extractAnswers(async bool) []emulate.Answer {
	var out []emulate.Answer
	if async {
		out = append(out, answer(Accepted, http.StatusOK, msgAccepted, true, "KTP extraction (free when the result is KTP_NOT_DETECTED)",
			"a valid payload: the result is POSTed to callback_url and kept for the result pull", true))
	} else {
		out = append(out,
			answer(EXT1, http.StatusOK, msgExtracted, true, "KTP extraction", "a readable KTP image: the person the image stands for", true),
			answer(EXT3, http.StatusOK, msgExtracted, true, "KTP extraction", "a clean KTP image with is_quality and validate_quality true", true),
			answer(FailOnQuality, http.StatusOK, msgFailOnQuality, true, "Quality",
				"validate_quality true and marker blur=true, dark=true, flashlight=true or grayscale=true (sandbox: KTP_B, KTP_D, …)", true),
			bad(KTPNotDetected, "marker ktp=none; sandbox image NO_KTP_DETECTED"))
	}
	out = append(out, imageAnswers()...)
	out = append(out,
		bad(InvalidReferenceID, "reference_id empty, over 64 characters or with characters other than letters, digits and . _ : -; sandbox REFERENCE_ID_TOO_LONG/_TOO_SHORT"),
		bad(ReferenceIDExists, "a reference_id this App-ID used before; sandbox REFERENCE_ID_EXIST"),
		bad(InvalidSandboxCode, "a sandbox app sending an image or reference_id that is not a sandbox code"))
	if async {
		out = append(out, bad(InvalidCallbackURL, "callback_url not an absolute http(s) URL (https only with settings.callback.https_only)"))
	}
	return append(out, access()...)
}

// ktpFields are the extract fields of docs/vendors/verihubs.md#s4-3, in the docs' order.
type ktpFields struct {
	NIK                   string `json:"nik"`
	FullName              string `json:"full_name"`
	PlaceOfBirth          string `json:"place_of_birth"`
	DateOfBirth           string `json:"date_of_birth"`
	Gender                string `json:"gender"`
	BloodType             string `json:"blood_type"`
	Address               string `json:"address"`
	RTRW                  string `json:"rt_rw"`
	AdministrativeVillage string `json:"administrative_village"`
	District              string `json:"district"`
	City                  string `json:"city"`
	State                 string `json:"state"`
	Religion              string `json:"religion"`
	MaritalStatus         string `json:"marital_status"`
	Occupation            string `json:"occupation"`
	Nationality           string `json:"nationality"`
}

func ktpOf(p identity.Person) *ktpFields {
	return &ktpFields{
		NIK: p.NIK, FullName: p.Name, PlaceOfBirth: p.BirthPlace, DateOfBirth: identity.FormatDate(p.BirthDate), Gender: p.Gender,
		BloodType: p.BloodType, Address: p.Address, RTRW: p.RT + "/" + p.RW, AdministrativeVillage: p.Village, District: p.District,
		City: p.City, State: p.Province, Religion: p.Religion, MaritalStatus: p.MaritalStatus, Occupation: p.Occupation, Nationality: p.Nationality,
	}
}

// extractBody: fields under data (docs/vendors/verihubs.md#vh-12).
type extractBody struct {
	Message    string      `json:"message"`
	StatusCode string      `json:"status_code,omitempty"`
	ErrorCode  string      `json:"error_code,omitempty"`
	Data       extractData `json:"data"`
}

type extractData struct {
	ImageQuality *quality `json:"image_quality,omitempty"`
	*ktpFields
	ReferenceID string `json:"reference_id"`
}

// extraction is what one extract request computed.
type extraction struct {
	p       payload
	img     emulate.Image
	q       quality
	person  identity.Person
	ref     string
	noKTP   bool
	sandbox bool
	held    bool // ref is reserved in v.refs
}

// done ends the hold on a reserved reference_id: a stored result keeps it,
// a refusal frees it.
func (v *Vendor) done(c *emulate.Call, x extraction) {
	if x.held {
		v.refs.release(c.Credential, x.ref)
	}
}

// prepare runs the checks both extract endpoints share and computes the
// extraction; code is the first problem ("" = none).
func (v *Vendor) prepare(c *emulate.Call, async bool) (extraction, string) {
	p, code := readPayload(c, true)
	x := extraction{p: p, sandbox: v.mode(c) == ModeSandbox}
	if code == "" && async && p.CallbackURL != nil {
		c.Field("callback_url", *p.CallbackURL)
		if _, err := v.callbacks.target(*p.CallbackURL); err != nil {
			code = InvalidCallbackURL
		}
	}
	if code != "" {
		return x, code
	}
	if x.sandbox {
		return v.sandbox(c, x)
	}
	if p.ReferenceID != nil {
		switch {
		case !validReferenceID(*p.ReferenceID):
			return x, InvalidReferenceID
		case !v.refs.reserve(c.Credential, *p.ReferenceID):
			return x, ReferenceIDExists
		}
		// Held until the handler stores its result or, refusing, lets go
		// (done).
		x.ref, x.held = *p.ReferenceID, true
	}
	x.img, code = v.loadImage(c, *p.Image)
	x.q = qualityOf(c.Deps.Seed, x.img)
	x.person = emulate.SubjectPerson(c, x.img)
	m := strings.ToLower(emulate.Marker("ktp", x.img))
	x.noKTP = m == "none" || m == "false"
	return x, code
}

// natural is the answer code of a computed extraction.
func (x extraction) natural() string {
	switch {
	case x.noKTP:
		return KTPNotDetected
	case x.p.validate() && x.q.fails():
		return FailOnQuality
	case x.p.validate():
		return EXT3
	}
	return EXT1
}

// result renders the extraction as the answer code says; status codes
// EXT-n mirror ID Forgery's FRG-n (docs/vendors/verihubs.md#vh-3, inferred for extract).
func (v *Vendor) result(c *emulate.Call, code string, x extraction) extractBody {
	if x.person.NIK == "" {
		x = whole(c, x)
	}
	if x.ref == "" {
		x.ref = c.IDs().UUID()
	}
	b := extractBody{Message: extractAnswer(code).Message, Data: extractData{ReferenceID: x.ref}}
	if code == KTPNotDetected {
		b.ErrorCode = KTPNotDetected
		return b
	}
	var q quality
	b.StatusCode, b.ErrorCode, q = extractItems.billed(code, x.p.validate(), x.q)
	if code != FailOnQuality {
		b.Data.ktpFields = ktpOf(x.person)
	}
	// Every extraction reports its quality (docs/vendors/verihubs.md#vh-13), so a sandbox
	// result pull, which has only the id, repeats the answer.
	b.Data.ImageQuality = &q
	return b
}

// whole completes an extraction the checks stopped before reading (a
// payload, reference_id or callback_url problem), for a scenario that
// forces a success on it: the person and quality of the image as far as it
// was read, as a natural success draws them (a sandbox app: the KTP code's).
func whole(c *emulate.Call, x extraction) extraction {
	if x.sandbox {
		x, _ = sandboxExtraction(c, sandboxKTP, x)
		return x
	}
	x.q = qualityOf(c.Deps.Seed, x.img)
	x.person = emulate.SubjectPerson(c, x.img)
	return x
}

// syncExtractAnswers is the sync extract's catalogue, built once: every
// extract answer reads its result's text from it.
var syncExtractAnswers = extractAnswers(false)

// extractAnswer is the sync catalogue line of a result code (the zero
// Answer for a code it does not have).
func extractAnswer(code string) emulate.Answer {
	for _, a := range syncExtractAnswers {
		if a.Code == code {
			return a
		}
	}
	return emulate.Answer{}
}

func (v *Vendor) ktpExtract(c *emulate.Call) emulate.Response {
	x, code := v.prepare(c, false)
	defer v.done(c, x)
	render := func(a emulate.Answer) emulate.Response {
		b := v.result(c, a.Code, x)
		raw, _ := emulate.Marshal(b) // as the adapter encodes: the pull repeats the answer byte for byte
		r := emulate.JSON(a, raw)
		r.Charged = r.Charged && !x.sandbox
		if sent, ok := answered(c, &r, raw); ok && !x.sandbox {
			v.refs.put(c.Credential, referenceID(sent, b.Data.ReferenceID), sent)
		}
		return r
	}
	f := c.Facts(x.img)
	f.NIK = x.person.NIK
	if o := c.Decide(f); o != nil {
		return c.Respond(o.Code, o.Message, render)
	}
	if code != "" {
		return c.Fail(code, "")
	}
	if code = x.natural(); code == KTPNotDetected {
		return c.Fail(code, "")
	}
	return render(c.Endpoint.MustAnswer(code))
}

// answered makes r's body the bytes the client gets, the deciding rule's
// set: fields applied, so that the result kept for EXISTS, the pull and the
// callback is what the client was answered. ok is false when the fields
// cannot be set: the adapter then fails the same way (its 500) and nothing
// is kept.
func answered(c *emulate.Call, r *emulate.Response, raw []byte) (sent []byte, ok bool) {
	set := c.Overrides()
	if len(set) == 0 {
		return raw, true
	}
	sent, err := emulate.SetFields(raw, set)
	if err != nil {
		return nil, false
	}
	r.Body, r.SetApplied = sent, true
	return sent, true
}

// referenceID is data.reference_id of an answer as sent (a rule may have
// set it), else def.
func referenceID(sent []byte, def string) string {
	var b struct {
		Data struct {
			ReferenceID any `json:"reference_id"`
		} `json:"data"`
	}
	if json.Unmarshal(sent, &b) == nil {
		if s, ok := b.Data.ReferenceID.(string); ok {
			return s
		}
	}
	return def
}

// asyncBody is the immediate answer of extract-async.
type asyncBody struct {
	Message string    `json:"message"`
	Data    asyncData `json:"data"`
}

type asyncData struct {
	ID          string `json:"id"`
	ReferenceID string `json:"reference_id"`
}

func (v *Vendor) ktpExtractAsync(c *emulate.Call) emulate.Response {
	x, code := v.prepare(c, true)
	defer v.done(c, x)
	render := func(a emulate.Answer) emulate.Response {
		rc := x.natural()
		b := v.result(c, rc, x)
		acc, _ := emulate.Marshal(asyncBody{Message: a.Message, Data: asyncData{ID: c.IDs().UUID(), ReferenceID: b.Data.ReferenceID}})
		r := emulate.JSON(a, acc)
		r.Charged = r.Charged && !x.sandbox && rc != KTPNotDetected
		sent, ok := answered(c, &r, acc)
		if !ok {
			return r
		}
		// The result goes by the reference_id the client was told.
		b.Data.ReferenceID = referenceID(sent, b.Data.ReferenceID)
		raw, _ := emulate.Marshal(b)
		if !x.sandbox { // sandbox ids are derived from the codes, not remembered
			v.refs.put(c.Credential, b.Data.ReferenceID, raw)
		}
		if x.p.CallbackURL != nil {
			target, _ := v.callbacks.target(*x.p.CallbackURL)
			user, pass := v.callbackAuth(c)
			v.callbacks.deliver(c, target, user, pass, raw)
		}
		return r
	}
	f := c.Facts(x.img)
	f.NIK = x.person.NIK
	if o := c.Decide(f); o != nil {
		return c.Respond(o.Code, o.Message, render)
	}
	if code != "" {
		return c.Fail(code, "")
	}
	return render(c.Endpoint.MustAnswer(Accepted))
}

func resultAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		answer(ResultFound, http.StatusOK, "", false, "free", "a reference_id this App-ID extracted: the stored result, as the callback got it", true),
		bad(InvalidPayload, "no reference_id query parameter"),
		bad(InvalidReferenceID, "a reference_id this App-ID never used"),
		bad(InvalidSandboxCode, "a sandbox app asking for an id other than REFERENCE_ID_KTP[_X][_V]"),
	}, slices.DeleteFunc(access(), func(a emulate.Answer) bool {
		// The pull never charges: a testing app's spent quota does not
		// refuse it (the ledger holds it to the rate limit only).
		return a.Code == InsufficientQuota
	})...)
}

func (v *Vendor) ktpExtractResult(c *emulate.Call) emulate.Response {
	ref := c.Req.URL.Query().Get("reference_id")
	c.Field("reference_id", ref)
	sandbox := v.mode(c) == ModeSandbox
	var raw []byte
	code := ""
	switch {
	case ref == "":
		code = InvalidPayload
	case sandbox:
		if b, ok := v.sandboxResult(c, ref); ok {
			raw, _ = emulate.Marshal(b)
		} else {
			code = InvalidSandboxCode
		}
	default:
		var ok bool
		if raw, ok = v.refs.get(c.Credential, ref); !ok {
			code = InvalidReferenceID
		}
	}
	render := func(a emulate.Answer) emulate.Response {
		if raw == nil { // forced OK for an unknown id: a fresh extraction of the id's subject
			b := v.result(c, EXT1, extraction{person: c.Deps.People.PersonFor(ref), ref: ref})
			raw, _ = emulate.Marshal(b)
		}
		return emulate.JSON(a, raw)
	}
	if o := c.Decide(c.Facts()); o != nil {
		return c.Respond(o.Code, o.Message, render)
	}
	if code != "" {
		return c.Fail(code, "")
	}
	return render(c.Endpoint.MustAnswer(ResultFound))
}
