package advance

import (
	"net/http"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// Status codes, as ADVANCE.AI spells them (docs/vendors/advance.md#s2-2, #s2-4, #s2-5).
const (
	Success                 = "SUCCESS"
	Error                   = "ERROR"
	EmptyParameterError     = "EMPTY_PARAMETER_ERROR"
	InsufficientBalance     = "INSUFFICIENT_BALANCE"
	ServiceBusy             = "SERVICE_BUSY"
	IAMFailed               = "IAM_FAILED"
	ParameterError          = "PARAMETER_ERROR"
	OverQueryLimit          = "OVER_QUERY_LIMIT"
	ClientError             = "CLIENT_ERROR"
	RetryLater              = "RETRY_LATER"
	AccountDisabled         = "ACCOUNT_DISABLED"
	OCRNoResult             = "OCR_NO_RESULT"
	ImageInvalidFormat      = "IMAGE_INVALID_FORMAT"
	ImageInvalidSize        = "IMAGE_INVALID_SIZE"
	NoFaceFirst             = "NO_FACE_DETECTED_FROM_FIRST_IMAGE"
	NoFaceSecond            = "NO_FACE_DETECTED_FROM_SECOND_IMAGE"
	LowQualityFirst         = "FIRST_IMAGE_LOW_QUALITY_FACE"
	LowQualitySecond        = "SECOND_IMAGE_LOW_QUALITY_FACE"
	NoSupportedCard         = "NO_SUPPORTED_CARD"
	TooManyCards            = "TOO_MANY_CARDS"
	pricingPay, pricingFree = "PAY", "FREE"
)

// Messages, byte for byte as the seed doc lists them (docs/vendors/advance.md#s2-2). The
// glossary's "Messages may look like" texts are all kept: a client that logs
// or matches them sees the vendor's words.
const (
	MsgOK          = "OK"
	MsgServerError = "Server error"
	MsgEmpty       = "Parameter should not be empty"
	MsgBalance     = "Insufficient balance, please top up or contact your sales manager for help"
	MsgRateLimit   = "Rate limit is exceeded, please retry after the suggested time in HTTP Header."
	MsgDailyQuota  = "Quota exceeded: You have exceeded the daily quota for free queries, please contact out tech support for help"
	MsgRetryLater  = "Query failed, please retry after the suggested time in HTTP Header."
	MsgOverQuota   = "Quota exceeded. you have exceeded free query quota, please contact your sales manager for help"
	MsgOverQuotaT  = "Quota exceeded: You have exceeded free query quota for test account, please contact your sales manager for help"
	MsgBadRequest  = "HTTP 400 - Bad Request"
	MsgNotFound    = "HTTP 404 - Not Found"
	MsgMethod      = "HTTP 405 - Method Not Allowed"

	MsgIAMNotAuthorized = "You are not authorized by the Identity and Access Management system"
	MsgIAMKeyNotFound   = "Access Key not found"
	MsgIAMToken         = "Token not found or expired"
	MsgIAMKeyExpired    = "Access Key not found or expired"
	MsgIAMCountry       = "Account not authorized for this country"
	MsgIAMDomain        = "Account not authorized for this domain"
	MsgIAMAccountExpire = "Account is expired. Please contact your sales manager for help"
	MsgIAMDisabled      = "Account is disabled. Please contact your sales manager for help"
	MsgIAMDenied        = "Access denied: Token not found or expired"

	MsgTimestamp       = "Timestamp error"
	MsgSignature       = "Signature error"
	MsgAccountDisabled = "Account Disabled"

	MsgKKNoResult = "OCR check failed, unable to find any kk field in the uploaded picture"
	MsgKKFormat   = "Invalid image format, image format should be one of jpeg/jpg/png/tif, and request content type should be image/jpeg,image/png or image/tif"
	MsgKKSize     = "Invalid image size, max image size should be less than 2M, and image dimension should be between 256 * 256 and 4096 * 4096"

	MsgForgeryFormat  = "Invalid image format,image format should be one of jpeg/jpg/png,and request content type should be image/jpeg or image/png"
	MsgForgerySize    = "Invalid image size,max image size should be less than 2M,and image dimension should be between 256 256 and 4096 4096"
	MsgForgeryDocType = "Invalid document type,please upload KTP image."
	MsgNoSupported    = "No supported card detected from the image"
	MsgTooManyCards   = "Too many cards detected from the image"

	MsgNoFaceFirst  = "No Face detected from the uploaded first picture"
	MsgNoFaceSecond = "No Face detected from the uploaded second picture"

	// Inferred texts (no doc gives them): the KK OCR wording without tif for
	// the KTP/face IMAGE_INVALID_* codes (docs/vendors/advance.md#ad-15), the no-face wording for the
	// low-quality codes, and the OCR_NO_RESULT wording for KTP OCR.
	MsgImageFormat = "Invalid image format, image format should be one of jpeg/jpg/png, and request content type should be image/jpeg or image/png"
	MsgImageSize   = "Invalid image size, max image size should be less than 2M, and image dimension should be between 256 * 256 and 4096 * 4096"
	MsgLowFirst    = "Low quality face detected from the uploaded first picture"
	MsgLowSecond   = "Low quality face detected from the uploaded second picture"
	MsgKTPNoResult = "OCR check failed, unable to find any ktp field in the uploaded picture"
	MsgInvalidNIK  = "Invalid idNumber, please check the NIK format"
)

// pay and free are the two billing tags of ADVANCE's code tables.
func pay(code, msg, trigger string) emulate.Answer {
	return emulate.Answer{Code: code, HTTP: http.StatusOK, Message: msg, Charged: true, Billing: "pay", Trigger: trigger}
}

func free(code, msg, trigger string) emulate.Answer {
	return emulate.Answer{Code: code, HTTP: http.StatusOK, Message: msg, Billing: "free", Trigger: trigger}
}

// inferred marks an answer no doc gives (a docs/vendors/README.md#s6 default).
func inferred(a emulate.Answer) emulate.Answer {
	a.Inferred = true
	return a
}

const scenarioOnly = "scenario only"

// glossary is the set of docs/vendors/advance.md#s2-2 codes that "could appear in all our API
// responses", with the natural trigger of each message in this mock. All are
// free and HTTP 200 (docs/vendors/advance.md#ad-1). disabled is false on endpoints whose own table
// answers a disabled account with ACCOUNT_DISABLED.
func glossary(disabled bool) []emulate.Answer {
	out := []emulate.Answer{
		free(Error, MsgServerError, "scenario only (and a handler panic)"),
		inferred(free(EmptyParameterError, MsgEmpty, "scenario only: a missing parameter is PARAMETER_ERROR (docs/vendors/advance.md#ad-3)")),
		free(InsufficientBalance, MsgBalance, "the credential's balance is below its price"),
		free(ServiceBusy, MsgRateLimit, "more requests a second than the credential's rate_limit; header Retry-After: 10 (docs/vendors/advance.md#ad-11, #ad-12)"),
		free(ServiceBusy, MsgDailyQuota, "the credential's quota with quota_period: day is used up"),
		free(RetryLater, MsgRetryLater, "scenario only; header Retry-After: 10 (docs/vendors/advance.md#ad-11, #ad-12)"),
		free(IAMFailed, MsgIAMDenied, "X-ACCESS-TOKEN missing, unknown, tampered or expired, and no legacy Authorization (docs/vendors/advance.md#ad-8)"),
		free(IAMFailed, MsgIAMNotAuthorized, "legacy Authorization whose signature matches neither signStr variant, or Date missing or more than 15 min off (docs/vendors/advance.md#ad-9)"),
		free(IAMFailed, MsgIAMKeyNotFound, "legacy Authorization naming an unknown accessKey"),
		free(IAMFailed, MsgIAMToken, scenarioOnly),
		free(IAMFailed, MsgIAMKeyExpired, scenarioOnly),
		free(IAMFailed, MsgIAMCountry, scenarioOnly),
		inferred(free(IAMFailed, MsgIAMDomain, "the credential's apis allow-list does not name this endpoint")),
		free(IAMFailed, MsgIAMAccountExpire, "the credential's expires is past"),
		free(OverQueryLimit, MsgOverQuota, "the credential's quota (quota_period total) is used up"),
		free(OverQueryLimit, MsgOverQuotaT, "as above, for a credential with mode: test"),
		inferred(free(TestAccountLimitation, MsgTestAccountLimit, "as above, mode: test, with settings.test_account_limitation on (a code one Java client handles, docs/vendors/advance.md#b1-1)")),
		free(ClientError, MsgBadRequest, "a body that is not the endpoint's content type or does not parse"),
	}
	if disabled {
		out = append(out, free(IAMFailed, MsgIAMDisabled, "the credential is disabled"))
	} else {
		out = append(out, free(IAMFailed, MsgIAMDisabled, "scenario only: this endpoint answers a disabled credential with ACCOUNT_DISABLED"))
	}
	return out
}

// Codes and texts of the endpoints beyond the seed (docs/vendors/advance.md#beyond).
const (
	PersonNotFound        = "PERSON_NOT_FOUND"
	AccessDenied          = "ACCESS_DENIED"
	ServiceDisabled       = "SERVICE_DISABLED"
	LivenessIDNotExisted  = "LIVENESS_ID_NOT_EXISTED"
	ResultNotFound        = "RESULT_NOT_FOUND"
	TestAccountLimitation = "TEST_ACCOUNT_REACHED_LIMITATION"

	// docs/vendors/advance.md#bs-1.
	MsgPersonNotFound = "Person not found"
	// The liveness license (docs/vendors/advance.md#b1-7).
	MsgAccessDenied    = "Access denied"
	MsgServiceDisabled = "Service disabled"
	// The bank account check (docs/vendors/advance.md#b1-8); the account
	// text is cut in the stored page and completed like the bank code's,
	// and the source-down text has no final dot.
	MsgBankCode       = "Invalid bank code, please check the bank code format"
	MsgBankAccount    = "Invalid bank account, please check the bank account format"
	MsgBankRetryLater = "Query failed, please retry after the suggested time in HTTP Header"

	// Inferred texts: no page or client shows them.
	MsgInvalidPhone       = "Invalid phoneNumber, please check the phone number format"
	MsgInvalidIncludeSelf = "Invalid includeSelf, it should be include or exclude"
	MsgLivenessNotExisted = "livenessId or signatureId not existed"
	MsgResultNotFound     = "Liveness detection result not found"
	MsgLicenseSeconds     = "Invalid licenseEffectiveSeconds, it should be between 1 and 86400"
	MsgTestAccountLimit   = "Test account reached limitation, please contact your sales manager for help"
)
