package admin

import (
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

// RequestCount is GET /__admin/requests/count: how many journal entries
// the filters select (the same filters as GET /__admin/requests).
type RequestCount struct {
	Count int `json:"count"`
}

// Verify is the body of POST /__admin/verify: an expectation about the
// requests in the journal. Its conditions are a scenario rule's match
// (credential, nik, phone, digest, marker, header, field) with the rule's
// vendor and endpoint, the journal's code and status, and a window in time
// (since: a request id or an RFC 3339 time; until: an RFC 3339 time, both
// on the mock's clock); every condition given must hold. Count, AtLeast and
// AtMost say how many requests must meet them: count exactly, else between
// at_least (default 1) and at_most.
type Verify struct {
	Vendor   string `json:"vendor,omitempty"`
	Endpoint string `json:"endpoint,omitempty"`
	// Match is a rule's match, its keys at the top level: credential,
	// nik, phone, digest, marker, header and field.
	scenario.Match
	Code    string `json:"code,omitempty"`
	Status  int    `json:"status,omitempty"`
	Since   string `json:"since,omitempty"`
	Until   string `json:"until,omitempty"`
	Count   *int   `json:"count,omitempty"`
	AtLeast *int   `json:"at_least,omitempty"`
	AtMost  *int   `json:"at_most,omitempty"`
}

// Verification is POST /__admin/verify's answer: HTTP 200 when the
// expectation holds, 422 when it does not. Then Error says why (so it
// reads as every other admin error), and when too few requests matched,
// Nearest lists the requests that came closest, each with the conditions
// it missed and what it had instead.
type Verification struct {
	OK       bool   `json:"ok"`
	Error    string `json:"error,omitempty"`
	Expected string `json:"expected"` // "at least 1", "exactly 2", "between 1 and 3", "at most 0"
	Matched  int    `json:"matched"`
	// Requests are the matching requests, newest first, at most
	// MaxVerifyListed of them (Matched counts them all).
	Requests []RequestSummary `json:"requests"`
	Nearest  []NearMiss       `json:"nearest,omitempty"`
}

// RequestSummary is a journal entry in brief: which request, and why the
// mock answered it as it did (why, rule, code, message). GET
// /__admin/requests/{id} has the whole entry.
type RequestSummary struct {
	ID         uint64 `json:"id"`
	Time       string `json:"time"` // the mock's clock, RFC 3339
	Vendor     string `json:"vendor"`
	Endpoint   string `json:"endpoint"`
	Method     string `json:"method"`
	Path       string `json:"path"`
	Credential string `json:"credential"`
	Status     int    `json:"status"`
	Code       string `json:"code"`
	Message    string `json:"message,omitempty"`
	Why        string `json:"why"`
	Rule       string `json:"rule,omitempty"`
	Fault      string `json:"fault,omitempty"`
}

// NearMiss is a request that met some of a Verify's conditions: Met of
// Of, and for each condition it missed, what it had instead.
type NearMiss struct {
	Request    RequestSummary `json:"request"`
	Met        int            `json:"met"`
	Of         int            `json:"of"`
	Mismatches []Mismatch     `json:"mismatches"`
}

// Mismatch is one condition a request did not meet: the condition's name
// as the expectation says it ("vendor", "header.X-Api-Key", "field.nik"),
// the value wanted, and what the request had ("(not sent)" and the like
// when it had none; a secret as the journal keeps it).
type Mismatch struct {
	Condition string `json:"condition"`
	Want      string `json:"want"`
	Had       string `json:"had"`
}
