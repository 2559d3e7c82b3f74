package accuauth

import (
	"fmt"
	"net/http"
	"time"

	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/ledger"
)

// Name is the vendor's short name in paths, config and scenarios.
const Name = "accuauth"

// Settings are AccuAuth's knobs (vendors.accuauth.settings).
type Settings struct {
	// NameMatchThreshold splits /verify/id_name 01 from 02 and id_selfie's
	// `name` true from false (name similarity 0–1; the docs recommend 0.9).
	NameMatchThreshold float64 `yaml:"name_match_threshold"`
	// FaceThreshold is id_selfie's face_threshold when the caller sends none
	// (score scale 0–100, docs/vendors/README.md#s0 score table).
	FaceThreshold float64 `yaml:"face_threshold"`
	// AbnormalRepeat turns ABNORMAL_BEHAVIOURS_DETECTED on: a verify call
	// whose parameters were already sent this many times by the same key in
	// the current AbnormalWindow is refused (docs/vendors/accuauth.md#ac-5). 0 = off.
	AbnormalRepeat int           `yaml:"abnormal_repeat"`
	AbnormalWindow time.Duration `yaml:"abnormal_window"`
}

// DefaultSettings are the settings when the config names none.
func DefaultSettings() Settings {
	return Settings{NameMatchThreshold: 0.9, FaceThreshold: 65, AbnormalWindow: 24 * time.Hour}
}

// Vendor is the AccuAuth emulator.
type Vendor struct {
	settings  Settings
	endpoints []*emulate.Endpoint
	repeats   *repeats
	// notFoundIDs numbers NOT_FOUND answers: Vendor.NotFound is given no
	// Call, so it cannot draw from Deps.IDs. A seed of its own keeps its
	// ids deterministic and apart from the Deps sequence.
	notFoundIDs *emulate.IDs
}

// New builds the emulator from its config section.
func New(cfg config.Vendor) (*Vendor, error) {
	s := DefaultSettings()
	if err := config.DecodeSettings(cfg.Settings, &s); err != nil {
		return nil, fmt.Errorf("accuauth settings: %w", err)
	}
	switch {
	case s.NameMatchThreshold <= 0 || s.NameMatchThreshold > 1:
		return nil, fmt.Errorf("accuauth settings: name_match_threshold must be in (0, 1], got %v", s.NameMatchThreshold)
	case s.FaceThreshold < 0 || s.FaceThreshold > 100:
		return nil, fmt.Errorf("accuauth settings: face_threshold must be in 0..100, got %v", s.FaceThreshold)
	case s.AbnormalRepeat < 0:
		return nil, fmt.Errorf("accuauth settings: abnormal_repeat must not be negative, got %d", s.AbnormalRepeat)
	case s.AbnormalWindow <= 0:
		return nil, fmt.Errorf("accuauth settings: abnormal_window must be positive, got %v", s.AbnormalWindow)
	}
	v := &Vendor{settings: s, repeats: newRepeats(), notFoundIDs: emulate.NewIDs(0x4e4f54464f554e44)}
	v.endpoints = v.routes()
	return v, nil
}

// routes is the route table: one operation a line, as in specs/accuauth.yaml.
func (v *Vendor) routes() []*emulate.Endpoint {
	post := http.MethodPost
	return []*emulate.Endpoint{
		{OperationID: "ocrIdcard", Method: post, Path: "/ocr/idcard", Summary: "Indonesia KTP OCR", Handle: v.ocrIDCard, Answers: ocrAnswers()},
		{OperationID: "verifyIdName", Method: post, Path: "/verify/id_name", Summary: "NIK + name verification", Handle: v.idName,
			Answers: append(append([]emulate.Answer{
				charged(Result01, remarks[Result01], "a NIK of a known district and a name close to the person's (see /__admin/identity/{nik})"),
				charged(Result02, remarks[Result02], "a NIK of a known district and a name that differs"),
				result(Result03, "16 digits that are no valid NIK (unknown district or impossible birth date)"),
				result(Result04, "scenario only"),
			}, verifyArgs(msgNeedID, msgNeedName, msgIDFormat)...), append(verifyErrors("scenario only"), access()...)...)},
		{OperationID: "verifyIdNameCheck", Method: post, Path: "/verify/id_name_check", Summary: "NIK + name similarity", Handle: v.idNameCheck,
			Answers: append(append([]emulate.Answer{
				charged(OK, "", "a NIK of a known district: real_name and name_percent (0..1)"),
			}, verifyArgs(msgNeedID, msgNeedName, msgIDFormat)...), append(verifyErrors("16 digits that are no valid NIK (unknown district or impossible birth date)"), access()...)...)},
		{OperationID: "verifyIdSelfie", Method: post, Path: "/verify/id_selfie", Summary: "NIK + selfie verification", Handle: v.idSelfie,
			Answers: append(append(selfieResults(), verifyArgs(msgNeedID, msgNeedFace, msgIDFormat, msgFaceBase64, msgFaceFormat, msgFaceSize,
				msgKTPBase64, msgKTPFormat, msgKTPSize, msgBirthDate, msgThreshold)...), append(verifyErrors("scenario only"), access()...)...)},
	}
}

// Name implements emulate.Vendor.
func (v *Vendor) Name() string { return Name }

// Title implements emulate.Vendor.
func (v *Vendor) Title() string { return "AccuAuth" }

// Hosts implements emulate.Vendor: the Indonesia host (docs/vendors/accuauth.md#s3-1).
func (v *Vendor) Hosts() []string { return []string{"cloudapi.indonesia.accuauth.com"} }

