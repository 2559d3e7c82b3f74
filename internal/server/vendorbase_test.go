package server_test

// What every vendor's emulate.VendorBase states, checked across vendors:
// the refusals of the ledger's verdicts, and the ids of unrouted answers.

import (
	"net/http"
	"net/http/httptest"
	stdslices "slices"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/ledger"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestEveryVerdictIsRefusedOnEveryEndpoint: each vendor's Refusals (with
// the shared defaults and its overrides) answer every refusing ledger
// verdict on every endpoint (quota and balance only on metered ones) with one of that endpoint's documented
// answers; a table that misses a verdict, or an endpoint without the
// vendor's access answers, panics here instead of in a client's request.
func TestEveryVerdictIsRefusedOnEveryEndpoint(t *testing.T) {
	h := mocktest.New(t)
	deps := h.Server.Deps()
	for _, v := range h.Server.Catalogue().Vendors() {
		for _, ep := range v.Endpoints() {
			for verdict := ledger.Unknown; verdict <= ledger.BalanceExhausted; verdict++ {
				if !ep.Metered() && (verdict == ledger.QuotaExhausted || verdict == ledger.BalanceExhausted) {
					continue // the ledger holds an unmetered endpoint to the rate limit only
				}
				c := &emulate.Call{Req: httptest.NewRequest(ep.Method, ep.Path, nil), Vendor: v, Endpoint: ep, Deps: deps}
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Errorf("%s %s verdict %d: %v", v.Name(), ep.OperationID, verdict, p)
						}
					}()
					r := v.Admit(c, verdict)
					if r == nil {
						return // Verihubs lets quota through outside testing mode
					}
					if _, ok := ep.Answer(r.Code, r.Message); !ok {
						t.Errorf("%s %s verdict %d: %s %q is not one of its answers", v.Name(), ep.OperationID, verdict, r.Code, r.Message)
					}
				}()
			}
		}
	}
}

// TestUnroutedAnswersDrawFromTheCallsIDs: the unknown-path answers that
// carry an id (AccuAuth's NOT_FOUND request_id, ADVANCE's CLIENT_ERROR
// transactionId) are made through the same Call as every other answer, so
// the id is drawn from the one sequence admin reset restarts: the first id
// after a reset (a refused request's) is the id the fresh mock's first
// answer (the unknown path's) had.
func TestUnroutedAnswersDrawFromTheCallsIDs(t *testing.T) {
	for _, c := range []struct {
		vendor, unknown, refused, field, ct, body string
	}{
		{"accuauth", "/no/such/api", "/verify/id_name", "request_id", "application/x-www-form-urlencoded", "a=b"},
		{"advance", "/openapi/no/such/api", "/openapi/auth/ticket/v1/generate-token", "transactionId", "application/json", "{}"},
	} {
		h := mocktest.New(t)
		id := func(path string) string {
			res := h.Do(h.Request(http.MethodPost, "/"+c.vendor+path, strings.NewReader(c.body), http.Header{"Content-Type": {c.ct}}))
			s, _ := res.JSON(t)[c.field].(string)
			if s == "" {
				t.Fatalf("%s %s: no %s: %d %s", c.vendor, path, c.field, res.Status, res.Body)
			}
			return s
		}
		unknown := id(c.unknown)
		if status, body := h.Admin(http.MethodPost, "/reset", ""); status != http.StatusOK {
			t.Fatalf("reset: %d %v", status, body)
		}
		if refused := id(c.refused); refused != unknown {
			t.Errorf("%s: first id after reset %s, want the fresh mock's first id %s (the unknown path's)", c.vendor, refused, unknown)
		}
	}
}

// TestEndpointHostsAreVendorHosts: an endpoint served on some of its
// vendor's hosts (Endpoint.Hosts) names real hosts of the vendor, lower
// case as the router compares them, and not all of them (that is nil): a
// misspelt host would leave the endpoint unknown on every real host.
func TestEndpointHostsAreVendorHosts(t *testing.T) {
	h := mocktest.New(t)
	for _, v := range h.Server.Catalogue().Vendors() {
		for _, ep := range v.Endpoints() {
			for _, host := range ep.Hosts {
				if !stdslices.Contains(v.Hosts(), host) || host != strings.ToLower(host) {
					t.Errorf("%s %s: host %q is not one of %v", v.Name(), ep.OperationID, host, v.Hosts())
				}
			}
			if len(ep.Hosts) >= len(v.Hosts()) {
				t.Errorf("%s %s: Hosts %v name every host of the vendor: leave them nil", v.Name(), ep.OperationID, ep.Hosts)
			}
		}
	}
}
