package ledger

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/clock"
)

// start is 23:59:58 UTC, two seconds before a day boundary, so that day
// quota tests cross midnight with a small Advance.
var start = time.Date(2025, 3, 1, 23, 59, 58, 0, time.UTC)

func fptr(v float64) *float64     { return &v }
func iptr(v int) *int             { return &v }
func tptr(v time.Time) *time.Time { return &v }

func newLedger(t *testing.T, creds map[string][]Credential) (*Ledger, *clock.Adjustable) {
	t.Helper()
	clk := clock.NewAdjustable(clock.Fixed(start))
	l, err := New(clk, creds)
	if err != nil {
		t.Fatal(err)
	}
	return l, clk
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		c     Credential
		field string // "" = valid
	}{
		{"minimal", Credential{ID: "a"}, ""},
		{"everything", Credential{ID: "a", Secret: "s", Balance: fptr(10), Price: 0.5, Quota: iptr(3),
			QuotaPeriod: "day", RateLimit: 0.5, Expires: tptr(start), APIs: []string{"ocr"}, Mode: "whatever"}, ""},
		{"zero balance", Credential{ID: "a", Balance: fptr(0)}, ""},
		{"no id", Credential{Secret: "s"}, "id"},
		{"negative balance", Credential{ID: "a", Balance: fptr(-1)}, "balance"},
		{"NaN balance", Credential{ID: "a", Balance: fptr(math.NaN())}, "balance"},
		{"huge balance", Credential{ID: "a", Balance: fptr(2e12)}, "balance"},
		{"negative price", Credential{ID: "a", Price: -0.1}, "price"},
		{"infinite price", Credential{ID: "a", Price: math.Inf(1)}, "price"},
		{"negative quota", Credential{ID: "a", Quota: iptr(-1)}, "quota"},
		{"bad period", Credential{ID: "a", QuotaPeriod: "month"}, "quota_period"},
		{"negative rate", Credential{ID: "a", RateLimit: -2}, "rate_limit"},
		{"NaN rate", Credential{ID: "a", RateLimit: math.NaN()}, "rate_limit"},
		{"empty api", Credential{ID: "a", APIs: []string{"ocr", ""}}, "apis"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.c.Validate()
			var fe *FieldError
			switch {
			case tc.field == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tc.field != "" && !errors.As(err, &fe):
				t.Errorf("error %v, want a FieldError for %s", err, tc.field)
			case tc.field != "" && fe.Field != tc.field:
				t.Errorf("error on %q (%v), want %q", fe.Field, err, tc.field)
			}
		})
	}
}

func TestNew(t *testing.T) {
	_, err := New(nil, map[string][]Credential{
		"izidata": {{ID: "a"}, {ID: "b"}, {ID: "a"}},
		"advance": {{ID: "a"}, {ID: "x", Price: -1}}, // "a" again is fine: another vendor
	})
	if err == nil || !strings.Contains(err.Error(), `izidata credential #3: duplicate id "a"`) ||
		!strings.Contains(err.Error(), `advance credential #2 ("x"): price`) {
		t.Errorf("New error = %v", err)
	}

	bal := 5.0
	apis := []string{"ocr"}
	creds := map[string][]Credential{"ekycpro": {{ID: "k", Balance: &bal, APIs: apis}}}
	l, err := New(nil, creds)
	if err != nil {
		t.Fatal(err)
	}
	bal, apis[0] = 99, "face" // the caller's config changing later
	c, ok := l.Lookup("ekycpro", "k")
	if !ok || *c.Balance != 5 || c.APIs[0] != "ocr" {
		t.Fatalf("Lookup = %+v, %v: shares the caller's data", c, ok)
	}
	if c.Price != 1 || c.QuotaPeriod != PeriodTotal {
		t.Errorf("defaults: price %v period %q, want 1 total", c.Price, c.QuotaPeriod)
	}
	if _, ok := l.Lookup("ekycpro", "nope"); ok {
		t.Error("Lookup of an unknown id succeeded")
	}
	if _, ok := l.Lookup("izidata", "k"); ok {
		t.Error("Lookup found another vendor's credential")
	}
}

