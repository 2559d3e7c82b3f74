package admin

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/journal"
)

// The query filters of /__admin/requests, /catalogue and /coverage. A
// vendor, endpoint or credential the mock does not know is a 400 whose
// {"error": ...} names the value and, where the list is short, the known
// ones: an empty answer to a typo reads as "nothing happened", which is
// the wrong conclusion for a test suite to draw (README "Admin API").

// maxListed is how many known values an error lists before pointing to
// where they all are.
const maxListed = 25

// filterError is a filter naming something unknown: HTTP 400.
type filterError struct{ msg string }

func (e *filterError) Error() string { return e.msg }

func unknown(format string, args ...any) error { return &filterError{fmt.Sprintf(format, args...)} }

// known lists values for a message: all of them when short, else the
// first maxListed and where the rest are.
func known(what string, values []string, rest string) string {
	if len(values) > maxListed {
		return fmt.Sprintf("%s: %s, ... (%d in all: %s)", what, strings.Join(values[:maxListed], ", "), len(values), rest)
	}
	if len(values) == 0 {
		return what + ": none"
	}
	return what + ": " + strings.Join(values, ", ")
}

// checkVendor: "" or a vendor of the catalogue.
func (a *api) checkVendor(vendor string) error {
	if vendor == "" {
		return nil
	}
	if _, ok := a.Catalogue.Vendor(vendor); ok {
		return nil
	}
	var names []string
	for _, v := range a.Catalogue.Vendors() {
		names = append(names, v.Name())
	}
	slices.Sort(names)
	return unknown("unknown vendor %q (%s)", vendor, known("vendors", names, ""))
}

// checkEndpoint: "" or an operationId of vendor (of any vendor when vendor
// is ""). Call after checkVendor.
func (a *api) checkEndpoint(vendor, endpoint string) error {
	if endpoint == "" {
		return nil
	}
	var all []string
	for _, v := range a.Catalogue.Vendors() {
		if vendor != "" && v.Name() != vendor {
			continue
		}
		ops := a.Catalogue.Endpoints(v.Name())
		if slices.Contains(ops, endpoint) {
			return nil
		}
		all = append(all, ops...)
	}
	if vendor != "" {
		return unknown("unknown endpoint %q of %s (%s)", endpoint, vendor, known("endpoints", all, "GET /__admin/catalogue?vendor="+vendor))
	}
	return unknown("unknown endpoint %q: no vendor has it (endpoints are operationIds such as idOcr; add vendor= to list a vendor's, or see GET /__admin/catalogue)", endpoint)
}

// checkCredential: "" or a credential the mock knows for vendor (any
// vendor when ""): configured, or seen in a call since the last reset (the
// ledger's coverage or the journal has it, so a wrong key a client sent can
// be looked up). Call after checkVendor.
func (a *api) checkCredential(vendor, cred string) error {
	if cred == "" {
		return nil
	}
	var configured []string
	for _, acc := range a.Deps.Ledger.WorkspaceAccounts(a.ws) {
		if vendor != "" && acc.Vendor != vendor {
			continue
		}
		if acc.ID == cred {
			return nil
		}
		id := acc.ID
		if vendor == "" {
			id = acc.Vendor + ":" + id
		}
		configured = append(configured, id)
	}
	if len(a.Deps.Ledger.WorkspaceCoverage(a.ws, vendor, cred)) > 0 {
		return nil
	}
	if len(a.Deps.Journal.List(journal.Filter{Vendor: vendor, Credential: cred, Limit: 1})) > 0 {
		return nil
	}
	of := ""
	if vendor != "" {
		of = " of " + vendor
	}
	return unknown("unknown credential %q%s: not configured, and no call used it since the last reset (%s)", cred, of, known("configured", configured, "GET /__admin/accounts"))
}

// checkFilters checks a query's vendor, endpoint and credential.
func (a *api) checkFilters(vendor, endpoint, cred string) error {
	if err := a.checkVendor(vendor); err != nil {
		return err
	}
	if err := a.checkEndpoint(vendor, endpoint); err != nil {
		return err
	}
	return a.checkCredential(vendor, cred)
}

// parseSince reads since=: a request id (the entries after it) or an RFC
// 3339 time (the entries at or after it, on the mock's clock, as the
// entries' time field shows it).
func parseSince(s string) (id uint64, at time.Time, err error) {
	if n, err := strconv.ParseUint(s, 10, 64); err == nil {
		return n, time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return 0, t, nil
	}
	return 0, time.Time{}, fmt.Errorf("since must be a request id (42: the entries after it) or an RFC 3339 time (2030-01-01T00:00:00Z or with an offset, +07:00: the entries at or after it), got %q", s)
}