// Endpoints implements emulate.Vendor.
func (v *Vendor) Endpoints() []*emulate.Endpoint { return v.endpoints }

// MaxBody implements emulate.Vendor: a 5 MB image as base64 in a
// percent-encoded form field can take three times 4/3 of it; above that the
// image is over 5 MB whatever the encoding, so INVALID_ARGUMENT is right.
func (v *Vendor) MaxBody() int64 { return 24 << 20 }

// Secrets implements emulate.SecretDeclarer: the key's secret half.
func (v *Vendor) Secrets() emulate.Secrets {
	return emulate.Secrets{Headers: []string{"X-DF-API-SECRET"}}
}

// Authenticate implements emulate.Vendor: the static X-DF-API-ID and
// X-DF-API-SECRET pair (docs/vendors/accuauth.md#s3-2), the secret compared in constant time.
func (v *Vendor) Authenticate(c *emulate.Call) *emulate.Response {
	if c.CheckKeys(c.Req.Header.Get("X-DF-API-ID"), c.Req.Header.Get("X-DF-API-SECRET")) {
		return nil
	}
	c.Note("auth", "X-DF-API-ID unknown or X-DF-API-SECRET missing or not the key's")
	r := v.fail(c, c.Endpoint.MustAnswer(Unauthorized))
	return &r
}

// Admit implements emulate.Vendor: the seed table's access codes.
func (v *Vendor) Admit(c *emulate.Call, verdict ledger.Verdict) *emulate.Response {
	var code string
	switch verdict {
	case ledger.OK:
		return nil
	case ledger.Unknown, ledger.Disabled:
		code = Unauthorized
	case ledger.Expired:
		code = KeyExpired
	case ledger.NoPermission:
		code = NoPermission
	case ledger.RateLimited:
		code = RateLimitExceeded
	case ledger.QuotaExhausted, ledger.BalanceExhausted:
		code = OutOfQuota
	default:
		return nil
	}
	r := v.fail(c, c.Endpoint.MustAnswer(code))
	return &r
}

// Invalid implements emulate.Vendor: a body the spec refuses is the table's
// INVALID_ARGUMENT with its description as reason (docs/vendors/accuauth.md#ac-3).
func (v *Vendor) Invalid(c *emulate.Call, _ error) emulate.Response {
	return v.reason(c, InvalidArgument, msgInvalid)
}

// TooLarge implements emulate.Vendor: on the OCR only an image can make the
// body this large, so the reason is the 5 MB limit.
func (v *Vendor) TooLarge(c *emulate.Call) emulate.Response {
	if c.Endpoint.OperationID == "ocrIdcard" {
		return v.reason(c, InvalidArgument, msgImageSize)
	}
	return v.Invalid(c, nil)
}

// NotFound implements emulate.Vendor: AccuAuth documents 404 NOT_FOUND
// "Requested API cannot be found" (docs/vendors/README.md#x-1, docs/vendors/accuauth.md#ac-10).
func (v *Vendor) NotFound(*http.Request) emulate.Response {
	return emulate.Response{Status: http.StatusNotFound, Code: NotFound, Message: msgNotFound,
		Body: errorBody{Status: NotFound, Reason: msgNotFound, RequestID: "TID" + v.notFoundIDs.Hex(32)}}
}

// MethodNotAllowed implements emulate.Vendor: a plain HTTP 405 (docs/vendors/README.md#x-2).
func (v *Vendor) MethodNotAllowed(*http.Request) emulate.Response {
	return emulate.PlainMethodNotAllowed()
}

// Internal implements emulate.Vendor. An unknown path has no answer table
// (the panic came while answering it): the shared internal answer then.
func (v *Vendor) Internal(c *emulate.Call) emulate.Response {
	a, ok := c.Endpoint.Answer(InternalError, msgInternal)
	if !ok {
		a = answer(InternalError, http.StatusInternalServerError, msgInternal, "", false)
	}
	return v.fail(c, a)
}

// errorBody is the seed's error answer, keys in the seed's order.
type errorBody struct {
	Status    string `json:"status"`
	Reason    string `json:"reason"`
	RequestID string `json:"request_id"`
}

func requestID(c *emulate.Call) string { return "TID" + c.Deps.IDs.Hex(32) }

// fail renders an error answer; its reason is the answer's text.
func (v *Vendor) fail(c *emulate.Call, a emulate.Answer) emulate.Response {
	return emulate.JSON(a, errorBody{Status: a.Code, Reason: a.Message, RequestID: requestID(c)})
}

// reason answers code with the documented reason text msg.
func (v *Vendor) reason(c *emulate.Call, code, msg string) emulate.Response {
	// Every reason the handlers use is in the endpoint's answers; the
	// catalogue tests catch a missing one.
	return v.fail(c, c.Endpoint.MustVariant(code, msg))
}

// forced answers a code a scenario rule or an image marker forced; success
// codes still get a generated body (body(code) builds it).
func (v *Vendor) forced(c *emulate.Call, code, message string, body func(a emulate.Answer) any) emulate.Response {
	a := c.Endpoint.MustVariant(code, message)
	if a.HTTP == http.StatusOK {
		return emulate.JSON(a, body(a))
	}
	return v.fail(c, a)
}

// Reset implements emulate.Resetter: admin reset restarts the repeat
// counters and the NOT_FOUND request ids.
func (v *Vendor) Reset() {
	v.repeats.clear()
	v.notFoundIDs.Reset()
}
