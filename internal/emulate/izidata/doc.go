// Package izidata emulates iziData (https://api.izidata.co.id, and the older
// host api.izi.credit): the twelve endpoints of the seed doc
// (docs/vendors/izidata.md#seed) and /v1/salary from docs/vendors/izidata.md#s1-5,
// behind the credit-v1 AK/SK signature of the official SDKs (both signing
// families, docs/vendors/izidata.md#s1-3).
//
// Where the docs are silent this package takes the [inferred] defaults of
// docs/vendors/README.md#s6, all settings where a user could want another:
//
//   - docs/vendors/izidata.md#iz-1: every documented answer is HTTP 200; HTTP 500 only for a panic.
//   - docs/vendors/izidata.md#iz-2/#iz-3: auth messages are the seed's descriptions; a missing or
//     malformed header, unknown AK, bad signature, or Content-MD5 that is not
//     the body's (docs/vendors/izidata.md#iz-5) is NO_AUTHORIZATION; an unparsable ts or expire is
//     INVALID_PARAMETER_ERROR.
//   - docs/vendors/izidata.md#iz-4: ts up to future_skew (300 s) ahead is accepted; expire must be in
//     min_expire..max_expire (300..129600).
//   - docs/vendors/izidata.md#iz-6/#iz-7: auth, then balance (INSUFFICIENT_BALANCE; a used-up quota
//     too), then fields, then image checks; auth and balance answers are free.
//     facecompare runs each check on both images before the next (presence,
//     size, base64, format, then the charged "no face"). docs/vendors/izidata.md#iz-6 leaves the
//     order of decode, format and size open; size first is the mock's.
//     A key over its rate_limit gets RETRY_LATER "system error".
//   - docs/vendors/izidata.md#iz-8/#iz-9: limits count base64 characters as received (4M for KTP OCR,
//     2M elsewhere); missing/not base64 is INVALID_REQUEST, another format
//     IMAGE_INVALID_FORMAT, an undecodable JPEG/PNG/BMP FAIL (charged).
//   - docs/vendors/izidata.md#iz-10/#iz-11: /v1/iswhatsapp with a callback answers `checking` at once
//     (free) and then GETs callback?number=&whatsapp= (unsigned; 3 tries,
//     doubling backoff; every try on the journal entry); the number is
//     E.164, or the value received in md5 mode. Numbers ending in 0000 are
//     `checking` without a callback too.
//   - docs/vendors/izidata.md#iz-12/#iz-13/#iz-14: NOT_FOUND_MD5 is free; md5 of a phone is of its
//     E.164 form, the national 0… form an alias; only md5=1 means md5.
//     Every well-formed hash is somebody unless settings.known_only, which
//     makes only settings.people known.
//   - docs/vendors/izidata.md#iz-15/#iz-16/#iz-17: phones as +62…, 62…, 0…, 8… with 8–13 digits after
//     62; missing fields get each endpoint's invalid code (creditscore's
//     name too: INVALID_INPUT "invalid input"); a NIK is 16 digits.
//   - docs/vendors/izidata.md#iz-18: KTP OCR returns the plain NIK as "id" (the seed shows an md5).
//   - docs/vendors/izidata.md#iz-19/#iz-20/#iz-21: liveness non-success reasons have live_score 0;
//     idholding cuts at 65; fraud PASS < 50 <= NEEDS_VERIFICATION < 70 <= REJECT.
//   - docs/vendors/izidata.md#iz-22/#iz-23/#iz-24: texts for the undocumented messages as listed there;
//     liveness country optional, and ID the only one (the page's list; MX,
//     IN, TH are eKYCPro's), checked before the image as docs/vendors/izidata.md#iz-6 puts fields
//     first; fraud RETRY_LATER free.
//   - /v1/phone answers from libphonenumber's metadata; its error texts are
//     libphonenumber's, as the seed's example is.
//   - /v1/salary: PERSON_NOT_FOUND for 16 digits that are no valid NIK; its
//     messages are not documented and follow the other endpoints'. Its
//     salary is an integer (whole rupiah), as the client reads it.
//   - Unknown paths are HTTP 404 {"status":"INVALID_REQUEST","message":"api not found"}, wrong
//     methods HTTP 405 "method not allowed" (product.Unrouted; docs/vendors/README.md#x-1, #x-2):
//     the envelope, never a plain page an SDK cannot decode.
//
// Credit and fraud scores derive from one risk per (NIK, phone) that grows
// with the inquiry counters, so the three agree with each other.
//
// Headers over -max-header-bytes (the docs name no header limit): the
// invalid-request answer every endpoint documents (INVALID_REQUEST "check
// request params", HTTP 200), rather than a bare 431 no SDK parses.
package izidata
