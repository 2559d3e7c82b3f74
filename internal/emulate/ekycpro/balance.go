package ekycpro

import (
	"math"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
	"github.com/mockekyc/mockekyc/internal/ledger"
)

// balanceBody is GET /v1/balance of docs.ekycpro.com/zh-cn/balance-api: a
// flat object, not the {"status","message"} envelope. Balance is USD, a
// decimal; the counts are integers (docs/vendors/ekycpro.md#ek-7).
type balanceBody struct {
	Status     string  `json:"status"`
	Balance    float64 `json:"balance"`
	Credit     int     `json:"credit"`
	UsedToday  int     `json:"used_today"`
	DailyLimit int     `json:"daily_limit"`
	ResetTime  string  `json:"reset_time"`
}

// balance reports the key's ledger: balance in USD after charged calls,
// credit = calls that balance still pays for, used_today = charged calls
// since UTC midnight of the mock clock, daily_limit = the key's daily quota
// (0 = none), reset_time = the next UTC midnight (docs/vendors/ekycpro.md#ek-7).
func (v *Vendor) balance(c *emulate.Call) emulate.Response {
	if o := c.Decide(c.Facts()); o != nil && o.Code != product.OK {
		return product.Respond(c, o.Code, o.Message, nil)
	}
	acct, _ := c.Deps.Ledger.Account(Name, c.Credential)
	b := balanceBody{Status: product.OK}
	price := acct.Price
	if price <= 0 {
		price = 1
	}
	if acct.Remaining != nil {
		b.Balance = round2(*acct.Remaining)
	} else {
		b.Balance = round2(v.settings.UnlimitedBalance - acct.Spent)
	}
	b.Credit = int(math.Max(0, math.Floor(b.Balance/price)))
	b.UsedToday = acct.UsedToday
	if acct.Quota != nil && acct.QuotaPeriod == "day" {
		b.DailyLimit = *acct.Quota
	}
	b.ResetTime = ledger.NextMidnight(c.Now).Format(time.RFC3339)
	return emulate.JSON(c.Endpoint.MustAnswer(product.OK), b)
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }
