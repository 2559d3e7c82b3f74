// Package ekycpro emulates eKYCPro (https://api.ekycpro.com): the KTP OCR of
// the seed doc (../shared/vendor-docs/ekycpro.txt) and the endpoints of
// docs.ekycpro.com listed in VENDORS.md §5.3, with the static X-API-Key.
//
// eKYCPro clones iziData's products and docs: the same {"status","message"}
// envelope, the same status names, the same "nationnality" typo. Where the
// docs are silent this package takes the [inferred] defaults of VENDORS.md §6:
//
//   - EK-1: a missing, unknown, disabled or expired X-API-Key is HTTP 401
//     {"status":"NO_AUTHORIZATION","message":"invalid api key"}.
//   - EK-2/EK-3: a key's rate limit or daily limit (config `rate_limit`,
//     `quota` with `quota_period: day`) is HTTP 429 RETRY_LATER; both are off
//     unless configured. An exhausted `balance` answers INSUFFICIENT_BALANCE
//     with HTTP 200, as the iziData twin documents it.
//   - EK-4: /v1/ididcheck answers synchronously; `callback` is journaled only.
//   - EK-5: iziData-only products (phone, iswhatsapp, creditscore, fraud,
//     NPWP) are not served here: HTTP 404.
//   - EK-6: md5=1 is accepted on /v1/ididphoneinquiries as on iziData.
//   - EK-7: the balance decreases by charged calls only; used_today resets at
//     UTC midnight of the mock's clock.
//   - IZ-8: "2M" is the length of the base64 text as received, 2×1,048,576.
//   - IZ-9: a missing or empty image, or text that is not base64, is
//     INVALID_REQUEST; bytes that are not JPEG, PNG or BMP are
//     IMAGE_INVALID_FORMAT; a recognised image whose header does not decode is
//     FAIL ("image recognition error", charged).
//   - IZ-15: phones are accepted as +62…, 62…, 0… or 8… and must have 8–13
//     digits after 62.
//   - facecompare and idholding document no IMAGE_INVALID_FORMAT: bytes that
//     are no image there are INVALID_REQUEST; a recognised image whose header
//     does not decode is the charged RETRY_LATER (no face / not an idholding
//     image). Their INVALID_REQUEST message is "check request params" (IZ-22).
//   - The India and Mexico inquiries reuse the NIK message for
//     INVALID_ID_NUMBER (the docs give no text of their own).
//   - /v1/ididcheck without `name` answers OK with score 1: the NIK was found
//     and no name was given to differ.
//   - Unknown paths are a plain-text HTTP 404, wrong methods HTTP 405.
//
// Doc inconsistencies kept as the vendor has them: the ididcheck curl sample
// (VENDORS.md §5.4 #1) sends `name=NAME&id=…` as one field, so it has no `id`
// and is answered INVALID_ID_NUMBER, as the real server would.
//
// Headers over -max-header-bytes (the docs name no header limit): the
// invalid-request answer every endpoint documents (INVALID_REQUEST "check
// request params", HTTP 200), rather than a bare 431 no client parses.
package ekycpro
