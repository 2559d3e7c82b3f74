package izidata

import (
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
	"github.com/mockekyc/mockekyc/internal/ledger"
	"github.com/mockekyc/mockekyc/internal/phone"
)

// Name is the vendor's short name in paths, config and scenarios.
const Name = "izidata"

// Settings are iziData's knobs (vendors.izidata.settings).
type Settings struct {
	// FutureSkew: a request timestamp further ahead than this is
	// EXPIRED_REQUEST (docs/vendors/izidata.md#iz-4).
	FutureSkew time.Duration `yaml:"future_skew"`
	// MinExpire and MaxExpire bound the signed expire (seconds; docs/vendors/izidata.md#iz-4).
	MinExpire int `yaml:"min_expire"`
	MaxExpire int `yaml:"max_expire"`
	// KnownOnly makes md5 mode resolve only the declared People; any other
	// hash is NOT_FOUND_MD5. Off: every hash is somebody.
	KnownOnly bool `yaml:"known_only"`
	// NameMatchThreshold is the name similarity (0–1) from which
	// /v2 and /v3/identitycheck answer OK rather than NOT (eKYCPro's
	// default, docs/vendors/izidata.md#iz-27), a name, place or mother's
	// name on /v1/bankidcheck agrees, and a name on /v1/blacklist is the
	// NIK's person's.
	NameMatchThreshold float64 `yaml:"name_match_threshold"`
	// Blacklist are the NIKs and phones /v1/blacklist finds listed
	// (docs/vendors/izidata.md#bs-9).
	Blacklist struct {
		NIKs   []string `yaml:"niks"`
		Phones []string `yaml:"phones"`
	} `yaml:"blacklist"`
	// People are the NIKs and phones the mock knows in md5 mode.
	People struct {
		NIKs   []string `yaml:"niks"`
		Phones []string `yaml:"phones"`
	} `yaml:"people"`
	// Callback delivery for /v1/iswhatsapp (docs/vendors/izidata.md#iz-10).
	Callback struct {
		Tries   int           `yaml:"tries"`
		Timeout time.Duration `yaml:"timeout"`
		Backoff time.Duration `yaml:"backoff"`
	} `yaml:"callback"`
}

// DefaultSettings are the settings when the config names none.
func DefaultSettings() Settings {
	var s Settings
	s.FutureSkew = 300 * time.Second
	s.MinExpire, s.MaxExpire = 300, 129600
	s.NameMatchThreshold = 0.8
	s.Callback.Tries, s.Callback.Timeout, s.Callback.Backoff = 3, 5*time.Second, time.Second
	return s
}

// Hosts: the production host of the seed, the older production host, the
// sandbox (whose clients may authenticate with a ?token= query) and the
// API hub of /v1/officialfacecompare (docs/vendors/izidata.md#s1-1, #b2).
const (
	HostProduction = "api.izidata.co.id"
	HostOlder      = "api.izi.credit"
	HostSandbox    = "api.sandbox.izidata.co.id"
	HostHub        = "apihub.izi.credit"
)

// ModeSandbox marks a credential as a sandbox token (docs/vendors/izidata.md#bs-11):
// its secret is the token a request on HostSandbox sends as ?token=; it
// cannot sign credit-v1 requests.
const ModeSandbox = "sandbox"

// Vendor is the iziData emulator.
type Vendor struct {
	emulate.VendorBase
	product.Errors
	settings  Settings
	known     *knownPeople
	listed    listed
	sandbox   []string // ids of the sandbox-token credentials
	callbacks emulate.Retry
}

