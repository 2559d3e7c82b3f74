package admin

import (
	"github.com/mockekyc/mockekyc/internal/scenario"
	"github.com/mockekyc/mockekyc/mockekycadmin"
)

// The admin API's wire types are the public package mockekycadmin's: the
// handlers encode them and the Go client (mockekycadmin.Client, used by
// mockekyctest, the Testcontainers module and loadbench) decodes them. The
// journal, the ledger and the catalogue keep these very types (journal.Entry,
// ledger.AccountState, emulate.Answer are aliases), so what the mock records
// is what it answers. The names below keep the handlers' spelling.
type (
	Error             = mockekycadmin.Error
	Health            = mockekycadmin.Health
	RequestList       = mockekycadmin.RequestList
	Entry             = mockekycadmin.Entry
	ScenarioList      = mockekycadmin.ScenarioList
	ScenarioStatus    = mockekycadmin.RuleStatus
	Accounts          = mockekycadmin.Accounts
	Reset             = mockekycadmin.Reset
	Catalogue         = mockekycadmin.Catalogue
	CatalogueEndpoint = mockekycadmin.CatalogueEndpoint
	Coverage          = mockekycadmin.Coverage
	CoverageEndpoint  = mockekycadmin.CoverageEndpoint
	Clock             = mockekycadmin.Clock
	ClockMove         = mockekycadmin.ClockMove
	SpecList          = mockekycadmin.SpecList
	Spec              = mockekycadmin.Spec
	Identity          = mockekycadmin.Person
	OTPList           = mockekycadmin.OTPList
	OTP               = mockekycadmin.OTP
	RequestCount      = mockekycadmin.RequestCount
	Verify            = mockekycadmin.Verify
	Verification      = mockekycadmin.Verification
	RequestSummary    = mockekycadmin.RequestSummary
	NearMiss          = mockekycadmin.NearMiss
	Mismatch          = mockekycadmin.Mismatch
	CredentialSpec    = mockekycadmin.CredentialSpec
	AccountAdd        = mockekycadmin.AccountAdd
	AccountUpdate     = mockekycadmin.AccountUpdate
	Account           = mockekycadmin.Account
	WorkspaceCreate   = mockekycadmin.WorkspaceCreate
	Workspace         = mockekycadmin.Workspace
	WorkspaceList     = mockekycadmin.WorkspaceList
)

// Two answers are encoded from the mock's own types, whose JSON is the
// public type's: a scenario rule (scenario.RuleStatus, which the rule
// matcher compiles and the YAML loader fills with positions) and a person
// (identity.Person, which keeps the generator's private state). The
// round-trip tests (wire_test.go) decode both strictly into the public
// types, so a key one side lacks fails there.

// scenarioList is ScenarioList as the handler builds it.
type scenarioList struct {
	Count     int                   `json:"count"`
	Scenarios []scenario.RuleStatus `json:"scenarios"`
}
