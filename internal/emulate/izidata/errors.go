package izidata

import (
	"net/http"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
)

// Status codes, as iziData spells them (/v1/phone uses lower case).
const (
	OK                    = "OK"
	PhoneOK               = "ok"
	PhoneFail             = "fail"
	FAIL                  = "FAIL"
	InvalidRequest        = "INVALID_REQUEST"
	ImageInvalidFormat    = "IMAGE_INVALID_FORMAT"
	ImageInvalidSize      = "IMAGE_INVALID_SIZE"
	InnerError            = "INNER_ERROR"
	RetryLater            = "RETRY_LATER"
	InvalidInput          = "INVALID_INPUT"
	InvalidIDNumber       = "INVALID_ID_NUMBER"
	NotFoundMD5           = "NOT_FOUND_MD5"
	PersonNotFound        = "PERSON_NOT_FOUND"
	NoAuthorization       = "NO_AUTHORIZATION"
	ExpiredRequest        = "EXPIRED_REQUEST"
	InvalidParameterError = "INVALID_PARAMETER_ERROR"
	InsufficientBalance   = "INSUFFICIENT_BALANCE"
)

// Messages, copied from the docs byte for byte; the auth texts are the
// seed's descriptions (VENDORS.md §1.3.7, IZ-2).
const (
	msgInvalidRequest = "check request params"
	msgSize4M         = "image larger than 4M"
	msgSize2M         = "image larger than 2M"
	msgInner          = "Inner error, please retry later"
	msgFaceDetect     = "IMAGE_FACE_DETECT_FAILED"
	msgNotIDHolding   = "error not idholding image"
	msgInvalidNIK     = "Invalid ID number, please check the NIK format"
	msgInvalidPhone   = "Invalid phone number, please check your phone number format"
	msgServiceDown    = product.MsgServiceDown
	msgNotFoundMD5    = "This md5 can't be found in our system"
	msgInvalidQuery   = "invalid query"
	// msgInvalidInput is the creditscore table's description of
	// INVALID_INPUT, the text of a missing name (no example gives one).
	msgInvalidInput   = "invalid input"
	msgPersonNotFound = "This person can't be found in our system"

	msgNoAuth       = "authentication failed, user doesn't exist or invalid ak/sk"
	msgExpired      = "expired request, please try again"
	msgInvalidParam = "request parameters invalid"
	msgInsufficient = "insufficient balance"
	msgSystemError  = "system error"
)

// access answers every endpoint shares (seed "authentication fails";
// VENDORS.md §1.3.7, IZ-1, IZ-3, IZ-4, IZ-5, IZ-7): HTTP 200, free.
func access() []emulate.Answer {
	return []emulate.Answer{
		product.Free(NoAuthorization, msgNoAuth, "missing or malformed Authorization, unknown AK, bad signature, Content-MD5 not the body's, disabled or expired key"),
		product.Free(ExpiredRequest, msgExpired, "ts + expire in the past, or ts more than future_skew (300 s) ahead"),
		product.Free(InvalidParameterError, msgInvalidParam, "unparsable ts, non-integer expire, or expire outside 300..129600"),
		product.Free(InsufficientBalance, msgInsufficient, "the AK's balance below its price, or its quota used up"),
		product.Free(RetryLater, msgSystemError, "more requests a second than the AK's rate_limit"),
	}
}

// imageAnswers is the shared image-endpoint status table (§1.4.1).
func imageAnswers(success, size string) []emulate.Answer {
	return append(product.ImageAnswers(success, size, msgInner), access()...)
}

// faceAnswers: facecompare and idholding charge RETRY_LATER (§1.4.3) and
// have no IMAGE_INVALID_FORMAT; their INVALID_REQUEST text is IZ-22's.
func faceAnswers(success, retry, retryTrigger string) []emulate.Answer {
	return append([]emulate.Answer{
		product.Charge(OK, "", success),
		product.Charge(RetryLater, retry, retryTrigger),
		product.Inferred(product.Free(InvalidRequest, msgInvalidRequest, "an image missing, not base64 or not an image"), http.StatusOK),
		product.Free(ImageInvalidSize, msgSize2M, "an image longer than 2M of base64"),
		product.Free(InnerError, msgInner, "scenario only"),
	}, access()...)
}

func notFoundMD5(trigger string) emulate.Answer {
	return product.Inferred(product.Free(NotFoundMD5, msgNotFoundMD5, trigger), http.StatusOK)
}

const md5Trigger = "md5=1 and the hash names nobody the mock knows (settings.known_only with settings.people), or scenario"
