package verihubs_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/loadkinds"
	"github.com/mockekyc/mockekyc/internal/mocktest"
	"github.com/mockekyc/mockekyc/internal/outbound"
	"github.com/mockekyc/mockekyc/internal/server"
)

// outboundConfig: two sandbox apps (cheap async extracts) whose callbacks
// wait an hour for an answer, so a dead receiver holds its slots until
// the test's mock is closed.
const outboundConfig = `
seed: 7
vendors:
  verihubs:
    credentials:
      - {id: app-a, secret: key-a, mode: sandbox}
      - {id: app-b, secret: key-b, mode: sandbox}
    settings:
      image_url: {timeout: 1m}
      callback: {tries: 1, timeout: 1h, backoff: 10ms}
`

// guard bounds every wait: the tests wait on events, never on time; the
// guard only turns a hang into a failure.
const guard = 2 * time.Minute

// asyncTo sends a sandbox extract-async whose result goes to callback and
// returns its journal entry id.
func asyncTo(t *testing.T, h *mocktest.Harness, app, callback string) uint64 {
	t.Helper()
	res := post("ktpExtractAsync", js("image", "KTP", "callback_url", callback)).as(app, strings.Replace(app, "app", "key", 1)).Send(h)
	if res.Status != http.StatusOK {
		t.Fatalf("extract-async: %d %s", res.Status, res.Body)
	}
	return h.LastEntry().ID
}

