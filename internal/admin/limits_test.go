package admin_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/mocktest"
	"github.com/mockekyc/mockekyc/internal/server"
)

// withAdminLimits starts a mock with the given admin limits.
func withAdminLimits(t *testing.T, l admin.Limits) *mocktest.Harness {
	return mocktest.New(t, mocktest.WithOptions(func(o *server.Options) { o.Admin = l }))
}

// checkBusy: res is the admin API's JSON 503 with a Retry-After and a
// message naming the limit.
func checkBusy(t *testing.T, res mocktest.Result, wantMsg string) {
	t.Helper()
	if res.Status != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Fatalf("HTTP %d, Retry-After %q, want 503 with one: %s", res.Status, res.Header.Get("Retry-After"), res.Body)
	}
	if e := decode[admin.Error](t, res); !strings.Contains(e.Error, wantMsg) {
		t.Errorf("error %q, want it to contain %q", e.Error, wantMsg)
	}
}

// TestFixtureConcurrencyBound: with two fixtures allowed and two being
// made, a third call waits for a slot, then gets a 503 with Retry-After;
// once they are done, fixtures are made again. (The default is one, see
// TestFixtureDefaultBound.)
func TestFixtureConcurrencyBound(t *testing.T) {
	h := withAdminLimits(t, admin.Limits{Fixtures: 2, FixtureWait: 20 * time.Millisecond})
	entered, release := make(chan struct{}), make(chan struct{})
	admin.SetFixtureHook(t, func() {
		entered <- struct{}{}
		<-release
	})
	var wg sync.WaitGroup
	statuses := make(chan int, 2)
	for range 2 {
		wg.Go(func() {
			resp, err := h.Client.Do(h.Request(http.MethodGet, "/__admin/fixture?format=png&width=64&height=40", nil, nil))
			if err != nil {
				statuses <- 0
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			statuses <- resp.StatusCode
		})
	}
	<-entered
	<-entered
	checkBusy(t, h.Do(h.Request(http.MethodGet, "/__admin/fixture", nil, nil)), "the mock is making 2 fixture(s), the most it makes at once")
	close(release)
	wg.Wait()
	for range 2 {
		if s := <-statuses; s != http.StatusOK {
			t.Errorf("a fixture holding a slot: HTTP %d", s)
		}
	}
	admin.SetFixtureHook(t, func() {})
	if res := h.Do(h.Request(http.MethodGet, "/__admin/fixture?format=bmp&width=300&height=200", nil, nil)); res.Status != http.StatusOK || len(res.Body) != 1078+300*200 {
		t.Errorf("after the others: HTTP %d, %d bytes", res.Status, len(res.Body))
	}
}

// TestFixtureWritten: the endpoint writes what MakeFixture makes, BMP
// (written a row at a time) included, with its length.
func TestFixtureWritten(t *testing.T) {
	h := mocktest.New(t)
	for _, f := range []imagecheck.Format{imagecheck.BMP, imagecheck.JPEG} {
		res := h.Do(h.Request(http.MethodGet, fmt.Sprintf("/__admin/fixture?format=%s&width=333&height=211&nik=3171024302821001", f), nil, nil))
		want := mocktest.Image(t, imagecheck.FixtureSpec{Format: f, Width: 333, Height: 211, Marker: "nik=3171024302821001"})
		if res.Status != http.StatusOK || string(res.Body) != string(want) || res.Header.Get("Content-Length") != fmt.Sprint(len(want)) {
			t.Errorf("%s: HTTP %d, %d bytes (Content-Length %s), want the %d of MakeFixture", f, res.Status, len(res.Body), res.Header.Get("Content-Length"), len(want))
		}
	}
}

// TestStreamBound: past Limits.Streams open journal streams (of every
// workspace together) one more is a 503 with Retry-After; a closed stream
// frees its slot.
func TestStreamBound(t *testing.T) {
	h := withAdminLimits(t, admin.Limits{Streams: 2})
	first := openStream(t, h, "")
	openStream(t, h, "?vendor=ekycpro")
	checkBusy(t, h.Do(h.Request(http.MethodGet, "/__admin/requests/stream", nil, nil)), "2 journal streams are open, the most the mock keeps")
	ws := get[admin.Workspace](t, h, http.MethodPost, "/workspaces", "", 201)
	checkBusy(t, h.Do(h.Request(http.MethodGet, ws.Admin+"/requests/stream", nil, nil)), "2 journal streams are open")
	first.resp.Body.Close()
	// The server sees the closed connection when it next reads or
	// writes; until then the slot is taken.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		req := h.Request(http.MethodGet, ws.Admin+"/requests/stream", nil, nil)
		resp, err := h.Client.Do(req.WithContext(ctx))
		if err != nil {
			t.Fatalf("no stream after one closed: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			break
		}
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("HTTP %d", resp.StatusCode)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRuntimeCredentialBound: POST /__admin/accounts adds at most
// Limits.RuntimeCredentials; DELETE removes one it added, which makes
// room, and refuses a configured credential.
func TestRuntimeCredentialBound(t *testing.T) {
	h := withAdminLimits(t, admin.Limits{RuntimeCredentials: 3})
	for i := range 3 {
		get[admin.Account](t, h, http.MethodPost, "/accounts", fmt.Sprintf(`{"vendor":"%s","credential":{"id":"K%d"}}`, []string{"ekycpro", "izidata"}[i%2], i), 201)
	}
	failing(t, h, http.MethodPost, "/accounts", `{"vendor":"advance","credential":{"id":"K3","secret":"s"}}`, 429, "the mock holds 3 credentials added at run time, the most it keeps (-max-runtime-credentials")
	failing(t, h, http.MethodPost, "/accounts", `{"vendor":"ekycpro","credential":{"id":"K0"}}`, 409, "already has")

	call(t, h, http.MethodDelete, "/accounts/izidata/K1", "", 204)
	failing(t, h, http.MethodGet, "/accounts/izidata/K1", "", 404, `no izidata credential "K1"`)
	failing(t, h, http.MethodDelete, "/accounts/izidata/K1", "", 404, `no izidata credential "K1"`)
	get[admin.Account](t, h, http.MethodPost, "/accounts", `{"vendor":"advance","credential":{"id":"K3","secret":"s"}}`, 201)

	failing(t, h, http.MethodDelete, "/accounts/ekycpro/AbcdEfgh", "", 409, `ekycpro credential "AbcdEfgh" is configured, not added at run time`)
	get[admin.Account](t, h, http.MethodGet, "/accounts/ekycpro/AbcdEfgh", "", 200)
	failing(t, h, http.MethodDelete, "/accounts/nope/K0", "", 404, `no vendor "nope"`)

	// A removed credential's calls are an unknown key's.
	call(t, h, http.MethodDelete, "/accounts/ekycpro/K0", "", 204)
	if res := h.Do(h.Request(http.MethodGet, "/ekycpro/v1/balance", nil, http.Header{"X-Api-Key": {"K0"}})); res.Status != http.StatusUnauthorized {
		t.Errorf("a call with the removed key: HTTP %d %s", res.Status, res.Body)
	}
	// A workspace's credentials go with the workspace.
	ws := get[admin.Workspace](t, h, http.MethodPost, "/workspaces", "", 201)
	failing(t, h, http.MethodDelete, ws.Admin[len("/__admin"):]+"/accounts/ekycpro/"+ws.Credentials["ekycpro"][0].ID, "", 405, "allowed: GET, PATCH")
}

// TestRuntimeCredentialSize: what one added credential may hold is
// bounded: ids, secrets and names of at most 256 bytes, each endpoint
// once in apis.
func TestRuntimeCredentialSize(t *testing.T) {
	h := mocktest.New(t)
	long := strings.Repeat("x", 257)
	failing(t, h, http.MethodPost, "/accounts", `{"vendor":"ekycpro","credential":{"id":"`+long+`"}}`, 400, "id: at most 256 bytes, got 257")
	failing(t, h, http.MethodPost, "/accounts", `{"vendor":"izidata","credential":{"id":"a","secret":"`+long+`"}}`, 400, "secret: at most 256 bytes")
	failing(t, h, http.MethodPost, "/accounts", `{"vendor":"ekycpro","credential":{"id":"a","name":"`+long+`"}}`, 400, "name: at most 256 bytes")
	failing(t, h, http.MethodPost, "/accounts", `{"vendor":"ekycpro","credential":{"id":"a","apis":["idOcr","idOcr"]}}`, 400, `"idOcr" is listed twice`)
	failing(t, h, http.MethodPost, "/workspaces", `{"credential":{"name":"`+long+`"}}`, 400, "name: at most 256 bytes")
	get[admin.Account](t, h, http.MethodPost, "/accounts", `{"vendor":"ekycpro","credential":{"id":"`+long[:256]+`","apis":["idOcr"]}}`, 201)
}

// TestFixtureDefaultBound: by default one fixture is made at a time (a
// 4096×4096 JPEG's raster is 25 MB): a second call, while one is being
// made, waits and then gets the 503.
func TestFixtureDefaultBound(t *testing.T) {
	if got := admin.DefaultLimits().Fixtures; got != 1 {
		t.Fatalf("default fixtures at once: %d", got)
	}
	h := withAdminLimits(t, admin.Limits{FixtureWait: 20 * time.Millisecond})
	entered, release := make(chan struct{}), make(chan struct{})
	admin.SetFixtureHook(t, func() {
		entered <- struct{}{}
		<-release
	})
	done := make(chan int, 1)
	go func() {
		resp, err := h.Client.Do(h.Request(http.MethodGet, "/__admin/fixture?format=png&width=64&height=40", nil, nil))
		if err != nil {
			done <- 0
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	<-entered
	checkBusy(t, h.Do(h.Request(http.MethodGet, "/__admin/fixture", nil, nil)), "the mock is making 1 fixture(s), the most it makes at once")
	close(release)
	if s := <-done; s != http.StatusOK {
		t.Errorf("the fixture holding the slot: HTTP %d", s)
	}
	admin.SetFixtureHook(t, func() {})
}

// TestAdminRulesBound: POST /__admin/scenarios keeps at most
// scenario.MaxAdminRuleBytes of rules; past it a JSON 429 names the bound,
// and a reset makes room again.
func TestAdminRulesBound(t *testing.T) {
	h := mocktest.New(t)
	rule := func(i int) string {
		return fmt.Sprintf(`{"name":"big%d","vendor":"verihubs","respond":{"code":"OK","set":{"data":{"blob":%q}}}}`, i, strings.Repeat("x", 700<<10))
	}
	post := func(i int) mocktest.Result {
		return h.Do(h.Request(http.MethodPost, "/__admin/scenarios", strings.NewReader(rule(i)), http.Header{"Content-Type": {"application/json"}}))
	}
	i := 0
	for ; i < 10; i++ {
		if res := post(i); res.Status != http.StatusCreated {
			if res.Status != http.StatusTooManyRequests {
				t.Fatalf("rule %d: HTTP %d %s", i, res.Status, res.Body)
			}
			if e := decode[admin.Error](t, res); !strings.Contains(e.Error, "too many admin rules") {
				t.Errorf("error %q", e.Error)
			}
			break
		}
	}
	if i != 5 {
		t.Errorf("%d rules of 700 KiB were kept, want 5 (4 MiB)", i)
	}
	if res := h.Do(h.Request(http.MethodPost, "/__admin/reset", nil, nil)); res.Status != http.StatusOK && res.Status != http.StatusNoContent {
		t.Fatalf("reset: HTTP %d", res.Status)
	}
	if res := post(99); res.Status != http.StatusCreated {
		t.Errorf("after a reset: HTTP %d %s", res.Status, res.Body)
	}
}
