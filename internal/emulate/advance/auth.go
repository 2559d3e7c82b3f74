package advance

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// authAccess authenticates an API call: an account's static X-ADVAI-KEY
// (docs/vendors/advance.md#bs-7), X-ACCESS-TOKEN when sent (docs/vendors/advance.md#s2-3-1),
// else the legacy HMAC Authorization (docs/vendors/advance.md#s2-3-2), else refused (docs/vendors/advance.md#ad-8).
func (v *Vendor) authAccess(c *emulate.Call) (code, msg string) {
	if key := strings.TrimSpace(c.Req.Header.Get("X-ADVAI-KEY")); key != "" {
		// A static key of an account that has one decides; a client that
		// also sends a token is judged by the token when the key is not
		// one (docs/vendors/advance.md#bs-7).
		if ak, ok := v.lists.staticKey(key); ok {
			c.Credential = ak
			c.Note("auth", "X-ADVAI-KEY")
			return "", ""
		}
		if strings.TrimSpace(c.Req.Header.Get("X-ACCESS-TOKEN")) == "" {
			c.Note("auth", "X-ADVAI-KEY names no account's static key")
			return IAMFailed, MsgIAMKeyNotFound
		}
	}
	if tok := c.Req.Header.Get("X-ACCESS-TOKEN"); strings.TrimSpace(tok) != "" {
		ak, why, ok := verifyToken(tokenSecret(c.Deps.Seed), tok, c.NowFor)
		c.Credential = ak
		if !ok {
			c.Note("auth", why)
			return IAMFailed, MsgIAMDenied
		}
		c.Note("auth", "token")
		return "", ""
	}
	if h := c.Req.Header.Get("Authorization"); strings.TrimSpace(h) != "" {
		return v.authLegacy(c, h)
	}
	c.Note("auth", "no X-ACCESS-TOKEN and no Authorization header")
	return IAMFailed, MsgIAMDenied
}

// LegacySignStrings are the two signStr variants of docs/vendors/advance.md#s2-3-2: without the
// content type (Python OpenApiClient, JULO) and with the full Content-Type
// header value (PHP SDK, Go micro-loan client).
func LegacySignStrings(method, path, contentType, date string) [2]string {
	return [2]string{
		method + "$" + path + "$" + date + "$",
		method + "$" + path + "$" + contentType + "$" + date + "$",
	}
}

// LegacySignature is base64(HMAC-SHA256(key = secretKey, msg = signStr)).
func LegacySignature(secretKey, signStr string) string {
	m := hmac.New(sha256.New, []byte(secretKey))
	m.Write([]byte(signStr))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// authLegacy checks `Authorization: accessKey:signature` with `Date`
// within date_window (docs/vendors/advance.md#ad-9). The path signed is the one the client sent
// (with the mock's /advance prefix when it used one) or the vendor path.
func (v *Vendor) authLegacy(c *emulate.Call, header string) (code, msg string) {
	ak, sig, found := strings.Cut(strings.TrimSpace(header), ":")
	if !found || ak == "" || sig == "" {
		c.Note("auth", "Authorization is not accessKey:signature")
		return IAMFailed, MsgIAMNotAuthorized
	}
	cred, known := c.Deps.Ledger.Lookup(Name, ak)
	if !known {
		c.Note("auth", "unknown accessKey")
		return IAMFailed, MsgIAMKeyNotFound
	}
	c.Credential = ak
	date := c.Req.Header.Get("Date")
	t, err := http.ParseTime(date)
	if err != nil {
		c.Note("auth", "Date header missing or not RFC 1123")
		return IAMFailed, MsgIAMNotAuthorized
	}
	if off := t.Sub(c.NowFor(ak)); off > v.settings.DateWindow || -off > v.settings.DateWindow {
		c.Note("auth", "Date is "+off.Round(time.Second).String()+" from the clock (window "+v.settings.DateWindow.String()+")")
		return IAMFailed, MsgIAMNotAuthorized
	}
	paths := []string{emulate.OriginalPath(c.Req)}
	if c.Req.URL.Path != paths[0] {
		paths = append(paths, c.Req.URL.Path)
	}
	first := ""
	for _, p := range paths {
		for _, s := range LegacySignStrings(c.Req.Method, p, c.Req.Header.Get("Content-Type"), date) {
			if first == "" {
				first = s
			}
			if hmac.Equal([]byte(LegacySignature(cred.Secret, s)), []byte(sig)) {
				c.Note("auth", "legacy signature")
				c.Note("signed_string", s)
				return "", ""
			}
		}
	}
	c.Note("auth", "legacy signature mismatch")
	c.Note("signed_string", first)
	return IAMFailed, MsgIAMNotAuthorized
}
