package izidata

import (
	"net/http"
	"slices"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
)

// Status codes iziData has and eKYCPro has not (the shared ones are
// package product's), as iziData spells them (/v1/phone uses lower case).
const (
	PhoneOK               = "ok"
	PhoneFail             = "fail"
	InvalidInput          = "INVALID_INPUT"
	NoAuthorization       = "NO_AUTHORIZATION"
	ExpiredRequest        = "EXPIRED_REQUEST"
	InvalidParameterError = "INVALID_PARAMETER_ERROR"
	InsufficientBalance   = "INSUFFICIENT_BALANCE"
	// Beyond the seed (docs/vendors/izidata.md#b2): phone age, blacklist
	// and phone verify.
	InvalidPhoneNumber  = "INVALID_PHONE_NUMBER"
	PhoneNumberNotFound = "PHONENUMBER_NOT_FOUND"
	NotFound            = "NOT_FOUND"
)

// Messages, copied from the docs byte for byte; the auth texts are the
// seed's descriptions (docs/vendors/izidata.md#s1-3-7, #iz-2).
const (
	msgSize4M         = "image larger than 4M"
	msgFaceDetect     = "IMAGE_FACE_DETECT_FAILED"
	msgInvalidQuery   = "invalid query"
	msgPersonNotFound = "This person can't be found in our system"
	// msgInvalidInput is the creditscore table's description of
	// INVALID_INPUT, the text of a missing name (no example gives one).
	msgInvalidInput = "invalid input"
	// msgPhoneNotFound is docs/vendors/izidata.md#bs-8's default; the
	// client code shows no text.
	msgPhoneNotFound = "Phone number not found"
	// msgNotFound is phone verify's NOT_FOUND, the client's description
	// ("not found") as the text, as msgInvalidQuery is iswhatsapp's.
	msgNotFound = "not found"

	msgNoAuth       = "authentication failed, user doesn't exist or invalid ak/sk"
	msgExpired      = "expired request, please try again"
	msgInvalidParam = "request parameters invalid"
	msgInsufficient = "insufficient balance"
	msgSystemError  = "system error"
	// msgInvalidToken: a wrong sandbox ?token= (docs/vendors/izidata.md#bs-11).
	msgInvalidToken = "invalid token"
)

// access answers every endpoint shares (seed "authentication fails";
// docs/vendors/izidata.md#s1-3-7, #iz-1, #iz-3, #iz-4, #iz-5, #iz-7): HTTP 200, free.
func access() []emulate.Answer {
	return []emulate.Answer{
		product.Free(NoAuthorization, msgNoAuth, "missing or malformed Authorization, unknown AK, bad signature, Content-MD5 not the body's, disabled or expired key"),
		product.Inferred(product.Free(NoAuthorization, msgInvalidToken, "on "+HostSandbox+": a ?token= that is no sandbox credential's (mode sandbox)"), http.StatusOK),
		product.Free(ExpiredRequest, msgExpired, "ts + expire in the past, or ts more than future_skew (300 s) ahead"),
		product.Free(InvalidParameterError, msgInvalidParam, "unparsable ts, non-integer expire, or expire outside 300..129600"),
		product.Free(InsufficientBalance, msgInsufficient, "the AK's balance below its price, or its quota used up"),
		product.Free(product.RetryLater, msgSystemError, "more requests a second than the AK's rate_limit"),
	}
}

// offSandbox is answers without the sandbox token's refusal, for an
// endpoint the sandbox host does not serve (docs/vendors/izidata.md#iz-31):
// no request to it is ever token-authenticated.
func offSandbox(answers []emulate.Answer) []emulate.Answer {
	return slices.DeleteFunc(answers, func(a emulate.Answer) bool {
		return a.Code == NoAuthorization && a.Message == msgInvalidToken
	})
}

// imageAnswers is the shared image-endpoint status table (docs/vendors/izidata.md#s1-4-1).
func imageAnswers(success, size string) []emulate.Answer {
	return append(product.ImageAnswers(success, size, product.MsgInner), access()...)
}

// faceAnswers: facecompare and idholding's table, whose INVALID_REQUEST
// text is docs/vendors/izidata.md#iz-22's (the page shows a placeholder).
func faceAnswers(success, retry, retryTrigger string) []emulate.Answer {
	return append(product.FaceAnswers(success, retry, retryTrigger, true), access()...)
}

func notFoundMD5(trigger string) emulate.Answer {
	return product.Inferred(product.Free(product.NotFoundMD5, product.MsgNotFoundMD5, trigger), http.StatusOK)
}

const md5Trigger = "md5=1 and the hash names nobody the mock knows (settings.known_only with settings.people), or scenario"
