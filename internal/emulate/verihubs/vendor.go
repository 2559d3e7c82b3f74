package verihubs

import (
	"fmt"
	"net/http"
	"time"

	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/ledger"
)

// Name is the vendor's short name in paths, config and scenarios.
const Name = "verihubs"

// Credential modes (docs/vendors/verihubs.md#s4-1): a Sandbox App-ID gets dummy results,
// testing and live are real; only testing knows INSUFFICIENT_QUOTA (docs/vendors/verihubs.md#vh-7).
const (
	ModeSandbox = "sandbox"
	ModeTesting = "testing"
	ModeLive    = "live"
)

// BasicAuth is what the mock sends on callbacks of one App-ID.
type BasicAuth struct {
	Username string `yaml:"username"`
	Password string `yaml:"password"`
}

// Settings are Verihubs' knobs (vendors.verihubs.settings).
type Settings struct {
	// ImageURL: how `image` URLs are fetched (docs/vendors/verihubs.md#vh-8).
	ImageURL struct {
		Timeout    time.Duration `yaml:"timeout"`
		MaxBytes   int           `yaml:"max_bytes"`
		AllowHosts []string      `yaml:"allow_hosts"`
	} `yaml:"image_url"`
	// Callback: extract-async result delivery (docs/vendors/verihubs.md#s4-1: Basic auth set per
	// App-ID in the dashboard).
	Callback struct {
		Tries     int                  `yaml:"tries"`
		Timeout   time.Duration        `yaml:"timeout"`
		Backoff   time.Duration        `yaml:"backoff"`
		HTTPSOnly bool                 `yaml:"https_only"`
		Auth      map[string]BasicAuth `yaml:"auth"`
	} `yaml:"callback"`
	// Every bound below is per App-ID and, as _total, over every App-ID
	// of the mock together (runtime credentials and every workspace's
	// included): beyond either the oldest goes first. The totals are the
	// mock's, to keep its memory bounded whatever clients send; a per-App-ID
	// bound above its total never binds.
	//
	// MaxReferenceIDs bounds the reference_ids remembered (extraction's,
	// and the Sertel check's apart).
	MaxReferenceIDs      int `yaml:"max_reference_ids"`
	MaxReferenceIDsTotal int `yaml:"max_reference_ids_total"`
	// MaxOTPs bounds the OTP conversations (msisdn and challenge per
	// product) kept.
	MaxOTPs      int `yaml:"max_otps"`
	MaxOTPsTotal int `yaml:"max_otps_total"`
	// MaxFaceSubjects and MaxFaceBytes bound the faces enrolled (count,
	// and bytes they hold: the image kept for return_image plus about
	// 0.5 KB each).
	MaxFaceSubjects   int `yaml:"max_face_subjects"`
	MaxFaceBytes      int `yaml:"max_face_bytes"`
	MaxFaceBytesTotal int `yaml:"max_face_bytes_total"`
}

// MaxImage is the documented 5 MB (docs/vendors/izidata.md#iz-8's M = 1,048,576).
const MaxImage = 5 << 20

// DefaultSettings are the settings when the config names none.
func DefaultSettings() Settings {
	var s Settings
	s.ImageURL.Timeout, s.ImageURL.MaxBytes = 15*time.Second, MaxImage
	s.Callback.Tries, s.Callback.Timeout, s.Callback.Backoff = 3, 5*time.Second, time.Second
	// The totals are sized for the mock's memory target (RSS under 64 MB,
	// a soft heap limit of 38 MiB): at most about 25 MB when every store
	// is full of the largest entries a client can make (measured per
	// entry: a reference_id with its result 1 KB, a Sertel reference_id
	// 0.3 KB, an OTP conversation 0.8 KB, 2.9 KB with a 2 KB
	// callback_url). A per-App-ID default is its total.
	s.MaxReferenceIDs, s.MaxReferenceIDsTotal = 4000, 4000
	s.MaxOTPs, s.MaxOTPsTotal = 1000, 1000
	s.MaxFaceSubjects, s.MaxFaceBytes, s.MaxFaceBytesTotal = 1000, 16<<20, 16<<20
	return s
}

