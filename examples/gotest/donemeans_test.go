// Package gotest is a module of its own that requires mockekyc, as a
// user's project does, and tests it from outside: the check of issue 19.
package gotest_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/mockekyc/mockekyc/mockekyctest"
)

func balance(t *testing.T, c *http.Client, url string) map[string]any {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-API-Key", "AbcdEfgh")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("GET %s: HTTP %d, not JSON: %v", url, resp.StatusCode, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: HTTP %d %v", url, resp.StatusCode, body)
	}
	return body
}

func TestVendorURLThroughSrvClient(t *testing.T) {
	srv := mockekyctest.New(t)
	if got := balance(t, srv.Client(), "https://api.ekycpro.com/v1/balance"); got["status"] != "OK" {
		t.Errorf(`got %v, want {"status":"OK",...}`, got)
	}
}

func TestSrvURLThroughDefaultClient(t *testing.T) {
	srv := mockekyctest.New(t)
	if got := balance(t, http.DefaultClient, srv.URL("ekycpro")+"/v1/balance"); got["status"] != "OK" {
		t.Errorf(`got %v, want {"status":"OK",...}`, got)
	}
}