func TestAdmitOrder(t *testing.T) {
	past := start.Add(-time.Hour)
	l, _ := newLedger(t, map[string][]Credential{"v": {
		{ID: "ok"},
		{ID: "disabled", Disabled: true, Expires: &past},
		{ID: "expired", Expires: &past, APIs: []string{"other"}},
		{ID: "expires-now", Expires: tptr(start)},
		{ID: "expires-later", Expires: tptr(start.Add(time.Nanosecond))},
		{ID: "no-perm", APIs: []string{"other"}, Quota: iptr(0)},
		{ID: "allowed", APIs: []string{"other", "ocr"}},
		{ID: "quota0", Quota: iptr(0), Balance: fptr(0)},
		{ID: "broke", Balance: fptr(0.5)},
		{ID: "exact", Balance: fptr(0.5), Price: 0.5},
	}})
	for _, tc := range []struct {
		vendor, id string
		want       Verdict
	}{
		{"v", "ok", OK},
		{"v", "missing", Unknown},
		{"other-vendor", "ok", Unknown},
		{"v", "", Unknown},
		{"v", "disabled", Disabled},
		{"v", "expired", Expired},
		{"v", "expires-now", Expired},
		{"v", "expires-later", OK},
		{"v", "no-perm", NoPermission},
		{"v", "allowed", OK},
		{"v", "quota0", QuotaExhausted},
		{"v", "broke", BalanceExhausted},
		{"v", "exact", OK},
	} {
		if got := l.Admit(tc.vendor, tc.id, "ocr", true); got != tc.want {
			t.Errorf("Admit(%s, %s) = %v, want %v", tc.vendor, tc.id, got, tc.want)
		}
	}
}

func TestExpiry(t *testing.T) {
	l, clk := newLedger(t, map[string][]Credential{"v": {{ID: "a", Expires: tptr(start.Add(time.Minute))}}})
	for _, tc := range []struct {
		at   time.Duration
		want Verdict
	}{
		{0, OK}, {time.Minute - time.Nanosecond, OK}, {time.Minute, Expired}, {time.Hour, Expired},
	} {
		clk.Set(start.Add(tc.at))
		if got := l.Admit("v", "a", "ocr", true); got != tc.want {
			t.Errorf("at +%v: %v, want %v", tc.at, got, tc.want)
		}
		if st, _ := l.Account("v", "a"); st.Expired != (tc.want == Expired) {
			t.Errorf("at +%v: state expired = %v", tc.at, st.Expired)
		}
	}
}

func TestRateLimit(t *testing.T) {
	for _, tc := range []struct {
		name string
		rate float64
		// steps: clock offset from start (which is on a whole second)
		// and the expected verdict of one Admit at that time.
		steps []struct {
			at   time.Duration
			want Verdict
		}
	}{
		{"two per second", 2, []struct {
			at   time.Duration
			want Verdict
		}{{0, OK}, {100 * time.Millisecond, OK}, {999 * time.Millisecond, RateLimited},
			{time.Second, OK}, {time.Second, OK}, {time.Second + 1, RateLimited}, {3 * time.Second, OK}}},
		{"fraction rounds down", 2.5, []struct {
			at   time.Duration
			want Verdict
		}{{0, OK}, {0, OK}, {0, RateLimited}}},
		{"one per two seconds", 0.5, []struct {
			at   time.Duration
			want Verdict
		}{{0, OK}, {time.Second, RateLimited}, {2 * time.Second, OK}, {3 * time.Second, RateLimited}, {4 * time.Second, OK}}},
		{"one per four seconds", 0.3, []struct {
			at   time.Duration
			want Verdict
		}{{0, OK}, {3 * time.Second, RateLimited}, {4 * time.Second, OK}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Start the clock at a window boundary for every window length.
			base := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
			clk := clock.NewAdjustable(clock.Fixed(base))
			l, err := New(clk, map[string][]Credential{"v": {{ID: "a", RateLimit: tc.rate}}})
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range tc.steps {
				clk.Set(base.Add(s.at))
				if got := l.Admit("v", "a", "ocr", true); got != s.want {
					t.Errorf("step %d at +%v: %v, want %v", i, s.at, got, s.want)
				}
			}
		})
	}
}

