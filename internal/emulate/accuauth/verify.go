package accuauth

import (
	"crypto/sha256"
	"encoding/binary"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
)

// wib is the vendor's local time (UTC+7): handle_time carries no zone, and
// the docs' example fits Jakarta office hours ([inferred]).
var wib = time.FixedZone("WIB", 7*3600)

// verifyArgs are the INVALID_ARGUMENT answers of a verify endpoint.
func verifyArgs(msgs ...string) []emulate.Answer {
	trig := map[string]string{
		msgNeedID: "`id_number` missing or empty", msgNeedName: "`name` missing or empty", msgNeedFace: "`face_image` missing or empty",
		msgIDFormat: "`id_number` not 16 digits", msgFaceBase64: "`face_image` not base64", msgKTPBase64: "`ktp_image` not base64",
		msgFaceFormat: "`face_image` not a JPEG or PNG", msgKTPFormat: "`ktp_image` not a JPEG or PNG",
		msgFaceSize: "`face_image` over 50 KB (51,200 bytes) decoded (docs/vendors/accuauth.md#ac-7)", msgKTPSize: "`ktp_image` over 50 KB decoded (docs/vendors/accuauth.md#ac-7)",
		msgBirthDate: "`birth_date` not YYYY-MM-DD", msgThreshold: "`face_threshold` not a number in 0..100",
		msgNeedAccount: "`account` missing or empty", msgNeedBankCode: "`code` missing or empty",
		msgAccountFormat: "`account` not 6 to 20 digits", msgBankCode: "`code` not one of the documented bank codes",
	}
	out := make([]emulate.Answer, len(msgs))
	for i, m := range msgs {
		out[i] = invalid(m, trig[m])
	}
	return out
}

// params reads a verify body: multipart, urlencoded or JSON
// (docs/vendors/accuauth.md#ac-1). Only scalar values are parameters, any other member is ignored;
// ok is false for a body none of the three can read. Multipart file parts
// are read as their text (the images are documented as base64 strings).
func params(c *emulate.Call) (map[string]string, bool) {
	out := map[string]string{}
	switch c.MediaType() {
	case "application/x-www-form-urlencoded":
		f, err := c.Form()
		if err != nil {
			return nil, false
		}
		for k, vs := range f {
			out[k] = vs[0]
		}
	case "multipart/form-data":
		form, err := c.Multipart()
		if err != nil {
			return nil, false
		}
		for k, vs := range form.Value {
			out[k] = vs[0]
		}
		for k, fps := range form.File {
			if _, dup := out[k]; !dup {
				out[k] = string(fps[0].Data)
			}
		}
	case "application/json":
		// The body as decoded once for spec validation; null is no fields.
		v, err := c.JSON()
		m, isObject := v.(map[string]any)
		if err != nil || !isObject && v != nil {
			return nil, false
		}
		// A number is its literal as sent, a boolean its text; null,
		// objects and arrays are no parameters: the spec lets a body
		// carry members of any type besides the documented ones.
		for k, x := range m {
			if b, isBool := x.(bool); isBool {
				out[k] = strconv.FormatBool(b)
			} else if text, ok := emulate.ScalarText(x); ok {
				out[k] = text
			}
		}
	case "":
		return out, len(c.Body) == 0
	default:
		return nil, false
	}
	return out, true
}

// verifyBody is the verify answer: status, result, request_id, in the
// docs' example order.
type verifyBody struct {
	Status    string `json:"status"`
	Result    any    `json:"result"`
	RequestID string `json:"request_id"`
}

type idNameResult struct {
	OrderNo    string `json:"order_no"`
	HandleTime string `json:"handle_time"`
	Result     string `json:"result"`
	Remark     string `json:"remark"`
}

type nameCheckResult struct {
	RealName    string  `json:"real_name"`
	NamePercent float64 `json:"name_percent"` // a JSON number (docs/vendors/accuauth.md#ac-8)
}

// orderNo is "SFBw" + 19 digits (docs/vendors/accuauth.md#ac-9), from the mock's id
// sequence so that a run is reproducible.
func orderNo(c *emulate.Call) string {
	n, _ := strconv.ParseUint(c.IDs().Hex(16), 16, 64)
	return "SFBw" + leftPad(strconv.FormatUint(n%10_000_000_000_000_000_000, 10), 19)
}

func leftPad(s string, n int) string { return strings.Repeat("0", max(0, n-len(s))) + s }

func handleTime(c *emulate.Call) string { return c.Now.In(wib).Format("2006-01-02 15:04:05") }

