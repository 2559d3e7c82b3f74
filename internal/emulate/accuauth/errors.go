package accuauth

import (
	"net/http"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// Status codes, as AccuAuth spells them (seed error table, docs/vendors/accuauth.md#s3-3,
// and the verify pages' additions, docs/vendors/accuauth.md#s3-4).
const (
	OK                 = "OK"
	InvalidArgument    = "INVALID_ARGUMENT"
	DetectionFailed    = "DETECTION_FAILED"
	Unauthorized       = "UNAUTHORIZED"
	KeyExpired         = "KEY_EXPIRED"
	NoPermission       = "NO_PERMISSION"
	OutOfQuota         = "OUT_OF_QUOTA"
	RateLimitExceeded  = "RATE_LIMIT_EXCEEDED"
	NotFound           = "NOT_FOUND"
	InternalError      = "INTERNAL_ERROR"
	QueryFailed        = "QUERY_FAILED"
	AbnormalBehaviours = "ABNORMAL_BEHAVIOURS_DETECTED"
	SourceUnavailable  = "SOURCE_SERVICE_UNAVAILABLE"
	SourceTimeout      = "SOURCE_SERVICE_TIMEOUT"
	// The statuses the official liveness SDKs map for /face/liveness_anti_hack
	// besides the table's (docs/vendors/accuauth.md#b4-2, [code]).
	WrongLivenessData = "WRONG_LIVENESS_DATA"
	NoFaceDetected    = "NO_FACE_DETECTED"
	DownloadError     = "DOWNLOAD_ERROR"
	RPCTimeout        = "RPC_TIMEOUT"
)

// Verify result codes travel inside an HTTP 200 {"status":"OK"} body. Each is
// its own documented answer, named "OK/<result>", so that coverage counts
// them and a scenario rule (or an image marker scenario=OK/08) can force one.
const (
	Result01 = "OK/01" // match, charged
	Result02 = "OK/02" // mismatch, charged
	Result03 = "OK/03" // not sure / not found, free
	Result04 = "OK/04" // failed, free
	Result05 = "OK/05" // not found from db (id_selfie)
	Result06 = "OK/06" // channel failed (id_selfie)
	Result07 = "OK/07" // rate limited (id_selfie)
	Result08 = "OK/08" // no face detected (id_selfie)
)

// Reasons: the table descriptions (docs/vendors/accuauth.md#ac-3), copied byte for byte.
const (
	msgInvalid        = "Request parameter is invalid"
	msgDetection      = "Detect image failed"
	msgUnauthorized   = "Unauthorized or access is denied"
	msgKeyExpired     = "Your API ID has expired"
	msgNoPermission   = "You are not authorized to use this API"
	msgOutOfQuota     = "API calls quota exceeded"
	msgRateLimit      = "API request frequency exceeds the limit"
	msgNotFound       = "Requested API cannot be found"
	msgInternal       = "Internal server error"
	msgQueryFailed    = "Query failed"
	msgAbnormal       = "Request with same parameters repeated more than amount of times"
	msgSourceDown     = "Source service is unavailable"
	msgSourceTimeout  = "Source service is timeout"
	msgMustSpecifyImg = "must specify 'file' or 'image_base64' argument" // the seed's own example
	// The SDK statuses' reasons: the SDKs show their own texts, the
	// server's are not public (docs/vendors/accuauth.md#b4-2, [inferred]).
	msgWrongLiveness = "Wrong liveness data"
	msgNoFace        = "No face detected"
	msgDownload      = "Download liveness data failed"
	msgRPCTimeout    = "RPC timeout"
)

// Specific INVALID_ARGUMENT reasons where the seed gives none ("Please see
// the reason field for details", docs/vendors/accuauth.md#s3-3): worded after the seed's example
// (docs/vendors/accuauth.md#ac-3, [inferred]).
const (
	msgBothImages  = "must specify only one of 'file' and 'image_base64' argument"
	msgImageBase64 = "'image_base64' is not valid base64"
	msgImageEmpty  = "image is empty"
	msgImageFormat = "image format must be JPG, PNG or PDF"
	msgImageSize   = "image file size must be no larger than 5 MB"
	msgImageSmall  = "image resolution must be at least 128*128"
	msgImageBig    = "image resolution must be at most 6000*6000"
	msgNeedID      = "must specify 'id_number' argument"
	msgNeedName    = "must specify 'name' argument"
	msgNeedFace    = "must specify 'face_image' argument"
	msgIDFormat    = "'id_number' must be 16 digits"
	msgFaceBase64  = "'face_image' is not valid base64"
	msgFaceFormat  = "'face_image' must be a JPG or PNG image"
	msgFaceSize    = "'face_image' must be no larger than 50 KB"
	msgKTPBase64   = "'ktp_image' is not valid base64"
	msgKTPFormat   = "'ktp_image' must be a JPG or PNG image"
	msgKTPSize     = "'ktp_image' must be no larger than 50 KB"
	msgBirthDate   = "'birth_date' must be YYYY-MM-DD"
	msgThreshold   = "'face_threshold' must be a number between 0 and 100"

	// /face/v2/verify, /face/anti_hack, /face/liveness_anti_hack (docs/vendors/accuauth.md#b4-1..#b4-3).
	msgMustImage1     = "must specify 'file_1' or 'image_base64_1' argument"
	msgMustImage2     = "must specify 'file_2' or 'image_base64_2' argument"
	msgBothImage1     = "must specify only one of 'file_1' and 'image_base64_1' argument"
	msgBothImage2     = "must specify only one of 'file_2' and 'image_base64_2' argument"
	msgImage1Base64   = "'image_base64_1' is not valid base64"
	msgImage2Base64   = "'image_base64_2' is not valid base64"
	msgFaceImgFormat  = "image format must be JPG or PNG"
	msgCompareMode    = "'compare_mode' must be 0, 1 or 2"
	msgReturnImage    = "'return_image' must be 0 or 1"
	msgReturnExtra    = "'return_extra' must be 0 or 1"
	msgMustLiveness   = "must specify 'liveness_data_file' or 'image_id' argument"
	msgBothLiveness   = "must specify only one of 'liveness_data_file' and 'image_id' argument"
	msgLivenessEmpty  = "'liveness_data_file' is empty"
	msgImageIDUnknown = "'image_id' not found"

	// /verify/bankcard_check (docs/vendors/accuauth.md#b4-4).
	msgNeedAccount   = "must specify 'account' argument"
	msgNeedBankCode  = "must specify 'code' argument"
	msgAccountFormat = "'account' must be 6 to 20 digits"
	msgBankCode      = "'code' is not a supported bank code"
)

// Remarks of the verify result codes: 03 UNKNOW is the docs' example, 01,
// 02 and 04 are docs/vendors/accuauth.md#ac-6; 05..08 follow the same style from the
// id_selfie descriptions (docs/vendors/accuauth.md#s3-4, [inferred]).
var remarks = map[string]string{
	Result01: "MATCH", Result02: "MISMATCH", Result03: "UNKNOW", Result04: "FAILED",
	Result05: "NOT FOUND FROM DB", Result06: "CHANNEL FAILED", Result07: "RATE LIMITED", Result08: "NO FACE DETECTED",
}

func answer(code string, status int, msg, trigger string, inferred bool) emulate.Answer {
	return emulate.Answer{Code: code, HTTP: status, Message: msg, Billing: "free", Trigger: trigger, Inferred: inferred}
}

func charged(code, msg, trigger string) emulate.Answer {
	return emulate.Answer{Code: code, HTTP: http.StatusOK, Message: msg, Charged: true, Billing: "charge", Trigger: trigger}
}

func invalid(msg, trigger string) emulate.Answer {
	return answer(InvalidArgument, http.StatusBadRequest, msg, trigger, msg != msgInvalid && msg != msgMustSpecifyImg)
}

// result is a free verify result code (HTTP 200, status OK).
func result(code, trigger string) emulate.Answer {
	return answer(code, http.StatusOK, remarks[code], trigger, code != Result03)
}

// access answers every endpoint shares (seed table, docs/vendors/accuauth.md#s3-2/#s3-3): the key
// check, the account's limits and the internal error.
func access() []emulate.Answer {
	return []emulate.Answer{
		invalid(msgInvalid, "a body the endpoint does not read (wrong content type, broken multipart or JSON)"),
		answer(Unauthorized, http.StatusUnauthorized, msgUnauthorized, "X-DF-API-ID or X-DF-API-SECRET missing or wrong, or the key disabled", false),
		answer(KeyExpired, http.StatusUnauthorized, msgKeyExpired, "the key's `expires` has passed", false),
		answer(NoPermission, http.StatusForbidden, msgNoPermission, "the key's `apis` list lacks this operationId", false),
		answer(OutOfQuota, http.StatusForbidden, msgOutOfQuota, "the key's `quota` used up or its `balance` below its price", false),
		answer(RateLimitExceeded, http.StatusForbidden, msgRateLimit, "more requests a second than the key's `rate_limit`", false),
		answer(InternalError, http.StatusInternalServerError, msgInternal, "a handler panic; or scenario", false),
	}
}

// verifyErrors are the verify pages' additions to the table (docs/vendors/accuauth.md#s3-4), minus
// DETECTION_FAILED.
func verifyErrors(query string) []emulate.Answer {
	return []emulate.Answer{
		answer(QueryFailed, http.StatusBadRequest, msgQueryFailed, query, false),
		answer(AbnormalBehaviours, http.StatusBadRequest, msgAbnormal, "settings.abnormal_repeat > 0 and the same parameters sent more often than that in one abnormal_window (docs/vendors/accuauth.md#ac-5)", false),
		answer(SourceUnavailable, 512, msgSourceDown, "scenario only", false),
		answer(SourceTimeout, 513, msgSourceTimeout, "scenario only", false),
	}
}