// New builds the emulator from its config section.
func New(cfg config.Vendor) (*Vendor, error) {
	s := DefaultSettings()
	if err := config.DecodeSettings(cfg.Settings, &s); err != nil {
		return nil, fmt.Errorf("izidata settings: %w", err)
	}
	switch {
	case s.FutureSkew < 0:
		return nil, fmt.Errorf("izidata settings: future_skew must not be negative")
	case s.MinExpire < 1 || s.MaxExpire < s.MinExpire:
		return nil, fmt.Errorf("izidata settings: want 1 <= min_expire <= max_expire, got %d..%d", s.MinExpire, s.MaxExpire)
	case s.Callback.Tries < 1 || s.Callback.Tries > 10:
		return nil, fmt.Errorf("izidata settings: callback.tries must be 1..10, got %d", s.Callback.Tries)
	case s.Callback.Timeout <= 0 || s.Callback.Backoff < 0:
		return nil, fmt.Errorf("izidata settings: callback timeout must be positive and backoff not negative")
	case s.NameMatchThreshold <= 0 || s.NameMatchThreshold > 1:
		return nil, fmt.Errorf("izidata settings: name_match_threshold must be in (0, 1], got %v", s.NameMatchThreshold)
	}
	known, err := newKnownPeople(s.People.NIKs, s.People.Phones)
	if err != nil {
		return nil, fmt.Errorf("izidata settings: %w", err)
	}
	bl, err := newListed(s.Blacklist.NIKs, s.Blacklist.Phones)
	if err != nil {
		return nil, fmt.Errorf("izidata settings: %w", err)
	}
	v := &Vendor{settings: s, known: known, listed: bl, callbacks: callbackRetry(s)}
	for _, c := range cfg.Credentials {
		switch c.Mode {
		case "":
		case ModeSandbox:
			if c.Secret == "" {
				return nil, fmt.Errorf("izidata credential %s: a sandbox token (mode sandbox) needs the token as its secret", c.ID)
			}
			v.sandbox = append(v.sandbox, c.ID)
		default:
			return nil, fmt.Errorf("izidata credential %s: mode must be empty or sandbox, got %q", c.ID, c.Mode)
		}
	}
	v.VendorBase = emulate.VendorBase{
		Profile: emulate.Profile{
			Name: Name, Title: "iziData",
			// api.izi.credit is the older host of the same API (docs/vendors/izidata.md#s1-1);
			// client code also calls the sandbox and the API hub (docs/vendors/izidata.md#b2-5).
			// Every host serves every endpoint but the two client code
			// places on one host only (their routes' Hosts, docs/vendors/izidata.md#iz-31).
			Hosts: []string{HostProduction, HostOlder, HostSandbox, HostHub},
			// Two images at the 4M limit with room to spare, so an
			// oversized image still gets IMAGE_INVALID_SIZE.
			MaxBody: 24 << 20,
		},
		Routes:    v.routes(),
		Render:    product.Fail,
		Generated: product.Generated,
		// docs/vendors/izidata.md#iz-6, #iz-7: the rate limit is RETRY_LATER
		// "system error", not the endpoint's own RETRY_LATER text.
		Refusals: emulate.Refusals{
			ledger.Unknown:        {Code: NoAuthorization},
			ledger.RateLimited:    {Code: product.RetryLater, Message: msgSystemError},
			ledger.QuotaExhausted: {Code: InsufficientBalance},
		},
		Secret:   secrets(),
		Unrouted: product.Unrouted(),
	}
	v.Errors, err = product.NewErrors(v.Routes, map[string]string{
		"idOcr": product.InvalidRequest, "npwpOcr": product.InvalidRequest, "antiFake": product.InvalidRequest, "pictureLive": product.InvalidRequest,
		"faceCompare": product.InvalidRequest, "idHolding": product.InvalidRequest, "phone": PhoneFail,
		"isWhatsapp": InvalidInput, "idInquiries": product.InvalidIDNumber, "phoneInquiries": product.FAIL,
		"creditScore": InvalidInput, "fraud": InvalidInput, "salary": product.InvalidIDNumber,
		"phoneAgeV2": InvalidPhoneNumber, "phoneAgeV3": InvalidPhoneNumber, "blacklist": product.InvalidIDNumber,
		"identityCheckV2": product.InvalidIDNumber, "identityCheckV3": product.InvalidIDNumber, "phoneVerify": InvalidPhoneNumber, "officialFaceCompare": product.InvalidRequest,
		"bankIdCheck": product.InvalidIDNumber,
	})
	if err != nil {
		return nil, fmt.Errorf("izidata: %w", err)
	}
	return v, nil
}