// Vendor is the Verihubs emulator.
type Vendor struct {
	emulate.VendorBase
	fetch     *fetcher
	refs      *refStore
	callbacks *callbacks
	// sertel and sertelRefs: the electronic-certificate check's emails and
	// phones per NIK and its reference_ids.
	sertel     *sertelState
	sertelRefs *refStore
	otps       *otpStore
	faces      *faceStore
}

// New builds the emulator from its config section.
func New(cfg config.Vendor) (*Vendor, error) {
	s := DefaultSettings()
	if err := config.DecodeSettings(cfg.Settings, &s); err != nil {
		return nil, fmt.Errorf("verihubs settings: %w", err)
	}
	switch {
	case s.ImageURL.Timeout <= 0 || s.ImageURL.MaxBytes < 1:
		return nil, fmt.Errorf("verihubs settings: image_url timeout and max_bytes must be positive")
	case s.Callback.Tries < 1 || s.Callback.Tries > 10:
		return nil, fmt.Errorf("verihubs settings: callback.tries must be 1..10, got %d", s.Callback.Tries)
	case s.Callback.Timeout <= 0 || s.Callback.Backoff < 0:
		return nil, fmt.Errorf("verihubs settings: callback timeout must be positive and backoff not negative")
	case s.MaxReferenceIDs < 1 || s.MaxReferenceIDsTotal < 1:
		return nil, fmt.Errorf("verihubs settings: max_reference_ids and max_reference_ids_total must be positive")
	case s.MaxOTPs < 1 || s.MaxOTPsTotal < 1:
		return nil, fmt.Errorf("verihubs settings: max_otps and max_otps_total must be positive")
	case s.MaxFaceSubjects < 1 || s.MaxFaceBytes < 1 || s.MaxFaceBytesTotal < 1:
		return nil, fmt.Errorf("verihubs settings: max_face_subjects, max_face_bytes and max_face_bytes_total must be positive")
	}
	for _, c := range cfg.Credentials {
		if err := (*Vendor)(nil).CheckCredential(c); err != nil {
			return nil, err
		}
	}
	v := &Vendor{fetch: newFetcher(s), callbacks: newCallbacks(s),
		refs: newRefStore(s.MaxReferenceIDs, s.MaxReferenceIDsTotal), sertelRefs: newRefStore(s.MaxReferenceIDs, s.MaxReferenceIDsTotal),
		sertel: newSertelState(), otps: newOTPStore(s.MaxOTPs, s.MaxOTPsTotal),
		faces: newFaceStore(bounds{count: s.MaxFaceSubjects, weight: s.MaxFaceBytes, totalWeight: s.MaxFaceBytesTotal})}
	v.VendorBase = emulate.VendorBase{
		Profile: emulate.Profile{
			Name: Name, Title: "Verihubs", Hosts: []string{"api.verihubs.com"},
			// A 5 MB image is 6.7 MB of base64; well above, so an oversized
			// image gets INVALID_PAYLOAD_IMAGE_SIZE.
			MaxBody: 16 << 20,
		},
		Routes: v.routes(),
		Render: v.render,
		// The OTP sends answer 201 with a body (docs/vendors/verihubs.md#b3-2).
		Generated: func(a emulate.Answer) bool { return a.HTTP == http.StatusOK || a.HTTP == http.StatusCreated },
		// Disabled and expired apps are 401 (docs/vendors/verihubs.md#vh-10);
		// quota and balance only for testing-mode apps (Admit).
		Refusals: emulate.Refusals{
			ledger.Unknown:        {Code: AuthorizationFailed},
			ledger.RateLimited:    {Code: TooManyRequests},
			ledger.QuotaExhausted: {Code: InsufficientQuota},
		},
		// API-Key is the secret half of App-ID + API-Key (docs/vendors/verihubs.md#s4-1).
		Secret: emulate.Secrets{Headers: []string{"API-Key"}},
		// Nothing documented: the status any server gives, in the
		// {"message"} body of the 401 and 500 (docs/vendors/README.md#x-1, docs/vendors/README.md#x-2).
		Unrouted: emulate.Unrouted{
			NotFound:         answer(NotFound, http.StatusNotFound, msgNotFound, false, "free", "a path Verihubs does not serve", true),
			MethodNotAllowed: answer(MethodNotAllowed, http.StatusMethodNotAllowed, msgMethodNotAllowed, false, "free", "a method the path does not take", true),
			Source:           "docs/vendors/README.md#x-1",
		},
	}
	return v, nil
}

