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
	emulate.VendorBase
	settings Settings
	repeats  *repeats
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
	v := &Vendor{settings: s, repeats: newRepeats()}
	v.VendorBase = emulate.VendorBase{
		Profile: emulate.Profile{
			Name: Name, Title: "AccuAuth",
			// The Indonesia host (docs/vendors/accuauth.md#s3-1).
			Hosts: []string{"cloudapi.indonesia.accuauth.com"},
			// A 5 MB image as base64 in a percent-encoded form field can
			// take three times 4/3 of it; above that the image is over 5 MB
			// whatever the encoding, so INVALID_ARGUMENT is right.
			MaxBody: 24 << 20,
		},
		Routes: v.routes(),
		Render: fail,
		// The seed table's access codes.
		Refusals: emulate.Refusals{
			ledger.Unknown:        {Code: Unauthorized},
			ledger.Expired:        {Code: KeyExpired},
			ledger.NoPermission:   {Code: NoPermission},
			ledger.RateLimited:    {Code: RateLimitExceeded},
			ledger.QuotaExhausted: {Code: OutOfQuota},
		},
		// The key's secret half.
		Secret: emulate.Secrets{Headers: []string{"X-DF-API-SECRET"}},
		// The seed's 404 NOT_FOUND "Requested API cannot be found"; the
		// table has no 405, so a wrong method is the same API not found
		// (docs/vendors/README.md#x-1, docs/vendors/README.md#x-2, docs/vendors/accuauth.md#ac-10).
		Unrouted: emulate.Unrouted{NotFound: unrouted, MethodNotAllowed: unrouted, Source: "docs/vendors/README.md#x-1"},
	}
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

// Authenticate implements emulate.Vendor: the static X-DF-API-ID and
// X-DF-API-SECRET pair (docs/vendors/accuauth.md#s3-2), the secret compared in constant time.
func (v *Vendor) Authenticate(c *emulate.Call) *emulate.Response {
	if c.CheckKeys(c.Req.Header.Get("X-DF-API-ID"), c.Req.Header.Get("X-DF-API-SECRET")) {
		return nil
	}
	c.Note("auth", "X-DF-API-ID unknown or X-DF-API-SECRET missing or not the key's")
	return c.Refuse(Unauthorized, "")
}

// Invalid implements emulate.Vendor: a body the spec refuses is the table's
// INVALID_ARGUMENT with its description as reason (docs/vendors/accuauth.md#ac-3).
func (v *Vendor) Invalid(c *emulate.Call, _ error) emulate.Response {
	return c.Fail(InvalidArgument, msgInvalid)
}

// TooLarge implements emulate.Vendor: on the OCR only an image can make the
// body this large, so the reason is the 5 MB limit.
func (v *Vendor) TooLarge(c *emulate.Call) emulate.Response {
	if c.Endpoint.OperationID == "ocrIdcard" {
		return c.Fail(InvalidArgument, msgImageSize)
	}
	return v.Invalid(c, nil)
}

// unrouted is the answer to a path AccuAuth does not serve and to a method
// a path does not take: the seed's NOT_FOUND.
var unrouted = func() emulate.Answer {
	a := answer(NotFound, http.StatusNotFound, msgNotFound, "a path AccuAuth does not serve, or a method the path does not take", false)
	a.Evidence = emulate.EvidenceSeed
	return a
}()

// Internal implements emulate.Vendor. An unknown path has no answer table
// (the panic came while answering it): the shared internal answer then.
func (v *Vendor) Internal(c *emulate.Call) emulate.Response {
	a, ok := c.Endpoint.Answer(InternalError, msgInternal)
	if !ok {
		a = answer(InternalError, http.StatusInternalServerError, msgInternal, "", false)
	}
	return fail(c, a)
}

// errorBody is the seed's error answer, keys in the seed's order.
type errorBody struct {
	Status    string `json:"status"`
	Reason    string `json:"reason"`
	RequestID string `json:"request_id"`
}

func requestID(c *emulate.Call) string { return "TID" + c.IDs().Hex(32) }

// fail renders an error answer; its reason is the answer's text.
func fail(c *emulate.Call, a emulate.Answer) emulate.Response {
	return emulate.JSON(a, errorBody{Status: a.Code, Reason: a.Message, RequestID: requestID(c)})
}

// Reset implements emulate.Resetter: admin reset restarts the repeat
// counters.
func (v *Vendor) Reset() { v.repeats.clear() }
