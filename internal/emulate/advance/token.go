package advance

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// Token validity bounds of docs/vendors/advance.md#s2-3-1 (seconds).
const (
	periodDefault = 3600
	periodMin     = 60
	periodMax     = 86400
)

// tokenAnswers is the generate-token table of the seed (docs/vendors/advance.md#s2-3-1): SUCCESS is
// free here, plus docs/vendors/advance.md#ad-4's unknown key and the account answers a gateway
// gives before any API runs. The glossary's codes "could appear in all our
// API responses" (docs/vendors/advance.md#s2-2), the token's included, so every glossary answer the
// table lacks follows it; getting a token never earns those (it is free and
// no API use), so only a scenario gives them.
func tokenAnswers() []emulate.Answer {
	own := []emulate.Answer{
		free(Success, MsgOK, "a known accessKey, a timestamp within 300 s of the clock and signature = hex SHA-256(accessKey+secretKey+timestamp)"),
		free(ParameterError, MsgEmpty, "accessKey, timestamp or signature missing or empty"),
		free(ParameterError, MsgTimestamp, "timestamp not 13 digits, or more than timestamp_window (300 s) from the clock (docs/vendors/advance.md#ad-5)"),
		free(ParameterError, MsgSignature, "signature is not hex SHA-256(accessKey+secretKey+timestamp)"),
		free(AccountDisabled, MsgAccountDisabled, "the credential is disabled"),
		free(ClientError, MsgBadRequest, "a body that is not a JSON object, or accessKey/signature not strings"),
		inferred(free(IAMFailed, MsgIAMKeyNotFound, "an accessKey no credential has (docs/vendors/advance.md#ad-4)")),
		free(IAMFailed, MsgIAMAccountExpire, "the credential's expires is past"),
		free(ServiceBusy, MsgRateLimit, "more requests a second than the credential's rate_limit; header Retry-After: 10"),
		free(Error, MsgServerError, "scenario only (and a handler panic)"),
	}
	out := own
	for _, g := range glossary(false) {
		if !slices.ContainsFunc(own, func(a emulate.Answer) bool { return a.Code == g.Code && a.Message == g.Message }) {
			g.Trigger = scenarioOnly + " on generate-token (a glossary code, docs/vendors/advance.md#s2-2)"
			if g.Code == RetryLater {
				g.Trigger += "; header Retry-After: 10"
			}
			out = append(out, g)
		}
	}
	return out
}

// tokenRequest is the generate-token body. timestamp and periodSecond are
// documented as strings but the curl sample sends numbers (docs/vendors/advance.md#s2-6-4): both
// are read from their raw JSON.
type tokenRequest struct {
	AccessKey    string
	Timestamp    string
	Signature    string
	PeriodSecond any // a JSON value as decoded
}

// parseTokenRequest reads the body (decoded once, shared with the spec
// validation); ok is false when it is no JSON object of the documented
// shape (CLIENT_ERROR). Keys match exactly.
func parseTokenRequest(c *emulate.Call) (tokenRequest, bool) {
	o, err := c.JSONObject()
	if err != nil {
		return tokenRequest{}, false
	}
	var t tokenRequest
	for _, f := range []struct {
		key string
		dst *string
	}{{"accessKey", &t.AccessKey}, {"signature", &t.Signature}} {
		switch v := o[f.key].(type) {
		case nil: // absent or null
		case string:
			*f.dst = v
		default:
			return tokenRequest{}, false
		}
	}
	t.Timestamp = scalarText(o["timestamp"])
	t.PeriodSecond = o["periodSecond"]
	return t, true
}

// scalarText is a JSON string's value or a number's literal text ("" for
// null, absent or any other JSON value).
func scalarText(v any) string {
	text, _ := emulate.ScalarText(v)
	return text
}

// Signature is the token request signature: lowercase hex SHA-256 of
// accessKey + secretKey + timestamp, concatenated (docs/vendors/advance.md#s2-3-1).
func Signature(accessKey, secretKey, timestamp string) string {
	sum := sha256.Sum256([]byte(accessKey + secretKey + timestamp))
	return hex.EncodeToString(sum[:])
}

