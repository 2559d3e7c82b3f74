package ekycpro

import (
	"net/http"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
)

// Status codes, as eKYCPro spells them.
const (
	OK                 = "OK"
	NOT                = "NOT"
	FAIL               = "FAIL"
	InvalidRequest     = "INVALID_REQUEST"
	ImageInvalidFormat = "IMAGE_INVALID_FORMAT"
	ImageInvalidSize   = "IMAGE_INVALID_SIZE"
	InnerError         = "INNER_ERROR"
	RetryLater         = "RETRY_LATER"
	InvalidIDNumber    = "INVALID_ID_NUMBER"
	NotFoundMD5        = "NOT_FOUND_MD5"
	PersonNotFound     = "PERSON_NOT_FOUND"
	NoAuthorization    = "NO_AUTHORIZATION"
	InsufficientBal    = "INSUFFICIENT_BALANCE"
)

// Messages, copied from the docs byte for byte (the typographic apostrophe
// of PERSON_NOT_FOUND included).
const (
	msgInvalidRequest = "check request params"
	msgSize2M         = "image larger than 2M"
	msgServiceDown    = product.MsgServiceDown
	msgInner          = "Inner error, please retry later"
	msgFaceDetect     = "image detect face fail"
	msgNotIDHolding   = "error not idholding image"
	msgInvalidNIK     = "Invalid ID number, please check the NIK format"
	msgInvalidPhone   = "Invalid phone number, please check your phone number format"
	msgNotFoundMD5    = "This md5 can't be found in our system"
	msgPersonNotFound = "This person can\u2019t be found in our system"

	// Inferred (VENDORS.md EK-1, EK-2): the docs give no text.
	msgInvalidKey   = "invalid api key"
	msgTooFrequent  = "too many requests, please try again later"
	msgDailyLimit   = "daily limit exceeded, please try again after reset_time"
	msgInsufficient = "insufficient balance"
)

// access answers every endpoint shares: the key check and the account's
// limits (VENDORS.md EK-1, EK-2). The balance API itself stays readable when
// the balance or the day's quota is used up: only the key and the rate apply.
func access(paid bool) []emulate.Answer {
	out := []emulate.Answer{
		product.Inferred(product.Free(NoAuthorization, msgInvalidKey, "missing, unknown, disabled or expired X-API-Key"), http.StatusUnauthorized),
		product.Inferred(product.Free(RetryLater, msgTooFrequent, "more requests in one second than the key's rate_limit"), http.StatusTooManyRequests),
	}
	if paid {
		out = append(out,
			product.Inferred(product.Free(RetryLater, msgDailyLimit, "more charged calls today than the key's quota (quota_period: day)"), http.StatusTooManyRequests),
			product.Inferred(product.Free(InsufficientBal, msgInsufficient, "the key's balance is below its price"), http.StatusOK))
	}
	return out
}

// imageAnswers is the status table shared by the image endpoints (seed doc,
// VENDORS.md §1.4.1); inner is the endpoint's INNER_ERROR text.
func imageAnswers(success, inner string) []emulate.Answer {
	return append(product.ImageAnswers(success, msgSize2M, inner), access(true)...)
}

func faceAnswers(success, retry, retryTrigger string) []emulate.Answer {
	return append([]emulate.Answer{
		product.Charge(OK, "", success),
		product.Charge(RetryLater, retry, retryTrigger),
		product.Free(InvalidRequest, msgInvalidRequest, "an image missing or empty, not base64, not an image, or the body is not form-urlencoded"),
		product.Free(ImageInvalidSize, msgSize2M, "an image longer than 2M of base64"),
		product.Free(InnerError, msgInner, "scenario only"),
	}, access(true)...)
}

func inquiryAnswers(invalid emulate.Answer, md5 bool) []emulate.Answer {
	out := []emulate.Answer{
		product.Charge(OK, "", "a valid identifier: counters of the institutions that checked it"),
		invalid,
		product.Free(RetryLater, msgServiceDown, "scenario only"),
	}
	if md5 {
		out = append(out, product.Inferred(product.Free(NotFoundMD5, msgNotFoundMD5, "scenario only (every MD5 is known by default)"), http.StatusOK))
	}
	return append(out, access(true)...)
}
