package ledger

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/mockekyc/mockekyc/internal/clock"
)

// ErrExists is Add's error for an id the vendor already has.
var ErrExists = errors.New("the vendor already has a credential with this id")

// ErrNoCredential is Update's and Remove's error for an id the vendor has
// not configured.
var ErrNoCredential = errors.New("no such credential")

// ErrTooMany is AddBounded's error when the workspace holds as many
// credentials added at run time as it may.
var ErrTooMany = errors.New("too many credentials added at run time")

// ErrConfigured is RemoveAdded's error for a credential of the
// configuration (New), which is not added at run time.
var ErrConfigured = errors.New("the credential is configured, not added at run time")

// Add configures credential c of vendor while calls are served, in
// workspace ws ("" the default one) whose clock is clk (nil: the ledger's).
// It checks c as New does; an id the vendor already has is ErrExists. The
// next call with c is admitted under its terms.
func (l *Ledger) Add(vendor, ws string, clk clock.Clock, c Credential) error {
	return l.add(vendor, ws, clk, c, 0)
}

// AddBounded is Add for a workspace that may hold at most max credentials
// added at run time (by Add or AddBounded, of every vendor, until
// removed): one more is ErrTooMany. The count and the addition are one
// step, so concurrent calls cannot pass the bound together.
func (l *Ledger) AddBounded(vendor, ws string, clk clock.Clock, c Credential, max int) error {
	return l.add(vendor, ws, clk, c, max)
}

// Added is how many credentials added at run time workspace ws holds.
func (l *Ledger) Added(ws string) int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.added[ws]
}

func (l *Ledger) add(vendor, ws string, clk clock.Clock, c Credential, max int) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if clk == nil {
		clk = l.clk
	}
	a := newAccount(vendor, c.normalized(), true)
	a.workspace, a.clk, a.added = ws, clk, true
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.accounts[vendor][c.ID] != nil {
		return fmt.Errorf("%s credential %q: %w", vendor, c.ID, ErrExists)
	}
	if max > 0 && l.added[ws] >= max {
		return fmt.Errorf("%s credential %q: %w: the workspace holds %d, its limit", vendor, c.ID, ErrTooMany, l.added[ws])
	}
	byID := l.accounts[vendor]
	if byID == nil {
		byID = map[string]*account{}
		l.accounts[vendor] = byID
	}
	byID[c.ID] = a
	l.added[ws]++
	i, _ := slices.BinarySearchFunc(l.order, a, func(x, y *account) int {
		switch {
		case before(x, y):
			return -1
		case before(y, x):
			return 1
		}
		return 0
	})
	l.order = slices.Insert(l.order, i, a)
	return nil
}

// Remove forgets credential id of vendor, with its state; later calls
// with it are refused as unknown.
func (l *Ledger) Remove(vendor, id string) error {
	return l.remove(vendor, id, false)
}

// RemoveAdded is Remove for a credential added at run time only; a
// configured one is ErrConfigured and stays.
func (l *Ledger) RemoveAdded(vendor, id string) error {
	return l.remove(vendor, id, true)
}

func (l *Ledger) remove(vendor, id string, onlyAdded bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	a := l.accounts[vendor][id]
	if a == nil {
		return fmt.Errorf("%s credential %q: %w", vendor, id, ErrNoCredential)
	}
	if onlyAdded && !a.added {
		return fmt.Errorf("%s credential %q: %w", vendor, id, ErrConfigured)
	}
	if a.added {
		if l.added[a.workspace]--; l.added[a.workspace] == 0 {
			delete(l.added, a.workspace)
		}
	}
	delete(l.accounts[vendor], id)
	l.order = slices.DeleteFunc(l.order, func(x *account) bool { return x == a })
	return nil
}

// Workspace is the workspace of vendor's credential id, "" for the
// default one and for an id that is not configured.
func (l *Ledger) Workspace(vendor, id string) string {
	if a := l.account(vendor, id); a != nil {
		return a.workspace
	}
	return ""
}

// Update is a change to a credential's terms; nil fields stay as they
// are.
type Update struct {
	// TopUp adds to the balance (a credential without one gets one of
	// TopUp, counted from what it has spent so far: TopUp remains).
	TopUp *float64
	// Balance replaces the configured balance (Remaining is Balance −
	// Spent).
	Balance *float64
	// Quota replaces the quota (calls per QuotaPeriod), QuotaPeriod the
	// period.
	Quota       *int
	QuotaPeriod *string
	// RateLimit replaces the requests per second (0: none).
	RateLimit *float64
	// Disabled disables (true) or enables (false) the credential.
	Disabled *bool
	// Expires replaces the expiry; Unexpire removes it.
	Expires  *time.Time
	Unexpire bool
}

// Update changes the terms of vendor's credential id, checked as New
// checks them; the next call is admitted under the new terms. Calls in
// flight keep what they reserved. It answers the credential's state.
func (l *Ledger) Update(vendor, id string, u Update) (AccountState, error) {
	a := l.account(vendor, id)
	if a == nil {
		return AccountState{}, fmt.Errorf("%s credential %q: %w", vendor, id, ErrNoCredential)
	}
	a.mu.Lock()
	c := a.cred // the pointers are replaced below, never written through
	if u.Balance != nil {
		c.Balance = new(*u.Balance)
	}
	if u.TopUp != nil {
		if err := checkAmount("top_up", *u.TopUp); err != nil {
			a.mu.Unlock()
			return AccountState{}, err
		}
		base := fromMicros(a.spent)
		if c.Balance != nil {
			base = *c.Balance
		}
		c.Balance = new(base + *u.TopUp)
	}
	if u.Quota != nil {
		c.Quota = new(*u.Quota)
	}
	if u.QuotaPeriod != nil {
		c.QuotaPeriod = *u.QuotaPeriod
	}
	if u.RateLimit != nil {
		c.RateLimit = *u.RateLimit
	}
	if u.Disabled != nil {
		c.Disabled = *u.Disabled
	}
	if u.Expires != nil {
		c.Expires = new(*u.Expires)
	}
	if u.Unexpire {
		c.Expires = nil
	}
	if err := c.Validate(); err != nil {
		a.mu.Unlock()
		return AccountState{}, err
	}
	if c.Balance != nil && c.Price == 0 {
		c.Price = 1 // as normalized does for a configured balance
	}
	rateChanged := c.RateLimit != a.cred.RateLimit
	a.setTerms(c)
	if rateChanged {
		a.window, a.winCount = 0, 0
	}
	a.mu.Unlock()
	return a.state(a.clk.Now()), nil
}
