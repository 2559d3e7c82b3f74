package ekycpro

import (
	"fmt"
	"net/http"

	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
	"github.com/mockekyc/mockekyc/internal/ledger"
)

// Name is the vendor's short name in paths, config and scenarios.
const Name = "ekycpro"

// Settings are eKYCPro's knobs in the config file (vendors.ekycpro.settings).
type Settings struct {
	// NameMatchThreshold splits /v1/ididcheck OK from NOT (name similarity 0–1).
	NameMatchThreshold float64 `yaml:"name_match_threshold"`
	// UnlimitedBalance is what /v1/balance reports for a key without a
	// configured balance.
	UnlimitedBalance float64 `yaml:"unlimited_balance"`
}

// DefaultSettings are the settings when the config names none.
func DefaultSettings() Settings {
	return Settings{NameMatchThreshold: 0.8, UnlimitedBalance: 1000000}
}

// Vendor is the eKYCPro emulator.
type Vendor struct {
	emulate.VendorBase
	product.Errors
	settings Settings
}

// New builds the emulator from its config section.
func New(cfg config.Vendor) (*Vendor, error) {
	s := DefaultSettings()
	if err := config.DecodeSettings(cfg.Settings, &s); err != nil {
		return nil, fmt.Errorf("ekycpro settings: %w", err)
	}
	if s.NameMatchThreshold <= 0 || s.NameMatchThreshold > 1 {
		return nil, fmt.Errorf("ekycpro settings: name_match_threshold must be in (0, 1], got %v", s.NameMatchThreshold)
	}
	v := &Vendor{settings: s}
	v.VendorBase = emulate.VendorBase{
		Profile: emulate.Profile{
			Name: Name, Title: "eKYCPro", Hosts: []string{"api.ekycpro.com"},
			// Two 2M images with room to spare, so that an oversized image
			// still gets IMAGE_INVALID_SIZE from the handler.
			MaxBody: 16 << 20,
		},
		Routes:    v.routes(),
		Render:    product.Fail,
		Generated: product.Generated,
		// docs/vendors/ekycpro.md#ek-1, #ek-2, #ek-7. A used-up quota is
		// not the balance endpoint's, which never charges: the ledger holds
		// it to the rate limit only, so it stays readable.
		Refusals: emulate.Refusals{
			ledger.Unknown:          {Code: NoAuthorization},
			ledger.RateLimited:      {Code: product.RetryLater, Message: msgTooFrequent},
			ledger.QuotaExhausted:   {Code: product.RetryLater, Message: msgDailyLimit},
			ledger.BalanceExhausted: {Code: InsufficientBal},
		},
		// The X-API-Key is the whole credential, id and secret at once, so
		// the journal's credential is its fingerprint too.
		Secret:   emulate.Secrets{Headers: []string{"X-API-Key"}, CredentialIsSecret: true},
		Unrouted: product.Unrouted(),
	}
	var err error
	v.Errors, err = product.NewErrors(v.Routes, map[string]string{
		"idOcr": product.InvalidRequest, "antiFake": product.InvalidRequest, "pictureLive": product.InvalidRequest,
		"faceCompare": product.InvalidRequest, "idHolding": product.InvalidRequest,
		"idInquiries": product.InvalidIDNumber, "indiaIdInquiries": product.InvalidIDNumber, "mexicoIdInquiries": product.InvalidIDNumber,
		"idCheck": product.InvalidIDNumber, "phoneInquiries": product.FAIL,
		// The balance takes no parameters and documents no bad-parameters
		// answer: a request it cannot read is its server error.
		"balance": product.InnerError,
	})
	if err != nil {
		return nil, fmt.Errorf("ekycpro: %w", err)
	}
	return v, nil
}

// md5ScenarioOnly: every well-formed MD5 is somebody on eKYCPro.
const md5ScenarioOnly = "scenario only (every MD5 is known by default)"

// docsPages: the endpoints of docs.ekycpro.com beyond the seed's KTP OCR
// page.
const docsPages = "docs/vendors/ekycpro.md#s5-3"

