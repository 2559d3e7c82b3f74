// Package verihubs emulates Verihubs (https://api.verihubs.com): ID Forgery
// of the seed doc (docs/vendors/verihubs.md#seed, path from the API
// reference, docs/vendors/verihubs.md#s4-2) and KTP extraction from docs/vendors/verihubs.md#s4-3 — sync
// /v2/ktp/extract, async /ktp/id/extract-async with its callback and its
// result pull — face compare and liveness, and beyond them
// (docs/vendors/verihubs.md#beyond) the electronic-certificate identity
// check, SMS, WhatsApp and flash-call OTP, face enrolment and search, and
// NPWP OCR, behind the static App-ID + API-Key headers.
//
// Verihubs answers with real HTTP statuses. Where the docs are silent this
// package takes the [inferred] defaults of docs/vendors/README.md#s6, settings where a
// user could want another:
//
//   - docs/vendors/verihubs.md#vh-10: any credential problem (missing or wrong header, unknown,
//     disabled or expired app, an endpoint outside the app's apis) is 401
//     {"message":"Authorization failed"}; the journal and catalogue call it
//     AUTHORIZATION_FAILED. Header names match in any case (docs/vendors/verihubs.md#s4-1).
//   - Credential `mode`: sandbox, testing or live (default live); anything
//     else is a config error.
//   - docs/vendors/verihubs.md#vh-7: quota and balance are enforced only for testing-mode apps (403
//     INSUFFICIENT_QUOTA); live and sandbox apps are never refused for them,
//     nor is the result pull, which never charges.
//   - Rate limit (undocumented for these products; OTP documents 429): an
//     app over its rate_limit gets 429 {"message":"Too many requests",
//     "error_code":"TOO_MANY_REQUESTS"}, the shape of the 403.
//   - docs/vendors/verihubs.md#vh-1: every 400 is {"message":"Invalid Payload","error_code":CODE,
//     "data":{"message":"BAD_PAYLOAD"}}. INVALID_PAYLOAD is a body that is
//     not a JSON object, an empty object, a field of the wrong type, or more
//     than one field that is "" (the seed's "empty string more than 1").
//     Order: INVALID_PAYLOAD, MISSING_PAYLOAD_IMAGE (no image key),
//     INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY, callback_url,
//     reference_id, then the image.
//   - Image: "" or text that is neither base64 nor an http(s) URL (ftp://…)
//     is INVALID_PAYLOAD_IMAGE_MISSING; over 5 MB (5×1,048,576 bytes
//     decoded or fetched) INVALID_PAYLOAD_IMAGE_SIZE; not JPEG/PNG or
//     undecodable INVALID_PAYLOAD_IMAGE_FORMAT. Below 720×480 is
//     INVALID_PAYLOAD_IMAGE_SIZE too: the seed calls the minimum the "KTP
//     image size". Either orientation passes (long side ≥ 720, short ≥ 480).
//   - docs/vendors/verihubs.md#vh-8: URL images are fetched (http/https, ≤ 5 redirects) with
//     settings.image_url.timeout (15 s), read up to max_bytes (5 MB) + 1,
//     optionally only from settings.image_url.allow_hosts (also applied to
//     redirects). Unreachable, refused, non-2xx or not an image is
//     INVALID_PAYLOAD_IMAGE_FORMAT; slower than the timeout
//     INVALID_PAYLOAD_IMAGE_TIMEOUT; more than max_bytes
//     INVALID_PAYLOAD_IMAGE_SIZE.
//   - docs/vendors/verihubs.md#vh-2/#vh-3/#vh-4/#vh-5: clean pass has no error_code and message
//     "Forgery not detected"; FAIL_ON_1 "Fail on quality" with status_code
//     FRG-2 and no forgery field; validate_quality false → FRG-1, true and
//     passing → FRG-3. image_quality only with is_quality; blur/dark are
//     true from a score of 50. Every 200 is charged (status_code is the
//     invoicing item). Markers: blur=/dark= (true or a 0–100 score),
//     flashlight=true, grayscale=true, forgery=true; scenario=<CODE> forces
//     any documented code. A forced code gets quality that agrees with it.
//   - docs/vendors/verihubs.md#vh-9: reference_id is a UUIDv4 from Verihubs' id sequence
//     (Call.IDs): unique per run and per admin reset, the same every run with ids: reproducible.
//   - docs/vendors/verihubs.md#vh-6: a sandbox app's ID Forgery is a dummy clean result (FRG-1, or
//     FRG-3 with validate_quality), image not inspected, never charged.
//   - docs/vendors/verihubs.md#vh-12: extract fields are under data, with image_quality first and
//     reference_id last; the person is emulate.SubjectPerson of the image.
//     The docs give no extract status codes or success message: the mock
//     answers status_code EXT-1/EXT-2/EXT-3 with the meanings of FRG-n, and
//     the message "Success Extract Data" (the KITAS OCR text of docs/vendors/verihubs.md#s4-3). A
//     success a scenario forces on a payload the checks never read is the
//     person and quality of the image as far as it was read (no image: the
//     generator's person for the empty subject), so the body is whole.
//     docs/vendors/verihubs.md#vh-13 (issue 13): extraction reports
//     data.image_quality on every answer, from its own docs (request:
//     image, validate_quality, reference_id; success: image_quality);
//     is_quality belongs to ID Forgery and changes nothing here, except
//     that validate_quality true with is_quality false sent is the
//     documented INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY.
//     KTP_NOT_DETECTED: marker ktp=none.
//   - reference_id: optional, 1–64 characters of letters, digits and
//     . _ : -, unique per App-ID among the last max_reference_ids (4000)
//     that succeeded (fewer when max_reference_ids_total is reached, see
//     "State bounds"); reused → INVALID_PAYLOAD_REFERENCE_ID_EXISTS. The
//     check takes the id for the request in flight, so of concurrent
//     requests with one id only the first is accepted; a refused request
//     gives its id back.
//   - extract-async answers HTTP 200 {"message":"Request accepted",
//     "data":{"id":UUID,"reference_id":…}} at once; the result (the sync
//     extract body; KTP_NOT_DETECTED as {"message":"Invalid Payload",
//     "error_code":"KTP_NOT_DETECTED","data":{"reference_id":…}}) is POSTed
//     as JSON to callback_url in the background with HTTP Basic auth —
//     settings.callback.auth[App-ID] {username, password}, else the App-ID
//     and API-Key themselves — 3 tries (settings.callback.tries), 5 s each,
//     doubling backoff from 1 s, every try an event on the journal entry.
//     callback_url must be absolute http(s); the vendor asks for https,
//     which settings.callback.https_only enforces. It is charged unless the
//     result is KTP_NOT_DETECTED.
//   - GET /ktp/id/extract-async/result?reference_id= answers 200 with the
//     stored result (sync extracts are stored too: the bytes answered, a
//     rule's set: fields included; an async result goes by the acceptance's
//     reference_id as answered), free; no reference_id
//     is INVALID_PAYLOAD, an unknown one INVALID_PAYLOAD_REFERENCE_ID.
//   - Sandbox apps on extract send magic codes (docs/vendors/verihubs.md#s4-3): image KTP, KTP_B,
//     KTP_D, KTP_BD, KTP_BF, KTP_F, KTP_G, KTP_FG, KTP_BG, KTP_DG (B blur,
//     D dark, F flashlight, G grayscale), NO_KTP_DETECTED,
//     IMAGE_SIZE_EXCEED_LIMIT; reference_id REFERENCE_ID, REFERENCE_ID_EXIST,
//     REFERENCE_ID_TOO_LONG, REFERENCE_ID_TOO_SHORT; anything else is
//     INVALID_SANDBOX_CODE. Results carry reference_id
//     REFERENCE_ID_<image code>[_V] (_V with validate_quality) and the pull
//     computes them from the id. The pull is always the code's natural dummy: a sandbox answer a
//     scenario forced or set fields on is not stored, so its pull differs.
//     A forced success on a payload that is no sandbox code is the KTP
//     code's dummy. Sandbox calls are never charged.
//   - Face compare and liveness (docs/vendors/verihubs.md#s4-3) document codes but no bodies. The
//     mock answers {"message","error_code"?,"data":{reference_id,
//     similarity_status, similarity_score, image_1, image_2}} (liveness:
//     data.image), each image {face_count, liveness{status, probability},
//     attributes{mask, sunglasses, hat}, image_quality}, the parts present
//     per is_quality / is_attribute / is_liveness (default true). Success
//     message "Request Success" (enroll's, [code]); FAIL_ON_n messages
//     "Fail on <checks>". FAIL_ON_n is the OR of failed validations
//     (validate_* default false; liveness 1, attribute 2, quality 4, more
//     than one face 8 — the face count is always checked); FAIL_ON_16 is a
//     similarity below 65 (the eKYCPro band) with nothing else failing.
//     Liveness has no bit 1: its verdict is the answer. Markers: live=false,
//     attribute=mask|sunglasses|hat, blur=/dark=/flashlight=/grayscale=,
//     faces=N (0 → FACE_NOT_DETECTED), similarity=, nik=. Face images have
//     no minimum size. A sandbox app (docs/vendors/verihubs.md#s4-1: dummy results) gets a pass,
//     its images not inspected beyond being non-empty, never charged, as
//     ID Forgery's docs/vendors/verihubs.md#vh-6. A forced 200 reports every image, read as empty where
//     the checks stopped, with face counts that agree with its code (one
//     face, two where the code has bit 8); image errors of compare carry the image's number
//     (INVALID_PAYLOAD_IMAGE_1_SIZE, MISSING_PAYLOAD_IMAGE_2, …).
//   - Electronic-certificate check (Sertel, docs/vendors/verihubs.md#b3-1,
//     #bs-12, #bs-13, #vh-14): every documented field rule is checked and each
//     broken one is an entry of error_fields in a 400 {"message":"Invalid
//     payload","error_code":"INVALID_PAYLOAD","error_fields":[{field,
//     message}]} (the data-verification family's shape), the fields in the
//     documented order. Photos: base64 JPEG/PNG; selfie 100 KB–4 MB, short
//     side ≥ 480 and long side ≥ 640, ktp 100 KB–2 MB, ≥ 360/480, neither
//     over 10000 a side (either orientation, as extract). Age ≥ 17 on the
//     mock's clock. phone: 8–15 digits, not starting with 0 (the docs'
//     62… without +). reference_id as extract's rule, unique per App-ID,
//     a UUID when absent. The verdict is the NIK's fake person's: nik is
//     rejected when the NIK falls outside the registry (region or birth
//     date a stand-in), name unless emulate.NameSimilarity is 1 (case,
//     punctuation and word order free), birth_date unless equal, the
//     selfie when its marker names another nik= or similarity= below 65.
//     verified/not_verified are both charged; a sandbox app gets verified
//     for any valid payload, free. An email or phone verified with one NIK
//     is refused with another (2000 remembered, see "State bounds"). A forced
//     not_verified names what failed, else selfie_photo.
//   - OTP (docs/vendors/verihubs.md#b3-2, #b3-3, #b3-4, #vh-15): WhatsApp,
//     SMS and flash call, v1 and v2 send (201, charged) and verify (200,
//     free), and the sandbox paths with the docs' numbers. One OTP is kept
//     per App-ID, product, msisdn and challenge (v1 and v2 share it), the
//     last send replacing the previous one; expiry is time_limit on the
//     mock's clock. otp (4–8 digits) or otp_length (4–8, default 4) random
//     digits, deterministic per seed; time_limit 1–86400 s (default 300,
//     flash call 120). A wrong OTP, a second verify and any verify after
//     5 wrong OTPs are the documented 404 " OTP not found" (the docs list
//     no other verify error); the right OTP too late is 422. try_count
//     counts sends in a 10-minute window; the 6th is the documented 429.
//     409 blocked: scenario or sandbox number only. A challenge over 256
//     bytes or a callback_url over 2048 is VALIDATION_ERROR [inferred: the
//     docs name no limit; the store keeps both per conversation, so the
//     bound keeps a client from growing it by its body size]. Errors but 401 and 500
//     carry error_code, the catalogue's name for the documented text.
//     callback_url (extract-async's rule) gets GET ?session_id=&status=
//     through the server's deliverer: delivered on send (a sandbox-mode
//     app's old sandbox numbers 628001… their documented statuses),
//     verified on verify, unverified on a verify past the limit.
//     At most settings.max_otps (1000) conversations per App-ID, see
//     "State bounds".
//     The OTP is not a secret in the journal: it is a test value the mock
//     made up or the client chose, answered in the send's body and shown
//     on GET /__admin/otp, so the verify request's otp field is journaled
//     in clear like the answer that carried it.
//   - Face enrolment (docs/vendors/verihubs.md#b3-5, #vh-16): POST
//     /v1/face/enroll keeps a face under subject_id (replacing an existing
//     one; a UUID when absent) per App-ID; the person is the image's, as
//     on every face endpoint (marker nik=, else the bytes). Validations
//     and FAIL_ON_1…15 as compare (is_liveness default true, its
//     dependency documented for enroll); a FAIL_ON enrols nothing. DELETE
//     ?subject_id= forgets it (free). POST /v1/face/search lists the
//     App-ID's subjects whose similarity reaches threshold (0–100, default
//     82), best first, at most limit (1–10, default 1), with the enrolled
//     image when return_image: the same person 85–99.9, another 5–40, a
//     similarity= marker sets it. Quota 403s are the products' own
//     INSUFFICIENT_QUOTA_ENROLL, INSUFFICIENT_QUOTA_SEARCH (inferred) and,
//     on /v1/face/liveness, INSUFFICIENT_QUOTA_LIVENESS (Admit).
//     Bounded by settings.max_face_subjects (1000) and max_face_bytes
//     (16 MB) per App-ID and max_face_bytes_total (16 MB) over every
//     App-ID (see "State bounds"), the oldest enrolment first out: a search
//     no longer finds an evicted subject, a delete answers it
//     INVALID_PAYLOAD_SUBJECT_ID_MISSING. A face weighs the image kept for
//     return_image plus its id, marker and ~0.5 KB beside. A sandbox app
//     is served alike, never charged.
//   - NPWP OCR (docs/vendors/verihubs.md#b3-6, #vh-17): POST /ocr/npwp,
//     multipart image (JPEG/PNG/PDF ≤ 5 MB), answers the KITAS OCR shape
//     with the NPWP card (identity.NPWPFor) of the image's person; marker
//     npwp=none is OCR_200004 (free); anything the OCR cannot take is 422
//     OCR_40001; a testing app's spent quota the documented 400 OCR_40004
//     (Admit); OCR_50000 by scenario. Passport OCR is not emulated: no
//     public answer to copy (docs/vendors/verihubs.md#b3-6).
//   - State bounds (a mock choice, inferred: real Verihubs keeps an
//     App-ID's enrolments, ids and OTPs whatever other App-IDs do). What
//     the emulator remembers grows with client traffic, per App-ID; and
//     App-IDs are an open set (runtime credentials, one per workspace),
//     all served by this one Vendor. So every store is bounded per App-ID
//     and in total over every App-ID, the oldest entry of any App-ID
//     first out once the total is reached (bounded.go's fifo): extract
//     reference_ids with their results, and Sertel's apart,
//     max_reference_ids / _total (4000 / 4000, ~1 KB and ~0.3 KB each);
//     OTP conversations max_otps / _total (1000 / 1000, ≤ 2.9 KB each with
//     a 2 KB callback_url); Sertel emails and phones 2000 / 2000 (≤ 0.5 KB);
//     enrolled faces max_face_subjects (1000 per App-ID) and max_face_bytes
//     / _total (16 MB / 16 MB). Full of the largest entries a client can
//     make, about 25 MB in all, sized for the mock's RSS target (64 MB;
//     soft heap limit 38 MiB). In flight only, bounded by the requests in
//     flight: the reference_ids reserved, Sertel's error_fields between
//     handler and Render. Callbacks queue in the server's deliverer.
//   - Admin reset clears the mock's reference_id memory (EXISTS and the
//     result pull), the Sertel emails and phones, every OTP and every
//     enrolled face.
//   - Unknown paths are HTTP 404 {"message":"Not Found"}, wrong methods HTTP 405 {"message":"Method
//     Not Allowed"}: the 401's body shape, nothing documented (docs/vendors/README.md#x-1, #x-2).
//   - Headers over -max-header-bytes (the docs name no header limit): the
//     generic INVALID_PAYLOAD (HTTP 400) every endpoint documents for a
//     request it cannot take, rather than a bare 431.
package verihubs
