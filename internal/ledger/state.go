package ledger

import (
	"time"

	"github.com/mockekyc/mockekyc/mockekycadmin"
)

// AccountState is a configured credential and its running state, as the
// admin API serves it.
type AccountState = mockekycadmin.Account

// Accounts returns the state of every configured credential of the
// default workspace, sorted by vendor and ID.
func (l *Ledger) Accounts() []AccountState { return l.WorkspaceAccounts("") }

// WorkspaceAccounts returns the state of every credential of workspace
// ws, sorted by vendor and ID.
func (l *Ledger) WorkspaceAccounts(ws string) []AccountState {
	out := []AccountState{}
	for _, a := range l.configured() {
		if a.workspace == ws {
			out = append(out, a.state(a.clk.Now()))
		}
	}
	return out
}

// Account returns the state of one configured credential.
func (l *Ledger) Account(vendor, id string) (AccountState, bool) {
	a := l.account(vendor, id)
	if a == nil {
		return AccountState{}, false
	}
	return a.state(a.clk.Now()), true
}

func (a *account) state(now time.Time) AccountState {
	a.mu.Lock()
	c := a.cred.normalized() // a copy, so that a caller changing the state cannot change the ledger
	a.mu.Unlock()
	s := AccountState{
		Vendor:      a.vendor,
		ID:          c.ID,
		Name:        c.Name,
		Mode:        c.Mode,
		Price:       c.Price,
		Balance:     c.Balance,
		Quota:       c.Quota,
		QuotaPeriod: c.QuotaPeriod,
		RateLimit:   c.RateLimit,
		Disabled:    c.Disabled,
		Expires:     c.Expires,
		Expired:     c.Expires != nil && !now.Before(*c.Expires),
		APIs:        c.APIs,
	}
	if c.QuotaPeriod == PeriodDay {
		s.QuotaResets = new(NextMidnight(now))
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	s.Spent = fromMicros(a.spent)
	if c.Balance != nil {
		r := fromMicros(a.balance - a.spent)
		s.Remaining = &r
	}
	s.AnsweredCalls = a.answered
	s.ChargedCalls = a.charged
	s.UsedToday = a.usedOn(now)
	s.QuotaUsed = a.quotaUsed(now)
	s.Endpoints = make(map[string]map[string]Count, len(a.counts))
	for ep, byCode := range a.counts {
		m := make(map[string]Count, len(byCode))
		for code, n := range byCode {
			m[code] = *n
		}
		s.Endpoints[ep] = m
	}
	return s
}

// Coverage returns how often each endpoint answered each code since the
// last Reset, for the default workspace's credentials and unconfigured
// IDs (WorkspaceCoverage for a workspace's): endpoint → code → times answered. credential "" sums all
// credentials, configured or not; vendor "" sums all vendors, and then the
// endpoint keys are "vendor/endpoint" because vendors share endpoint names.
// Combined with the vendor's list of documented codes this tells which
// codes a test suite has exercised.
func (l *Ledger) Coverage(vendor, credential string) map[string]map[string]int {
	return l.coverage("", vendor, credential)
}

// WorkspaceCoverage is Coverage of workspace ws's credentials.
func (l *Ledger) WorkspaceCoverage(ws, vendor, credential string) map[string]map[string]int {
	return l.coverage(ws, vendor, credential)
}

func (l *Ledger) coverage(ws, vendor, credential string) map[string]map[string]int {
	out := map[string]map[string]int{}
	add := func(a *account) {
		if (vendor != "" && a.vendor != vendor) || (credential != "" && a.id != credential) {
			return
		}
		a.mu.Lock()
		defer a.mu.Unlock()
		for ep, byCode := range a.counts {
			key := ep
			if vendor == "" {
				key = a.vendor + "/" + ep
			}
			m := out[key]
			if m == nil {
				m = map[string]int{}
				out[key] = m
			}
			for code, n := range byCode {
				m[code] += n.Answered
			}
		}
	}
	for _, a := range l.configured() {
		if a.workspace == ws {
			add(a)
		}
	}
	if ws == "" {
		for _, a := range l.otherAccounts() {
			add(a)
		}
	}
	return out
}

// otherAccounts lists the coverage-only accounts.
func (l *Ledger) otherAccounts() []*account {
	l.mu.RLock()
	defer l.mu.RUnlock()
	var list []*account
	for _, byID := range l.others {
		for _, a := range byID {
			list = append(list, a)
		}
	}
	return list
}
