// Package workspace keeps the mock's workspaces: isolated corners of one
// mock that parallel suites own, each with fresh credentials of every
// vendor, its own clock offset, journal, scenario rules, ledger accounts
// and vendor state. See DEVELOPERS.md "Workspaces".
package workspace

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mockekyc/mockekyc/internal/clock"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/ledger"
	"github.com/mockekyc/mockekyc/internal/scenario"
)

// Defaults of Options.
const (
	DefaultMax             = 64
	DefaultIdleTimeout     = time.Hour
	DefaultJournalCapacity = 1000
)

// Options bound the workspaces.
type Options struct {
	// Max is how many workspaces may exist at once (0: DefaultMax).
	Max int
	// IdleTimeout removes a workspace that has seen no call and no admin
	// request for this long (0: DefaultIdleTimeout).
	IdleTimeout time.Duration
	// JournalCapacity is each workspace's journal size (0:
	// DefaultJournalCapacity).
	JournalCapacity int
	// Idle is the clock idleness is measured on (nil: the machine's): the
	// mock's own clock may be fixed or moved, idleness is real time.
	Idle clock.Clock
}

func (o Options) withDefaults() Options {
	if o.Max <= 0 {
		o.Max = DefaultMax
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = DefaultIdleTimeout
	}
	if o.JournalCapacity <= 0 {
		o.JournalCapacity = DefaultJournalCapacity
	}
	if o.Idle == nil {
		o.Idle = clock.System
	}
	return o
}

// ErrFull is Create's error when Max workspaces exist.
var ErrFull = errors.New("too many workspaces")

// Workspace is one suite's corner of the mock.
type Workspace struct {
	ID      string
	Created time.Time // on the idle clock
	// Clock is the workspace's clock: the server's base clock plus its own
	// offset.
	Clock     *clock.Adjustable
	Journal   *journal.Journal
	Scenarios *scenario.Set
	// Credentials are the workspace's, by vendor, secrets included.
	Credentials map[string][]ledger.Credential

	scope    *emulate.Scope
	lastUsed atomic.Int64 // idle clock, Unix nanoseconds
}

// LastUsed is when the workspace was last used, on the idle clock.
func (w *Workspace) LastUsed() time.Time { return time.Unix(0, w.lastUsed.Load()).UTC() }

// Manager creates, finds and removes workspaces.
type Manager struct {
	opts    Options
	base    clock.Clock
	seed    int64
	led     *ledger.Ledger
	cat     *emulate.Catalogue
	shipped []scenario.Rule
	vendors []emulate.Vendor
	rules   *scenario.AdminBounds

	mu   sync.Mutex
	byID map[string]*Workspace
	n    uint64 // workspaces made, for fresh ids
}

// Config is what a Manager is made from: the server's parts.
type Config struct {
	Options Options
	// Base is the server's base clock (not the default workspace's
	// adjustable one): workspace clocks are offsets from it.
	Base    clock.Clock
	Seed    int64
	Ledger  *ledger.Ledger
	Catalog *emulate.Catalogue
	// Shipped are the shipped scenario rules every workspace starts with.
	Shipped []scenario.Rule
	// Rules bound the admin rules of every workspace together with the
	// default one's (nil: the workspaces' own).
	Rules   *scenario.AdminBounds
	Vendors []emulate.Vendor
}

// New makes a manager.
func New(c Config) *Manager {
	if c.Base == nil {
		c.Base = clock.System
	}
	if c.Rules == nil {
		c.Rules = &scenario.AdminBounds{}
	}
	return &Manager{opts: c.Options.withDefaults(), base: c.Base, seed: c.Seed, led: c.Ledger, cat: c.Catalog,
		shipped: c.Shipped, vendors: c.Vendors, rules: c.Rules, byID: map[string]*Workspace{}}
}

// Options are the manager's bounds, defaults filled in.
func (m *Manager) Options() Options { return m.opts }

// Terms are the terms of the credentials a new workspace gets: one
// credential per vendor, Default's terms unless Vendors names the vendor.
// Id and secret are the mock's to make.
type Terms struct {
	Default ledger.Credential
	Vendors map[string]ledger.Credential
}