// routes is the route table: one operation a line, as in specs/izidata.yaml.
func (v *Vendor) routes() []*emulate.Endpoint {
	post := http.MethodPost
	return []*emulate.Endpoint{
		{OperationID: "idOcr", Method: post, Path: "/v1/id_ocr/general", Summary: "KTP OCR", Handle: v.idOCR,
			Answers: imageAnswers("a readable JPEG/PNG/BMP: the KTP of the person the image stands for", msgSize4M)},
		{OperationID: "npwpOcr", Method: post, Path: "/v1/npwp_ocr/general", Summary: "NPWP OCR", Handle: v.npwpOCR,
			Answers: imageAnswers("a readable image: the NPWP of the person the image stands for", product.MsgSize2M)},
		{OperationID: "antiFake", Method: post, Path: "/v1/id_card/antifake", Summary: "KTP anti-fake", Handle: v.antiFake,
			Answers: imageAnswers("a readable image: scores below the thresholds unless marker antifake=blur,ps,print,replay", product.MsgSize2M)},
		{OperationID: "pictureLive", Method: post, Path: "/v1/picturelive", Summary: "Liveness detection V1", Handle: v.pictureLive,
			Answers: imageAnswers("a readable image: live unless marker liveness=<reason>", product.MsgSize2M)},
		{OperationID: "faceCompare", Method: post, Path: "/v1/facecompare", Summary: "Face comparison", Handle: v.faceCompare,
			Answers: faceAnswers("two readable images: SAME PERSON unless markers say otherwise", msgFaceDetect, "a recognised image whose header does not decode (no face found)")},
		{OperationID: "idHolding", Method: post, Path: "/v1/idholding", Summary: "Hand-held ID comparison", Handle: v.idHolding,
			Answers: faceAnswers("a readable image: SAME PERSON unless marker similarity=<0..100>", product.MsgNotIDHolding, "a recognised image whose header does not decode")},
		{OperationID: "phone", Method: post, Path: "/v1/phone", Summary: "Global phone carrier inquiry", Handle: v.phone,
			Answers: append([]emulate.Answer{
				product.Charge(PhoneOK, "", "a number libphonenumber can parse with the country as default region (valid or not)"),
				product.Free(PhoneFail, phone.MsgNotANumber, "number missing or with too few digits (the seed's own example)"),
				product.Inferred(product.Free(PhoneFail, phone.MsgInvalidRegion, "a national number with a missing or unknown country"), http.StatusOK),
				product.Inferred(product.Free(PhoneFail, phone.MsgUnknownCodeAfterPlus, "+ followed by no known country code"), http.StatusOK),
				product.Inferred(product.Free(PhoneFail, phone.MsgUnknownCodeAfterIDD, "00 followed by no known country code"), http.StatusOK),
				product.Inferred(product.Free(PhoneFail, phone.MsgTooShortAfterIDD, "an international prefix with too little after it"), http.StatusOK),
				product.Inferred(product.Free(PhoneFail, phone.MsgTooShort, "too few digits after the country code"), http.StatusOK),
				product.Inferred(product.Free(PhoneFail, phone.MsgTooLong, "more than 17 digits"), http.StatusOK),
			}, access()...)},
		{OperationID: "isWhatsapp", Method: post, Path: "/v1/iswhatsapp", Summary: "WhatsApp detection", Handle: v.isWhatsapp,
			Answers: append([]emulate.Answer{
				whatsappResult,
				whatsappChecking,
				product.Inferred(product.Free(product.FAIL, msgInvalidQuery, "callback that is not an absolute http(s) URL"), http.StatusOK),
				product.Inferred(product.Free(InvalidInput, product.MsgInvalidPhone, "number missing or not an Indonesian number (32 hex with md5=1)"), http.StatusOK),
				product.Inferred(product.Free(product.RetryLater, product.MsgServiceDown, "scenario only"), http.StatusOK),
				notFoundMD5(md5Trigger),
			}, access()...)},
		{OperationID: "idInquiries", Method: post, Path: "/v1/idinquiries", Summary: "ID multi-inquiries", Handle: v.idInquiries,
			Answers: append(product.InquiryAnswers("a NIK (16 digits), or its MD5 with md5=1",
				product.Free(product.InvalidIDNumber, product.MsgInvalidNIK, "id missing or not 16 digits (32 hex with md5=1)"), md5Trigger), access()...)},
		{OperationID: "phoneInquiries", Method: post, Path: "/v1/phoneinquiries", Summary: "Phone multi-inquiries", Handle: v.phoneInquiries,
			Answers: append(product.InquiryAnswers("an Indonesian phone, or the MD5 of its E.164 form with md5=1",
				product.Free(product.FAIL, product.MsgInvalidPhone, "phone missing or not an Indonesian number"), md5Trigger), access()...)},
		{OperationID: "creditScore", Method: post, Path: "/v1/creditscore", Summary: "Credit score", Handle: v.creditScore,
			Answers: append([]emulate.Answer{
				product.Charge(product.OK, "", "a valid id and phone and a name: a 300-850 score as a string"),
				product.Free(InvalidInput, product.MsgInvalidNIK, "id missing or not a NIK"),
				product.Free(InvalidInput, product.MsgInvalidPhone, "phone missing or not an Indonesian number"),
				product.Inferred(product.Free(InvalidInput, msgInvalidInput, "name missing or blank (id and phone valid)"), http.StatusOK),
				product.Free(product.NotFoundMD5, product.MsgNotFoundMD5, md5Trigger),
				product.Inferred(product.Free(product.RetryLater, product.MsgServiceDown, "scenario only"), http.StatusOK),
			}, access()...)},
		{OperationID: "fraud", Method: post, Path: "/v1/fraud", Summary: "Fraud score", Handle: v.fraud,
			Answers: append([]emulate.Answer{
				product.Charge(product.OK, "", "a valid id and phone: PASS < 50 <= NEEDS_VERIFICATION < 70 <= REJECT"),
				product.Free(InvalidInput, product.MsgInvalidNIK, "id missing or not a NIK"),
				product.Free(InvalidInput, product.MsgInvalidPhone, "phone missing or not an Indonesian number"),
				product.Free(product.NotFoundMD5, product.MsgNotFoundMD5, md5Trigger),
				product.Inferred(product.Free(product.RetryLater, product.MsgServiceDown, "scenario only"), http.StatusOK),
			}, access()...)},
		{OperationID: "salary", Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/izidata.md#s1-5", Method: post, Path: "/v1/salary", Summary: "Salary (income check)", Handle: v.salary,
			Answers: append([]emulate.Answer{
				product.Charge(product.OK, "", "a valid NIK: a monthly salary in rupiah"),
				product.Inferred(product.Free(product.InvalidIDNumber, product.MsgInvalidNIK, "id missing or not 16 digits"), http.StatusOK),
				product.Inferred(product.Free(product.PersonNotFound, msgPersonNotFound, "16 digits that are no valid NIK (unknown district or impossible birth date)"), http.StatusOK),
				product.Inferred(product.Free(product.RetryLater, product.MsgServiceDown, "scenario only"), http.StatusOK),
			}, access()...)},

		// Beyond the seed: endpoints public client code calls (docs/vendors/izidata.md#b2).
		{OperationID: "phoneAgeV2", Method: post, Path: "/v2/phoneage", Summary: "Phone age (tenure in months)", Handle: v.phoneAge,
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/izidata.md#b2-1", Answers: phoneAgeAnswers()},
		{OperationID: "phoneAgeV3", Method: post, Path: "/v3/phoneage", Summary: "Phone age (tenure in months), v3", Handle: v.phoneAge,
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/izidata.md#b2-1", Answers: phoneAgeAnswers()},
		{OperationID: "blacklist", Method: post, Path: "/v1/blacklist", Summary: "Blacklist (PASS, NEEDS_VERIFICATION, REJECT)", Handle: v.blacklist,
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/izidata.md#b2-2",
			Answers: append([]emulate.Answer{
				product.Charge(product.OK, "", "a valid id and phone: REJECT for a listed NIK, or a listed phone with the NIK's person's name; NEEDS_VERIFICATION for a listed phone; else PASS (settings.blacklist)"),
				product.Inferred(product.Free(product.InvalidIDNumber, product.MsgInvalidNIK, "id missing or not a NIK (32 hex with md5=1)"), http.StatusOK),
				product.Inferred(product.Free(InvalidPhoneNumber, product.MsgInvalidPhone, "phone missing or not an Indonesian number (32 hex with md5=1)"), http.StatusOK),
				product.Free(product.NotFoundMD5, product.MsgNotFoundMD5, md5Trigger),
				product.Inferred(product.Free(product.RetryLater, product.MsgServiceDown, "scenario only"), http.StatusOK),
			}, access()...)},
		{OperationID: "identityCheckV2", Method: post, Path: "/v2/identitycheck", Summary: "Identity check (NIK + name)", Handle: v.identityCheckV2,
			Evidence: emulate.EvidenceClientCode, Source: "docs/vendors/izidata.md#b2-3", Answers: identityV2Answers()},
		// The detailed check's path is not visible in the client code: a
		// guess (docs/vendors/izidata.md#bs-10).
		{OperationID: "identityCheckV3", Method: post, Path: "/v3/identitycheck", Summary: "Identity check, detailed (registry record + match; path guessed)", Handle: v.identityCheckV3,
			Evidence: emulate.EvidenceInferred, Source: "docs/vendors/izidata.md#bs-10", Answers: identityAnswers()},
		{OperationID: "phoneVerify", Method: post, Path: "/v1/phoneverify", Summary: "Phone verify (is the phone the NIK owner's; path guessed)", Handle: v.phoneVerify,
			Evidence: emulate.EvidenceInferred, Source: "docs/vendors/izidata.md#bs-10",
			Answers: append([]emulate.Answer{
				product.Charge(product.OK, "", "a valid phone and NIK: MATCH when the NIK's person holds the phone (see /__admin/identity/{nik}) or the phone stands for that person, else NOT_MATCH"),
				product.Inferred(product.Free(NotFound, msgNotFound, "a NIK of 16 digits that is no valid NIK, or a number without a subscriber (toll-free, invalid range)"), http.StatusOK),
				product.Inferred(product.Free(InvalidPhoneNumber, product.MsgInvalidPhone, "phone missing or not an Indonesian number"), http.StatusOK),
				product.Inferred(product.Free(product.InvalidIDNumber, product.MsgInvalidNIK, "id missing or not 16 digits"), http.StatusOK),
			}, access()...)},
		// Seen on the sandbox host with a ?token=, and searched for in vain
		// on the production hosts: served there only (docs/vendors/izidata.md#iz-31).
		// The request is a client's, the answer inferred.
		{OperationID: "bankIdCheck", Method: post, Path: "/v1/bankidcheck", Summary: "NIK, name, birth place and date, mother's name against the registry (sandbox host only; answer inferred)", Handle: v.bankIDCheck,
			Evidence: emulate.EvidenceInferred, Source: "docs/vendors/izidata.md#b2-5", Hosts: []string{HostSandbox}, Answers: bankIDAnswers()},
		// Seen on apihub.izi.credit only: served there only (docs/vendors/izidata.md#iz-31).
		// The request is a client's, the answer inferred.
		{OperationID: "officialFaceCompare", Method: post, Path: "/v1/officialfacecompare", Summary: "Selfie against the registry photo of a NIK (apihub.izi.credit only; answer inferred)", Handle: v.officialFaceCompare,
			Evidence: emulate.EvidenceInferred, Source: "docs/vendors/izidata.md#b2-5", Hosts: []string{HostHub},
			Answers: append(append(product.FaceAnswers("a readable selfie and a valid NIK: SAME PERSON unless the marker names another NIK or sets similarity=",
				msgFaceDetect, "a recognised image whose header does not decode (no face found)", true),
				product.Free(product.InvalidIDNumber, product.MsgInvalidNIK, "nik missing or not 16 digits"),
				product.Free(product.PersonNotFound, msgPersonNotFound, "a nik of 16 digits that is no valid NIK")), offSandbox(access())...)},
	}
}

// phoneAgeAnswers is the phone age table (docs/vendors/izidata.md#b2-1): statuses
// and billing from client code, texts inferred.
func phoneAgeAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		product.Charge(product.OK, "", "an Indonesian mobile number: its tenure in months, never longer than its holder has been 17"),
		product.Inferred(product.Free(InvalidPhoneNumber, product.MsgInvalidPhone, "phone missing or not an Indonesian number"), http.StatusOK),
		product.Inferred(product.Free(PhoneNumberNotFound, msgPhoneNotFound, "an Indonesian number without a subscriber (toll-free, or outside the mobile ranges)"), http.StatusOK),
		product.Inferred(product.Free(product.RetryLater, product.MsgServiceDown, "scenario only"), http.StatusOK),
	}, access()...)
}