// authTokenRequest checks a generate-token body in the order a client
// fixes its mistakes: shape, presence, key, timestamp, signature.
func (v *Vendor) authTokenRequest(c *emulate.Call) (code, msg string) {
	t, ok := parseTokenRequest(c)
	if !ok {
		return ClientError, MsgBadRequest
	}
	c.Field("accessKey", t.AccessKey)
	c.Field("timestamp", t.Timestamp)
	c.Field("signature", t.Signature) // the journal keeps its fingerprint (Secrets)
	c.Credential = t.AccessKey
	if strings.TrimSpace(t.AccessKey) == "" || t.Timestamp == "" || strings.TrimSpace(t.Signature) == "" {
		return ParameterError, MsgEmpty
	}
	cred, known := c.Deps.Ledger.Lookup(Name, t.AccessKey)
	if !known {
		c.Credential = ""
		return IAMFailed, MsgIAMKeyNotFound
	}
	ms, err := strconv.ParseInt(t.Timestamp, 10, 64)
	if err != nil || len(t.Timestamp) != 13 {
		c.Note("auth", "timestamp is not 13 digits of milliseconds")
		return ParameterError, MsgTimestamp
	}
	if off := time.Duration(ms-c.NowFor(t.AccessKey).UnixMilli()) * time.Millisecond; off > v.settings.TimestampWindow || -off > v.settings.TimestampWindow {
		c.Note("auth", "timestamp is "+off.String()+" from the clock (window "+v.settings.TimestampWindow.String()+")")
		return ParameterError, MsgTimestamp
	}
	want := Signature(t.AccessKey, cred.Secret, t.Timestamp)
	if subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(strings.TrimSpace(t.Signature)))) != 1 {
		c.Note("auth", "signature mismatch")
		c.Note("signed_string", t.AccessKey+"<secretKey>"+t.Timestamp)
		return ParameterError, MsgSignature
	}
	return "", ""
}

// period reads periodSecond: absent, empty or not a number is the default;
// a number outside 60..86400 is clamped (docs/vendors/advance.md#ad-6).
func period(raw any) int {
	s := strings.TrimSpace(scalarText(raw))
	f, err := strconv.ParseFloat(s, 64)
	if s == "" || err != nil || f != f {
		return periodDefault
	}
	return int(min(max(f, periodMin), periodMax))
}

type tokenData struct {
	Token       string `json:"token"`
	ExpiredTime int64  `json:"expiredTime"`
}

func (v *Vendor) generateToken(c *emulate.Call) emulate.Response {
	t, _ := parseTokenRequest(c) // Authenticate has parsed it already
	secs := period(t.PeriodSecond)
	c.Field("periodSecond", strconv.Itoa(secs))
	data := func() any {
		iat := c.Now.Unix()
		return tokenData{
			Token:       signToken(tokenSecret(c.Deps.Seed), claims{Sub: t.AccessKey, Aud: "WEB", Iat: iat, Exp: iat + int64(secs)}),
			ExpiredTime: c.Now.UnixMilli() + int64(secs)*1000,
		}
	}
	if o := c.Decide(c.Facts()); o != nil {
		return v.respond(c, o.Code, o.Message, data)
	}
	return v.respond(c, Success, MsgOK, data)
}

// claims is the token payload: the seed's example has iss, sub, aud, iat
// and exp (docs/vendors/advance.md#s2-3-1); sub names the accessKey the token was issued to.
type claims struct {
	Iss string `json:"iss"`
	Sub string `json:"sub"`
	Aud string `json:"aud"`
	Iat int64  `json:"iat"`
	Exp int64  `json:"exp"`
}

// jwtHeader is the seed token's header, {"alg":"HS512"} (docs/vendors/advance.md#ad-7).
var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS512"}`))

// tokenSecret is the server's HS512 key, derived from the seed so that a
// restarted mock with the same seed honours the tokens it issued (docs/vendors/advance.md#ad-7).
func tokenSecret(seed int64) []byte {
	sum := sha512.Sum512([]byte("mockekyc advance token " + strconv.FormatInt(seed, 10)))
	return sum[:]
}

func signToken(key []byte, cl claims) string {
	cl.Iss = "mockekyc"
	payload, _ := json.Marshal(cl) // a struct of strings and ints always marshals
	signing := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(payload)
	m := hmac.New(sha512.New, key)
	m.Write([]byte(signing))
	return signing + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// verifyToken returns the accessKey of a token this mock issued that is
// still valid at now; a token stays valid until its exp even when newer
// ones were issued (docs/vendors/advance.md#ad-10). ok is false for anything else (docs/vendors/advance.md#ad-8).
func verifyToken(key []byte, token string, now func(accessKey string) time.Time) (accessKey, why string, ok bool) {
	parts := strings.Split(strings.TrimSpace(token), ".")
	if len(parts) != 3 || parts[0] != jwtHeader {
		return "", "not a token of this mock", false
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	m := hmac.New(sha512.New, key)
	m.Write([]byte(parts[0] + "." + parts[1]))
	if err != nil || !hmac.Equal(sig, m.Sum(nil)) {
		return "", "token signature mismatch (tampered, or issued under another seed)", false
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	var cl claims
	if err != nil || json.Unmarshal(payload, &cl) != nil {
		return "", "token payload unreadable", false
	}
	if now(cl.Sub).Unix() >= cl.Exp { // the clock of the accessKey's workspace
		return cl.Sub, "token expired at " + time.Unix(cl.Exp, 0).UTC().Format(time.RFC3339), false
	}
	return cl.Sub, "", true
}
