// The README's test ("Use from Go tests"), verbatim but for the package
// name: if it stops compiling or passing, the README is wrong.
package gotest_test

import (
	"net/http"
	"testing"

	"github.com/mockekyc/mockekyc/mockekyctest"
)

func TestBalanceWhenEKYCProIsDown(t *testing.T) {
	srv := mockekyctest.New(t) // options: WithSeed, WithConfig, WithScenarios, WithTime, ...

	call := func() *http.Response {
		req, _ := http.NewRequest("GET", "https://api.ekycpro.com/v1/balance", nil)
		req.Header.Set("X-API-Key", "AbcdEfgh") // the default config's key
		resp, err := srv.Client().Do(req)       // hand srv.Client() to your vendor client
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := call(); resp.StatusCode != 200 {
		t.Fatalf("balance: HTTP %d", resp.StatusCode)
	}

	// Force eKYCPro's documented INNER_ERROR once.
	srv.AddRule(mockekyctest.Rule{
		Name: "ekycpro down", Vendor: "ekycpro", Endpoint: "balance",
		Respond: mockekyctest.Respond{Code: "INNER_ERROR"}, Times: 1,
	})
	if resp := call(); resp.StatusCode != 500 {
		t.Fatalf("forced: HTTP %d", resp.StatusCode)
	}

	// The journal says what was answered and why; a mismatch fails the
	// test with the mock's explanation.
	e := srv.ExpectAnswer(mockekyctest.Filter{Vendor: "ekycpro", Endpoint: "balance"}, "INNER_ERROR")
	if e.Why != "scenario" || e.Rule != "ekycpro down" {
		t.Errorf("answered because %s (rule %q)", e.Why, e.Rule)
	}
}