// A request refused for its rate still counts in the window, and a
// request refused earlier (disabled, expired…) does not reach it.
func TestRateCountsRefused(t *testing.T) {
	l, clk := newLedger(t, map[string][]Credential{"v": {{ID: "a", RateLimit: 1, APIs: []string{"ocr"}}}})
	clk.Set(start.Truncate(time.Second))
	if got := l.Admit("v", "a", "face", true); got != NoPermission {
		t.Fatalf("face: %v", got)
	}
	if got := l.Admit("v", "a", "ocr", true); got != OK {
		t.Errorf("first ocr after a refused face: %v, want ok", got)
	}
	if got := l.Admit("v", "a", "ocr", true); got != RateLimited {
		t.Errorf("second ocr: %v, want rate_limited", got)
	}
}

func TestDayQuota(t *testing.T) {
	l, clk := newLedger(t, map[string][]Credential{"ekycpro": {
		{ID: "day", Quota: iptr(2), QuotaPeriod: PeriodDay},
		{ID: "total", Quota: iptr(2)},
	}})
	for _, id := range []string{"day", "total"} {
		for range 2 {
			if v := l.Admit("ekycpro", id, "ocr", true); v != OK {
				t.Fatalf("%s: %v", id, v)
			}
			l.Record("ekycpro", id, "ocr", "200", true)
		}
		l.Record("ekycpro", id, "ocr", "400", false) // not charged: does not count
		if v := l.Admit("ekycpro", id, "ocr", true); v != QuotaExhausted {
			t.Errorf("%s after 2 charged calls: %v", id, v)
		}
	}
	usedToday := func(id string) int {
		st, _ := l.Account("ekycpro", id)
		return st.UsedToday
	}
	if n := usedToday("day"); n != 2 {
		t.Errorf("UsedToday = %d, want 2", n)
	}
	midnight := time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)
	if got := NextMidnight(clk.Now()); !got.Equal(midnight) {
		t.Errorf("NextMidnight = %v, want %v", got, midnight)
	}
	st, _ := l.Account("ekycpro", "day")
	if st.QuotaUsed != 2 || st.QuotaResets == nil || !st.QuotaResets.Equal(midnight) {
		t.Errorf("day state before midnight: %+v", st)
	}

	clk.Advance(time.Second) // 23:59:59
	if v := l.Admit("ekycpro", "day", "ocr", true); v != QuotaExhausted {
		t.Errorf("one second before midnight: %v", v)
	}
	clk.Advance(time.Second) // 00:00:00 next day
	if v := l.Admit("ekycpro", "day", "ocr", true); v != OK {
		t.Errorf("after midnight: %v, want ok", v)
	}
	if v := l.Admit("ekycpro", "total", "ocr", true); v != QuotaExhausted {
		t.Errorf("total quota after midnight: %v, want still exhausted", v)
	}
	if n := usedToday("day"); n != 0 {
		t.Errorf("UsedToday after midnight = %d", n)
	}
	if n := usedToday("total"); n != 0 {
		t.Errorf("UsedToday of the total-quota credential after midnight = %d", n)
	}
	st, _ = l.Account("ekycpro", "day")
	if st.QuotaUsed != 0 || st.ChargedCalls != 2 || st.UsedToday != 0 {
		t.Errorf("day state after midnight: used %d charged %d today %d", st.QuotaUsed, st.ChargedCalls, st.UsedToday)
	}
	l.Record("ekycpro", "day", "ocr", "200", true)
	if n := usedToday("day"); n != 1 {
		t.Errorf("UsedToday after one call on the new day = %d", n)
	}
}