// bankIDAnswers are the identity checks' answers, decided on every field.
func bankIDAnswers() []emulate.Answer {
	out := identityAnswers()
	for i, a := range out {
		switch a.Code {
		case product.OK:
			out[i].Trigger = "a known NIK with its person's name, pob, dob (DD-MM-YYYY) and mother_name (see /__admin/identity/{nik})"
		case product.NOT:
			out[i].Trigger = "a known NIK and a field that differs or is missing"
		}
	}
	return out
}

// identityAnswers: both identity checks answer eKYCPro's /v1/ididcheck
// statuses (docs/vendors/izidata.md#b2-3), from one implementation, with
// iziData's PERSON_NOT_FOUND text (its salary's).
// The client code gives no texts: those are inferred.
func identityAnswers() []emulate.Answer {
	out := product.IdentityAnswers(msgPersonNotFound)
	for i, a := range out {
		if a.Message != "" {
			out[i] = product.Inferred(a, a.HTTP)
		}
	}
	return append(out, access()...)
}

// identityV2Answers: the status table is v3's Javadoc; v2's evidence is
// only its {id, name, match} shape, so its NOT (rather than OK with
// match:false) is an inference too (docs/vendors/izidata.md#b2-3).
func identityV2Answers() []emulate.Answer {
	out := identityAnswers()
	for i, a := range out {
		if a.Code == product.NOT {
			out[i].Inferred = true
		}
	}
	return out
}

