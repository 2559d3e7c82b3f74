package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// answerIDs sends one ADVANCE and one AccuAuth request that each answer
// with an id (a refused token request, a request without credentials) and
// returns those ids and the name of a fake person.
func answerIDs(t *testing.T, h *mocktest.Harness) (advanceID, accuauthID, name string) {
	t.Helper()
	res := h.Do(h.Request(http.MethodPost, "/advance/openapi/auth/ticket/v1/generate-token",
		strings.NewReader(`{"accessKey":"nobody","signature":"x","timestamp":"1"}`), http.Header{"Content-Type": {"application/json"}}))
	advanceID = mocktest.At[string](t, res.JSON(t), "transactionId")
	res = h.Do(h.Request(http.MethodPost, "/accuauth/verify/id_name",
		strings.NewReader(`{"id_number":"3171024302821001","name":"X"}`), http.Header{"Content-Type": {"application/json"}}))
	accuauthID = mocktest.At[string](t, res.JSON(t), "request_id")
	_, person := h.Admin(http.MethodGet, "/identity/3171024302821001", "")
	name, _ = person["name"].(string)
	if advanceID == "" || accuauthID == "" || name == "" {
		t.Fatalf("ids %q %q, person %v", advanceID, accuauthID, person)
	}
	return advanceID, accuauthID, name
}

// TestIDsUniqueAcrossRuns: by default two mocks with the same seed, and
// one mock before and after an admin reset, answer with other ids, while
// their fake people stay the same; an AccuAuth request_id is never made
// of ADVANCE transactionIds.
func TestIDsUniqueAcrossRuns(t *testing.T) {
	const cfg = "seed: 7\nids: unique\n"
	a, b := mocktest.New(t, mocktest.WithConfig(cfg)), mocktest.New(t, mocktest.WithConfig(cfg))
	advA, accA, nameA := answerIDs(t, a)
	advB, accB, nameB := answerIDs(t, b)
	if advA == advB || accA == accB {
		t.Errorf("two runs with the same seed repeat ids: %s %s / %s %s", advA, accA, advB, accB)
	}
	if nameA != nameB {
		t.Errorf("fake people differ between runs with the same seed: %q %q", nameA, nameB)
	}
	if strings.Contains(accA, advA) {
		t.Errorf("AccuAuth request_id %s contains ADVANCE transactionId %s", accA, advA)
	}
	if st, _ := a.Admin(http.MethodPost, "/reset", ""); st != http.StatusOK {
		t.Fatalf("reset: HTTP %d", st)
	}
	advR, accR, nameR := answerIDs(t, a)
	if advR == advA || accR == accA {
		t.Errorf("ids repeat after a reset: %s %s", advR, accR)
	}
	if nameR != nameA {
		t.Errorf("fake people changed by a reset: %q %q", nameA, nameR)
	}
}

// TestIDsReproducible: with ids: reproducible two mocks with the same
// seed, and one mock after a reset, answer with the same ids.
func TestIDsReproducible(t *testing.T) {
	const cfg = "seed: 7\nids: reproducible\n"
	a, b := mocktest.New(t, mocktest.WithConfig(cfg)), mocktest.New(t, mocktest.WithConfig(cfg))
	advA, accA, _ := answerIDs(t, a)
	advB, accB, _ := answerIDs(t, b)
	if advA != advB || accA != accB {
		t.Errorf("reproducible ids differ between runs: %s %s / %s %s", advA, accA, advB, accB)
	}
	a.Admin(http.MethodPost, "/reset", "")
	if advR, accR, _ := answerIDs(t, a); advR != advA || accR != accA {
		t.Errorf("reproducible ids differ after a reset: %s %s / %s %s", advA, accA, advR, accR)
	}
	// Another seed, other ids.
	c := mocktest.New(t, mocktest.WithConfig("seed: 8\nids: reproducible\n"))
	if advC, _, _ := answerIDs(t, c); advC == advA {
		t.Errorf("seeds 7 and 8 give the same id %s", advC)
	}
}
