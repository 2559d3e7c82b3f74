package izidata

import (
	"fmt"
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
	s.Callback.Tries, s.Callback.Timeout, s.Callback.Backoff = 3, 5*time.Second, time.Second
	return s
}

// Vendor is the iziData emulator.
type Vendor struct {
	emulate.VendorBase
	product.Errors
	settings  Settings
	known     *knownPeople
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
	}
	known, err := newKnownPeople(s.People.NIKs, s.People.Phones)
	if err != nil {
		return nil, fmt.Errorf("izidata settings: %w", err)
	}
	v := &Vendor{settings: s, known: known, callbacks: callbackRetry(s)}
	v.VendorBase = emulate.VendorBase{
		Profile: emulate.Profile{
			Name: Name, Title: "iziData",
			// api.izi.credit is the older host of the same API (docs/vendors/izidata.md#s1-1).
			Hosts: []string{"api.izidata.co.id", "api.izi.credit"},
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
		{OperationID: "salary", Method: post, Path: "/v1/salary", Summary: "Salary (income check)", Handle: v.salary,
			Answers: append([]emulate.Answer{
				product.Charge(product.OK, "", "a valid NIK: a monthly salary in rupiah"),
				product.Inferred(product.Free(product.InvalidIDNumber, product.MsgInvalidNIK, "id missing or not 16 digits"), http.StatusOK),
				product.Inferred(product.Free(product.PersonNotFound, msgPersonNotFound, "16 digits that are no valid NIK (unknown district or impossible birth date)"), http.StatusOK),
				product.Inferred(product.Free(product.RetryLater, product.MsgServiceDown, "scenario only"), http.StatusOK),
			}, access()...)},
	}
}

// secrets are where iziData's requests carry secrets. The secret key (SK) never
// travels and the signing key derived from it is never recorded; what a
// request carries is `credit-v1/{AK}/{ts}/{expire}/{signedHeaders}/{signature}`.
// Everything but the signature stays in clear: AK, time and signed headers
// are what a failed signature check is debugged with (the journal's notes
// add the canonical request). The signature is fingerprinted: it proves
// nothing about SK, but replays its request until it expires.
func secrets() emulate.Secrets {
	return emulate.Secrets{Signed: map[string]func(string) int{"Authorization": func(h string) int {
		if !strings.HasPrefix(strings.TrimSpace(h), creditVersion+"/") {
			return 0 // not credit-v1: all of it is fingerprinted
		}
		return strings.LastIndexByte(h, '/') + 1
	}}}
}

// Authenticate implements emulate.Vendor: the credit-v1 AK/SK signature,
// verified over the bytes and headers as received. On failure the journal
// shows the canonical request the mock computed.
func (v *Vendor) Authenticate(c *emulate.Call) *emulate.Response {
	res := Verify(c.Req, c.Body, VerifyOptions{
		Now: c.Now,
		Secret: func(ak string) (string, bool) {
			cred, ok := c.Deps.Ledger.Lookup(Name, ak)
			return cred.Secret, ok
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

// candidatePaths: a client given the mock's /izidata prefix signs the path
// with the prefix; one that reaches the mock by Host signs the vendor path.
func candidatePaths(r *http.Request) []string {
	orig := emulate.OriginalPath(r)
	if orig == r.URL.Path {
		return []string{orig}
	}
	return []string{orig, r.URL.Path}
}
