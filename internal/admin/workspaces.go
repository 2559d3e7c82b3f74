package admin

import (
	"errors"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"

	"github.com/mockekyc/mockekyc/internal/ledger"
	"github.com/mockekyc/mockekyc/internal/workspace"
)

// Workspaces: POST /__admin/workspaces makes one, GET lists them or shows
// one, DELETE removes one, and /__admin/workspaces/{id}/... serves the
// scoped endpoints (requests, scenarios, accounts, reset, coverage,
// clock) on the workspace's own state. See DEVELOPERS.md "Workspaces".

func (a *api) workspaceRoutes(r *mux.Router) {
	r.HandleFunc("/workspaces", a.createWorkspace).Methods(http.MethodPost)
	r.HandleFunc("/workspaces", a.listWorkspaces).Methods(http.MethodGet)
	r.HandleFunc("/workspaces/{ws}", a.getWorkspace).Methods(http.MethodGet)
	r.HandleFunc("/workspaces/{ws}", a.deleteWorkspace).Methods(http.MethodDelete)
	r.PathPrefix("/workspaces/{ws}/").HandlerFunc(a.inWorkspace)
}

// specOf is c in the wire's form (ledgerCredential's converse).
func specOf(c ledger.Credential) CredentialSpec { return CredentialSpec(c) }

// overlay is base with the fields set in over.
func overlay(base, over CredentialSpec) CredentialSpec {
	if over.Name != "" {
		base.Name = over.Name
	}
	if over.Balance != nil {
		base.Balance = over.Balance
	}
	if over.Price != 0 {
		base.Price = over.Price
	}
	if over.Quota != nil {
		base.Quota = over.Quota
	}
	if over.QuotaPeriod != "" {
		base.QuotaPeriod = over.QuotaPeriod
	}
	if over.RateLimit != 0 {
		base.RateLimit = over.RateLimit
	}
	if over.Expires != nil {
		base.Expires = over.Expires
	}
	if over.Disabled {
		base.Disabled = true
	}
	if over.APIs != nil {
		base.APIs = over.APIs
	}
	if over.Mode != "" {
		base.Mode = over.Mode
	}
	return base
}

func (a *api) wireWorkspace(w *workspace.Workspace) Workspace {
	out := Workspace{
		ID: w.ID, Admin: "/__admin/workspaces/" + w.ID, Created: w.Created, LastUsed: w.LastUsed(),
		IdleTimeout: a.Workspaces.Options().IdleTimeout.String(), Credentials: map[string][]CredentialSpec{},
	}
	for vendor, creds := range w.Credentials {
		for _, c := range creds {
			out.Credentials[vendor] = append(out.Credentials[vendor], specOf(c))
		}
	}
	return out
}

func (a *api) createWorkspace(w http.ResponseWriter, r *http.Request) {
	var req WorkspaceCreate
	if err := decodeStrict(r, &req); err != nil && !errors.Is(err, io.EOF) {
		fail(w, http.StatusBadRequest, `want {} or {"credential":{"balance":100,"quota":10},"vendors":{"verihubs":{"mode":"testing"}}} (the config file's credential keys but id and secret, which the mock makes): %v`, err)
		return
	}
	specs := append([]CredentialSpec{req.Credential}, slicesOf(req.Vendors)...)
	for _, s := range specs {
		if s.ID != "" || s.Secret != "" {
			fail(w, http.StatusBadRequest, "a workspace's ids and secrets are the mock's to make: leave id and secret out (got id %q)", s.ID)
			return
		}
	}
	for vendor := range req.Vendors {
		if err := a.checkVendor(vendor); err != nil {
			fail(w, http.StatusBadRequest, "vendors: %v", err)
			return
		}
	}
	terms := workspace.Terms{Default: ledgerCredential(req.Credential), Vendors: map[string]ledger.Credential{}}
	for vendor, s := range req.Vendors {
		terms.Vendors[vendor] = ledgerCredential(overlay(req.Credential, s))
	}
	ws, err := a.Workspaces.Create(terms, a.checkCredentialSpec)
	switch {
	case errors.Is(err, workspace.ErrFull):
		fail(w, http.StatusTooManyRequests, "%v", err)
		return
	case err != nil:
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	write(w, http.StatusCreated, a.wireWorkspace(ws))
}

func slicesOf(m map[string]CredentialSpec) []CredentialSpec {
	var out []CredentialSpec
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out
}

func (a *api) listWorkspaces(w http.ResponseWriter, _ *http.Request) {
	list := WorkspaceList{Max: a.Workspaces.Options().Max, Workspaces: []Workspace{}}
	for _, ws := range a.Workspaces.List() {
		list.Workspaces = append(list.Workspaces, a.wireWorkspace(ws))
	}
	list.Count = len(list.Workspaces)
	write(w, http.StatusOK, list)
}

// workspace is the path's workspace, or a 404 written.
func (a *api) workspace(w http.ResponseWriter, r *http.Request) (*workspace.Workspace, bool) {
	id := mux.Vars(r)["ws"]
	ws, ok := a.Workspaces.Get(id)
	if !ok {
		fail(w, http.StatusNotFound, "no workspace %q (deleted, expired after %s idle, or never made: POST /__admin/workspaces)", id, a.Workspaces.Options().IdleTimeout)
	}
	return ws, ok
}

func (a *api) getWorkspace(w http.ResponseWriter, r *http.Request) {
	if ws, ok := a.workspace(w, r); ok {
		write(w, http.StatusOK, a.wireWorkspace(ws))
	}
}

func (a *api) deleteWorkspace(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["ws"]
	if !a.Workspaces.Delete(id) {
		fail(w, http.StatusNotFound, "no workspace %q", id)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// inWorkspace serves /__admin/workspaces/{id}/... with the scoped
// endpoints on the workspace's journal, rules, clock, accounts and reset.
func (a *api) inWorkspace(w http.ResponseWriter, r *http.Request) {
	ws, ok := a.workspace(w, r)
	if !ok {
		return
	}
	deps := *a.Deps
	deps.Journal, deps.Scenarios = ws.Journal, ws.Scenarios
	b := &api{Options: a.Options, ws: ws.ID, gates: a.gates}
	b.Deps, b.Clock = &deps, ws.Clock
	b.Reset = func() { a.Workspaces.Reset(ws) }
	sub := mux.NewRouter().PathPrefix("/__admin/workspaces/" + ws.ID).Subrouter()
	b.scoped(sub)
	notFound(sub)
	if !strings.HasPrefix(r.URL.Path, "/__admin/workspaces/"+ws.ID+"/") {
		fail(w, http.StatusNotFound, "no admin endpoint %s %s", r.Method, r.URL.Path)
		return
	}
	sub.ServeHTTP(w, r)
}
