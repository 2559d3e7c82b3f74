package verihubs_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestAdminResetForgetsReferenceIDs: a reference_id used before an admin
// reset may be used again after it.
func TestAdminResetForgetsReferenceIDs(t *testing.T) {
	h := mocktest.New(t)
	img := mocktest.B64(mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 1000, Height: 630}))
	body, _ := json.Marshal(map[string]string{"image": img, "reference_id": "suite-1"})
	send := func() mocktest.Result {
		return h.Do(h.Request(http.MethodPost, "/verihubs/v2/ktp/extract", strings.NewReader(string(body)), http.Header{
			"Content-Type": {"application/json"}, "App-Id": {"demo-app-id"}, "Api-Key": {"demo-api-key"}}))
	}
	if res := send(); res.Status != 200 {
		t.Fatalf("first: %d %s", res.Status, res.Body)
	}
	if res := send(); res.Status != 400 || !strings.Contains(string(res.Body), "INVALID_PAYLOAD_REFERENCE_ID_EXISTS") {
		t.Fatalf("second: %d %s", res.Status, res.Body)
	}
	if st, _ := h.Admin(http.MethodPost, "/reset", ""); st != 200 {
		t.Fatal(st)
	}
	if res := send(); res.Status != 200 {
		t.Fatalf("after reset: %d %s", res.Status, res.Body)
	}
}