// eventsOf waits until entry id has n events.
func eventsOf(t *testing.T, h *mocktest.Harness, id uint64, n int) []journal.Event {
	t.Helper()
	deadline := time.Now().Add(guard)
	for {
		e, ok := h.Server.Deps().Journal.Get(id)
		if ok && len(e.Events) >= n {
			return e.Events
		}
		if time.Now().After(deadline) {
			t.Fatalf("entry %d (kept: %v) has %d events, want %d: %+v", id, ok, len(e.Events), n, e.Events)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// deadReceiver is a receiver that never answers; accepted tells of each
// connection.
func deadReceiver(t *testing.T) (hook string, accepted <-chan struct{}) {
	ch := make(chan struct{}, 1000)
	addr, stop, err := loadkinds.DeadListener(func() { ch <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return "http://" + addr + "/hook", ch
}

func receive(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(guard):
		t.Fatalf("no %s", what)
	}
}

// TestCallbackToItselfRefused (issue 18 item 1): a callback_url naming the
// mock's own admin reset is refused by the outbound policy; the mock's
// rules, journal and clock are untouched.
func TestCallbackToItselfRefused(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(outboundConfig))
	h.AddRules(`{"name":"kept","vendor":"verihubs","endpoint":"idForgery","respond":{"code":"FRG-1"}}`)
	if st, _ := h.Admin(http.MethodPost, "/clock", `{"advance":"90m"}`); st != http.StatusOK {
		t.Fatalf("advancing the clock: %d", st)
	}
	id := asyncTo(t, h, "app-a", h.HTTP.URL+"/__admin/reset")
	ev := eventsOf(t, h, id, 1)
	if ev[0].OK || !strings.Contains(ev[0].Detail, "refused by the mock's outbound policy") || !strings.Contains(ev[0].Detail, "is the mock itself") {
		t.Errorf("event %+v, want a policy refusal", ev[0])
	}
	_, rules := h.Admin(http.MethodGet, "/scenarios", "")
	if !strings.Contains(string(mocktest.JSONBody(t, rules)), `"kept"`) {
		t.Errorf("the runtime rule is gone: the mock reset itself: %v", rules)
	}
	if got := h.Server.Clock().Now(); !got.Equal(mocktest.Epoch.Add(90 * time.Minute)) {
		t.Errorf("clock %s: the mock reset itself", got)
	}
}

// TestCallbackLoopThroughProxyRefused: the mock reached another way (a
// published docker port, a proxy) recognises its own callback by its loop
// token and answers 508 without resetting.
func TestCallbackLoopThroughProxyRefused(t *testing.T) {
	h := mocktest.New(t, mocktest.WithConfig(outboundConfig))
	target, _ := url.Parse(h.HTTP.URL)
	proxy := httptest.NewServer(httputil.NewSingleHostReverseProxy(target))
	defer proxy.Close()
	h.AddRules(`{"name":"kept","vendor":"verihubs","endpoint":"idForgery","respond":{"code":"FRG-1"}}`)
	id := asyncTo(t, h, "app-a", proxy.URL+"/__admin/reset")
	ev := eventsOf(t, h, id, 1)
	if ev[0].OK || !strings.HasSuffix(ev[0].Detail, "-> 508") {
		t.Errorf("event %+v, want the mock's 508", ev[0])
	}
	if _, rules := h.Admin(http.MethodGet, "/scenarios", ""); !strings.Contains(string(mocktest.JSONBody(t, rules)), `"kept"`) {
		t.Errorf("the runtime rule is gone: the mock reset itself")
	}
}

// TestCallbackAllowList: with a callback allow-list, a receiver outside it
// is never contacted and the journal says why.
func TestCallbackAllowList(t *testing.T) {
	hit := make(chan struct{}, 10)
	rcv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit <- struct{}{} }))
	defer rcv.Close()
	allow, err := outbound.ParseAllow("receiver.internal, 10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	h := mocktest.New(t, mocktest.WithConfig(outboundConfig), mocktest.WithOptions(func(o *server.Options) { o.Outbound.CallbackAllow = allow }))
	// localhost resolves to loopback, which no rule names: the check is
	// on the address dialled, not on the name.
	u, _ := url.Parse(rcv.URL)
	id := asyncTo(t, h, "app-a", "http://localhost:"+u.Port()+"/hook")
	ev := eventsOf(t, h, id, 1)
	if ev[0].OK || !strings.Contains(ev[0].Detail, "is not in the callback allow-list") {
		t.Errorf("event %+v", ev[0])
	}
	if len(hit) != 0 {
		t.Error("the receiver outside the allow-list was contacted")
	}
}

// TestCallbackFairShare (issue 18 item 10): app-a's receiver is dead and
// app-a sends more callbacks than the old shared 64 slots; every callback
// of app-b is still delivered, none of either is dropped, and the journal
// events carry the mock's clock.
func TestCallbackFairShare(t *testing.T) {
	dead, _ := deadReceiver(t)
	got := make(chan struct{}, 100)
	live := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { got <- struct{}{} }))
	defer live.Close()
	h := mocktest.New(t, mocktest.WithConfig(outboundConfig))
	for range 70 {
		asyncTo(t, h, "app-a", dead)
	}
	var ids []uint64
	for range 20 {
		ids = append(ids, asyncTo(t, h, "app-b", live.URL+"/hook"))
	}
	for i := range 20 {
		receive(t, got, fmt.Sprintf("callback %d of app-b", i))
	}
	for _, id := range ids {
		ev := eventsOf(t, h, id, 1)
		if !ev[0].OK || !ev[0].Time.Equal(mocktest.Epoch) {
			t.Errorf("entry %d: %+v, want delivered at the mock's time %s", id, ev[0], mocktest.Epoch)
		}
	}
	for _, e := range h.Server.Deps().Journal.List(journal.Filter{}) {
		for _, ev := range e.Events {
			if strings.HasPrefix(ev.Detail, "dropped") {
				t.Errorf("entry %d (%s): %s", e.ID, e.Credential, ev.Detail)
			}
		}
	}
}

// TestCallbackQueueFullJournaled: past a credential's queue a callback is
// dropped, and the drop is an event on its entry.
func TestCallbackQueueFullJournaled(t *testing.T) {
	dead, accepted := deadReceiver(t)
	h := mocktest.New(t, mocktest.WithConfig(outboundConfig), mocktest.WithOptions(func(o *server.Options) {
		o.Deliveries = emulate.DeliveryLimits{PerCredential: 1, Queue: 1}
	}))
	asyncTo(t, h, "app-a", dead)
	receive(t, accepted, "first callback") // holds app-a's one slot
	asyncTo(t, h, "app-a", dead)           // waits
	id := asyncTo(t, h, "app-a", dead)     // finds the queue full
	ev := eventsOf(t, h, id, 1)
	if ev[0].OK || !strings.Contains(ev[0].Detail, "dropped: 1 callbacks of this credential already wait") || !ev[0].Time.Equal(mocktest.Epoch) {
		t.Errorf("event %+v", ev[0])
	}
	if n := h.Server.Deps().Deliver.Dropped(); n != 1 {
		t.Errorf("dropped %d, want 1", n)
	}
}

