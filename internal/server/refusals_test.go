package server_test

import (
	"net/http/httptest"
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
