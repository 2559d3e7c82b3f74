// Package izidata emulates iziData (https://api.izidata.co.id, the older
// host api.izi.credit, the sandbox api.sandbox.izidata.co.id and the API hub
// apihub.izi.credit): the twelve endpoints of the seed doc
// (docs/vendors/izidata.md#seed), /v1/salary from docs/vendors/izidata.md#s1-5
// and what client code calls beyond them (docs/vendors/izidata.md#b2: phone
// age v2/v3, blacklist, identity check v2 and the detailed v3, phone verify,
// the official face compare, the bank ID check), behind the credit-v1 AK/SK signature of the
// official SDKs (both signing families, docs/vendors/izidata.md#s1-3), or on
// the sandbox host a ?token= query.
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
// Beyond the seed (docs/vendors/izidata.md#b2), the defaults of
// docs/vendors/izidata.md#bs-8..#bs-11 and #iz-25..#iz-29:
//   - docs/vendors/izidata.md#bs-8: phone age in months; PHONENUMBER_NOT_FOUND
//     "Phone number not found"; v3 answers as v2.
//   - docs/vendors/izidata.md#bs-9: blacklist REJECT for a listed NIK (settings.blacklist.niks), or a
//     listed phone with the NIK's person's name; NEEDS_VERIFICATION for a listed phone; else PASS;
//     OK charged whatever the verdict; md5=1 as on fraud (lists compare by MD5).
//   - docs/vendors/izidata.md#bs-10: /v3/identitycheck and /v1/phoneverify are guessed paths,
//     marked inferred in the catalogue.
//   - docs/vendors/izidata.md#bs-11, #iz-29: a credential with mode sandbox is a token, accepted as
//     ?token= on the sandbox host only; a wrong one is NO_AUTHORIZATION "invalid token".
//   - docs/vendors/izidata.md#iz-25, #iz-26: a phone has a subscriber when libphonenumber calls it a
//     valid mobile; its holder is the person it stands for; phone verify matches the NIK's person's
//     phone or the phone's own person.
//   - docs/vendors/izidata.md#iz-27: the identity checks are eKYCPro's ididcheck
//     (product.IdentityCheck) with settings.name_match_threshold (0.8); v2 echoes id and name.
//   - docs/vendors/izidata.md#iz-28: the official face compare answers as facecompare, with the NIK
//     checked first.
//   - docs/vendors/izidata.md#iz-30: /v1/bankidcheck answers the identity checks' statuses with
//     which of name, pob, dob and mother_name agree; OK only when all do.
//
// Credit and fraud scores derive from one risk per (NIK, phone) that grows
// with the inquiry counters, so the three agree with each other.
//
// Headers over -max-header-bytes (the docs name no header limit): the
// invalid-request answer every endpoint documents (INVALID_REQUEST "check
// request params", HTTP 200), rather than a bare 431 no SDK parses.
package izidata
