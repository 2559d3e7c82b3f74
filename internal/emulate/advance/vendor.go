package advance

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/ledger"
)

// Name is the vendor's short name in paths, config and scenarios.
const Name = "advance"

// Operation ids, as in specs/advance.yaml.
const (
	opToken    = "generateToken"
	opKK       = "kkOcr"
	opKTP      = "ktpOcr"
	opFace     = "faceCompare"
	opForgery  = "idForgery"
	opIdentity = "identityCheck"

	// Beyond the seed (docs/vendors/advance.md#beyond).
	opKTPv1        = "ktpOcrV1"
	opOCRv2        = "ocrCheckV2"
	opIdentityV2   = "identityCheckV2"
	opIdentityV4   = "identityCheckV4"
	opBlacklistV3  = "blacklistCheckV3"
	opBlacklistV4  = "blacklistCheckV4"
	opBlacklistV5  = "blacklistCheckV5"
	opMultiV3      = "multiPlatformV3"
	opMultiV6      = "multiPlatformV6"
	opMultiV11     = "multiPlatformV11"
	opFaceV2       = "faceCompareV2"
	opFaceV3       = "faceCompareV3"
	opIDCheck      = "idCheckV2"
	opLicense      = "livenessLicense"
	opSignature    = "generateSignatureId"
	opSignatureGet = "generateSignatureIdGet"
	opLiveness     = "livenessResult"
	opDocLicense   = "documentLicense"
	opBankAccount  = "bankAccountCheck"
	opTeleIdentity = "teleIdentityCheck"
	opTeleAuth     = "teleAuthentication"
	opScoring      = "scoring"
	opCompanyCheck = "companyCheck"
)

// Settings are ADVANCE.AI's knobs (vendors.advance.settings).
type Settings struct {
	// TimestampWindow: a token request whose timestamp is further than this
	// from the clock is "Timestamp error" (docs/vendors/advance.md#ad-5: 300 s, inclusive).
	TimestampWindow time.Duration `yaml:"timestamp_window"`
	// DateWindow: a legacy-signed request whose Date is further than this
	// from the clock is refused (docs/vendors/advance.md#ad-9: 15 min).
	DateWindow time.Duration `yaml:"date_window"`
	// RetryAfter is the Retry-After header (seconds) of SERVICE_BUSY and
	// RETRY_LATER (docs/vendors/advance.md#ad-12: 10).
	RetryAfter int `yaml:"retry_after"`
	// StaticKeys are the accounts' static X-ADVAI-KEY values, by accessKey
	// (docs/vendors/advance.md#bs-7): an account named here may send the
	// key instead of a token. None by default.
	StaticKeys map[string]string `yaml:"static_keys"`
	// TestAccountLimitation answers a test account's used-up quota with
	// TEST_ACCOUNT_REACHED_LIMITATION instead of the glossary's
	// OVER_QUERY_LIMIT test-account text (docs/vendors/advance.md#b1-1).
	TestAccountLimitation bool `yaml:"test_account_limitation"`
	// Blacklist is who the blacklist check finds listed
	// (docs/vendors/advance.md#b1-4): NIKs, phones (any Indonesian form)
	// and names (compared without case and extra spaces).
	Blacklist struct {
		NIKs   []string `yaml:"niks"`
		Phones []string `yaml:"phones"`
		Names  []string `yaml:"names"`
	} `yaml:"blacklist"`
	// BankAccounts: accounts the bank account check does not find
	// ("account" or "BANKCODE/account"), and holders (the NIK of the
	// person whose name an account answers); every other well-formed
	// account exists, held by the person its number picks
	// (docs/vendors/advance.md#b1-8).
	BankAccounts struct {
		Absent  []string          `yaml:"absent"`
		Holders map[string]string `yaml:"holders"`
	} `yaml:"bank_accounts"`
	// PersonNotFound answers identity check for a NIK that names no real
	// district or birth date with PERSON_NOT_FOUND (docs/vendors/advance.md#bs-1);
	// off, such a NIK gets its stand-in person like every other endpoint.
	PersonNotFound bool `yaml:"person_not_found"`
}

// DefaultSettings are the settings when the config names none.
func DefaultSettings() Settings {
	return Settings{TimestampWindow: 300 * time.Second, DateWindow: 15 * time.Minute, RetryAfter: 10, PersonNotFound: true}
}

