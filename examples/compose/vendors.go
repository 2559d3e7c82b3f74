package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// The vendors' production base URLs, exactly as a real integration has them.
const (
	verihubsURL = "https://api.verihubs.com"
	accuauthURL = "https://cloudapi.indonesia.accuauth.com"
	advanceURL  = "https://api.advance.ai"
	ekycproURL  = "https://api.ekycpro.com"
	izidataURL  = "https://api.izidata.co.id"
)

// credentials are the vendor accounts, from the environment as in production.
type credentials struct {
	VerihubsAppID, VerihubsAPIKey      string
	AccuAuthAPIID, AccuAuthAPISecret   string
	AdvanceAccessKey, AdvanceSecretKey string
	EKYCProAPIKey                      string
	IziDataAccessKey, IziDataSecretKey string
}

func credentialsFromEnv() credentials {
	var missing []string
	get := func(key string) string {
		v := os.Getenv(key)
		if v == "" {
			missing = append(missing, key)
		}
		return v
	}
	c := credentials{
		VerihubsAppID: get("VERIHUBS_APP_ID"), VerihubsAPIKey: get("VERIHUBS_API_KEY"),
		AccuAuthAPIID: get("ACCUAUTH_API_ID"), AccuAuthAPISecret: get("ACCUAUTH_API_SECRET"),
		AdvanceAccessKey: get("ADVANCE_ACCESS_KEY"), AdvanceSecretKey: get("ADVANCE_SECRET_KEY"),
		EKYCProAPIKey:    get("EKYCPRO_API_KEY"),
		IziDataAccessKey: get("IZIDATA_ACCESS_KEY"), IziDataSecretKey: get("IZIDATA_SECRET_KEY"),
	}
	if len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "onboarding: set %s\n", strings.Join(missing, ", "))
		os.Exit(2)
	}
	return c
}

// reply is one vendor answer: its HTTP status and JSON body.
type reply struct {
	Status int
	Body   []byte
}

// send does one request and reads the answer whole (vendor answers are small).
func send(client *http.Client, req *http.Request) (reply, error) {
	resp, err := client.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return reply{}, err
	}
	return reply{resp.StatusCode, body}, nil
}

func (r reply) decode(into any) error {
	if err := json.Unmarshal(r.Body, into); err != nil {
		return fmt.Errorf("HTTP %d, not JSON: %.200s", r.Status, r.Body)
	}
	return nil
}

func jsonRequest(ctx context.Context, u string, body any) (*http.Request, error) {
	data, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	return req, nil
}

func formRequest(ctx context.Context, u string, form url.Values) (*http.Request, []byte, error) {
	body := []byte(form.Encode())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req, body, nil
}

// advanceTokenRequest asks ADVANCE.AI for an access token: the body carries
// hex(SHA-256(accessKey + secretKey + timestamp)) with the timestamp in ms.
func advanceTokenRequest(ctx context.Context, c credentials, now time.Time) (*http.Request, error) {
	ts := now.UnixMilli()
	sum := sha256.Sum256([]byte(c.AdvanceAccessKey + c.AdvanceSecretKey + strconv.FormatInt(ts, 10)))
	return jsonRequest(ctx, advanceURL+"/openapi/auth/ticket/v1/generate-token", map[string]any{
		"accessKey": c.AdvanceAccessKey, "signature": hex.EncodeToString(sum[:]), "timestamp": ts, "periodSecond": 3600,
	})
}

// signIziData signs a form POST as iziData's Go and Java SDKs do:
// Authorization: credit-v1/{ak}/{ts}/{expire}/{signedHeaders}/{signature}, the
// signature an HMAC-SHA256 (keyed by the HMAC of the prefix under the secret
// key) over the method, path, and the content length, MD5 and type.
func signIziData(req *http.Request, body []byte, ak, sk string, now time.Time) {
	prefix := fmt.Sprintf("credit-v1/%s/%s/1800", ak, now.UTC().Format("2006-01-02T15:04:05Z"))
	hexHMAC := func(key []byte, msg string) string {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(msg))
		return hex.EncodeToString(m.Sum(nil))
	}
	md := md5.Sum(body)
	req.Header.Set("Content-Md5", hex.EncodeToString(md[:]))
	canonical := "POST\n" + req.URL.Path + "\n\n" +
		"content-length:" + strconv.Itoa(len(body)) + "\n" +
		"content-md5:" + hex.EncodeToString(md[:]) + "\n" +
		"content-type:" + url.QueryEscape(req.Header.Get("Content-Type"))
	req.Header.Set("Authorization", prefix+"//"+hexHMAC([]byte(hexHMAC([]byte(sk), prefix)), canonical))
}
