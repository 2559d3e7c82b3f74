package emulate

import (
	"testing"

	"github.com/mockekyc/mockekyc/internal/ledger"
)

// TestRefusalDefaults: a vendor names only what differs; the verdicts it
// leaves out take the refusal of the verdict they default to, and OK or a
// verdict with nothing to fall back to has none.
func TestRefusalDefaults(t *testing.T) {
	unknown, quota := Refusal{Code: "NO_AUTH"}, Refusal{Code: "QUOTA", Message: "used up"}
	rs := Refusals{ledger.Unknown: unknown, ledger.QuotaExhausted: quota, ledger.Expired: {Code: "EXPIRED"}}
	for v, want := range map[ledger.Verdict]Refusal{
		ledger.Unknown:          unknown,
		ledger.Disabled:         unknown,
		ledger.NoPermission:     unknown,
		ledger.Expired:          {Code: "EXPIRED"},
		ledger.QuotaExhausted:   quota,
		ledger.BalanceExhausted: quota,
	} {
		if got, ok := rs.For(v); !ok || got != want {
			t.Errorf("verdict %d: %+v %v, want %+v", v, got, ok, want)
		}
	}
	for _, v := range []ledger.Verdict{ledger.OK, ledger.RateLimited} {
		if got, ok := rs.For(v); ok {
			t.Errorf("verdict %d: %+v, want none", v, got)
		}
	}
}