// Vendor is the ADVANCE.AI emulator.
type Vendor struct {
	emulate.VendorBase
	settings Settings
	lists    lists
}

// New builds the emulator from its config section.
func New(cfg config.Vendor) (*Vendor, error) {
	s := DefaultSettings()
	if err := config.DecodeSettings(cfg.Settings, &s); err != nil {
		return nil, fmt.Errorf("advance settings: %w", err)
	}
	switch {
	case s.TimestampWindow < 0 || s.DateWindow < 0:
		return nil, fmt.Errorf("advance settings: timestamp_window and date_window must not be negative")
	case s.RetryAfter < 1 || s.RetryAfter > 3600:
		return nil, fmt.Errorf("advance settings: retry_after must be 1..3600 seconds, got %d", s.RetryAfter)
	}
	for _, c := range cfg.Credentials {
		if err := (*Vendor)(nil).CheckCredential(c); err != nil {
			return nil, err
		}
	}
	lists, err := newLists(s)
	if err != nil {
		return nil, fmt.Errorf("advance settings: %w", err)
	}
	for ak := range s.StaticKeys {
		if !slices.ContainsFunc(cfg.Credentials, func(c ledger.Credential) bool { return c.ID == ak }) {
			return nil, fmt.Errorf("advance settings: static_keys names %q, which is no credential", ak)
		}
	}
	v := &Vendor{settings: s, lists: lists}
	v.VendorBase = emulate.VendorBase{
		Profile: emulate.Profile{
			Name: Name, Title: "ADVANCE.AI",
			// The Indonesia/default host (docs/vendors/advance.md#s2-1).
			Hosts: []string{"api.advance.ai"},
			// Two images just under the 2 MiB limit with room to spare, so
			// an oversized image still gets the vendor's own size answer.
			MaxBody: 16 << 20,
		},
		Routes: v.routes(),
		// Every answer is the envelope, HTTP 200 (docs/vendors/advance.md#ad-1):
		// only SUCCESS carries data.
		Render:    func(c *emulate.Call, a emulate.Answer) emulate.Response { return v.answer(c, a, nil) },
		Generated: func(a emulate.Answer) bool { return a.Code == Success },
		// The glossary's codes (docs/vendors/advance.md#s2-2); Admit adds
		// the rules that depend on the endpoint and the credential.
		Refusals: emulate.Refusals{
			ledger.Unknown:          {Code: IAMFailed, Message: MsgIAMKeyNotFound},
			ledger.Disabled:         {Code: IAMFailed, Message: MsgIAMDisabled},
			ledger.Expired:          {Code: IAMFailed, Message: MsgIAMAccountExpire},
			ledger.NoPermission:     {Code: IAMFailed, Message: MsgIAMDomain},
			ledger.RateLimited:      {Code: ServiceBusy, Message: MsgRateLimit},
			ledger.QuotaExhausted:   {Code: OverQueryLimit, Message: MsgOverQuota},
			ledger.BalanceExhausted: {Code: InsufficientBalance, Message: MsgBalance},
		},
		Secret: secrets(),
		// The glossary's CLIENT_ERROR texts, HTTP 200 like every enveloped
		// answer (docs/vendors/README.md#x-1, docs/vendors/advance.md#ad-1).
		Unrouted: emulate.Unrouted{
			NotFound:         seedText(free(ClientError, MsgNotFound, "a path ADVANCE does not serve")),
			MethodNotAllowed: seedText(free(ClientError, MsgMethod, "a method the path does not take")),
			Source:           "docs/vendors/README.md#x-1",
		},
	}
	return v, nil
}

// seedText marks an unrouted answer whose text is the seed glossary's.
func seedText(a emulate.Answer) emulate.Answer {
	a.Evidence = emulate.EvidenceSeed
	return a
}

// modeTest marks a test account: its used-up total quota gets the
// glossary's "for test account" text.
const modeTest = "test"