// secrets are where iziData's requests carry secrets. The secret key (SK) never
// travels and the signing key derived from it is never recorded; what a
// request carries is `credit-v1/{AK}/{ts}/{expire}/{signedHeaders}/{signature}`.
// Everything but the signature stays in clear: AK, time and signed headers
// are what a failed signature check is debugged with (the journal's notes
// add the canonical request). The signature is fingerprinted: it proves
// nothing about SK, but replays its request until it expires.
//
// The sandbox's ?token= is the whole credential and is fingerprinted
// (GenericSecrets names token too; iziData declares its own).
func secrets() emulate.Secrets {
	return emulate.Secrets{Query: []string{"token"}, Signed: map[string]func(string) int{"Authorization": func(h string) int {
		if !strings.HasPrefix(strings.TrimSpace(h), creditVersion+"/") {
			return 0 // not credit-v1: all of it is fingerprinted
		}
		return strings.LastIndexByte(h, '/') + 1
	}}}
}

// Authenticate implements emulate.Vendor: the credit-v1 AK/SK signature,
// verified over the bytes and headers as received. On failure the journal
// shows the canonical request the mock computed.
//
// On the sandbox host a request with a ?token= query authenticates with the
// token instead (docs/vendors/izidata.md#bs-11).
func (v *Vendor) Authenticate(c *emulate.Call) *emulate.Response {
	if onHost(c.Req, HostSandbox) && c.Req.URL.Query().Has("token") {
		return v.tokenAuth(c)
	}
	res := Verify(c.Req, c.Body, VerifyOptions{
		Now:    c.Now,
		NowFor: c.NowFor,
		Secret: func(ak string) (string, bool) {
			cred, ok := c.Deps.Ledger.Lookup(Name, ak)
			return cred.Secret, ok && cred.Mode != ModeSandbox // a token is no SK
		},
		Paths:      candidatePaths(c.Req),
		FutureSkew: v.settings.FutureSkew,
		MinExpire:  v.settings.MinExpire,
		MaxExpire:  v.settings.MaxExpire,
	})
	c.Credential = res.AK
	if res.Code == "" {
		return nil
	}
	c.Note("auth", res.Reason)
	if res.Canonical != "" {
		c.Note("canonical_request", res.Canonical)
		c.Note("signed_headers", res.SignedHeaders)
	}
	return c.Refuse(res.Code, "")
}

