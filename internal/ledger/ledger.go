// Package ledger holds the configured credentials of every vendor and their
// running state: money spent, quotas used, rate-limit windows, and how often
// each endpoint answered each code (coverage). The adapter reserves before
// the handler runs (Reserve) and commits the answer's charge after it
// (Reservation.Commit), or releases the hold; Record counts answers of
// calls that were never admitted.
//
// All time comes from the injected clock, so tests move the clock instead
// of sleeping: rate windows are whole seconds of that clock and day quotas
// roll over at its UTC midnight.
package ledger

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/mockekyc/mockekyc/internal/clock"
	"github.com/mockekyc/mockekyc/mockekycadmin"
)

// Verdict is the outcome of Admit.
type Verdict int

// Verdicts, in the order Admit checks them.
const (
	OK Verdict = iota
	Unknown
	Disabled
	Expired
	NoPermission
	RateLimited
	QuotaExhausted
	BalanceExhausted
)

func (v Verdict) String() string {
	switch v {
	case OK:
		return "ok"
	case Unknown:
		return "unknown"
	case Disabled:
		return "disabled"
	case Expired:
		return "expired"
	case NoPermission:
		return "no_permission"
	case RateLimited:
		return "rate_limited"
	case QuotaExhausted:
		return "quota_exhausted"
	case BalanceExhausted:
		return "balance_exhausted"
	}
	return fmt.Sprintf("verdict(%d)", int(v))
}

// MarshalText makes verdicts read as their names in JSON.
func (v Verdict) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// MaxUnconfigured is how many distinct unconfigured credential IDs each
// vendor's coverage tracks; Record counts further ones under OtherID.
// Clients may send any key they like, and coverage must not grow without
// bound because of it.
const MaxUnconfigured = 256

// OtherID collects coverage of unconfigured IDs beyond MaxUnconfigured.
const OtherID = "(other)"

// Count is how often one endpoint answered one code (the admin API's
// wire type).
type Count = mockekycadmin.Count

// account is one credential's running state.
type account struct {
	vendor string
	id     string
	// workspace is the workspace the credential belongs to ("" the
	// default one) and clk that workspace's clock: quotas, rate windows
	// and expiry read it.
	workspace string
	clk       clock.Clock
	// added: the credential was added at run time (Add), not configured
	// (New).
	added bool

	mu sync.Mutex
	// The credential's terms: set by New, Add and Update, read under mu.
	cred    Credential      // normalized
	apis    map[string]bool // nil allows all
	price   int64           // millionths; 0 for unconfigured IDs
	balance int64           // millionths; meaningful when cred.Balance != nil
	rateN   int             // requests allowed per window; 0 = no limit
	rateW   int64           // window length in seconds

	spent      int64 // millionths
	answered   int
	charged    int
	day        int64 // Unix time of the UTC midnight dayCharged counts from
	dayCharged int
	window     int64 // index of the rate window winCount counts
	winCount   int
	// held counts admitted metered calls not yet answered (Reserve) and
	// heldSpend their price: the quota and balance checks count them as
	// spent, so that concurrent calls cannot all pass a check that only
	// one of them may pass.
	held      int
	heldSpend int64
	counts    map[string]map[string]*Count // endpoint → code
}

// Ledger is the credentials of all vendors and their state. It is safe for
// concurrent use: credentials are added (Add), changed (Update) and
// removed (Remove) while calls are served, each change taking effect for
// the next call.
type Ledger struct {
	clk clock.Clock

	mu       sync.RWMutex
	accounts map[string]map[string]*account // vendor → id
	order    []*account                     // sorted by vendor, then id
	others   map[string]map[string]*account // unconfigured IDs seen by Record
	added    map[string]int                 // workspace → credentials added at run time
}

