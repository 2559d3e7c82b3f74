package ledger

import (
	"fmt"
	"math"
	"time"
)

// Quota periods.
const (
	PeriodDay   = "day"   // the UTC day of the mock clock
	PeriodTotal = "total" // since start or the last Reset
)

// MaxAmount bounds balances and prices. Money is counted in millionths in
// an int64 (so that 0.1 + 0.2 charges are exact and a balance of 0.3 buys
// exactly three 0.1 calls); 1e12 keeps that far from overflow while being
// far above any Rupiah amount a test needs.
const MaxAmount = 1e12

// Credential is one configured credential of one vendor. The YAML form is
// the config file's; the JSON form is what the admin API serves, and never
// includes the secret.
type Credential struct {
	// ID is the public part: eKYCPro X-API-Key, iziData AK, ADVANCE
	// accessKey, AccuAuth X-DF-API-ID, Verihubs App-ID.
	ID string `yaml:"id" json:"id"`
	// Secret is the private part where the vendor has one: iziData SK,
	// ADVANCE secretKey, AccuAuth X-DF-API-SECRET, Verihubs API-Key.
	Secret string `yaml:"secret,omitempty" json:"-"`
	// Name is a label for people.
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Balance is a money balance; nil means unlimited.
	Balance *float64 `yaml:"balance,omitempty" json:"balance,omitempty"`
	// Price is the cost of one charged call. Zero means 1 when Balance is
	// set, so a balance alone counts calls.
	Price float64 `yaml:"price,omitempty" json:"price,omitempty"`
	// Quota is the number of charged calls allowed per QuotaPeriod; nil
	// means unlimited.
	Quota *int `yaml:"quota,omitempty" json:"quota,omitempty"`
	// QuotaPeriod is PeriodDay or PeriodTotal (the default).
	QuotaPeriod string `yaml:"quota_period,omitempty" json:"quota_period,omitempty"`
	// RateLimit is the most requests per second, 0 for none. It is counted
	// in fixed windows of the mock clock so that tests are deterministic;
	// see Ledger.Admit.
	RateLimit float64 `yaml:"rate_limit,omitempty" json:"rate_limit,omitempty"`
	// Expires is when the credential stops working (at that instant).
	Expires *time.Time `yaml:"expires,omitempty" json:"expires,omitempty"`
	// Disabled credentials are known but refused.
	Disabled bool `yaml:"disabled,omitempty" json:"disabled,omitempty"`
	// APIs is an allow-list of endpoint operationIds; empty allows all.
	APIs []string `yaml:"apis,omitempty" json:"apis,omitempty"`
	// Mode is vendor-specific (Verihubs: sandbox, testing or live). The
	// ledger only carries it; the vendor package validates it.
	Mode string `yaml:"mode,omitempty" json:"mode,omitempty"`
}

// FieldError is a credential that breaks a rule, naming the YAML key at
// fault so that the config package can point at its line.
type FieldError struct {
	Field  string // YAML key, e.g. "price"
	Reason string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

// Validate checks c against the rules New applies; the error, if any, is
// a *FieldError.
func (c *Credential) Validate() error {
	if c.ID == "" {
		return &FieldError{"id", "credential without id"}
	}
	if c.Balance != nil {
		if err := checkAmount("balance", *c.Balance); err != nil {
			return err
		}
	}
	if err := checkAmount("price", c.Price); err != nil {
		return err
	}
	if c.Quota != nil && *c.Quota < 0 {
		return &FieldError{"quota", fmt.Sprintf("must not be negative, got %d", *c.Quota)}
	}
	switch c.QuotaPeriod {
	case "", PeriodDay, PeriodTotal:
	default:
		return &FieldError{"quota_period", fmt.Sprintf("must be %q or %q, got %q", PeriodDay, PeriodTotal, c.QuotaPeriod)}
	}
	if math.IsNaN(c.RateLimit) || math.IsInf(c.RateLimit, 0) || c.RateLimit < 0 {
		return &FieldError{"rate_limit", fmt.Sprintf("must be a number ≥ 0 (requests per second), got %v", c.RateLimit)}
	}
	for _, api := range c.APIs {
		if api == "" {
			return &FieldError{"apis", "empty endpoint name"}
		}
	}
	return nil
}

func checkAmount(field string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > MaxAmount {
		return &FieldError{field, fmt.Sprintf("must be a number from 0 to %.0f, got %v", MaxAmount, v)}
	}
	return nil
}

// normalized returns c with defaults filled in and its pointers and slice
// copied, so that later changes to the caller's config do not reach the
// ledger.
func (c Credential) normalized() Credential {
	if c.Balance != nil {
		b := *c.Balance
		c.Balance = &b
		if c.Price == 0 {
			c.Price = 1
		}
	}
	if c.Quota != nil {
		q := *c.Quota
		c.Quota = &q
	}
	if c.QuotaPeriod == "" {
		c.QuotaPeriod = PeriodTotal
	}
	if c.Expires != nil {
		t := *c.Expires
		c.Expires = &t
	}
	if c.APIs != nil {
		c.APIs = append([]string(nil), c.APIs...)
	}
	return c
}

// micros converts an amount to millionths.
func micros(v float64) int64 { return int64(math.Round(v * 1e6)) }

func fromMicros(m int64) float64 { return float64(m) / 1e6 }

// rateWindow turns a rate in requests per second into fixed windows: n
// requests per window of w seconds. A rate of 1 or more allows
// floor(rate) per second; a rate below 1 allows one request per
// ceil(1/rate) seconds. Either way the allowed rate never exceeds the
// configured one.
func rateWindow(rate float64) (n int, w int64) {
	if rate <= 0 {
		return 0, 0
	}
	if rate >= 1 {
		return int(math.Floor(rate)), 1
	}
	// Clamp absurdly small rates (one request per 30 years) so the window
	// length fits an int64.
	return 1, int64(math.Min(math.Ceil(1/rate-1e-9), 1e9))
}
