package verihubs_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestConcurrentReferenceID: of concurrent extractions with one
// reference_id, exactly one is accepted and the others get
// INVALID_PAYLOAD_REFERENCE_ID_EXISTS. The image comes by URL from a
// server that holds every fetch until each request has either reached it
// or been answered, so the first extraction is still in flight when the
// others are checked: before the check reserved the id, all were accepted.
func TestConcurrentReferenceID(t *testing.T) {
	jpeg := mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 1000, Height: 630})
	const n = 8
	var fetched, answered atomic.Int32
	release := make(chan struct{})
	progress := make(chan struct{}, 2*n)
	img := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetched.Add(1)
		progress <- struct{}{}
		<-release
		_, _ = w.Write(jpeg)
	}))
	defer img.Close()
	cfg := strings.Replace(testConfig, "image_url: {timeout: 300ms}", "image_url: {timeout: 60s}", 1)
	h := mocktest.New(t, mocktest.WithConfig(cfg))
	body := js("image", img.URL+"/ktp.jpg", "reference_id", "order-7")
	codes := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			defer func() { answered.Add(1); progress <- struct{}{} }()
			req, _ := http.NewRequest(http.MethodPost, h.HTTP.URL+"/verihubs"+paths["ktpExtract"], strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("App-ID", "app")
			req.Header.Set("API-Key", "key")
			resp, err := h.Client.Do(req)
			if err != nil {
				codes[i] = err.Error()
				return
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			var b struct {
				ErrorCode string `json:"error_code"`
			}
			_ = json.Unmarshal(raw, &b)
			codes[i] = b.ErrorCode
			if resp.StatusCode == http.StatusOK {
				codes[i] = "accepted"
			}
		})
	}
	for fetched.Load()+answered.Load() < n {
		<-progress
	}
	close(release)
	wg.Wait()
	accepted := 0
	for _, c := range codes {
		switch c {
		case "accepted":
			accepted++
		case "INVALID_PAYLOAD_REFERENCE_ID_EXISTS":
		default:
			t.Errorf("answer %q, want accepted or INVALID_PAYLOAD_REFERENCE_ID_EXISTS", c)
		}
	}
	if accepted != 1 {
		t.Errorf("%d of %d extractions with one reference_id accepted, want exactly 1 (%v)", accepted, n, codes)
	}
	// A refused request leaves no hold on its id: the id is free again.
	if res := post("ktpExtract", js("image", "not base64!", "reference_id", "order-8")).Send(h); res.Status != 400 {
		t.Errorf("a broken image: %d %s", res.Status, res.Body)
	}
	if res := post("ktpExtract", js("image", mocktest.ImageB64(t, imagecheck.FixtureSpec{}), "reference_id", "order-8")).Send(h); res.Status != 200 {
		t.Errorf("the id of a refused request again: %d %s", res.Status, res.Body)
	}
	pull := req{method: http.MethodGet, path: paths["ktpExtractAsyncResult"] + "?reference_id=order-7", app: "app", key: "key"}.Send(h)
	if pull.Status != 200 {
		t.Errorf("pull of the accepted id: %d %s", pull.Status, pull.Body)
	}
}