// Create makes a workspace with one fresh credential of every vendor under
// terms. Terms are checked as a config's credential is (check, for the
// vendor's own rules); a bad one is an error and nothing is made.
func (m *Manager) Create(terms Terms, check func(vendor string, c ledger.Credential) error) (*Workspace, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sweepLocked()
	if len(m.byID) >= m.opts.Max {
		return nil, fmt.Errorf("%w: %d exist, the most this mock keeps (-max-workspaces); delete one (DELETE /__admin/workspaces/{id}) or let idle ones expire after %s", ErrFull, len(m.byID), m.opts.IdleTimeout)
	}
	m.n++
	id := m.freshID("ws", m.n)
	now := m.opts.Idle.Now()
	w := &Workspace{
		ID:          id,
		Created:     now,
		Clock:       clock.NewAdjustable(m.base),
		Journal:     journal.New(m.opts.JournalCapacity),
		Scenarios:   scenario.NewSetWithin(m.cat, m.rules),
		Credentials: map[string][]ledger.Credential{},
	}
	if err := w.Scenarios.SetGroup(scenario.GroupShipped, m.shipped); err != nil {
		return nil, fmt.Errorf("shipped scenarios: %w", err)
	}
	w.scope = &emulate.Scope{ID: id, Clock: w.Clock, Journal: w.Journal, Scenarios: w.Scenarios}
	w.lastUsed.Store(now.UnixNano())
	var made []ledger.Credential
	var vendorOf []string
	undo := func() {
		for i, c := range made {
			_ = m.led.Remove(vendorOf[i], c.ID)
		}
	}
	for _, v := range m.vendors {
		name := v.Name()
		c, ok := terms.Vendors[name]
		if !ok {
			c = terms.Default
		}
		c.ID, c.Secret = m.credential(id, v)
		if c.Name == "" {
			c.Name = "workspace " + id
		}
		if check != nil {
			if err := check(name, c); err != nil {
				undo()
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		if err := m.led.Add(name, id, w.Clock, c); err != nil {
			undo()
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		made, vendorOf = append(made, c), append(vendorOf, name)
		w.Credentials[name] = []ledger.Credential{c}
	}
	m.byID[id] = w
	return w, nil
}

// freshID is an id no workspace had in this process: a counter, and
// random-looking hex from the seed so that ids of two mocks rarely agree.
func (m *Manager) freshID(prefix string, n uint64) string {
	r := emulate.Rand(m.seed, "workspace", strconv.FormatUint(n, 10))
	return fmt.Sprintf("%s%d-%06x", prefix, n, r.Uint32()&0xffffff)
}

// credential is v's fresh id and secret for workspace id. A vendor whose
// credential is itself the secret (eKYCPro's X-API-Key: Secrets'
// CredentialIsSecret) has a key only, so its secret is "".
func (m *Manager) credential(id string, v emulate.Vendor) (cid, secret string) {
	vendor := v.Name()
	r := emulate.Rand(m.seed, "workspace-credential", id, vendor)
	cid = fmt.Sprintf("%s-%s-%08x", vendor, id, r.Uint32())
	if v.Secrets().CredentialIsSecret {
		return cid, ""
	}
	return cid, fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64())
}

// Get is workspace id, marked used.
func (m *Manager) Get(id string) (*Workspace, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	w, ok := m.byID[id]
	if !ok {
		return nil, false
	}
	if m.idleLocked(w, m.opts.Idle.Now()) {
		m.removeLocked(w)
		return nil, false
	}
	w.touch(m.opts.Idle)
	return w, true
}

// List is the workspaces, oldest first.
func (m *Manager) List() []*Workspace {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sweepLocked()
	out := make([]*Workspace, 0, len(m.byID))
	for _, w := range m.byID {
		out = append(out, w)
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Created.Before(out[j].Created) || out[i].Created.Equal(out[j].Created) && out[i].ID < out[j].ID
	})
	return out
}

// Len is how many workspaces exist (expired ones included until swept).
func (m *Manager) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.byID)
}

// Delete removes workspace id: its vendor state, its credentials (unknown
// afterwards), its journal and rules. False when there is none.
func (m *Manager) Delete(id string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	w, ok := m.byID[id]
	if ok {
		m.removeLocked(w)
	}
	return ok
}

// Reset puts workspace w back to its start: its ledger accounts' spend and
// counts, journal, admin rules and rule counters, clock offset and vendor
// state. Its credentials and their terms stay.
func (m *Manager) Reset(w *Workspace) {
	w.Journal.Clear()
	m.led.ResetWorkspace(w.ID)
	w.Scenarios.Reset()
	w.Clock.Reset()
	m.resetVendors(w)
}

// ResetDefault forgets the vendor state of the default workspace (the
// global reset's share of it), leaving every workspace's alone.
func (m *Manager) ResetDefault() {
	for _, v := range m.vendors {
		switch r := v.(type) {
		case emulate.WorkspaceResetter:
			r.ResetWorkspace("", func(cred string) bool { return m.led.Workspace(v.Name(), cred) == "" })
		case emulate.Resetter:
			r.Reset()
		}
	}
}

func (m *Manager) resetVendors(w *Workspace) {
	for _, v := range m.vendors {
		if r, ok := v.(emulate.WorkspaceResetter); ok {
			ids := w.credentialIDs(v.Name())
			r.ResetWorkspace(w.ID, func(cred string) bool { return slices.Contains(ids, cred) })
		}
	}
}

func (w *Workspace) credentialIDs(vendor string) []string {
	var ids []string
	for _, c := range w.Credentials[vendor] {
		ids = append(ids, c.ID)
	}
	return ids
}

// Scope is the workspace of vendor's credential, marked used; nil for a
// credential of the default workspace: emulate.Deps.Scope.
func (m *Manager) Scope(vendor, credential string) *emulate.Scope {
	ws := m.led.Workspace(vendor, credential)
	if ws == "" {
		return nil
	}
	w, ok := m.Get(ws)
	if !ok {
		return nil
	}
	return w.scope
}

func (w *Workspace) touch(idle clock.Clock) { w.lastUsed.Store(idle.Now().UnixNano()) }

func (m *Manager) idleLocked(w *Workspace, now time.Time) bool {
	return now.Sub(w.LastUsed()) >= m.opts.IdleTimeout
}

// sweepLocked removes the idle workspaces.
func (m *Manager) sweepLocked() {
	now := m.opts.Idle.Now()
	for _, w := range m.byID {
		if m.idleLocked(w, now) {
			m.removeLocked(w)
		}
	}
}

func (m *Manager) removeLocked(w *Workspace) {
	m.resetVendors(w)
	w.Scenarios.Close() // its admin rules leave the shared bound, and none is added late
	for vendor, creds := range w.Credentials {
		for _, c := range creds {
			_ = m.led.Remove(vendor, c.ID)
		}
	}
	w.Journal.Clear()
	delete(m.byID, w.ID)
}
