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
	// IdenticalThreshold is /face/v2/verify's cut: `identical` when the
	// score (0–1) is at least this, in every compare_mode
	// (docs/vendors/accuauth.md#bs-15).
	IdenticalThreshold float64 `yaml:"identical_threshold"`
}

// DefaultSettings are the settings when the config names none.
func DefaultSettings() Settings {
	return Settings{NameMatchThreshold: 0.9, FaceThreshold: 65, AbnormalWindow: 24 * time.Hour, IdenticalThreshold: 0.7}
}

// Vendor is the AccuAuth emulator.
type Vendor struct {
	emulate.VendorBase
	settings Settings
	repeats  *repeats
	images   *imageStore
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
	case !(s.IdenticalThreshold > 0 && s.IdenticalThreshold <= 1):
		return nil, fmt.Errorf("accuauth settings: identical_threshold must be in (0, 1], got %v", s.IdenticalThreshold)
	}
	v := &Vendor{settings: s, repeats: newRepeats(), images: newImageStore()}
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
		Secret: emulate.Secrets{Headers: []string{"X-DF-API-SECRET", "X_DF_API_SECRET"}},
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
		{OperationID: "faceVerify", Method: post, Path: "/face/v2/verify", Summary: "Face comparison of two images", Handle: v.faceVerify,
			Answers: faceVerifyAnswers(), Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/accuauth.md#b4-1"},
		{OperationID: "faceLivenessAntiHack", Method: post, Path: "/face/liveness_anti_hack", Summary: "Liveness anti-hack of liveness SDK data", Handle: v.livenessAntiHack,
			Answers: livenessAnswers(), Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/accuauth.md#b4-2"},
		{OperationID: "faceAntiHack", Method: post, Path: "/face/anti_hack", Summary: "Anti-hack (passive liveness) of one image", Handle: v.antiHack,
			Answers: antiHackAnswers(), Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/accuauth.md#b4-3"},
		{OperationID: "verifyBankcardCheck", Method: post, Path: "/verify/bankcard_check", Summary: "Bank account + holder name check", Handle: v.bankcardCheck,
			Answers: bankAnswers(), Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/accuauth.md#b4-4"},
	}
}

// Authenticate implements emulate.Vendor: the static X-DF-API-ID and
// X-DF-API-SECRET pair (docs/vendors/accuauth.md#s3-2), the secret compared in constant time.
// The official iOS liveness SDK spells them X_DF_API_ID and X_DF_API_SECRET
// (docs/vendors/accuauth.md#ac-12): either spelling is read, the hyphens first.
func (v *Vendor) Authenticate(c *emulate.Call) *emulate.Response {
	if c.CheckKeys(header(c, "X-DF-API-ID", "X_DF_API_ID"), header(c, "X-DF-API-SECRET", "X_DF_API_SECRET")) {
		return nil
	}
	c.Note("auth", "X-DF-API-ID unknown or X-DF-API-SECRET missing or not the key's")
	return c.Refuse(Unauthorized, "")
}

// header is the first of the names the request carries.
func header(c *emulate.Call, names ...string) string {
	for _, n := range names {
		if vs := c.Req.Header.Values(n); len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

// Invalid implements emulate.Vendor: a body the spec refuses is the table's
// INVALID_ARGUMENT with its description as reason (docs/vendors/accuauth.md#ac-3).
func (v *Vendor) Invalid(c *emulate.Call, _ error) emulate.Response {
	return c.Fail(InvalidArgument, msgInvalid)
}

// TooLarge implements emulate.Vendor: on the OCR and the face image
// endpoints only an image can make the body this large, so the reason is
// the 5 MB limit.
func (v *Vendor) TooLarge(c *emulate.Call) emulate.Response {
	switch c.Endpoint.OperationID {
	case "ocrIdcard", "faceVerify", "faceAntiHack":
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
// counters and forgets the images /face/v2/verify kept.
func (v *Vendor) Reset() { v.repeats.clear(); v.images.clear() }

// ResetWorkspace forgets workspace ws's repeat counts and the images of
// its credentials (emulate.WorkspaceResetter).
func (v *Vendor) ResetWorkspace(ws string, of func(credential string) bool) {
	v.repeats.forget(ws)
	v.images.forget(of)
}