// tokenAuth: the token must be the secret of a sandbox-token credential,
// compared in constant time; the credential is then its id. A wrong token
// is NO_AUTHORIZATION "invalid token" and is recorded only as the
// journal's fingerprint of the query.
func (v *Vendor) tokenAuth(c *emulate.Call) *emulate.Response {
	token := []byte(c.Req.URL.Query().Get("token"))
	for _, id := range v.sandbox {
		cred, ok := c.Deps.Ledger.Lookup(Name, id)
		if ok && len(token) > 0 && subtle.ConstantTimeCompare([]byte(cred.Secret), token) == 1 {
			c.Credential = id
			return nil
		}
	}
	c.Note("auth", "no sandbox credential (mode sandbox) has this token")
	return c.Refuse(NoAuthorization, msgInvalidToken)
}

// onHost reports whether the request's Host, port aside, is host.
func onHost(r *http.Request, host string) bool {
	h := r.Host
	if name, _, err := net.SplitHostPort(h); err == nil {
		h = name
	}
	return strings.EqualFold(h, host)
}

// candidatePaths: a client given the mock's /izidata prefix signs the path
// with the prefix; one that reaches the mock by Host signs the vendor path.
func candidatePaths(r *http.Request) []string {
	orig := emulate.OriginalPath(r)
	if orig == r.URL.Path {
		return []string{orig}
	}
	return []string{orig, r.URL.Path}
}

// CheckCredential refuses a credential added at run time with a mode
// (emulate.CredentialChecker): sandbox tokens are read from the config
// file only, when the vendor is built.
func (*Vendor) CheckCredential(c ledger.Credential) error {
	if c.Mode != "" {
		return fmt.Errorf("izidata credential %s: a credential added at run time takes no mode (sandbox tokens come from the config file), got %q", c.ID, c.Mode)
	}
	return nil
}