// routes is the route table: one operation a line, as in specs/verihubs.yaml.
func (v *Vendor) routes() []*emulate.Endpoint {
	post := http.MethodPost
	return append([]*emulate.Endpoint{
		{OperationID: "idForgery", Method: post, Path: "/v2/ktp/idforgery", Summary: "ID Forgery", Handle: v.idForgery, Answers: forgeryAnswers(),
			Source: "docs/vendors/verihubs.md#seed"},
		{OperationID: "ktpExtract", Method: post, Path: "/v2/ktp/extract", Summary: "KTP extraction (sync)", Handle: v.ktpExtract, Answers: extractAnswers(false),
			Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/verihubs.md#s4-3"},
		{OperationID: "ktpExtractAsync", Method: post, Path: "/ktp/id/extract-async", Summary: "KTP extraction (async)", Handle: v.ktpExtractAsync, Answers: extractAnswers(true),
			Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/verihubs.md#s4-3"},
		{OperationID: "faceCompare", Method: post, Path: "/v1/face/compare", Summary: "Face compare", Handle: v.faceCompare, Answers: faceAnswers(true),
			Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/verihubs.md#s4-3"},
		{OperationID: "faceLiveness", Method: post, Path: "/v1/face/liveness", Summary: "Face liveness", Handle: v.faceLiveness, Answers: faceAnswers(false),
			Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/verihubs.md#s4-3"},
		{OperationID: opSertel, Method: post, Path: "/data-verification/certificate-electronic/verify", Summary: "Electronic-certificate identity check (Sertel)",
			Handle: v.certificateVerify, Answers: sertelAnswers(), Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/verihubs.md#b3-1"},
		{OperationID: opEnroll, Method: post, Path: "/v1/face/enroll", Summary: "Face enrolment", Handle: v.faceEnroll, Answers: enrollAnswers(),
			Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/verihubs.md#b3-5"},
		{OperationID: opEnrollDelete, Method: http.MethodDelete, Path: "/v1/face/enroll", Summary: "Delete an enrolled face", Handle: v.faceEnrollDelete,
			Answers: enrollDeleteAnswers(), Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/verihubs.md#b3-5"},
		{OperationID: opSearch, Method: post, Path: "/v1/face/search", Summary: "Face search among enrolled faces", Handle: v.faceSearch, Answers: searchAnswers(),
			Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/verihubs.md#b3-5"},
		{OperationID: opNPWP, Method: post, Path: "/ocr/npwp", Summary: "NPWP OCR (multipart image)", Handle: v.ocrNPWP, Answers: npwpAnswers(),
			Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/verihubs.md#b3-6"},
		{OperationID: "ktpExtractAsyncResult", Method: http.MethodGet, Path: "/ktp/id/extract-async/result", Summary: "KTP extraction result", Handle: v.ktpExtractResult, Answers: resultAnswers(),
			Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/verihubs.md#s4-3"},
	}, v.otpRoutes()...)
}

// render draws an answer without a generated body: the data-verification
// family's 400 (error_fields) on Sertel, the seed's shapes elsewhere.
func (v *Vendor) render(c *emulate.Call, a emulate.Answer) emulate.Response {
	switch {
	case c.Endpoint == nil:
	case c.Endpoint.OperationID == opSertel && a.HTTP == http.StatusBadRequest:
		return v.sertelFailure(c, a)
	case isOTP(c.Endpoint.OperationID), c.Endpoint.OperationID == opNPWP:
		return codedFailure(a)
	}
	return failure(a)
}

// Authenticate implements emulate.Vendor: static App-ID + API-Key (docs/vendors/verihubs.md#s4-1;
// Go's server canonicalises the header names, so every casing matches),
// the key compared in constant time. Every failure is the same 401 (docs/vendors/verihubs.md#vh-10).
func (v *Vendor) Authenticate(c *emulate.Call) *emulate.Response {
	if c.CheckKeys(c.Req.Header.Get("App-ID"), c.Req.Header.Get("API-Key")) {
		return nil
	}
	return c.Refuse(AuthorizationFailed, "")
}

// Admit implements emulate.Vendor: quota and balance are enforced only
// for testing-mode apps (docs/vendors/verihubs.md#vh-7); the rest is the
// Refusals table.
func (v *Vendor) Admit(c *emulate.Call, verdict ledger.Verdict) *emulate.Response {
	if (verdict == ledger.QuotaExhausted || verdict == ledger.BalanceExhausted) && v.mode(c) != ModeTesting {
		return nil
	}
	if code, own := quotaCodes[c.Endpoint.OperationID]; own && (verdict == ledger.QuotaExhausted || verdict == ledger.BalanceExhausted) {
		return c.Refuse(code, "") // the product's own quota code (docs/vendors/verihubs.md#b3-5)
	}
	return v.VendorBase.Admit(c, verdict)
}

// mode is the calling app's mode; live when the config names none.
func (v *Vendor) mode(c *emulate.Call) string {
	if c.Deps.Ledger == nil {
		return ModeLive
	}
	if cred, ok := c.Deps.Ledger.Lookup(Name, c.Credential); ok && cred.Mode != "" {
		return cred.Mode
	}
	return ModeLive
}

// Invalid implements emulate.Vendor: a body the spec refuses (not JSON, a
// field of the wrong type) is INVALID_PAYLOAD, on OTP VALIDATION_ERROR.
func (v *Vendor) Invalid(c *emulate.Call, _ error) emulate.Response {
	switch {
	case c.Endpoint == nil:
	case isOTP(c.Endpoint.OperationID):
		return c.Fail(ValidationError, "") // the OTP products' 400 (docs/vendors/verihubs.md#b3-2)
	case c.Endpoint.OperationID == opNPWP:
		return c.Fail(OCRInvalid, "")
	}
	if _, ok := c.Endpoint.Answer(InvalidPayload, ""); !ok {
		// An endpoint without a body (DELETE /v1/face/enroll) documents
		// no INVALID_PAYLOAD: its own first 400 answers what it cannot
		// take (headers over -max-header-bytes).
		for _, a := range c.Endpoint.Answers {
			if a.HTTP == http.StatusBadRequest {
				return c.Fail(a.Code, a.Message)
			}
		}
	}
	return c.Fail(InvalidPayload, "")
}

// TooLarge implements emulate.Vendor.
func (v *Vendor) TooLarge(c *emulate.Call) emulate.Response {
	if a, ok := c.Endpoint.Answer(ImageSize, ""); ok {
		return failure(a)
	}
	return v.Invalid(c, nil)
}

// Internal implements emulate.Vendor: the seed's 500 body.
func (v *Vendor) Internal(*emulate.Call) emulate.Response {
	return emulate.Response{Status: http.StatusInternalServerError, Code: InternalServerError, Message: msgInternal,
		Body: errorBody{Message: msgInternal}}
}

// Reset implements emulate.Resetter: admin reset forgets the reference_ids
// apps have used and every product's remembered state.
func (v *Vendor) Reset() {
	v.refs.clear()
	v.sertel.clear()
	v.sertelRefs.clear()
	v.otps.clear()
	v.faces.clear()
}

// ResetWorkspace forgets the reference_ids, Sertel contacts, OTPs and enrolled faces of the
// workspace's apps
// (emulate.WorkspaceResetter).
func (v *Vendor) ResetWorkspace(_ string, of func(app string) bool) {
	v.refs.forget(of)
	v.sertel.forget(of)
	v.sertelRefs.forget(of)
	v.otps.forget(of)
	v.faces.forget(of)
}

// CheckCredential refuses a mode Verihubs does not have, in the config
// and in credentials added at run time (emulate.CredentialChecker).
func (*Vendor) CheckCredential(c ledger.Credential) error {
	switch c.Mode {
	case "", ModeSandbox, ModeTesting, ModeLive:
		return nil
	}
	return fmt.Errorf("verihubs credential %s: mode must be sandbox, testing or live, got %q", c.ID, c.Mode)
}
