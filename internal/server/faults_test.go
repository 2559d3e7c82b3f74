package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestFaultHeaderEveryVendor: the shipped scenarios/faults.yaml lets a
// request to any vendor force a fault by header (README).
func TestFaultHeaderEveryVendor(t *testing.T) {
	ts, kinds := loadServer(t)
	var reqs []*http.Request
	for _, k := range kinds {
		if strings.Contains(k.Name, "numbers in turn") {
			continue
		}
		req, err := k.Request(ts.URL)
		if err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, req)
	}
	acc, _ := http.NewRequest(http.MethodPost, ts.URL+"/accuauth/verify/id_name", strings.NewReader(`{"id_number":"3171024302821001","name":"BUDI"}`))
	acc.Header = http.Header{"Content-Type": {"application/json"}, "X-Df-Api-Id": {"demo-api-id"}, "X-Df-Api-Secret": {"demo-api-secret"}}
	reqs = append(reqs, acc)
	vendors := map[string]bool{}
	for _, req := range reqs {
		vendors[strings.Split(req.URL.Path, "/")[1]] = true
		req.Header.Set("X-Mockekyc-Fault", "http_502")
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatalf("%s: %v", req.URL.Path, err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusBadGateway {
			t.Errorf("%s with X-Mockekyc-Fault: http_502: HTTP %d %s", req.URL.Path, res.StatusCode, body)
		}
	}
	if len(vendors) != 5 {
		t.Errorf("vendors tried: %v, want all five", vendors)
	}
}
