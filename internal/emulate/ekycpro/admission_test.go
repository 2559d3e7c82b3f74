package ekycpro_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestAdmissionUnderConcurrency: quota and balance hold when many calls
// arrive at once. A delay rule keeps every admitted call in flight until
// all have been admitted, so each call's admission sees the others; before
// admission reserved, all of them passed a check that only one may pass.
func TestAdmissionUnderConcurrency(t *testing.T) {
	for _, tc := range []struct {
		name, cred string
		refused    string // the message of the refused calls
	}{
		{"quota 1", "{id: k, quota: 1}", "daily limit exceeded"},
		{"balance for one call", "{id: k, balance: 1, price: 1}", "insufficient balance"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := mocktest.New(t, mocktest.WithConfig("vendors:\n  ekycpro:\n    credentials: ["+tc.cred+"]\n"))
			h.AddRules(`{"name":"hold","vendor":"ekycpro","endpoint":"idInquiries","respond":{"delay":"300ms"}}`)
			const n = 16
			statuses := make([]string, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					form := url.Values{"id": {"3171024302821001"}}
					req, _ := http.NewRequest(http.MethodPost, h.HTTP.URL+"/ekycpro/v1/ididinquiries", strings.NewReader(form.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("X-API-Key", "k")
					resp, err := h.Client.Do(req)
					if err != nil {
						statuses[i] = err.Error()
						return
					}
					defer resp.Body.Close()
					b, _ := io.ReadAll(resp.Body)
					var body struct {
						Status  string `json:"status"`
						Message any    `json:"message"`
					}
					_ = json.Unmarshal(b, &body)
					statuses[i] = body.Status
					if body.Status != "OK" {
						statuses[i] += " " + string(b)
					}
				})
			}
			wg.Wait()
			ok := 0
			for _, s := range statuses {
				switch {
				case s == "OK":
					ok++
				case !strings.Contains(s, tc.refused):
					t.Errorf("refused call: %s, want %q", s, tc.refused)
				}
			}
			if ok != 1 {
				t.Errorf("%d of %d concurrent calls OK, want exactly 1", ok, n)
			}
			acc, _ := h.Server.Deps().Ledger.Account("ekycpro", "k")
			if acc.ChargedCalls != 1 || acc.QuotaUsed != 1 {
				t.Errorf("charged_calls %d, quota_used %d, want 1 and 1", acc.ChargedCalls, acc.QuotaUsed)
			}
		})
	}
}