func TestBalance(t *testing.T) {
	for _, tc := range []struct {
		name  string
		c     Credential
		calls int // charged calls admitted before BalanceExhausted
		spent float64
	}{
		// 0.1 is not exact in binary floating point; counted in
		// millionths, 0.3 still buys exactly three.
		{"decimal prices", Credential{ID: "a", Balance: fptr(0.3), Price: 0.1}, 3, 0.3},
		{"default price 1", Credential{ID: "a", Balance: fptr(2)}, 2, 2},
		{"rupiah", Credential{ID: "a", Balance: fptr(10000), Price: 3500}, 2, 7000},
		{"empty", Credential{ID: "a", Balance: fptr(0)}, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, _ := newLedger(t, map[string][]Credential{"v": {tc.c}})
			n := 0
			for ; n < 100; n++ {
				v := l.Admit("v", "a", "ocr", true)
				if v == BalanceExhausted {
					break
				}
				if v != OK {
					t.Fatalf("call %d: %v", n, v)
				}
				l.Record("v", "a", "ocr", "OK", true)
				l.Record("v", "a", "ocr", "BAD_IMAGE", false) // free: spends nothing
			}
			st, _ := l.Account("v", "a")
			if n != tc.calls || st.Spent != tc.spent || st.Remaining == nil ||
				math.Abs(*st.Remaining-(*tc.c.Balance-tc.spent)) > 1e-9 || st.ChargedCalls != tc.calls {
				t.Errorf("%d calls, state %+v; want %d calls, spent %v", n, st, tc.calls, tc.spent)
			}
		})
	}
}

func TestCoverage(t *testing.T) {
	l, _ := newLedger(t, map[string][]Credential{
		"izidata": {{ID: "a"}, {ID: "b"}},
		"advance": {{ID: "a"}},
	})
	l.Record("izidata", "a", "ocr", "SUCCESS", true)
	l.Record("izidata", "a", "ocr", "SUCCESS", true)
	l.Record("izidata", "b", "ocr", "NO_FACE", false)
	l.Record("izidata", "", "ocr", "UNAUTHORIZED", false)
	l.Record("izidata", "stranger", "face", "UNAUTHORIZED", false)
	l.Record("advance", "a", "ocr", "SUCCESS", true)
	for _, tc := range []struct {
		vendor, cred string
		want         map[string]map[string]int
	}{
		{"izidata", "a", map[string]map[string]int{"ocr": {"SUCCESS": 2}}},
		{"izidata", "", map[string]map[string]int{
			"ocr":  {"SUCCESS": 2, "NO_FACE": 1, "UNAUTHORIZED": 1},
			"face": {"UNAUTHORIZED": 1},
		}},
		{"izidata", "stranger", map[string]map[string]int{"face": {"UNAUTHORIZED": 1}}},
		{"", "a", map[string]map[string]int{"izidata/ocr": {"SUCCESS": 2}, "advance/ocr": {"SUCCESS": 1}}},
		{"", "", map[string]map[string]int{
			"izidata/ocr":  {"SUCCESS": 2, "NO_FACE": 1, "UNAUTHORIZED": 1},
			"izidata/face": {"UNAUTHORIZED": 1},
			"advance/ocr":  {"SUCCESS": 1},
		}},
		{"verihubs", "", map[string]map[string]int{}},
	} {
		if got := l.Coverage(tc.vendor, tc.cred); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Coverage(%q, %q) = %v, want %v", tc.vendor, tc.cred, got, tc.want)
		}
	}
	st, _ := l.Account("izidata", "a")
	if want := map[string]map[string]Count{"ocr": {"SUCCESS": {Answered: 2, Charged: 2}}}; !reflect.DeepEqual(st.Endpoints, want) {
		t.Errorf("Endpoints = %v", st.Endpoints)
	}
	if _, ok := l.Account("izidata", "stranger"); ok {
		t.Error("an unconfigured ID has an account")
	}
}

func TestUnconfiguredBound(t *testing.T) {
	l, _ := newLedger(t, nil)
	for i := range MaxUnconfigured + 10 {
		l.Record("izidata", fmt.Sprint("key", i), "ocr", "UNAUTHORIZED", false)
	}
	l.Record("izidata", "key0", "ocr", "UNAUTHORIZED", false) // tracked before the cap
	if got := l.Coverage("izidata", OtherID)["ocr"]["UNAUTHORIZED"]; got != 10 {
		t.Errorf("%s counted %d, want 10", OtherID, got)
	}
	if got := l.Coverage("izidata", "key0")["ocr"]["UNAUTHORIZED"]; got != 2 {
		t.Errorf("key0 counted %d, want 2", got)
	}
	if got := l.Coverage("izidata", "")["ocr"]["UNAUTHORIZED"]; got != MaxUnconfigured+11 {
		t.Errorf("all counted %d", got)
	}
}

