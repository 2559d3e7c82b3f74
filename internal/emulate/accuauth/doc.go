// Package accuauth emulates AccuAuth's Indonesia host
// (https://cloudapi.indonesia.accuauth.com): the KTP OCR of the seed doc
// (docs/vendors/accuauth.md#seed), the verify endpoints of
// docs/vendors/accuauth.md#s3-4, and the face comparison, liveness anti-hack
// and bank account check of docs/vendors/accuauth.md#beyond, behind the
// static X-DF-API-ID / X-DF-API-SECRET pair.
//
// AccuAuth is the one vendor that answers errors with real HTTP statuses
// (400, 401, 403, 404, 500, 512, 513), each body {"status","reason",
// "request_id"}; request_id is "TID" + 32 lowercase hex on every answer.
//
// Result codes. A verify `result` code travels inside an HTTP 200
// {"status":"OK"} body. Each is its own documented answer with the code
// "OK/<result>" ("OK/01" … "OK/08") and the remark as its message, so the
// coverage report counts them and a scenario rule (respond: {code: OK/03})
// or an image marker (scenario=OK/08) forces one. /verify/id_name_check has
// no result code: its success is plain "OK".
//
// Where the docs are silent this package takes the [inferred] defaults of
// docs/vendors/README.md#s6:
//
//   - docs/vendors/accuauth.md#ac-1: verify bodies may be multipart, urlencoded or JSON, and so
//     may the OCR's `image_base64` (public clients post JSON to it; a JSON
//     body has no `file`, which the docs require to be a multipart part); multipart
//     file parts are read as text (the images are base64 strings). JSON
//     numbers are read as written (1e400 stays "1e400") and booleans as
//     "true"/"false"; null, object and array members are ignored, as any
//     member the endpoint does not read.
//   - docs/vendors/accuauth.md#ac-2: OCR is charged only on HTTP 200 OK; verify only on 01 and 02 (the
//     docs' billing); id_name_check (undocumented) on OK.
//   - docs/vendors/accuauth.md#ac-3: reasons are the table descriptions; INVALID_ARGUMENT carries the
//     seed's "must specify 'file' or 'image_base64' argument" when neither is
//     sent and a specific reason in the same style for every other problem
//     (both sent, not base64, empty, format, over 5 MB, under 128 or over
//     6000 px; a missing or malformed verify field). A body the endpoint
//     cannot read at all gets "Request parameter is invalid".
//   - docs/vendors/accuauth.md#ac-4: PDF is accepted on /ocr/idcard; its /MediaBox is in points, so a
//     PDF gets no dimension check.
//   - "5 MB" is 5 MiB of image bytes after base64 decoding, for `file` and
//     `image_base64` alike; the body limit is 24 MiB, above which an OCR
//     request is the 5 MB INVALID_ARGUMENT.
//   - A recognised JPEG/PNG/PDF whose header does not decode is
//     DETECTION_FAILED (free) on the OCR, result 08 "no face detected" on
//     id_selfie.
//   - docs/vendors/accuauth.md#ac-5: ABNORMAL_BEHAVIOURS_DETECTED is off; settings.abnormal_repeat N
//     refuses a verify call whose parameters (all of them, by the same key,
//     to the same endpoint) were already sent N times in the current
//     settings.abnormal_window (default 24h) of the mock clock. The counter
//     lives in the vendor and starts over with each window.
//   - docs/vendors/accuauth.md#ac-6: remarks 01 MATCH, 02 MISMATCH, 03 UNKNOW (docs), 04 FAILED;
//     05 NOT FOUND FROM DB, 06 CHANNEL FAILED, 07 RATE LIMITED, 08 NO FACE
//     DETECTED follow the id_selfie descriptions in the same style.
//   - docs/vendors/accuauth.md#ac-7: face_image / ktp_image over 50 KB (51,200 bytes decoded) is 400
//     INVALID_ARGUMENT; they must be JPEG or PNG.
//   - docs/vendors/accuauth.md#ac-8: name_percent is a JSON number 0..1 (two decimals), the name
//     similarity of nameSimilarity against the person of the NIK.
//   - docs/vendors/accuauth.md#ac-9: order_no is "SFBw" + 19 digits from AccuAuth's id sequence
//     (Call.IDs), as request_id's 32 hex: its own sequence, not ADVANCE's, unique per run and
//     per admin reset unless the config says ids: reproducible.
//   - handle_time is the mock clock in WIB (UTC+7), "YYYY-MM-DD HH:MM:SS".
//   - docs/vendors/accuauth.md#ac-10, docs/vendors/README.md#x-1: any other path (the India host's
//     /image/quality, /ocr/indian_card, …) is 404 NOT_FOUND in the error
//     body; so is a wrong method, the error table having no 405 (docs/vendors/README.md#x-2).
//
// The face endpoints (docs/vendors/accuauth.md#b4-1..#b4-3) read
// multipart, urlencoded or JSON like the OCR; `file*` only as multipart
// parts. Images are the OCR's rules without PDF (JPG/PNG, 128..6000 px,
// 5 MiB); a recognised image whose header does not decode is
// DETECTION_FAILED. All are charged on OK only.
//
//   - /face/v2/verify: score is emulate.FaceScore / 100 (the same person
//     unless markers say otherwise: similarity=<0..100>, or nik= of two
//     different people), so one picture pair means the same here as on every
//     vendor; identical is score ≥ settings.identical_threshold (0.7,
//     docs/vendors/accuauth.md#bs-15) in every compare_mode (the docs give
//     no per-mode cut). image_id_1/2 are 32 hex from AccuAuth's id sequence (Call.IDs).
//   - /face/anti_hack and /face/liveness_anti_hack: score is the probability
//     of an attack (below 0.98 a real person): 0.001..0.3 for a picture,
//     0.985..0.9999 with marker live=false (Verihubs' marker), exactly h with
//     hack=<h>. extra (return_extra=1) carries the documented keys up to
//     image_too_small (docs/vendors/accuauth.md#bs-14): mask_proba over 0.5
//     with marker attribute=mask, quality_score under 0.5 and blur_or_dark
//     with blur=yes or dark=yes, image_too_small (and face_too_small) under
//     128 px a side, face_too_small alone with face=small; has_no_face is
//     false (a picture without a face, marker faces=0, is DETECTION_FAILED
//     on anti_hack, NO_FACE_DETECTED on liveness).
//   - liveness_data_file (docs/vendors/accuauth.md#ac-11): read as protobuf
//     wire format of any schema; its first JPEG/PNG frame is judged
//     (LivenessData builds such a file); a frame that does not decode is
//     NO_FACE_DETECTED; a file the mock cannot read (a real SDK's encrypted
//     data) is judged by its digest and, with return_image=1, shows a plain
//     240×320 JPEG; a picture sent instead of SDK data is WRONG_LIVENESS_DATA.
//     image_id resolves the images of /face/v2/verify answers given to the
//     same key (the last 1024, at most 64 MiB in all; cleared by admin
//     reset); any other id is INVALID_ARGUMENT "'image_id' not found".
//     liveness_data_url alone is DOWNLOAD_ERROR: the mock downloads nothing.
//     The SDK statuses' HTTP statuses and reasons are docs/vendors/accuauth.md#ac-12.
//
// /verify/bankcard_check (docs/vendors/accuauth.md#b4-4, #bs-16) reads its
// body as the other verify endpoints, takes the verify table of errors
// (marked inferred: the page is cut before its own) and the repeat rule.
// `account` must be 6 to 20 digits and `code` one of the page's twenty bank
// codes. The holder is the mock's person for (code, account), so the same
// account at the same bank has the same holder on every run with the same
// seed; name_percent is the name similarity of `name` against the holder
// (as id_name_check); an account of one repeated digit (0000000000) is
// QUERY_FAILED, the mock's "no such account". Charged on OK only.
//   - Auth: a missing, unknown or disabled key or a wrong secret is
//     UNAUTHORIZED; an expired key KEY_EXPIRED; a key whose `apis` lacks the
//     operationId NO_PERMISSION; `quota` or `balance` used up OUT_OF_QUOTA;
//     over `rate_limit` RATE_LIMIT_EXCEEDED. All free.
//   - Natural verify results: a NIK (16 digits) that does not parse (unknown
//     district or impossible birth date) is 03 on id_name, QUERY_FAILED on
//     id_name_check, 05 on id_selfie. id_name is 01 when the name similarity
//     is at least settings.name_match_threshold (0.9, the docs'
//     recommendation), else 02. id_selfie scores faces 0–100 (80–100 by
//     default; marker similarity= sets it; marker nik= of another person
//     scores 5–40) against face_threshold (default settings.face_threshold,
//     65); it is 01 when every comparison made (face, ktp face, name,
//     birth_date) agrees, else 02. 04, 06, 07, QUERY_FAILED elsewhere,
//     SOURCE_SERVICE_UNAVAILABLE (512) and SOURCE_SERVICE_TIMEOUT (513) are
//     scenario only.
//
// Headers over -max-header-bytes (none of the docs names a header limit):
// INVALID_ARGUMENT "Request parameter is invalid", HTTP 400, the answer
// AccuAuth gives any request it cannot take (docs/vendors/accuauth.md#s3-3), rather than a bare 431
// no AccuAuth client parses.
package accuauth
