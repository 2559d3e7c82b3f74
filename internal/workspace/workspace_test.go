package workspace_test

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/clock"
	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/ledger"
	"github.com/mockekyc/mockekyc/internal/scenario"
	"github.com/mockekyc/mockekyc/internal/server"
	"github.com/mockekyc/mockekyc/internal/workspace"
)

// idle is a settable idle clock.
type idle struct{ ns atomic.Int64 }

func (i *idle) Now() time.Time      { return time.Unix(0, i.ns.Load()) }
func (i *idle) add(d time.Duration) { i.ns.Add(int64(d)) }
func newIdle() *idle {
	i := &idle{}
	i.ns.Store(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())
	return i
}
func creds(w *workspace.Workspace) int {
	n := 0
	for _, c := range w.Credentials {
		n += len(c)
	}
	return n
}
func first(w *workspace.Workspace, v string) ledger.Credential { return w.Credentials[v][0] }

func newManager(t *testing.T, opts workspace.Options) (*workspace.Manager, *ledger.Ledger) {
	t.Helper()
	cfg := config.Default()
	led, err := ledger.New(clock.Fixed(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)), cfg.Credentials())
	if err != nil {
		t.Fatal(err)
	}
	cat, err := server.NewCatalogue(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return workspace.New(workspace.Config{Options: opts, Seed: 1, Ledger: led, Catalog: cat, Vendors: cat.Vendors()}), led
}

func TestIdleWorkspacesExpire(t *testing.T) {
	clk := newIdle()
	m, led := newManager(t, workspace.Options{IdleTimeout: time.Minute, Idle: clk})
	used, err := m.Create(workspace.Terms{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	unused, _ := m.Create(workspace.Terms{}, nil)
	if creds(used) != 5 {
		t.Fatalf("%d credentials", creds(used))
	}
	clk.add(40 * time.Second)
	if m.Scope("ekycpro", first(used, "ekycpro").ID) == nil { // a call keeps it alive
		t.Fatal("no scope for a workspace's key")
	}
	clk.add(40 * time.Second)
	if _, ok := m.Get(unused.ID); ok {
		t.Error("a workspace idle for 80s of a 60s timeout is still there")
	}
	if _, ok := led.Lookup("ekycpro", first(unused, "ekycpro").ID); ok {
		t.Error("an expired workspace's credential is still known")
	}
	if _, ok := m.Get(used.ID); !ok {
		t.Error("a workspace used 40s ago expired")
	}
	clk.add(2 * time.Minute)
	if n := len(m.List()); n != 0 {
		t.Errorf("%d workspaces after every one idled out", n)
	}
	if m.Scope("ekycpro", first(used, "ekycpro").ID) != nil {
		t.Error("an expired workspace's key still has a scope")
	}
}

func TestWorkspacesBounded(t *testing.T) {
	clk := newIdle()
	m, _ := newManager(t, workspace.Options{Max: 3, IdleTimeout: time.Minute, Idle: clk})
	for range 3 {
		if _, err := m.Create(workspace.Terms{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := m.Create(workspace.Terms{}, nil); !errors.Is(err, workspace.ErrFull) {
		t.Fatalf("a fourth of 3: %v", err)
	}
	clk.add(time.Hour) // all idle: a create makes room
	if _, err := m.Create(workspace.Terms{}, nil); err != nil {
		t.Fatalf("after the others expired: %v", err)
	}
	if m.Len() != 1 {
		t.Errorf("%d workspaces", m.Len())
	}
}

// TestCreateRefusedLeavesNothing: a credential check that fails half-way
// removes the credentials already added.
func TestCreateRefusedLeavesNothing(t *testing.T) {
	m, led := newManager(t, workspace.Options{})
	before := len(led.WorkspaceAccounts(""))
	type made struct{ vendor, id string }
	var seen []made
	_, err := m.Create(workspace.Terms{}, func(vendor string, c ledger.Credential) error {
		seen = append(seen, made{vendor, c.ID})
		if len(seen) == 3 {
			return errors.New("no")
		}
		return nil
	})
	if err == nil || m.Len() != 0 || len(seen) != 3 {
		t.Fatalf("err %v, %d workspaces, %d checked", err, m.Len(), len(seen))
	}
	for _, c := range seen {
		if _, ok := led.Lookup(c.vendor, c.id); ok {
			t.Errorf("left behind: %s %s", c.vendor, c.id)
		}
	}
	if len(led.WorkspaceAccounts("")) != before {
		t.Error("the default accounts changed")
	}
}

// TestConcurrentWorkspaces makes, uses, resets and deletes workspaces at
// once: -race finds unguarded state.
func TestConcurrentWorkspaces(t *testing.T) {
	m, led := newManager(t, workspace.Options{Max: 100})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				w, err := m.Create(workspace.Terms{Default: ledger.Credential{Quota: new(2)}}, nil)
				if err != nil {
					t.Error(err)
					return
				}
				id := first(w, "verihubs").ID
				if s := m.Scope("verihubs", id); s == nil || s.ID != w.ID {
					t.Errorf("scope of %s: %+v", id, s)
				}
				if v, r := led.Reserve("verihubs", id, "ktpExtract", true); v != ledger.OK {
					t.Errorf("reserve: %v", v)
				} else {
					r.Commit("ktpExtract", "EXT-1", true)
				}
				m.Reset(w)
				m.List()
				if !m.Delete(w.ID) {
					t.Error("delete")
				}
			}
		})
	}
	wg.Wait()
	if m.Len() != 0 {
		t.Errorf("%d left", m.Len())
	}
}

// TestWorkspaceRulesShareTheBound: a workspace's admin rules count against
// the bound the manager was given, with the default workspace's, and
// leave it when the workspace is deleted.
func TestWorkspaceRulesShareTheBound(t *testing.T) {
	cfg := config.Default()
	led, err := ledger.New(clock.Fixed(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)), cfg.Credentials())
	if err != nil {
		t.Fatal(err)
	}
	cat, err := server.NewCatalogue(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b := &scenario.AdminBounds{}
	m := workspace.New(workspace.Config{Seed: 1, Ledger: led, Catalog: cat, Vendors: cat.Vendors(), Rules: b})
	w, err := m.Create(workspace.Terms{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Scenarios.Add(scenario.Rule{Name: "r", Vendor: "verihubs", Respond: scenario.Respond{Code: "OK"}}); err != nil {
		t.Fatal(err)
	}
	if n, _ := b.Counted(); n != 1 {
		t.Fatalf("counted %d", n)
	}
	m.Delete(w.ID)
	if n, bytes := b.Counted(); n != 0 || bytes != 0 {
		t.Errorf("after the workspace was deleted: %d rules, %d bytes", n, bytes)
	}
}
