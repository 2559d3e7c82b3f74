package accuauth_test

import (
	"testing"

	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestBankcardHolder: an account's holder is a person of the mock, the same
// for the same bank code and account on a fresh mock (same seed); the
// holder's own name scores 1, another name less (docs/vendors/accuauth.md#bs-16).
func TestBankcardHolder(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(accessConfig))
	check := func(h *mocktest.Harness, account, code, name string) map[string]any {
		t.Helper()
		res := form("/verify/bankcard_check", "account", account, "code", code, "name", name).Send(h)
		if res.Status != 200 {
			t.Fatalf("%d %s", res.Status, res.Body)
		}
		return resultMap(res.JSON(t))
	}
	first := check(h, "1234567890", "014", "NOBODY KNOWN")
	holder, _ := first["real_name"].(string)
	if holder == "" || first["name_percent"].(float64) >= 1 {
		t.Fatalf("first: %v", first)
	}
	if again := check(h, "1234567890", "014", holder); again["real_name"] != holder || again["name_percent"] != 1.0 {
		t.Errorf("holder's own name: %v", again)
	}
	if fresh := check(mocktest.New(t, mocktest.WithConfig(accessConfig)), "1234567890", "014", holder); fresh["real_name"] != holder {
		t.Errorf("fresh mock: %v, want %s", fresh, holder)
	}
	names := map[string]bool{}
	for _, code := range []string{"002", "008", "009", "014", "200", "536"} {
		names[check(h, "9876543210", code, "X")["real_name"].(string)] = true
	}
	if len(names) < 2 {
		t.Errorf("one account number at six banks has one holder: %v", names)
	}
	// QUERY_FAILED is free: a key with quota 1 still gets its OK after it.
	q := mocktest.New(t, mocktest.WithConfig("seed: 7\nvendors:\n  accuauth:\n    credentials: [{id: q, secret: s, quota: 1}]\n"))
	for _, account := range []string{"0000000000", "99999999", "1234567890"} {
		res := form("/verify/bankcard_check", "account", account, "code", "014", "name", "X").as("q", "s").Send(q)
		if want := map[bool]int{true: 200, false: 400}[account == "1234567890"]; res.Status != want {
			t.Errorf("%s: %d %s", account, res.Status, res.Body)
		}
	}
}
