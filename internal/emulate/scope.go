package emulate

import (
	"time"

	"github.com/mockekyc/mockekyc/internal/clock"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/scenario"
)

// Scope is a workspace as a call sees it: its own clock, journal and
// scenario rules. Its credentials are the ledger's accounts of workspace
// ID, so its spend, quotas and coverage are theirs.
type Scope struct {
	ID        string
	Clock     clock.Clock
	Journal   *journal.Journal
	Scenarios *scenario.Set
}

// WorkspaceResetter is a Resetter whose state is kept per credential or
// per workspace (Verihubs' reference ids, AccuAuth's image ids and repeat
// counters): a reset of workspace ws ("" the default one) forgets what the
// vendor keeps for ws and for the credentials of, and nothing else.
type WorkspaceResetter interface {
	ResetWorkspace(ws string, of func(credential string) bool)
}

// bind puts the call in the workspace of its credential, once Authenticate
// has named it (refused or not): the call's time becomes the workspace's,
// and its journal entry and scenario rules are the workspace's. A call of
// a credential of no workspace stays in the default one.
func (c *Call) bind() {
	if c.Deps.Scope == nil || c.Credential == "" {
		return
	}
	if s := c.Deps.Scope(c.Vendor.Name(), c.Credential); s != nil {
		c.scope = s
		c.Now = s.Clock.Now()
	}
}

// NowFor is the time on the clock of credential's workspace: for a
// vendor's Authenticate, which judges a token's expiry or a signed date
// before the call is bound to the credential it names. It is c.Now for a
// credential of the default workspace.
func (c *Call) NowFor(credential string) time.Time {
	if c.Deps.Scope != nil && credential != "" {
		if s := c.Deps.Scope(c.Vendor.Name(), credential); s != nil {
			return s.Clock.Now()
		}
	}
	return c.Now
}

// Workspace is the id of the call's workspace, "" for the default one.
func (c *Call) Workspace() string {
	if c.scope == nil {
		return ""
	}
	return c.scope.ID
}

// journal is the journal of the call's workspace.
func (c *Call) journal() *journal.Journal {
	if c.scope != nil {
		return c.scope.Journal
	}
	return c.Deps.Journal
}

// scenarios are the rules of the call's workspace.
func (c *Call) scenarios() *scenario.Set {
	if c.scope != nil {
		return c.scope.Scenarios
	}
	return c.Deps.Scenarios
}