// TestCloseEndsDeliveries (issue 18 item 7): Close cancels a delivery
// waiting on a dead receiver and one queued behind it, journals both as
// dropped with the mock's clock, and returns only when they are over.
func TestCloseEndsDeliveries(t *testing.T) {
	dead, accepted := deadReceiver(t)
	h := mocktest.New(t, mocktest.WithConfig(outboundConfig), mocktest.WithOptions(func(o *server.Options) {
		o.Deliveries = emulate.DeliveryLimits{PerCredential: 1}
	}))
	running := asyncTo(t, h, "app-a", dead)
	receive(t, accepted, "callback")
	queued := asyncTo(t, h, "app-a", dead)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := h.Server.Close(ctx); err != nil {
		t.Fatal(err)
	}
	// Close has waited: the events are there without waiting.
	for id, want := range map[uint64]string{running: "dropped: the mock shut down after try 1/1", queued: "dropped: the mock shut down before it was sent"} {
		e, _ := h.Server.Deps().Journal.Get(id)
		if n := len(e.Events); n == 0 || e.Events[n-1].Detail != want || !e.Events[n-1].Time.Equal(mocktest.Epoch) {
			t.Errorf("entry %d events %+v, want last %q at %s", id, e.Events, want, mocktest.Epoch)
		}
	}
	id := asyncTo(t, h, "app-a", dead)
	if e, _ := h.Server.Deps().Journal.Get(id); len(e.Events) != 1 || e.Events[0].Detail != "dropped: the mock is shut down" {
		t.Errorf("after Close: %+v", e.Events)
	}
}

// TestCloseDeliversPending (issue 18 item 14): within the grace a pending
// callback is still delivered.
func TestCloseDeliversPending(t *testing.T) {
	release := make(chan struct{})
	got := make(chan struct{}, 10)
	slow := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		got <- struct{}{}
		<-release
	}))
	defer slow.Close()
	h := mocktest.New(t, mocktest.WithConfig(outboundConfig), mocktest.WithOptions(func(o *server.Options) {
		o.Deliveries = emulate.DeliveryLimits{PerCredential: 1}
	}))
	first := asyncTo(t, h, "app-a", slow.URL)
	receive(t, got, "first callback")
	second := asyncTo(t, h, "app-a", slow.URL) // queued behind the first
	closed := make(chan struct{})
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), guard)
		defer cancel()
		_ = h.Server.Close(ctx)
		close(closed)
	}()
	close(release)
	select {
	case <-closed:
	case <-time.After(guard):
		t.Fatal("Close did not return")
	}
	for _, id := range []uint64{first, second} {
		if e, _ := h.Server.Deps().Journal.Get(id); len(e.Events) != 1 || !e.Events[0].OK {
			t.Errorf("entry %d: %+v, want delivered", id, e.Events)
		}
	}
}

