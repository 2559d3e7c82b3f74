package advance_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate/advance"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// accessConfig has the docs' example key and one key for each account
// limit; every secret is "s" except the example's.
const accessConfig = `
seed: 7
vendors:
  advance:
    credentials:
      - {id: sampleaccesskey, secret: samplesecretkey, name: docs example}
      - {id: rate-key, secret: s, rate_limit: 1}
      - {id: day-key, secret: s, quota: 1, quota_period: day}
      - {id: total-key, secret: s, quota: 1}
      - {id: test-key, secret: s, quota: 1, mode: test}
      - {id: poor-key, secret: s, balance: 1, price: 1}
      - {id: off-key, secret: s, disabled: true}
      - {id: old-key, secret: s, expires: "2020-01-01T00:00:00Z"}
      - {id: narrow-key, secret: s, apis: [generateToken]}
      - {id: narrow-rate-key, secret: s, apis: [kkOcr], rate_limit: 1}
    settings:
      static_keys: {sampleaccesskey: advai-demo-key}
      blacklist:
        niks: ["3171024302821999"]
        phones: ["+6281100000001", "081100000002"]
        names: ["Listed  Name"]
      bank_accounts:
        absent: ["0000000000", "CENAIDJA/1111111111"]
        holders: {"BNIAIDJA/1234567890": "3171024302821001"}
`

// limitationConfig is accessConfig with a test account's used-up quota
// answered TEST_ACCOUNT_REACHED_LIMITATION.
const limitationConfig = accessConfig + "      test_account_limitation: true\n"

// staticKey is the docs example account's X-ADVAI-KEY in accessConfig.
const staticKey = "advai-demo-key"

const (
	demoKey    = "sampleaccesskey"
	demoSecret = "samplesecretkey"
)

func secretOf(key string) string {
	if key == demoKey {
		return demoSecret
	}
	return "s"
}

// auth is how a call authenticates.
type auth int

const (
	viaToken  auth = iota // fetch a token for key first, send X-ACCESS-TOKEN
	viaLegacy             // legacy HMAC with the content type in signStr
	viaNone               // no credentials at all
	viaRaw                // only the headers in call.header
	viaStatic             // X-ADVAI-KEY: staticKey
)

// call is one request to ADVANCE.AI through the mock's /advance prefix.
type call struct {
	path        string
	method      string // default POST
	contentType string
	body        []byte
	auth        auth
	key         string // default demoKey
	header      http.Header
}

func (c call) withKey(k string, a auth) call { c.key, c.auth = k, a; return c }

func (c call) Send(h *mocktest.Harness) mocktest.Result {
	h.T.Helper()
	if c.method == "" {
		c.method = http.MethodPost
	}
	if c.key == "" {
		c.key = demoKey
	}
	hdr := http.Header{}
	for k, vs := range c.header {
		hdr[k] = vs
	}
	if c.contentType != "" {
		hdr.Set("Content-Type", c.contentType)
	}
	switch c.auth {
	case viaToken:
		hdr.Set("X-ACCESS-TOKEN", token(h, c.key, nil))
	case viaStatic:
		hdr.Set("X-ADVAI-KEY", staticKey)
	case viaLegacy:
		date := mocktest.Epoch.Format(http.TimeFormat)
		path, _, _ := strings.Cut(c.path, "?") // the signed path has no query
		s := advance.LegacySignStrings(c.method, "/advance"+path, c.contentType, date)[1]
		hdr.Set("Date", date)
		hdr.Set("Authorization", c.key+":"+advance.LegacySignature(secretOf(c.key), s))
	}
	return h.Do(h.Request(c.method, "/advance"+c.path, bytes.NewReader(c.body), hdr))
}

const tokenPath = "/openapi/auth/ticket/v1/generate-token"

// tokenBody is a generate-token request for key at the harness clock;
// extra fields override or add to it.
func tokenBody(key string, extra map[string]any) []byte {
	ts := strconv.FormatInt(mocktest.Epoch.UnixMilli(), 10)
	sum := sha256.Sum256([]byte(key + secretOf(key) + ts))
	m := map[string]any{"accessKey": key, "timestamp": ts, "signature": hex.EncodeToString(sum[:])}
	for k, v := range extra {
		m[k] = v
	}
	b, _ := json.Marshal(m)
	return b
}

func tokenCall(key string, extra map[string]any) call {
	return call{path: tokenPath, contentType: "application/json", body: tokenBody(key, extra), auth: viaNone, key: key}
}

// token fetches a token for key, failing the test unless SUCCESS.
func token(h *mocktest.Harness, key string, extra map[string]any) string {
	h.T.Helper()
	res := tokenCall(key, extra).Send(h)
	var env struct {
		Code string
		Data struct{ Token string }
	}
	if err := json.Unmarshal(res.Body, &env); err != nil || env.Code != "SUCCESS" {
		h.T.Fatalf("generate-token for %s: %s", key, res.Body)
	}
	return env.Data.Token
}

// upload is a multipart call to path.
func upload(t testing.TB, path string, parts ...mocktest.Part) call {
	body, ct := mocktest.Multipart(t, parts...)
	return call{path: path, contentType: ct, body: body}
}

// file is a part of field holding img with the content type of its format.
func file(field string, img []byte) mocktest.Part {
	f := imagecheck.Sniff(img)
	return mocktest.Part{Name: field, Filename: "image." + f.Ext(), ContentType: f.MIME(), Data: img}
}

// envelope is the decoded answer.
type envelope struct {
	Code            string          `json:"code"`
	Message         string          `json:"message"`
	Data            json.RawMessage `json:"data"`
	Extra           *string         `json:"extra"`
	TransactionID   string          `json:"transactionId"`
	PricingStrategy string          `json:"pricingStrategy"`
}

var (
	txPattern  = regexp.MustCompile(`^[0-9a-f]{16}$`)
	keyPattern = regexp.MustCompile(`^\{"code":.*,"message":.*,"data":.*,"extra":null,"transactionId":"[0-9a-f]{16}","pricingStrategy":"(FREE|PAY)"\}$`)
)

// decode checks the envelope's shape (HTTP 200, key order, transactionId)
// and decodes it.
func decode(t testing.TB, res mocktest.Result) envelope {
	t.Helper()
	if res.Status != http.StatusOK {
		t.Fatalf("HTTP %d, want 200 (docs/vendors/advance.md#ad-1): %s", res.Status, res.Body)
	}
	if !keyPattern.Match(res.Body) {
		t.Errorf("envelope keys not in the documented order: %s", res.Body)
	}
	var e envelope
	if err := json.Unmarshal(res.Body, &e); err != nil {
		t.Fatalf("not JSON: %v: %s", err, res.Body)
	}
	if !txPattern.MatchString(e.TransactionID) {
		t.Errorf("transactionId %q is not 16 lowercase hex (docs/vendors/advance.md#ad-2)", e.TransactionID)
	}
	return e
}
