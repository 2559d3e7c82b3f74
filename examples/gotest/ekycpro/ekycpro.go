// Package ekycpro is a small eKYCPro client, written the way an
// application would write one: the vendor's real URL is the default, an
// *http.Client can be given (that is how its tests reach mockekyc), and
// every documented failure is an *APIError carrying the vendor's status
// code and message.
package ekycpro

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// DefaultBaseURL is eKYCPro's API.
const DefaultBaseURL = "https://api.ekycpro.com"

// Client calls eKYCPro with one API key.
type Client struct {
	BaseURL string       // default DefaultBaseURL
	HTTP    *http.Client // default a client with a 30 s timeout
	key     string
}

// New is a client for the API key.
func New(apiKey string) *Client {
	return &Client{BaseURL: DefaultBaseURL, HTTP: &http.Client{Timeout: 30 * time.Second}, key: apiKey}
}

// APIError is an answer whose status is not OK: eKYCPro's status code
// (NO_AUTHORIZATION, RETRY_LATER, INNER_ERROR, ...) and its message.
type APIError struct {
	HTTPStatus int
	Status     string
	Message    string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("ekycpro: %s (HTTP %d): %s", e.Status, e.HTTPStatus, e.Message)
}

// Retryable tells whether the vendor asks to try again later.
func (e *APIError) Retryable() bool {
	return e.Status == "RETRY_LATER" || e.Status == "INNER_ERROR"
}

// Balance is GET /v1/balance.
type Balance struct {
	Balance    float64   `json:"balance"`     // USD
	Credit     float64   `json:"credit"`      // calls left
	UsedToday  int       `json:"used_today"`  // calls today
	DailyLimit int       `json:"daily_limit"` // 0: none
	ResetTime  time.Time `json:"reset_time"`
}

// Balance reads the account's balance.
func (c *Client) Balance(ctx context.Context) (Balance, error) {
	var b Balance
	err := c.call(ctx, http.MethodGet, "/v1/balance", nil, func(raw json.RawMessage) error {
		return json.Unmarshal(raw, &b)
	})
	return b, err
}

// Identity is what the KTP OCR read.
type Identity struct {
	Name     string `json:"name"`
	NIK      string `json:"id"`
	Birth    string `json:"dob"` // DD-MM-YYYY
	Gender   string `json:"gender"`
	Address  string `json:"address"`
	City     string `json:"city"`
	Province string `json:"province"`
}

// ReadKTP sends a KTP photo to POST /v1/id_ocr/general.
func (c *Client) ReadKTP(ctx context.Context, image []byte) (Identity, error) {
	form := url.Values{"img": {base64.StdEncoding.EncodeToString(image)}}
	var id Identity
	err := c.call(ctx, http.MethodPost, "/v1/id_ocr/general", form, func(raw json.RawMessage) error {
		var env struct {
			Message Identity `json:"message"`
		}
		if err := json.Unmarshal(raw, &env); err != nil {
			return err
		}
		id = env.Message
		return nil
	})
	return id, err
}

// CheckIdentity is POST /v1/ididcheck: how well name matches the person
// registered under nik, from 0 to 1 (OK and NOT both carry a score).
func (c *Client) CheckIdentity(ctx context.Context, nik, name string) (float64, error) {
	var score float64
	err := c.call(ctx, http.MethodPost, "/v1/ididcheck", url.Values{"id": {nik}, "name": {name}}, func(raw json.RawMessage) error {
		var env struct {
			Message struct {
				Score float64 `json:"score"`
			} `json:"message"`
		}
		if err := json.Unmarshal(raw, &env); err != nil {
			return err
		}
		score = env.Message.Score
		return nil
	}, "NOT")
	return score, err
}

// call sends the request and hands a successful body (status OK, or one
// of also) to decode; anything else is an *APIError.
func (c *Client) call(ctx context.Context, method, path string, form url.Values, decode func(json.RawMessage) error, also ...string) error {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(c.BaseURL, "/")+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("X-API-Key", c.key)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("ekycpro: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("ekycpro: %s %s: %w", method, path, err)
	}
	var env struct {
		Status  string          `json:"status"`
		Message json.RawMessage `json:"message"`
	}
	if err := json.Unmarshal(raw, &env); err != nil || env.Status == "" {
		return &APIError{HTTPStatus: resp.StatusCode, Status: "UNREADABLE", Message: fmt.Sprintf("%.200s", raw)}
	}
	if env.Status == "OK" || slices.Contains(also, env.Status) {
		return decode(raw)
	}
	var msg string
	if json.Unmarshal(env.Message, &msg) != nil {
		msg = string(env.Message)
	}
	return &APIError{HTTPStatus: resp.StatusCode, Status: env.Status, Message: msg}
}

// IsRetryable tells whether err is an answer that asks to try again.
func IsRetryable(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Retryable()
}
