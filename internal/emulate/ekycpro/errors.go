package ekycpro

import (
	"net/http"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
)

// Status codes eKYCPro has and iziData has not (the shared ones are
// package product's).
const (
	NoAuthorization = "NO_AUTHORIZATION"
	InsufficientBal = "INSUFFICIENT_BALANCE"
)

// Messages, copied from the docs byte for byte (the typographic apostrophe
// of PERSON_NOT_FOUND included).
const (
	msgFaceDetect     = "image detect face fail"
	msgPersonNotFound = "This person can\u2019t be found in our system"

	// Inferred (docs/vendors/ekycpro.md#ek-1, #ek-2): the docs give no text.
	msgInvalidKey   = "invalid api key"
	msgTooFrequent  = "too many requests, please try again later"
	msgDailyLimit   = "daily limit exceeded, please try again after reset_time"
	msgInsufficient = "insufficient balance"
)

// access answers every endpoint shares: the key check and the account's
// limits (docs/vendors/ekycpro.md#ek-1, #ek-2). The balance API itself stays readable when
// the balance or the day's quota is used up: only the key and the rate apply.
func access(paid bool) []emulate.Answer {
	out := []emulate.Answer{
		product.Inferred(product.Free(NoAuthorization, msgInvalidKey, "missing, unknown, disabled or expired X-API-Key"), http.StatusUnauthorized),
		product.Inferred(product.Free(product.RetryLater, msgTooFrequent, "more requests in one second than the key's rate_limit"), http.StatusTooManyRequests),
	}
	if paid {
		out = append(out,
			product.Inferred(product.Free(product.RetryLater, msgDailyLimit, "more charged calls today than the key's quota (quota_period: day)"), http.StatusTooManyRequests),
			product.Inferred(product.Free(InsufficientBal, msgInsufficient, "the key's balance is below its price"), http.StatusOK))
	}
	return out
}

// imageAnswers is the status table shared by the image endpoints (seed doc,
// docs/vendors/izidata.md#s1-4-1); inner is the endpoint's INNER_ERROR text.
func imageAnswers(success, inner string) []emulate.Answer {
	return append(product.ImageAnswers(success, product.MsgSize2M, inner), access(true)...)
}

func faceAnswers(success, retry, retryTrigger string) []emulate.Answer {
	return append(product.FaceAnswers(success, retry, retryTrigger, false), access(true)...)
}

func inquiryAnswers(invalid emulate.Answer, notFound string) []emulate.Answer {
	return append(product.InquiryAnswers("a valid identifier: counters of the institutions that checked it", invalid, notFound), access(true)...)
}
