// Package ekycpro emulates eKYCPro (https://api.ekycpro.com): the KTP OCR of
// the seed doc (docs/vendors/ekycpro.md#seed) and the endpoints of
// docs.ekycpro.com listed in docs/vendors/ekycpro.md#s5-3, with the static X-API-Key.
//
// eKYCPro clones iziData's products and docs: the same {"status","message"}
// envelope, the same status names, the same "nationnality" typo. Where the
// docs are silent this package takes the [inferred] defaults of docs/vendors/README.md#s6:
//
//   - docs/vendors/ekycpro.md#ek-1: a missing, unknown, disabled or expired X-API-Key is HTTP 401
//     {"status":"NO_AUTHORIZATION","message":"invalid api key"}.
//   - docs/vendors/ekycpro.md#ek-2/#ek-3: a key's rate limit or daily limit (config `rate_limit`,
//     `quota` with `quota_period: day`) is HTTP 429 RETRY_LATER; both are off
//     unless configured. An exhausted `balance` answers INSUFFICIENT_BALANCE
//     with HTTP 200, as the iziData twin documents it.
//   - docs/vendors/ekycpro.md#ek-4: /v1/ididcheck answers synchronously; `callback` is journaled only.
//   - docs/vendors/ekycpro.md#ek-5: iziData-only products (phone, iswhatsapp, creditscore, fraud,
//     NPWP) are not served here: HTTP 404.
//   - docs/vendors/ekycpro.md#ek-6: md5=1 is accepted on /v1/ididphoneinquiries as on iziData.
//   - docs/vendors/ekycpro.md#ek-7: the balance decreases by charged calls only; used_today resets at
//     UTC midnight of the mock's clock.
//   - docs/vendors/izidata.md#iz-8: "2M" is the length of the base64 text as received, 2×1,048,576.
//   - docs/vendors/izidata.md#iz-9: a missing or empty image, or text that is not base64, is
//     INVALID_REQUEST; bytes that are not JPEG, PNG or BMP are
//     IMAGE_INVALID_FORMAT; a recognised image whose header does not decode is
//     FAIL ("image recognition error", charged).
//   - docs/vendors/izidata.md#iz-15: phones are accepted as +62…, 62…, 0… or 8… and must have 8–13
//     digits after 62.
//   - facecompare and idholding document no IMAGE_INVALID_FORMAT: bytes that
//     are no image there are INVALID_REQUEST; a recognised image whose header
//     does not decode is the charged RETRY_LATER (no face / not an idholding
//     image). Their INVALID_REQUEST message is "check request params" (docs/vendors/izidata.md#iz-22).
//   - The India and Mexico inquiries reuse the NIK message for
//     INVALID_ID_NUMBER (the docs give no text of their own).
//   - /v1/ididcheck without `name` answers OK with score 1: the NIK was found
//     and no name was given to differ. A scenario that forces OK or NOT gets a score on
//     that code's side of name_match_threshold (a forced NOT of matching names: 0.9 ×
//     threshold × similarity), never a NOT with the score of an OK.
//   - Unknown paths are HTTP 404 {"status":"INVALID_REQUEST","message":"api not found"}, wrong
//     methods HTTP 405 "method not allowed", as on iziData (product.Unrouted; docs/vendors/README.md#x-1, #x-2).
//
// Doc inconsistencies kept as the vendor has them: the ididcheck curl sample
// (docs/vendors/ekycpro.md#s5-4-1) sends `name=NAME&id=…` as one field, so it has no `id`
// and is answered INVALID_ID_NUMBER, as the real server would.
//
// Headers over -max-header-bytes (the docs name no header limit): the
// endpoint's own answer to a request it cannot read, rather than a bare 431
// no client parses: INVALID_REQUEST "check request params" (HTTP 200) on the
// image endpoints, INVALID_ID_NUMBER on the inquiries and ididcheck, FAIL on
// phoneinquiries, and INNER_ERROR (HTTP 500) on /v1/balance, which documents
// no bad-parameters answer.
package ekycpro