// subject is what a verify call says about its NIK.
type subject struct {
	nik    string
	person identity.Person
	known  bool // the NIK parses: a known district and a possible birth date
}

// readNIK checks id_number and looks the person up; reason is the
// INVALID_ARGUMENT text when id_number is missing or not 16 digits.
func readNIK(c *emulate.Call, p map[string]string) (s subject, reason string) {
	s.nik = strings.TrimSpace(p["id_number"])
	c.Field("id_number", s.nik)
	switch {
	case s.nik == "":
		return s, msgNeedID
	case !identity.IsNIKFormat(s.nik):
		return s, msgIDFormat
	}
	if _, err := c.Deps.People.ParseNIK(s.nik); err == nil {
		s.known = true
	}
	s.person, _ = c.Deps.People.PersonByNIK(s.nik)
	return s, ""
}

// common runs what every verify endpoint does after reading its fields:
// a forced code, a bad argument, the repeat rule. A nil return lets the
// handler answer naturally.
func (v *Vendor) common(c *emulate.Call, nik string, imgs []emulate.Image, p map[string]string, reason string, body func(emulate.Answer) any) *emulate.Response {
	f := c.Facts(imgs...)
	f.NIK = nik
	if o := c.Decide(f); o != nil {
		r := c.Respond(o.Code, o.Message, emulate.JSONBody(body))
		return &r
	}
	if reason != "" {
		r := c.Fail(InvalidArgument, reason)
		return &r
	}
	if n := v.settings.AbnormalRepeat; n > 0 && v.repeats.seen(c, p, v.settings.AbnormalWindow) > n {
		r := c.Fail(AbnormalBehaviours, msgAbnormal)
		return &r
	}
	return nil
}

func (v *Vendor) idName(c *emulate.Call) emulate.Response {
	p, ok := params(c)
	if !ok {
		return v.Invalid(c, nil)
	}
	s, reason := readNIK(c, p)
	name := strings.TrimSpace(p["name"])
	c.Field("name", name)
	if reason == "" && name == "" {
		reason = msgNeedName
	}
	body := func(a emulate.Answer) any {
		return verifyBody{Status: OK, RequestID: requestID(c),
			Result: idNameResult{OrderNo: orderNo(c), HandleTime: handleTime(c), Result: strings.TrimPrefix(a.Code, "OK/"), Remark: a.Message}}
	}
	if r := v.common(c, s.nik, nil, p, reason, body); r != nil {
		return *r
	}
	code := Result03
	if s.known {
		code = Result02
		if emulate.NameSimilarity(name, s.person.Name) >= v.settings.NameMatchThreshold {
			code = Result01
		}
	}
	a := c.Endpoint.MustAnswer(code)
	return emulate.JSON(a, body(a))
}

func (v *Vendor) idNameCheck(c *emulate.Call) emulate.Response {
	p, ok := params(c)
	if !ok {
		return v.Invalid(c, nil)
	}
	s, reason := readNIK(c, p)
	name := strings.TrimSpace(p["name"])
	c.Field("name", name)
	if reason == "" && name == "" {
		reason = msgNeedName
	}
	body := func(emulate.Answer) any {
		return verifyBody{Status: OK, RequestID: requestID(c),
			Result: nameCheckResult{RealName: s.person.Name, NamePercent: emulate.NameSimilarity(name, s.person.Name)}}
	}
	if r := v.common(c, s.nik, nil, p, reason, body); r != nil {
		return *r
	}
	if !s.known {
		return c.Fail(QueryFailed, msgQueryFailed)
	}
	a := c.Endpoint.MustAnswer(OK)
	return emulate.JSON(a, body(a))
}

// repeatKey identifies "the same parameters" for docs/vendors/accuauth.md#ac-5: the key, the
// endpoint and every parameter in key order, as a SHA-256 digest so that a
// counter holds 32 bytes a call, not the call's base64 images. Each string
// goes in with its length, so no two parameter sets write the same bytes.
func repeatKey(c *emulate.Call, p map[string]string) digest {
	h := sha256.New()
	write := func(s string) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		io.WriteString(h, s)
	}
	write(c.Credential)
	write(c.Endpoint.OperationID)
	for _, k := range slices.Sorted(maps.Keys(p)) {
		write(k)
		write(p[k])
	}
	var sum digest
	h.Sum(sum[:0])
	return sum
}

// digest is a SHA-256 sum.
type digest = [sha256.Size]byte