func TestReset(t *testing.T) {
	l, _ := newLedger(t, map[string][]Credential{"v": {{ID: "a", Balance: fptr(1), RateLimit: 1, Quota: iptr(1)}}})
	if v := l.Admit("v", "a", "ocr", true); v != OK {
		t.Fatal(v)
	}
	l.Record("v", "a", "ocr", "OK", true)
	l.Record("v", "x", "ocr", "UNAUTHORIZED", false)
	if v := l.Admit("v", "a", "ocr", true); v != RateLimited {
		t.Fatalf("second call: %v", v)
	}
	l.Reset()
	st, _ := l.Account("v", "a")
	if st.Spent != 0 || *st.Remaining != 1 || st.ChargedCalls != 0 || st.AnsweredCalls != 0 || st.QuotaUsed != 0 || len(st.Endpoints) != 0 {
		t.Errorf("state after Reset: %+v", st)
	}
	if c := l.Coverage("", ""); len(c) != 0 {
		t.Errorf("coverage after Reset: %v", c)
	}
	// Same second of the mock clock, but the window starts again.
	if v := l.Admit("v", "a", "ocr", true); v != OK {
		t.Errorf("Admit after Reset: %v", v)
	}
}

func TestAccountsJSON(t *testing.T) {
	l, _ := newLedger(t, map[string][]Credential{
		"verihubs": {{ID: "demo-app-id", Secret: "demo-api-key", Name: "demo", Mode: "live"}},
		"advance":  {{ID: "z", Secret: "zz"}, {ID: "b", Secret: "bb", Balance: fptr(3), Price: 1.5}},
	})
	l.Record("advance", "b", "ocr", "SUCCESS", true)
	acc := l.Accounts()
	var order []string
	for _, a := range acc {
		order = append(order, a.Vendor+"/"+a.ID)
	}
	if got := strings.Join(order, " "); got != "advance/b advance/z verihubs/demo-app-id" {
		t.Errorf("order %s", got)
	}
	b, err := json.Marshal(acc)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, secret := range []string{"demo-api-key", "bb", "zz"} {
		if strings.Contains(s, `"`+secret+`"`) {
			t.Errorf("secret %q served in %s", secret, s)
		}
	}
	for _, want := range []string{`"vendor":"advance","id":"b"`, `"spent":1.5`, `"remaining":1.5`, `"balance":3`,
		`"mode":"live"`, `"remaining":null`, `"endpoints":{"ocr":{"SUCCESS":{"answered":1,"charged":1}}}`, `"quota_period":"total"`} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks %s: %s", want, s)
		}
	}
	cb, _ := json.Marshal(Credential{ID: "i", Secret: "hidden"})
	if strings.Contains(string(cb), "hidden") {
		t.Errorf("Credential JSON shows the secret: %s", cb)
	}
	vb, _ := json.Marshal(map[string]Verdict{"v": QuotaExhausted})
	if string(vb) != `{"v":"quota_exhausted"}` {
		t.Errorf("Verdict JSON %s", vb)
	}
}

func TestVerdictString(t *testing.T) {
	seen := map[string]bool{}
	for v := OK; v <= BalanceExhausted; v++ {
		s := v.String()
		if seen[s] || strings.HasPrefix(s, "verdict(") {
			t.Errorf("%d: %q", int(v), s)
		}
		seen[s] = true
	}
	if s := Verdict(99).String(); s != "verdict(99)" {
		t.Errorf("Verdict(99) = %q", s)
	}
}