// TestImageFetchShare (issue 18 item 11): image URL fetches are bounded
// per credential: app-a's second fetch waits while its first is stuck,
// and app-b's goes through meanwhile.
func TestImageFetchShare(t *testing.T) {
	jpeg := mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 1000, Height: 630})
	release := make(chan struct{})
	var mu sync.Mutex
	slowHits := 0
	slowIn := make(chan struct{}, 10)
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow.jpg" {
			mu.Lock()
			slowHits++
			mu.Unlock()
			slowIn <- struct{}{}
			<-release
		}
		_, _ = w.Write(jpeg)
	}))
	defer host.Close()
	h := mocktest.New(t, mocktest.WithConfig(strings.Replace(outboundConfig, "mode: sandbox", "mode: live", 2)), mocktest.WithOptions(func(o *server.Options) {
		o.ImageFetches = server.FetchLimits{Global: 2, PerCredential: 1}
	}))
	forgery := func(app, path string) mocktest.Result {
		return post("idForgery", js("image", host.URL+path)).as(app, strings.Replace(app, "app", "key", 1)).Send(h)
	}
	results := make(chan mocktest.Result, 2)
	go func() { results <- forgery("app-a", "/slow.jpg") }()
	receive(t, slowIn, "first fetch")
	go func() { results <- forgery("app-a", "/slow.jpg") }()
	deadline := time.Now().Add(guard)
	for h.Server.Deps().Fetches.Waiting() != 1 {
		if time.Now().After(deadline) {
			t.Fatal("app-a's second fetch does not wait")
		}
		time.Sleep(2 * time.Millisecond)
	}
	if res := forgery("app-b", "/fast.jpg"); res.Status != http.StatusOK {
		t.Errorf("app-b: %d %s", res.Status, res.Body)
	}
	mu.Lock()
	if slowHits != 1 {
		t.Errorf("the slow host saw %d fetches of app-a at once, want 1", slowHits)
	}
	mu.Unlock()
	close(release)
	for range 2 {
		if res := <-results; res.Status != http.StatusOK {
			t.Errorf("app-a: %d %s", res.Status, res.Body)
		}
	}
}

// TestImageURLPolicy: the image allow-list and the fixed refusals apply to
// image URLs; the journal states the refusal as such.
func TestImageURLPolicy(t *testing.T) {
	hit := make(chan struct{}, 10)
	host := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit <- struct{}{} }))
	defer host.Close()
	allow, _ := outbound.ParseAllow("images.example.com")
	h := mocktest.New(t, mocktest.WithConfig(strings.Replace(outboundConfig, "mode: sandbox", "mode: live", 2)), mocktest.WithOptions(func(o *server.Options) { o.Outbound.ImageAllow = allow }))
	for _, c := range []struct{ url, why string }{
		{host.URL + "/ktp.jpg", "is not in the image URL allow-list"},
		{h.HTTP.URL + "/__admin/requests", "is the mock itself"},
	} {
		res := post("idForgery", js("image", c.url)).as("app-a", "key-a").Send(h)
		e := h.LastEntry()
		if res.Status != http.StatusBadRequest || !strings.Contains(e.Notes["image_url_error"], c.why) || !strings.Contains(e.Notes["image_url_error"], "refused by the mock's outbound policy") {
			t.Errorf("%s: %d %s, note %q", c.url, res.Status, res.Body, e.Notes["image_url_error"])
		}
	}
	if len(hit) != 0 {
		t.Error("a host outside the allow-list was contacted")
	}
}

// TestCallbackQueueTotalJournaled: past the queue of every credential
// together a callback is dropped even when its own credential's queue has
// room, and the drop is an event on its entry.
func TestCallbackQueueTotalJournaled(t *testing.T) {
	dead, accepted := deadReceiver(t)
	h := mocktest.New(t, mocktest.WithConfig(outboundConfig), mocktest.WithOptions(func(o *server.Options) {
		o.Deliveries = emulate.DeliveryLimits{Global: 1, PerCredential: 1, Queue: 5, QueueTotal: 1}
	}))
	asyncTo(t, h, "app-a", dead)
	receive(t, accepted, "first callback") // holds the one slot
	asyncTo(t, h, "app-b", dead)           // waits: the whole queue
	id := asyncTo(t, h, "app-a", dead)     // app-a's queue has room, the total has none
	ev := eventsOf(t, h, id, 1)
	if ev[0].OK || !strings.Contains(ev[0].Detail, "dropped: 1 callbacks of all credentials already wait") {
		t.Errorf("event %+v", ev[0])
	}
	if n := h.Server.Deps().Deliver.Dropped(); n != 1 {
		t.Errorf("dropped %d, want 1", n)
	}
}
