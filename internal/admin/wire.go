package admin

import (
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/ledger"
	"github.com/mockekyc/mockekyc/internal/scenario"
)

// The admin API's wire types: what each /__admin endpoint answers, shared
// by the handlers (which encode them) and by clients (which decode them).
// The fields of the types that replaced ad-hoc maps are declared in the
// order of their JSON names, the order a map was encoded in, so the bytes
// on the wire did not change.

// Error is every admin error answer (4xx and 5xx): {"error": "..."}.
type Error struct {
	Error string `json:"error"`
}

// Health is GET /__admin/health.
type Health struct {
	Now           string       `json:"now"` // the mock's clock, RFC 3339 UTC
	Status        string       `json:"status"`
	UptimeSeconds int64        `json:"uptime_seconds"`
	Vendors       []VendorInfo `json:"vendors"`
	Version       string       `json:"version"`
}

// RequestList is GET /__admin/requests.
type RequestList struct {
	Capacity int     `json:"capacity"`
	Count    int     `json:"count"`
	Requests []Entry `json:"requests"`
}

// Entry is GET /__admin/requests/{id}, and each request of a RequestList.
type Entry = journal.Entry

// ScenarioList is GET /__admin/scenarios.
type ScenarioList struct {
	Count     int              `json:"count"`
	Scenarios []ScenarioStatus `json:"scenarios"`
}

// ScenarioStatus is one rule as listed, and POST /__admin/scenarios's
// answer: the rule's own keys next to id, group, hits and remaining.
type ScenarioStatus = scenario.RuleStatus

// Accounts is GET /__admin/accounts.
type Accounts struct {
	Accounts []ledger.AccountState `json:"accounts"`
}

// Reset is POST /__admin/reset.
type Reset struct {
	Now    string `json:"now"`
	Status string `json:"status"`
}

// Catalogue is GET /__admin/catalogue.
type Catalogue struct {
	Endpoints []CatalogueEndpoint `json:"endpoints"`
}

// CatalogueEndpoint is one endpoint of the catalogue and its documented
// answers.
type CatalogueEndpoint struct {
	Vendor      string `json:"vendor"`
	OperationID string `json:"operation_id"`
	Method      string `json:"method"`
	Path        string `json:"path"`
	Summary     string `json:"summary"`
	// Evidence is where the endpoint comes from (seed-docs, vendor-docs,
	// client-code, inferred) and Source a citation for it.
	Evidence emulate.Evidence `json:"evidence"`
	Source   string           `json:"source,omitempty"`
	// Answers each carry their own evidence, filled in.
	Answers []emulate.Answer `json:"answers"`
}

// Coverage is GET /__admin/coverage.
type Coverage struct {
	Answered   int                `json:"answered"`
	Credential string             `json:"credential"`
	Documented int                `json:"documented"`
	Endpoints  []CoverageEndpoint `json:"endpoints"`
	Percent    float64            `json:"percent"`
}

// CoverageEndpoint is one endpoint's documented codes, the ones answered
// (with how often) and the ones not yet met.
type CoverageEndpoint struct {
	Vendor      string         `json:"vendor"`
	OperationID string         `json:"operation_id"`
	Documented  []string       `json:"documented"`
	Answered    map[string]int `json:"answered"`
	Missing     []string       `json:"missing"`
}

// Clock is GET and POST /__admin/clock.
type Clock struct {
	Now    string `json:"now"`
	Offset string `json:"offset"` // a time.Duration's String
}

// ClockMove is the body of POST /__admin/clock: one of advance, set or
// reset.
type ClockMove struct {
	Advance string `json:"advance"`
	Set     string `json:"set"`
	Reset   bool   `json:"reset"`
}

// SpecList is GET /__admin/specs.
type SpecList struct {
	Specs []Spec `json:"specs"`
}

// Spec says where one vendor's OpenAPI document is served.
type Spec struct {
	URL    string `json:"url"`
	Vendor string `json:"vendor"`
}

// Identity is GET /__admin/identity/{nik}: the person the mock generates
// for the NIK.
type Identity = identity.Person

// CredentialSpec is one credential in the config file's form, secret
// included: the body of POST /__admin/accounts and each credential a new
// workspace answers. Zero fields are the config's defaults.
type CredentialSpec struct {
	ID          string     `json:"id"`
	Secret      string     `json:"secret,omitempty"`
	Name        string     `json:"name,omitempty"`
	Balance     *float64   `json:"balance,omitempty"`
	Price       float64    `json:"price,omitempty"`
	Quota       *int       `json:"quota,omitempty"`
	QuotaPeriod string     `json:"quota_period,omitempty"`
	RateLimit   float64    `json:"rate_limit,omitempty"`
	Expires     *time.Time `json:"expires,omitempty"`
	Disabled    bool       `json:"disabled,omitempty"`
	APIs        []string   `json:"apis,omitempty"`
	Mode        string     `json:"mode,omitempty"`
}

// AccountAdd is the body of POST /__admin/accounts: a credential added to
// vendor at run time.
type AccountAdd struct {
	Vendor     string         `json:"vendor"`
	Credential CredentialSpec `json:"credential"`
}

// AccountUpdate is the body of PATCH /__admin/accounts/{vendor}/{id}:
// each field set changes that term, the others stay.
type AccountUpdate struct {
	// TopUp adds to the balance (a credential without one gets TopUp left).
	TopUp       *float64   `json:"top_up,omitempty"`
	Balance     *float64   `json:"balance,omitempty"`
	Quota       *int       `json:"quota,omitempty"`
	QuotaPeriod *string    `json:"quota_period,omitempty"`
	RateLimit   *float64   `json:"rate_limit,omitempty"`
	Disabled    *bool      `json:"disabled,omitempty"`
	Expires     *time.Time `json:"expires,omitempty"`
	// Unexpire removes the expiry.
	Unexpire bool `json:"unexpire,omitempty"`
}

// Account is POST /__admin/accounts, GET and PATCH
// /__admin/accounts/{vendor}/{id}: one credential's state.
type Account = ledger.AccountState

// WorkspaceCreate is the body of POST /__admin/workspaces (optional):
// the terms of the credentials the workspace gets, one per vendor.
// Credential's terms hold for every vendor; Vendors' fields set for a
// vendor override them (a mode is one vendor's: "verihubs":
// {"mode":"testing"}). Ids and secrets are the mock's to make.
type WorkspaceCreate struct {
	Credential CredentialSpec            `json:"credential"`
	Vendors    map[string]CredentialSpec `json:"vendors,omitempty"`
}

// Workspace is POST /__admin/workspaces and GET
// /__admin/workspaces/{id}: a workspace and its credentials by vendor,
// in the config file's form, secrets included.
type Workspace struct {
	ID string `json:"id"`
	// Admin is the path of the workspace's admin endpoints (reset, clock,
	// requests, coverage, accounts, scenarios).
	Admin       string                      `json:"admin"`
	Created     time.Time                   `json:"created"`
	LastUsed    time.Time                   `json:"last_used"`
	IdleTimeout string                      `json:"idle_timeout"` // a time.Duration's String
	Credentials map[string][]CredentialSpec `json:"credentials"`
}

// WorkspaceList is GET /__admin/workspaces.
type WorkspaceList struct {
	Count      int         `json:"count"`
	Max        int         `json:"max"`
	Workspaces []Workspace `json:"workspaces"`
}