// New builds a ledger from the credentials of each vendor, reading time
// from clk (the system clock when nil). It rejects credentials that fail
// Validate and IDs used twice within one vendor.
func New(clk clock.Clock, creds map[string][]Credential) (*Ledger, error) {
	if clk == nil {
		clk = clock.System
	}
	l := &Ledger{
		clk:      clk,
		accounts: make(map[string]map[string]*account, len(creds)),
		others:   make(map[string]map[string]*account),
		added:    make(map[string]int),
	}
	var errs []error
	for vendor, list := range creds {
		byID := make(map[string]*account, len(list))
		for i, c := range list {
			if err := c.Validate(); err != nil {
				errs = append(errs, fmt.Errorf("ledger: %s credential #%d (%q): %w", vendor, i+1, c.ID, err))
				continue
			}
			if _, dup := byID[c.ID]; dup {
				errs = append(errs, fmt.Errorf("ledger: %s credential #%d: duplicate id %q", vendor, i+1, c.ID))
				continue
			}
			a := newAccount(vendor, c.normalized(), true)
			a.clk = clk
			byID[c.ID] = a
			l.order = append(l.order, a)
		}
		l.accounts[vendor] = byID
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Slice(l.order, func(i, j int) bool { return before(l.order[i], l.order[j]) })
	return l, nil
}

// before orders accounts by vendor, then id.
func before(a, b *account) bool {
	return a.vendor < b.vendor || a.vendor == b.vendor && a.id < b.id
}

func newAccount(vendor string, c Credential, configured bool) *account {
	a := &account{vendor: vendor, id: c.ID, counts: map[string]map[string]*Count{}}
	if configured {
		a.setTerms(c)
	} else {
		a.cred = c
	}
	return a
}

// setTerms makes c (normalized) the account's credential. Callers hold
// a.mu, or own a.
func (a *account) setTerms(c Credential) {
	a.cred = c
	a.price = micros(c.Price)
	a.balance = 0
	if c.Balance != nil {
		a.balance = micros(*c.Balance)
	}
	a.rateN, a.rateW = rateWindow(c.RateLimit)
	a.apis = nil
	if len(c.APIs) > 0 {
		a.apis = make(map[string]bool, len(c.APIs))
		for _, api := range c.APIs {
			a.apis[api] = true
		}
	}
}

// account is the configured account of vendor's id, nil when none.
func (l *Ledger) account(vendor, id string) *account {
	l.mu.RLock()
	a := l.accounts[vendor][id]
	l.mu.RUnlock()
	return a
}

// configured is a snapshot of the configured accounts, in order.
func (l *Ledger) configured() []*account {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return slices.Clone(l.order)
}

// Lookup returns the configured credential, with defaults filled in. Its
// pointers and APIs slice are shared with the ledger: do not modify them
// (Update replaces them, never changes what they point to).
func (l *Ledger) Lookup(vendor, id string) (Credential, bool) {
	if a := l.account(vendor, id); a != nil {
		a.mu.Lock()
		defer a.mu.Unlock()
		return a.cred, true
	}
	return Credential{}, false
}

// Admit decides whether a request of credential id to endpoint may
// proceed, as Reserve does, and holds nothing: it is Reserve immediately
// released, for callers that answer without recording.
func (l *Ledger) Admit(vendor, id, endpoint string, metered bool) Verdict {
	v, r := l.Reserve(vendor, id, endpoint, metered)
	r.Release()
	return v
}

// Reservation is an admitted call's hold on its credential's quota and
// balance, from admission until its answer. Commit records the answer and
// turns the hold into a charge (or nothing, for a free answer); Release
// drops it unrecorded. Either may be called on a nil Reservation, and only
// the first of them counts.
type Reservation struct {
	a    *account
	once sync.Once
	held bool // a metered call: holds one quota use and one price
}

// Reserve decides whether a request of credential id to endpoint may
// proceed. It checks, in order: unknown, disabled, expired (Expires ≤ now),
// endpoint not in APIs, rate limit, quota, balance. A request that reaches
// the rate check counts in the current rate window even if a later check
// refuses it, as a vendor's gateway would count it. An endpoint that is not
// metered (it never charges: a token, a balance, a result pull) is no API
// use: only the rate limit applies to it, not APIs, quota or balance.
//
// An admitted metered call holds one use of the quota and one price of the
// balance until Commit or Release, and the checks count what calls in
// flight hold: with a quota of 1, one of many concurrent calls is admitted.
// The Reservation is nil unless the verdict is OK.
func (l *Ledger) Reserve(vendor, id, endpoint string, metered bool) (Verdict, *Reservation) {
	a := l.account(vendor, id)
	if a == nil {
		return Unknown, nil
	}
	now := a.clk.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	c := &a.cred
	if c.Disabled {
		return Disabled, nil
	}
	if c.Expires != nil && !now.Before(*c.Expires) {
		return Expired, nil
	}
	if metered && a.apis != nil && !a.apis[endpoint] {
		return NoPermission, nil
	}
	if a.rateN > 0 {
		w := floorDiv(now.Unix(), a.rateW)
		if w != a.window {
			a.window, a.winCount = w, 0
		}
		a.winCount++
		if a.winCount > a.rateN {
			return RateLimited, nil
		}
	}
	if !metered {
		return OK, &Reservation{a: a}
	}
	if c.Quota != nil && a.quotaUsed(now)+a.held >= *c.Quota {
		return QuotaExhausted, nil
	}
	if c.Balance != nil && a.balance-a.spent-a.heldSpend < a.price {
		return BalanceExhausted, nil
	}
	a.held++
	a.heldSpend = addSat(a.heldSpend, a.price)
	return OK, &Reservation{a: a, held: true}
}

// Commit records the reserved call's answer (as Record does) and ends its
// hold in the same step, so that no check sees the call both held and
// charged, or neither.
func (r *Reservation) Commit(endpoint, code string, charged bool) {
	if r == nil {
		return
	}
	r.once.Do(func() {
		var now time.Time
		if charged {
			now = r.a.clk.Now()
		}
		a := r.a
		a.mu.Lock()
		defer a.mu.Unlock()
		r.unhold()
		a.record(endpoint, code, charged, now)
	})
}

// Release ends the reserved call's hold without recording anything: the
// call was not answered (a fault, a client gone) or recorded otherwise.
func (r *Reservation) Release() {
	if r == nil {
		return
	}
	r.once.Do(func() {
		r.a.mu.Lock()
		r.unhold()
		r.a.mu.Unlock()
	})
}

// unhold gives back what Reserve held. Callers hold a.mu.
func (r *Reservation) unhold() {
	if r.held {
		r.a.held--
		r.a.heldSpend -= r.a.price
		if r.a.held == 0 {
			r.a.heldSpend = 0 // addSat may have saturated the sum
		}
	}
}

// Record counts one answered request: code answered by endpoint for
// credential id, and whether it was charged. A charged call spends the
// credential's Price and counts toward its quota. IDs that are not
// configured (including "" for a request without credentials) are counted
// for coverage only.
func (l *Ledger) Record(vendor, id, endpoint, code string, charged bool) {
	a := l.account(vendor, id)
	if a == nil {
		a = l.other(vendor, id)
	}
	var now time.Time
	if charged {
		now = a.clk.Now()
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.record(endpoint, code, charged, now)
}

// record counts one answer; now is when a charged one was charged. Callers
// hold a.mu.
func (a *account) record(endpoint, code string, charged bool, now time.Time) {
	byCode := a.counts[endpoint]
	if byCode == nil {
		byCode = map[string]*Count{}
		a.counts[endpoint] = byCode
	}
	n := byCode[code]
	if n == nil {
		n = new(Count)
		byCode[code] = n
	}
	n.Answered++
	a.answered++
	if !charged {
		return
	}
	n.Charged++
	a.charged++
	a.spent = addSat(a.spent, a.price)
	if d := dayStart(now); d != a.day {
		a.day, a.dayCharged = d, 0
	}
	a.dayCharged++
}

// other returns the coverage-only account of an unconfigured ID.
func (l *Ledger) other(vendor, id string) *account {
	l.mu.RLock()
	a := l.others[vendor][id]
	l.mu.RUnlock()
	if a != nil {
		return a
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	byID := l.others[vendor]
	if byID == nil {
		byID = map[string]*account{}
		l.others[vendor] = byID
	}
	if a = byID[id]; a != nil {
		return a
	}
	if len(byID) >= MaxUnconfigured {
		id = OtherID
		if a = byID[id]; a != nil {
			return a
		}
	}
	a = newAccount(vendor, Credential{ID: id}, false)
	a.clk = l.clk
	byID[id] = a
	return a
}

// quotaUsed is the charged calls in the current quota period. Callers hold
// a.mu.
func (a *account) quotaUsed(now time.Time) int {
	if a.cred.QuotaPeriod == PeriodDay {
		return a.usedOn(now)
	}
	return a.charged
}

// usedOn is the charged calls on the UTC day of now. Callers hold a.mu.
func (a *account) usedOn(now time.Time) int {
	if a.day != dayStart(now) {
		return 0
	}
	return a.dayCharged
}

// dayStart is the Unix time of the UTC midnight starting t's day.
func dayStart(t time.Time) int64 { return floorDiv(t.Unix(), 86400) * 86400 }

// floorDiv divides rounding toward minus infinity, so that windows before
// 1970 (a clock set far back) are as long as the others.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func addSat(a, b int64) int64 {
	if a > 1<<62 || b > 1<<62 {
		return 1 << 62 // beyond any balance; keeps the sum from wrapping
	}
	return a + b
}

// NextMidnight is the UTC midnight after t, when day quotas and used-today
// counts start again (eKYCPro's reset_time).
func NextMidnight(t time.Time) time.Time { return time.Unix(dayStart(t)+86400, 0).UTC() }

// Reset puts every credential of the default workspace back to its
// starting state: nothing spent, no counts, fresh rate windows, and
// unconfigured IDs forgotten. Workspaces' credentials are left alone
// (ResetWorkspace).
func (l *Ledger) Reset() {
	l.ResetWorkspace("")
	l.mu.Lock()
	l.others = make(map[string]map[string]*account)
	l.mu.Unlock()
}

// ResetWorkspace puts every credential of workspace ws back to its
// starting state. Terms changed by Update stay as changed.
func (l *Ledger) ResetWorkspace(ws string) {
	for _, a := range l.configured() {
		if a.workspace != ws {
			continue
		}
		a.mu.Lock()
		a.spent, a.answered, a.charged = 0, 0, 0
		a.day, a.dayCharged, a.window, a.winCount = 0, 0, 0, 0
		a.counts = map[string]map[string]*Count{}
		a.mu.Unlock()
	}
}
