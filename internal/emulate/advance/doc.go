// Package advance emulates ADVANCE.AI (https://api.advance.ai): token
// authentication and KK OCR of the seed doc (docs/vendors/advance.md#seed),
// the glossary's envelope and codes, the Indonesia-relevant endpoints of
// docs/vendors/advance.md#s2-5: KTP OCR v3, face comparison v4, ID forgery detection and
// identity check, and the endpoints real integrations call beyond them
// (docs/vendors/advance.md#beyond): KTP OCR v1 and v2, identity check v2/v4,
// blacklist v3/v4/v5, multi-platform v3/v6/v11, face comparison v2/v3, the
// hand-held ID check, the liveness SDK flow, the bank account check, and the
// low-evidence telco, scoring and company checks (their shapes inferred).
// Each route carries its evidence and source for the admin catalogue. Calls carry X-ACCESS-TOKEN from generate-token, or the
// legacy HMAC signature production integrations still send (docs/vendors/advance.md#s2-3-2).
//
// Where the docs are silent this package takes the [inferred] defaults of
// docs/vendors/README.md#s6, the windows as settings:
//
//   - docs/vendors/advance.md#ad-1: every answer, errors included, is HTTP 200 in the envelope
//     {code, message, data, extra, transactionId, pricingStrategy}; unknown
//     paths and wrong methods too (CLIENT_ERROR "HTTP 404 - Not Found" /
//     "HTTP 405 - Method Not Allowed", docs/vendors/README.md#x-1/#x-2).
//   - docs/vendors/advance.md#ad-2: transactionId is always present, 16 lowercase hex from
//     ADVANCE's own id sequence (Call.IDs): unique per run and per admin reset unless the
//     config says ids: reproducible (-reproducible-ids); pricingStrategy mirrors the code's pay/free tag.
//   - docs/vendors/advance.md#ad-3: a missing parameter is PARAMETER_ERROR "Parameter should not be
//     empty"; EMPTY_PARAMETER_ERROR only when a scenario forces it.
//   - docs/vendors/advance.md#ad-4: a token request for an unknown accessKey is IAM_FAILED "Access
//     Key not found" (so is a legacy signature naming one).
//   - docs/vendors/advance.md#ad-5: the token timestamp (13-digit ms, JSON string or number) must be
//     within settings.timestamp_window (300 s, inclusive) of the mock clock.
//   - docs/vendors/advance.md#ad-6: periodSecond (string or number) is clamped to 60..86400;
//     absent or non-numeric is 3600.
//   - docs/vendors/advance.md#ad-7: the token is a JWT, header {"alg":"HS512"}, payload iss, sub (the
//     accessKey), aud, iat, exp, signed with a key derived from the seed; it
//     is valid while the clock is before exp. expiredTime is the issue time
//     in ms + periodSecond × 1000.
//   - docs/vendors/advance.md#ad-8/#ad-10: a missing, unknown, tampered or expired token is IAM_FAILED
//     "Access denied: Token not found or expired"; a new token never revokes
//     older ones (tokens are not stored: the signature and exp decide).
//   - docs/vendors/advance.md#ad-9: the legacy Authorization accessKey:base64(HMAC-SHA256) is checked
//     against both signStr variants and the path as sent or without the
//     mock's /advance prefix; Date must be RFC 1123 within
//     settings.date_window (15 min); otherwise IAM_FAILED "You are not
//     authorized by the Identity and Access Management system".
//   - docs/vendors/advance.md#ad-11/#ad-12: SERVICE_BUSY comes from the credential's rate_limit (or a
//     daily quota), RETRY_LATER from scenarios; both rate answers carry
//     Retry-After: 10 (settings.retry_after). A used-up total quota is
//     OVER_QUERY_LIMIT (the "test account" text for mode: test), a balance
//     below the price INSUFFICIENT_BALANCE, an expired credential IAM_FAILED
//     "Account is expired…", a disabled one "Account is disabled…" (or the
//     endpoint's own ACCOUNT_DISABLED on generate-token and ID forgery), an
//     endpoint missing from the credential's apis list "Account not
//     authorized for this domain". Getting a token is not an API use: quota,
//     balance and the apis list do not refuse it, though a scenario may
//     force any glossary code on it (the codes "could appear in all our API
//     responses", docs/vendors/advance.md#s2-2).
//   - docs/vendors/advance.md#ad-13/#ad-14: images are judged by their bytes (magic numbers and
//     headers), never by the part's Content-Type; under 2 MiB of file
//     bytes, 256..4096 px a side inclusive. A recognised image whose header
//     does not decode is what the endpoint reports when it finds nothing:
//     OCR_NO_RESULT, NO_FACE_DETECTED_FROM_*_IMAGE or NO_SUPPORTED_CARD.
//   - docs/vendors/advance.md#ad-15: KTP OCR v3 and identity check answer the glossary codes besides
//     their own; the texts of IMAGE_INVALID_FORMAT / IMAGE_INVALID_SIZE, the
//     low-quality-face codes, KTP OCR_NO_RESULT and identity check's invalid
//     NIK are inferred (marked so in the catalogue).
//   - docs/vendors/advance.md#bs-1/#ad-18: identity check answers PERSON_NOT_FOUND
//     for a NIK of no district or an impossible date (settings.person_not_found).
//   - docs/vendors/advance.md#bs-3/#bs-4/#ad-19: blacklist recommendation from
//     settings.blacklist or a rule's set: data.recommendation; PASS free,
//     NEEDS_VERIFICATION and REJECT charged (two SUCCESS answers, respondBilled).
//   - docs/vendors/advance.md#bs-5/#ad-20: multi-platform counts are the NIK's
//     inquiry counters of emulate/product, shared with iziData and eKYCPro.
//   - docs/vendors/advance.md#ad-21: liveness licenses and signatureIds are
//     MACs under a seed-derived key, verified without state.
//   - docs/vendors/advance.md#ad-22: bank accounts exist unless listed absent.
//   - docs/vendors/advance.md#ad-23: telco, scoring and company answers inferred.
//   - docs/vendors/advance.md#ad-24: TEST_ACCOUNT_REACHED_LIMITATION behind
//     settings.test_account_limitation.
//   - docs/vendors/advance.md#bs-7/#ad-25: X-ADVAI-KEY is an account's static key
//     (settings.static_keys); generate-signature-id answers GET and POST.
//   - docs/vendors/advance.md#ad-16: not reachable: a generated card's birthPlaceBirthday always has
//     its comma, so placeOfBirth and birthday are always set.
//
// Test images steer answers with markers (imagecheck): scenario=<CODE>,
// kk=<16 digits> (KK OCR family), nik=<16 digits> (KTP OCR person, face
// identity), similarity=<0..100>, face=low (low-quality face on that image),
// forgery=<reason> and doctype=<type> (ID forgery).
//
// Headers over -max-header-bytes (the docs name no header limit):
// CLIENT_ERROR "HTTP 400 - Bad Request" in the envelope with HTTP 200, the
// answer ADVANCE gives every request its gateway cannot parse, so a client
// reads it as it reads any bad request, not as a bare 431.
package advance
