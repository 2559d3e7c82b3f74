package advance

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

// License bounds (docs/vendors/advance.md#b1-7): default 600 s, at most 86400.
const (
	licenseDefault = 600
	licenseMax     = 86400
)

// licenseAnswers is auth-license's table and its document-verification
// twin's (docs/vendors/advance.md#b1-7): SUCCESS pay, ACCESS_DENIED and SERVICE_DISABLED free.
func licenseAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		pay(Success, MsgOK, "licenseEffectiveSeconds absent (600) or 1..86400: a license valid that long"),
		free(AccessDenied, MsgAccessDenied, scenarioOnly+" (the account is not allowed the SDK)"),
		free(ServiceDisabled, MsgServiceDisabled, scenarioOnly+" (the service is switched off for the account)"),
		inferred(free(ParameterError, MsgLicenseSeconds, "licenseEffectiveSeconds not a whole number of 1..86400")),
	}, glossary(true)...)
}

type licenseData struct {
	License         string `json:"license"`
	ExpireTimestamp int64  `json:"expireTimestamp"`
}

// livenessKey signs the mock's licenses and signatureIds, derived from the
// seed like the token key: a restarted mock with the same seed knows the
// ids it issued.
func livenessKey(seed int64) []byte {
	sum := sha256.Sum256([]byte("mockekyc advance liveness " + strconv.FormatInt(seed, 10)))
	return sum[:]
}

func mac(seed int64, parts ...string) []byte {
	m := hmac.New(sha256.New, livenessKey(seed))
	m.Write([]byte(strings.Join(parts, "\x00")))
	return m.Sum(nil)
}

func (v *Vendor) license(c *emulate.Call) emulate.Response {
	raw, err := optionalJSON(c)
	if err != nil {
		return c.Fail(ClientError, MsgBadRequest)
	}
	secsText := strings.TrimSpace(scalarText(raw["licenseEffectiveSeconds"]))
	app := strings.TrimSpace(scalarText(raw["applicationId"]))
	c.Field("licenseEffectiveSeconds", secsText)
	c.Field("applicationId", app)
	secs, err := strconv.Atoi(secsText)
	if secsText == "" {
		secs, err = licenseDefault, nil
	}
	data := func() any {
		s := secs
		if err != nil || s < 1 || s > licenseMax {
			s = licenseDefault // a forced SUCCESS of a bad request
		}
		exp := c.Now.UnixMilli() + int64(s)*1000
		sig := mac(c.Deps.Seed, "license", c.Credential, app, strconv.FormatInt(exp, 10))
		return licenseData{License: base64.RawURLEncoding.EncodeToString(sig), ExpireTimestamp: exp}
	}
	if o := c.Decide(c.Facts()); o != nil {
		return v.respond(c, o.Code, o.Message, data)
	}
	if err != nil || secs < 1 || secs > licenseMax {
		return c.Fail(ParameterError, MsgLicenseSeconds)
	}
	return v.respond(c, Success, MsgOK, data)
}

// optionalJSON is a JSON object body, {} when the body is empty.
func optionalJSON(c *emulate.Call) (emulate.Object, error) {
	if len(strings.TrimSpace(string(c.Body))) == 0 {
		return emulate.Object{}, nil
	}
	return c.JSONObject()
}

// signatureAnswers: generate-signature-id is free (docs/vendors/advance.md#b1-7), so no API
// use: like the token, quota, balance and the apis list never refuse it
// and those glossary answers come from scenarios only.
func signatureAnswers() []emulate.Answer {
	own := []emulate.Answer{free(Success, MsgOK, "any request of an authenticated account (POST JSON or GET query: productLevel, livenessType): a new signatureId")}
	for _, g := range glossary(true) {
		switch {
		case g.Code == InsufficientBalance, g.Code == OverQueryLimit, g.Code == TestAccountLimitation,
			g.Code == ServiceBusy && g.Message == MsgDailyQuota, g.Code == IAMFailed && g.Message == MsgIAMDomain:
			g.Trigger = scenarioOnly + " (the endpoint is free: no API use for quota, balance or the apis list)"
		}
		own = append(own, g)
	}
	return own
}

type signatureData struct {
	SignatureID string `json:"signatureId"`
}

// newSignatureID is 16 hex from the seeded ids and 16 of their MAC: the
// mock recognises its own signatureIds without keeping them.
func newSignatureID(c *emulate.Call) string {
	id := c.IDs().Hex(16)
	return id + hex.EncodeToString(mac(c.Deps.Seed, "signature", id)[:8])
}

func issuedSignature(seed int64, id string) bool {
	if len(id) != 32 {
		return false
	}
	want := hex.EncodeToString(mac(seed, "signature", id[:16])[:8])
	return hmac.Equal([]byte(want), []byte(id[16:]))
}