// routes is the route table: one operation a line, as in specs/ekycpro.yaml.
func (v *Vendor) routes() []*emulate.Endpoint {
	return []*emulate.Endpoint{
		{OperationID: "idOcr", Method: http.MethodPost, Path: "/v1/id_ocr/general", Summary: "KTP OCR", Handle: v.idOCR,
			Answers: imageAnswers("a readable JPEG/PNG/BMP: the KTP of the person the image stands for", product.MsgServiceDown)},
		{OperationID: "antiFake", Evidence: emulate.EvidenceVendorDocs, Source: docsPages, Method: http.MethodPost, Path: "/v1/id_card/antifake", Summary: "KTP anti-fake", Handle: v.antiFake,
			Answers: imageAnswers("a readable image: scores below the thresholds unless marker antifake=blur,ps,print,replay", product.MsgInner)},
		{OperationID: "pictureLive", Evidence: emulate.EvidenceVendorDocs, Source: docsPages, Method: http.MethodPost, Path: "/v1/picturelive", Summary: "Liveness detection", Handle: v.pictureLive,
			Answers: imageAnswers("a readable image: live unless marker liveness=<reason>", product.MsgInner)},
		{OperationID: "faceCompare", Evidence: emulate.EvidenceVendorDocs, Source: docsPages, Method: http.MethodPost, Path: "/v1/facecompare", Summary: "Face comparison", Handle: v.faceCompare,
			Answers: faceAnswers("two readable images: SAME PERSON unless markers say otherwise (similarity=, different nik=)",
				msgFaceDetect, "a recognised image whose header does not decode (no face found); or scenario")},
		{OperationID: "idHolding", Evidence: emulate.EvidenceVendorDocs, Source: docsPages, Method: http.MethodPost, Path: "/v1/idholding", Summary: "Hand-held ID comparison", Handle: v.idHolding,
			Answers: faceAnswers("a readable image: SAME PERSON unless marker similarity=<0..100>",
				product.MsgNotIDHolding, "a recognised image whose header does not decode; or scenario")},
		{OperationID: "idInquiries", Evidence: emulate.EvidenceVendorDocs, Source: docsPages, Method: http.MethodPost, Path: "/v1/ididinquiries", Summary: "Indonesia ID multi-inquiries", Handle: v.idInquiries,
			Answers: inquiryAnswers(product.Free(product.InvalidIDNumber, product.MsgInvalidNIK, "id missing or not 16 digits (32 hex with md5=1)"), md5ScenarioOnly)},
		{OperationID: "phoneInquiries", Evidence: emulate.EvidenceVendorDocs, Source: docsPages, Method: http.MethodPost, Path: "/v1/ididphoneinquiries", Summary: "Indonesia phone multi-inquiries", Handle: v.phoneInquiries,
			Answers: inquiryAnswers(product.Free(product.FAIL, product.MsgInvalidPhone, "phone missing or not an Indonesian number (32 hex with md5=1)"), md5ScenarioOnly)},
		{OperationID: "indiaIdInquiries", Evidence: emulate.EvidenceVendorDocs, Source: docsPages, Method: http.MethodPost, Path: "/v1/inidinquiries", Summary: "India ID multi-inquiries", Handle: v.foreignInquiries(validAadhaar),
			Answers: inquiryAnswers(product.Inferred(product.Free(product.InvalidIDNumber, product.MsgInvalidNIK, "id missing or not an Aadhaar number (12 digits, first 2-9)"), http.StatusOK), "")},
		{OperationID: "mexicoIdInquiries", Evidence: emulate.EvidenceVendorDocs, Source: docsPages, Method: http.MethodPost, Path: "/v1/mxidinquiries", Summary: "Mexico ID multi-inquiries", Handle: v.foreignInquiries(validCURP),
			Answers: inquiryAnswers(product.Inferred(product.Free(product.InvalidIDNumber, product.MsgInvalidNIK, "id missing or not a CURP (18 characters)"), http.StatusOK), "")},
		{OperationID: "idCheck", Evidence: emulate.EvidenceVendorDocs, Source: docsPages, Method: http.MethodPost, Path: "/v1/ididcheck", Summary: "Indonesia identity verification", Handle: v.idCheck,
			Answers: append(product.IdentityAnswers(msgPersonNotFound), access(true)...)},
		{OperationID: "balance", Evidence: emulate.EvidenceVendorDocs, Source: docsPages, Method: http.MethodGet, Path: "/v1/balance", Summary: "Account balance", Handle: v.balance,
			Answers: append([]emulate.Answer{
				product.Free(product.OK, "", "a valid key"),
				product.Inferred(product.Free(product.InnerError, product.MsgInner, "scenario, or a request whose body cannot be read"), http.StatusInternalServerError),
			}, access(false)...)},
	}
}

// Authenticate implements emulate.Vendor: the static X-API-Key, looked up
// among the configured keys (the key is the credential's id).
func (v *Vendor) Authenticate(c *emulate.Call) *emulate.Response {
	key := c.Req.Header.Get("X-API-Key")
	if key != "" && c.Deps.Ledger != nil {
		if cred, ok := c.Deps.Ledger.Lookup(Name, key); ok {
			c.Credential = cred.ID
			return nil
		}
	}
	c.Credential = key
	return c.Refuse(NoAuthorization, "")
}