// routes is the route table: one operation a line, as in specs/advance.yaml.
func (v *Vendor) routes() []*emulate.Endpoint {
	post := http.MethodPost
	return []*emulate.Endpoint{
		{OperationID: opToken, Method: post, Path: "/openapi/auth/ticket/v1/generate-token", Summary: "Token authentication", Handle: v.generateToken, Answers: tokenAnswers()},
		{OperationID: opKK, Method: post, Path: "/openapi/face-identity/v1/ocr-kk-check", Summary: "KK OCR", Handle: v.kkOCR, Answers: kkAnswers()},
		{OperationID: opKTP, Method: post, Path: "/openapi/face-recognition/v3/ocr-ktp-check", Summary: "KTP OCR v3", Handle: v.ktpOCR, Answers: ktpAnswers()},
		{OperationID: opFace, Method: post, Path: "/openapi/face-recognition/v4/check", Summary: "Face comparison v4", Handle: v.faceCompare, Answers: faceAnswers()},
		{OperationID: opForgery, Method: post, Path: "/openapi/face-identity/v2/id-forgery-detection", Summary: "ID forgery detection (Indonesia)", Handle: v.idForgery, Answers: forgeryAnswers()},
		{OperationID: opIdentity, Method: post, Path: "/openapi/anti-fraud/v3/identity-check", Summary: "Identity check", Handle: v.identityCheck, Answers: identityAnswers()},

		// Beyond the seed: docs/vendors/advance.md#beyond, with the evidence of each.
		{OperationID: opKTPv1, Method: post, Path: "/openapi/face-recognition/v1/ocr-ktp-check", Summary: "KTP OCR v1 (the v3 body)", Handle: v.ktpOCR, Answers: ktpAnswers(),
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/advance.md#b1-2"},
		{OperationID: opOCRv2, Method: post, Path: "/openapi/face-recognition/v2/ocr-check", Summary: "KTP OCR v2, legacy: idNumber and name", Handle: v.ktpOCR, Answers: ocrV2Answers(),
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/advance.md#b1-2"},
		{OperationID: opIdentityV2, Method: post, Path: "/openapi/anti-fraud/v2/identity-check", Summary: "Identity check v2", Handle: v.identityCheck, Answers: identityAnswers(),
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/advance.md#b1-3"},
		{OperationID: opIdentityV4, Method: post, Path: "/openapi/anti-fraud/v4/identity-check", Summary: "Identity check v4 (v3's body)", Handle: v.identityCheck, Answers: identityAnswers(),
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/advance.md#b1-3"},
		{OperationID: opBlacklistV3, Method: post, Path: "/openapi/anti-fraud/v3/blacklist-check", Summary: "Blacklist check v3 (with defaultResult)", Handle: v.blacklistCheck, Answers: blacklistAnswers(),
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/advance.md#b1-4"},
		{OperationID: opBlacklistV4, Method: post, Path: "/openapi/anti-fraud/v4/blacklist-check", Summary: "Blacklist check v4", Handle: v.blacklistCheck, Answers: blacklistAnswers(),
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/advance.md#b1-4"},
		{OperationID: opBlacklistV5, Method: post, Path: "/openapi/anti-fraud/v5/blacklist-check", Summary: "Blacklist check v5", Handle: v.blacklistCheck, Answers: blacklistAnswers(),
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/advance.md#b1-4"},
		{OperationID: opMultiV3, Method: post, Path: "/openapi/default-detection/v3/multi-platform", Summary: "Multi-platform detection v3 (records, statistics[])", Handle: v.multiPlatform, Answers: multiAnswers(false),
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/advance.md#b1-5"},
		{OperationID: opMultiV6, Method: post, Path: "/openapi/verification/v6/multi-platform", Summary: "Multi-platform detection v6 (statistics flattened into data)", Handle: v.multiPlatform, Answers: multiAnswers(false),
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/advance.md#b1-5"},
		{OperationID: opMultiV11, Method: post, Path: "/openapi/default-detection/v11/multi-platform", Summary: "Multi-platform detection v11 (GD_X features)", Handle: v.multiPlatform, Answers: multiAnswers(true),
			Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/advance.md#b1-5 (doc.advance.ai/multi_platform_detect.html)"},
		{OperationID: opFaceV2, Method: post, Path: "/openapi/face-recognition/v2/check", Summary: "Face comparison v2 (similarity only)", Handle: v.faceCompare, Answers: faceAnswers(),
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/advance.md#b1-6"},
		{OperationID: opFaceV3, Method: post, Path: "/openapi/face-recognition/v3/check", Summary: "Face comparison v3 (similarity only)", Handle: v.faceCompare, Answers: faceAnswers(),
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/advance.md#b1-6"},
		{OperationID: opIDCheck, Method: post, Path: "/openapi/face-recognition/v2/id-check", Summary: "Hand-held ID check", Handle: v.idCheck, Answers: idCheckAnswers(),
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/advance.md#b1-6"},
		{OperationID: opLicense, Method: post, Path: "/openapi/liveness/v1/auth-license", Summary: "Liveness SDK license", Handle: v.license, Answers: licenseAnswers(),
			Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/advance.md#b1-7 (doc.advance.ai/liveness_detection.html)"},
		{OperationID: opSignature, Method: post, Path: "/liveness/ext/v1/generate-signature-id", Summary: "Liveness signatureId", Handle: v.signatureID, Answers: signatureAnswers(),
			// The docs give the path; the request fields are a transcription
			// (docs/vendors/advance.md#b1-7): client code's strength at best.
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/advance.md#b1-7"},
		{OperationID: opSignatureGet, Method: http.MethodGet, Path: "/liveness/ext/v1/generate-signature-id", Summary: "Liveness signatureId, with GET as a React Native client calls it", Handle: v.signatureID, Answers: signatureAnswers(),
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/advance.md#b1-1"},
		{OperationID: opLiveness, Method: post, Path: "/openapi/liveness/v3/detection-result", Summary: "Liveness detection result", Handle: v.livenessResult, Answers: livenessAnswers(),
			Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/advance.md#b1-7"},
		{OperationID: opDocLicense, Method: post, Path: "/intl/openapi/face-identity/document-verification/v1/auth-license", Summary: "Document verification SDK license", Handle: v.license, Answers: licenseAnswers(),
			Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/advance.md#b1-7 (doc.advance.ai/global_document_verification.html)"},
		{OperationID: opBankAccount, Method: post, Path: "/openapi/verification/v1/bank-account-check", Summary: "Bank account check", Handle: v.bankAccountCheck, Answers: bankAnswers(),
			Evidence: emulate.EvidenceVendorDocs, Source: "docs/vendors/advance.md#b1-8 (doc.advance.ai/bank_account_check.html)"},
		{OperationID: opTeleIdentity, Method: post, Path: "/openapi/operator/v1/tele-identity-check", Summary: "Telco identity check (shape inferred)", Handle: v.teleIdentity, Answers: teleAnswers(true),
			Evidence: emulate.EvidenceInferred, Source: "docs/vendors/advance.md#b1-9"},
		{OperationID: opTeleAuth, Method: post, Path: "/openapi/operator/v1/tele-authentication", Summary: "Telco phone authentication (shape inferred)", Handle: v.teleAuthentication, Answers: teleAnswers(false),
			Evidence: emulate.EvidenceInferred, Source: "docs/vendors/advance.md#b1-9"},
		{OperationID: opScoring, Method: post, Path: "/openapi/anti-fraud/v1/scoring", Summary: "Credit score (shape inferred)", Handle: v.scoring, Answers: scoringAnswers(),
			Evidence: emulate.EvidenceInferred, Source: "docs/vendors/advance.md#b1-9"},
		{OperationID: opCompanyCheck, Method: post, Path: "/openapi/anti-fraud/v3/company-check", Summary: "Company check (shape inferred)", Handle: v.companyCheck, Answers: companyAnswers(),
			Evidence: emulate.EvidenceInferred, Source: "docs/vendors/advance.md#b1-9"},
	}
}

// secrets are where ADVANCE's requests and answers carry secrets: the access token in its
// header and in generate-token's answer, generate-token's signature field
// (it replays while its timestamp is in the window), and the signature
// half of the legacy `Authorization: accessKey:signature` (docs/vendors/advance.md#s2-3).
func secrets() emulate.Secrets {
	return emulate.Secrets{
		Signed: map[string]func(string) int{"Authorization": func(h string) int {
			return strings.IndexByte(h, ':') + 1 // the accessKey and ':' in clear
		}},
		Headers: []string{"X-ACCESS-TOKEN", "X-ADVAI-KEY"},
		Fields:  []string{"signature"},
		Answer:  []string{"data.token", "data.license"},
	}
}

// Authenticate implements emulate.Vendor: the token endpoint checks its own
// body (docs/vendors/advance.md#s2-3-1); every other endpoint wants X-ACCESS-TOKEN or the legacy
// HMAC signature (docs/vendors/advance.md#s2-3-2).
func (v *Vendor) Authenticate(c *emulate.Call) *emulate.Response {
	var code, msg string
	if c.Endpoint.OperationID == opToken {
		code, msg = v.authTokenRequest(c)
	} else {
		code, msg = v.authAccess(c)
	}
	if code == "" {
		return nil
	}
	return c.Refuse(code, msg)
}

// Admit implements emulate.Vendor: the Refusals table, but for what
// depends on the endpoint and the credential. Getting a token is free and
// not an API use: the ledger holds the unmetered endpoint to the rate
// limit only, so a disabled or expired account and the rate limit are all
// that refuse it.
func (v *Vendor) Admit(c *emulate.Call, verdict ledger.Verdict) *emulate.Response {
	switch verdict {
	case ledger.Disabled:
		if _, own := c.Endpoint.Answer(AccountDisabled, MsgAccountDisabled); own {
			return c.Refuse(AccountDisabled, MsgAccountDisabled)
		}
	case ledger.QuotaExhausted:
		cred, _ := c.Deps.Ledger.Lookup(Name, c.Credential)
		switch {
		case cred.QuotaPeriod == ledger.PeriodDay:
			return c.Refuse(ServiceBusy, MsgDailyQuota)
		case cred.Mode == modeTest && v.settings.TestAccountLimitation:
			return c.Refuse(TestAccountLimitation, MsgTestAccountLimit)
		case cred.Mode == modeTest:
			return c.Refuse(OverQueryLimit, MsgOverQuotaT)
		}
	}
	return v.VendorBase.Admit(c, verdict)
}

// Invalid implements emulate.Vendor: a body the endpoint cannot read is
// CLIENT_ERROR "HTTP 400 - Bad Request" (the token table; glossary).
func (v *Vendor) Invalid(c *emulate.Call, _ error) emulate.Response {
	return c.Fail(ClientError, MsgBadRequest)
}

// TooLarge implements emulate.Vendor: an image endpoint's size answer,
// else a bad request.
func (v *Vendor) TooLarge(c *emulate.Call) emulate.Response {
	if a, ok := imageEndpoints[c.Endpoint.OperationID]; ok {
		return c.Fail(a.size.code, a.size.msg)
	}
	return v.Invalid(c, nil)
}

// Internal implements emulate.Vendor: the glossary's ERROR, HTTP 200 like
// every enveloped answer (docs/vendors/advance.md#ad-1).
func (v *Vendor) Internal(c *emulate.Call) emulate.Response {
	body := envelope{Code: Error, Message: MsgServerError, TransactionID: c.IDs().Hex(16), PricingStrategy: pricingFree}
	return emulate.Response{Status: http.StatusOK, Body: body, Code: Error, Message: MsgServerError}
}

// envelope is every ADVANCE answer, keys in the examples' order (docs/vendors/advance.md#s2-2);
// extra is always null here (no exception to report).
type envelope struct {
	Code            string  `json:"code"`
	Message         string  `json:"message"`
	Data            any     `json:"data"`
	Extra           *string `json:"extra"`
	TransactionID   string  `json:"transactionId"`
	PricingStrategy string  `json:"pricingStrategy"`
}

// answer wraps data in the envelope of a documented answer. pricingStrategy
// mirrors the code's pay/free tag; SERVICE_BUSY's rate message and
// RETRY_LATER carry Retry-After (docs/vendors/advance.md#ad-12).
func (v *Vendor) answer(c *emulate.Call, a emulate.Answer, data any) emulate.Response {
	p := pricingFree
	if a.Charged {
		p = pricingPay
	}
	r := emulate.JSON(a, envelope{Code: a.Code, Message: a.Message, Data: data, TransactionID: c.IDs().Hex(16), PricingStrategy: p})
	if a.Code == RetryLater || a.Code == ServiceBusy && a.Message == MsgRateLimit {
		r.Header = http.Header{"Retry-After": {strconv.Itoa(v.settings.RetryAfter)}}
	}
	return r
}

// respond is emulate.Call.Respond with SUCCESS's data built by data,
// generated even when a scenario forces it.
func (v *Vendor) respond(c *emulate.Call, code, message string, data func() any) emulate.Response {
	return c.Respond(code, message, func(a emulate.Answer) emulate.Response { return v.answer(c, a, data()) })
}

// CheckCredential refuses a mode ADVANCE does not have, in the config and
// in credentials added at run time (emulate.CredentialChecker).
func (*Vendor) CheckCredential(c ledger.Credential) error {
	if c.Mode != "" && c.Mode != modeTest {
		return fmt.Errorf("advance credential %q: mode must be %q or empty, got %q", c.ID, modeTest, c.Mode)
	}
	return nil
}
