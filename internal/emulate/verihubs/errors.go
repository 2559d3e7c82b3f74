package verihubs

import (
	"net/http"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// Codes as Verihubs spells them (seed error table, docs/vendors/verihubs.md#s4-2, #s4-3).
const (
	InvalidPayload            = "INVALID_PAYLOAD"
	imagePrefix               = "INVALID_PAYLOAD_IMAGE_"
	ImageMissing              = imagePrefix + "MISSING"
	ImageSize                 = imagePrefix + "SIZE"
	ImageFormat               = imagePrefix + "FORMAT"
	ImageTimeout              = imagePrefix + "TIMEOUT"
	MissingImage              = "MISSING_PAYLOAD_IMAGE"
	QualityDependency         = "INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY"
	KTPNotDetected            = "KTP_NOT_DETECTED"
	InvalidReferenceID        = "INVALID_PAYLOAD_REFERENCE_ID"
	ReferenceIDExists         = "INVALID_PAYLOAD_REFERENCE_ID_EXISTS"
	InvalidCallbackURL        = "INVALID_PAYLOAD_CALLBACK_URL"
	InvalidSandboxCode        = "INVALID_SANDBOX_CODE"
	InsufficientQuota         = "INSUFFICIENT_QUOTA"
	InternalServerError       = "INTERNAL_SERVER_ERROR"
	FailOnQuality             = "FAIL_ON_1"
	FailOnForgery             = "FAIL_ON_2"
	FRG1, FRG2, FRG3          = "FRG-1", "FRG-2", "FRG-3"
	EXT1, EXT2, EXT3          = "EXT-1", "EXT-2", "EXT-3"
	AuthorizationFailed       = "AUTHORIZATION_FAILED" // the 401 body has no code; this names it for the catalogue
	TooManyRequests           = "TOO_MANY_REQUESTS"
	NotFound                  = "NOT_FOUND"          // an unknown path: the body has no code; this names it for the catalogue
	MethodNotAllowed          = "METHOD_NOT_ALLOWED" // a wrong method, likewise
	Accepted                  = "ACCEPTED"
	ResultFound               = "OK"
	badPayload                = "BAD_PAYLOAD"
	msgInvalidPayload         = "Invalid Payload"
	msgAuthFailed             = "Authorization failed"
	msgInsufficientQuota      = "Insufficient quota"
	msgInternal               = "Internal server error"
	msgTooMany                = "Too many requests"
	msgNotFound               = "Not Found"          // inferred (docs/vendors/README.md#x-1)
	msgMethodNotAllowed       = "Method Not Allowed" // inferred (docs/vendors/README.md#x-2)
	msgForgeryDetected        = "Forgery detected"
	msgForgeryNotDetected     = "Forgery not detected" // docs/vendors/verihubs.md#vh-2
	msgFailOnQuality          = "Fail on quality"      // docs/vendors/verihubs.md#vh-2
	msgExtracted              = "Success Extract Data" // the KITAS OCR success text (docs/vendors/verihubs.md#s4-3), the only extract wording documented
	msgAccepted               = "Request accepted"
	billingForgery, billingQA = "ID Forgery", "Quality"
)

// answer builds one catalogue line.
func answer(code string, status int, msg string, charged bool, billing, trigger string, inferred bool) emulate.Answer {
	return emulate.Answer{Code: code, HTTP: status, Message: msg, Charged: charged, Billing: billing, Trigger: trigger, Inferred: inferred}
}

func bad(code, trigger string) emulate.Answer {
	return answer(code, http.StatusBadRequest, msgInvalidPayload, false, "free", trigger, false)
}

// access answers every endpoint shares: 401 for any credential problem
// (docs/vendors/verihubs.md#vh-10), 403 quota in testing mode (docs/vendors/verihubs.md#vh-7), 429 for the app's rate_limit
// (inferred: the shape of the 403), 500.
func access() []emulate.Answer {
	return []emulate.Answer{
		answer(AuthorizationFailed, http.StatusUnauthorized, msgAuthFailed, false, "free",
			"App-ID or API-Key missing or wrong, or the app disabled or expired", false),
		answer(InsufficientQuota, http.StatusForbidden, msgInsufficientQuota, false, "free",
			"an app with mode: testing whose quota or balance is used up", false),
		answer(TooManyRequests, http.StatusTooManyRequests, msgTooMany, false, "free",
			"more requests a second than the app's rate_limit", true),
		answer(InternalServerError, http.StatusInternalServerError, msgInternal, false, "free", "scenario only (or a mock bug)", false),
	}
}

// imageAnswers are the 400s of an image payload (seed table + docs/vendors/verihubs.md#vh-8).
func imageAnswers() []emulate.Answer {
	return []emulate.Answer{
		bad(InvalidPayload, "a body that is not a JSON object, an empty object, or a field of the wrong type"),
		bad(MissingImage, "no image field"),
		bad(ImageMissing, "image empty, or neither base64 nor an http(s) URL"),
		bad(ImageSize, "image over 5 MB (decoded or fetched), or smaller than 720×480 (either orientation)"),
		bad(ImageFormat, "not JPEG/JPG/PNG or undecodable; an image URL unreachable, refused by allow_hosts, or not 2xx"),
		bad(ImageTimeout, "an image URL slower than settings.image_url.timeout (15 s)"),
		bad(QualityDependency, "validate_quality true without is_quality true (extraction: with is_quality false sent, docs/vendors/verihubs.md#vh-13)"),
	}
}

// errorBody is every non-200 answer: 400s in the docs/vendors/verihubs.md#vh-1 shape, 401 and 500
// without a code, 403/429 with one.
type errorBody struct {
	Message   string       `json:"message"`
	ErrorCode string       `json:"error_code,omitempty"`
	Data      *payloadData `json:"data,omitempty"`
}

type payloadData struct {
	Message string `json:"message"`
}

// failure renders a non-200 answer.
func failure(a emulate.Answer) emulate.Response {
	b := errorBody{Message: a.Message}
	switch a.HTTP {
	case http.StatusBadRequest:
		b.ErrorCode, b.Data = a.Code, &payloadData{Message: badPayload}
	case http.StatusForbidden, http.StatusTooManyRequests:
		b.ErrorCode = a.Code
	}
	return emulate.JSON(a, b)
}
