package admin

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/mockekyc/mockekyc/internal/journal"
)

// Live journal stream: GET /__admin/requests/stream answers server-sent
// events (text/event-stream), one "entry" event per journal entry (the
// same JSON as GET /__admin/requests/{id}), oldest first, then each new
// entry as it is appended. It takes the filters of GET /__admin/requests
// and since=<id> (or the Last-Event-ID header a reconnecting EventSource
// sends) to resume without gaps. The web UI reads it. Past Limits.Streams
// open at once (every workspace's together) a stream is refused with a 503
// and Retry-After.
const (
	// streamKeepAlive is how often an idle stream sends a comment, so that
	// proxies and the client see the connection is alive.
	streamKeepAlive = 15 * time.Second
	// streamMaxAge ends a stream so that no connection is held for ever;
	// the client reconnects with the last id it saw and misses nothing.
	streamMaxAge = 5 * time.Minute
	// streamWriteTimeout bounds each write to a client that stopped
	// reading.
	streamWriteTimeout = 10 * time.Second
	// streamBacklog is the most entries sent at connect (the newest).
	streamBacklog = 200
	// streamRetry is the Retry-After of a stream refused at the limit.
	streamRetry = 5 * time.Second
)

func (a *api) stream(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := journal.Filter{Vendor: q.Get("vendor"), Endpoint: q.Get("endpoint"), Code: q.Get("code"), Credential: q.Get("credential")}
	if err := a.checkFilters(f.Vendor, f.Endpoint, f.Credential); err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	since := q.Get("since")
	if since == "" {
		since = r.Header.Get("Last-Event-ID")
	}
	if since != "" {
		n, err := strconv.ParseUint(since, 10, 64)
		if err != nil {
			fail(w, http.StatusBadRequest, "since must be a request id, got %q", since)
			return
		}
		f.SinceID = n
	}
	if !a.gates.streams.enter(r.Context(), 0) {
		busy(w, streamRetry, "%d journal streams are open, the most the mock keeps; close one (a web UI tab), or poll GET /__admin/requests?since=<id>", a.gates.Streams)
		return
	}
	defer a.gates.streams.leave()
	a.Deps.Thumbs.Touch() // someone watches: images get thumbnails
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	send := func(b []byte) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
		if _, err := w.Write(b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send([]byte(": mockekyc journal stream\nretry: 1000\n\n")) {
		return
	}
	first := true
	keepAlive := time.NewTicker(streamKeepAlive)
	defer keepAlive.Stop()
	maxAge := time.NewTimer(streamMaxAge)
	defer maxAge.Stop()
	for {
		// Take the channel before listing, so that an entry appended
		// between the two wakes the next wait.
		changed := a.Deps.Journal.Changed()
		lf := f
		if first {
			lf.Limit = streamBacklog
		}
		entries := a.Deps.Journal.List(lf) // newest first
		first = false
		for i := len(entries) - 1; i >= 0; i-- {
			e := entries[i]
			data, err := json.Marshal(e)
			if err != nil {
				return
			}
			if !send(fmt.Appendf(nil, "id: %d\nevent: entry\ndata: %s\n\n", e.ID, data)) {
				return
			}
			f.SinceID = e.ID
		}
		select {
		case <-changed:
		case <-keepAlive.C:
			if !send([]byte(": keep-alive\n\n")) {
				return
			}
		case <-maxAge.C:
			return
		case <-r.Context().Done():
			return
		case <-a.done():
			return
		}
	}
}

// done is closed when the server drains: streams end so that shutdown
// does not wait for them.
func (a *api) done() <-chan struct{} {
	if a.Done == nil {
		return nil
	}
	return a.Done
}