func (v *Vendor) signatureID(c *emulate.Call) emulate.Response {
	level, kind := c.Req.URL.Query().Get("productLevel"), c.Req.URL.Query().Get("livenessType")
	if c.Req.Method != "GET" {
		raw, err := optionalJSON(c)
		if err != nil {
			return c.Fail(ClientError, MsgBadRequest)
		}
		level, kind = scalarText(raw["productLevel"]), scalarText(raw["livenessType"])
	}
	c.Field("productLevel", level)
	c.Field("livenessType", kind)
	data := func() any { return signatureData{SignatureID: newSignatureID(c)} }
	if o := c.Decide(c.Facts()); o != nil {
		return v.respond(c, o.Code, o.Message, data)
	}
	return v.respond(c, Success, MsgOK, data)
}

// livenessAnswers is detection-result's table (docs/vendors/advance.md#b1-7).
func livenessAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		pay(Success, MsgOK, "a signatureId this mock issued, or any livenessId: a result stable per id (livenessScore 50-100 pass; about one in seven an attack with score 0)"),
		inferred(free(LivenessIDNotExisted, MsgLivenessNotExisted, "a signatureId this mock did not issue")),
		inferred(free(ResultNotFound, MsgResultNotFound, scenarioOnly+" (the SDK flow was never finished)")),
		free(ParameterError, MsgEmpty, "neither livenessId nor signatureId"),
		inferred(free(ParameterError, MsgResultType, "resultType other than IMAGE_URL or IMAGE_BASE64")),
	}, glossary(true)...)
}

// MsgResultType is detection-result's inferred text for a bad resultType.
const MsgResultType = "Invalid resultType, it should be IMAGE_URL or IMAGE_BASE64"

// livenessData is the result in the transcription's field order (docs/vendors/advance.md#s2-5).
type livenessData struct {
	DetectionResult string  `json:"detectionResult"`
	LivenessScore   float64 `json:"livenessScore"`
	AuditImageURL   string  `json:"auditImageUrl"`
	ImageFarURL     string  `json:"imageFarUrl"`
	ImageNearURL    string  `json:"imageNearUrl"`
	FarImageTime    int64   `json:"farImageTime"`
	NearImageTime   int64   `json:"nearImageTime"`
	AttackType      *int    `json:"attackType"`
	AttackSubType   *string `json:"attackSubType"`
	SDKVersion      string  `json:"sdkVersion"`
	Platform        string  `json:"platform"`
}

// livenessImage is the frame IMAGE_BASE64 answers: a small JPEG.
var livenessImage = sync.OnceValue(func() string {
	b, err := imagecheck.MakeFixture(imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 256, Height: 256})
	if err != nil {
		panic("advance: liveness frame: " + err.Error()) // a fixed spec always renders
	}
	return base64.StdEncoding.EncodeToString(b)
})

// livenessOf is the stable result of an id: a pass most of the time, an
// attack (score 0, attackType 1 presentation, 2 injection, 3 unsure)
// otherwise; images as URLs under the mock's host or base64.
func livenessOf(c *emulate.Call, id string, base64Images bool) livenessData {
	r := emulate.Rand(c.Deps.Seed, "advance liveness", id)
	platforms := []string{"ANDROID", "IOS", "H5"}
	d := livenessData{DetectionResult: "PASS", SDKVersion: "mockekyc-1.0", Platform: platforms[r.IntN(len(platforms))]}
	if r.IntN(7) == 0 {
		t := 1 + r.IntN(3)
		d.DetectionResult, d.AttackType = "FAIL", &t
	} else {
		d.LivenessScore = math.Round((50+r.Float64()*50)*100) / 100
	}
	taken := c.Now.UnixMilli() - int64(60_000+r.IntN(3_600_000))
	d.FarImageTime, d.NearImageTime = taken, taken+int64(1000+r.IntN(2000))
	if base64Images {
		img := livenessImage()
		d.AuditImageURL, d.ImageFarURL, d.ImageNearURL = img, img, img
		return d
	}
	base := "https://api.advance.ai/liveness/mock/" + id + "/"
	d.AuditImageURL, d.ImageFarURL, d.ImageNearURL = base+"audit.jpg", base+"far.jpg", base+"near.jpg"
	return d
}

func (v *Vendor) livenessResult(c *emulate.Call) emulate.Response {
	raw, err := c.JSONObject()
	if err != nil {
		return c.Fail(ClientError, MsgBadRequest)
	}
	lid, sid := strings.TrimSpace(scalarText(raw["livenessId"])), strings.TrimSpace(scalarText(raw["signatureId"]))
	rt := strings.TrimSpace(scalarText(raw["resultType"]))
	c.Field("livenessId", lid)
	c.Field("signatureId", sid)
	c.Field("resultType", rt)
	id := sid // preferred when both are sent (docs/vendors/advance.md#b1-7)
	if id == "" {
		id = lid
	}
	data := func() any { return livenessOf(c, id, rt == "IMAGE_BASE64") }
	if o := c.Decide(c.Facts()); o != nil {
		return v.respond(c, o.Code, o.Message, data)
	}
	switch {
	case id == "":
		return c.Fail(ParameterError, MsgEmpty)
	case rt != "" && rt != "IMAGE_URL" && rt != "IMAGE_BASE64":
		return c.Fail(ParameterError, MsgResultType)
	case sid != "" && !issuedSignature(c.Deps.Seed, sid):
		return c.Fail(LivenessIDNotExisted, MsgLivenessNotExisted)
	}
	return v.respond(c, Success, MsgOK, data)
}