func TestConcurrent(t *testing.T) {
	const workers, calls = 8, 300
	l, clk := newLedger(t, map[string][]Credential{"v": {{ID: "a", Price: 0.25}, {ID: "b", Quota: iptr(1 << 30)}}})
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := []string{"a", "b"}[w%2]
			for i := range calls {
				if v := l.Admit("v", id, "ocr", true); v != OK {
					t.Errorf("%s: %v", id, v)
					return
				}
				l.Record("v", id, "ocr", "OK", i%3 != 0)
				l.Record("v", fmt.Sprint("x", i%5), "ocr", "UNAUTHORIZED", false)
			}
		}()
	}
	wg.Add(1)
	go func() { // readers and the admin API moving the clock meanwhile
		defer wg.Done()
		for range 200 {
			l.Accounts()
			l.Coverage("", "")
			_, _ = l.Account("v", "b")
			clk.Advance(time.Millisecond)
		}
	}()
	wg.Wait()
	charged := workers / 2 * (calls - (calls+2)/3)
	sa, _ := l.Account("v", "a")
	if sa.AnsweredCalls != workers/2*calls || sa.ChargedCalls != charged || sa.Spent != float64(charged)*0.25 {
		t.Errorf("a: answered %d charged %d spent %v", sa.AnsweredCalls, sa.ChargedCalls, sa.Spent)
	}
	if got := l.Coverage("v", "")["ocr"]["UNAUTHORIZED"]; got != workers*calls {
		t.Errorf("unconfigured counted %d, want %d", got, workers*calls)
	}
}

func TestConcurrentReset(t *testing.T) {
	l, _ := newLedger(t, map[string][]Credential{"v": {{ID: "a", Balance: fptr(1e9)}}})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 500 {
				l.Admit("v", "a", "ocr", true)
				l.Record("v", "a", "ocr", "OK", true)
				l.Record("v", "", "ocr", "UNAUTHORIZED", false)
			}
		}()
	}
	for range 50 {
		l.Reset()
	}
	wg.Wait()
	st, _ := l.Account("v", "a")
	if st.Spent != float64(st.ChargedCalls) || st.ChargedCalls > 2000 {
		t.Errorf("inconsistent after concurrent Reset: %+v", st)
	}
}

func TestRateWindow(t *testing.T) {
	for _, tc := range []struct {
		rate float64
		n    int
		w    int64
	}{
		{0, 0, 0}, {1, 1, 1}, {2.5, 2, 1}, {100, 100, 1},
		{0.5, 1, 2}, {0.1, 1, 10}, {0.3, 1, 4}, {1e-300, 1, 1e9},
	} {
		n, w := rateWindow(tc.rate)
		if n != tc.n || w != tc.w {
			t.Errorf("rateWindow(%v) = %d per %ds, want %d per %ds", tc.rate, n, w, tc.n, tc.w)
		}
		// The allowed rate never exceeds the configured one (except below
		// one request per 1e9 s, where the window is clamped).
		if w > 0 && w < 1e9 && float64(n)/float64(w) > tc.rate {
			t.Errorf("rateWindow(%v) allows %v/s", tc.rate, float64(n)/float64(w))
		}
	}
}

// TestUnmeteredEndpoints: an endpoint that never charges is held to the
// rate limit only, not to the APIs list, the quota or the balance.
func TestUnmeteredEndpoints(t *testing.T) {
	one := 1
	l, clk := newLedger(t, map[string][]Credential{"v": {
		{ID: "narrow", RateLimit: 1, APIs: []string{"ocr"}},
		{ID: "spent", Quota: &one},
	}})
	clk.Set(start.Truncate(time.Second))
	if got := l.Admit("v", "narrow", "token", false); got != OK {
		t.Errorf("unmetered endpoint outside APIs: %v, want ok", got)
	}
	if got := l.Admit("v", "narrow", "token", false); got != RateLimited {
		t.Errorf("second unmetered request in the second: %v, want rate_limited", got)
	}
	if got := l.Admit("v", "narrow", "face", true); got != NoPermission {
		t.Errorf("metered endpoint outside APIs: %v, want no_permission", got)
	}
	l.Record("v", "spent", "ocr", "OK", true)
	if got := l.Admit("v", "spent", "ocr", true); got != QuotaExhausted {
		t.Errorf("metered, quota spent: %v", got)
	}
	if got := l.Admit("v", "spent", "balance", false); got != OK {
		t.Errorf("unmetered, quota spent: %v, want ok", got)
	}
}
