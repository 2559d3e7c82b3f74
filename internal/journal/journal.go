// Package journal records every request the mock answered, so a user can see
// what their client sent and why the mock answered the way it did.
//
// The journal is a ring buffer with a fixed number of entries, and every
// entry is capped in size (see the Max constants), so a full journal has a
// known worst-case memory use no matter what clients send: images are kept
// only as digest and size, strings are cut, maps are limited in length, and
// the response body is cut to MaxResponse bytes. Appending is cheap and safe
// from many goroutines: the copying happens before the lock is taken, and
// under the lock an append is an ID increment and one struct copy.
package journal

import (
	"encoding/json"
	"sort"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// DefaultCapacity is the number of entries kept when New is given a
// capacity ≤ 0. At the per-entry caps below, a full journal of this size
// stays within about 40 MiB even when every entry reaches every cap
// (measured: about 37 KiB an entry); typical entries (a dozen headers, a
// few fields, two images, a small JSON answer) take about 3.5 KiB, so
// about 3.5 MiB in all.
const DefaultCapacity = 1000

// Caps applied by Append and AddEvent. They exist so that one client
// cannot make the journal grow beyond capacity × (a constant).
const (
	// MaxEntryBytes is the budget for all strings of one entry taken
	// together (keys and values of headers, fields, notes, image markers
	// and the scalar strings), excluding the response. Once it is spent,
	// further map entries are dropped and strings keep only their
	// "…(N bytes)" suffix.
	MaxEntryBytes = 16 << 10
	MaxKey        = 64   // header, field, note and marker names
	MaxString     = 1024 // scalar strings such as Path, Query and Message
	MaxHeader     = 512  // each request header value
	MaxField      = 256  // each request field value
	MaxNote       = 2048 // each note value (a canonical request can be long)
	MaxMarker     = 256  // each image marker value
	MaxHeaders    = 32   // request headers kept
	MaxFields     = 64   // request fields kept
	MaxNotes      = 8
	MaxImages     = 8
	MaxMarkers    = 8 // marker entries per image
	MaxResponse   = 4 << 10
	MaxEvents     = 16 // a callback and its retries fit easily
	MaxEventKind  = 64
	MaxEventText  = 512
)

// OmittedKey is the map key under which a capped map says how many of its
// entries were not recorded. "…" cannot be an HTTP header name, and a vendor
// request field of that name would be odd enough to notice.
const OmittedKey = "…"

// Image describes one image of a request. The image itself is never kept.
type Image struct {
	Field  string            `json:"field"`
	Size   int               `json:"size"`
	Digest string            `json:"digest"`
	Format string            `json:"format,omitempty"`
	Width  int               `json:"width,omitempty"`
	Height int               `json:"height,omitempty"`
	Marker map[string]string `json:"marker,omitempty"`
}

// Event is something that happened after the answer, such as a callback
// delivery.
type Event struct {
	Time   time.Time `json:"time"`
	Kind   string    `json:"kind"`
	Detail string    `json:"detail,omitempty"`
	OK     bool      `json:"ok"`
}

// Entry is one answered request. Entries returned by Get and List share
// their maps with the journal: treat them as read-only.
type Entry struct {
	ID         uint64    `json:"id"`
	Time       time.Time `json:"time"`
	DurationMS float64   `json:"duration_ms"`

	Vendor     string `json:"vendor"`
	Endpoint   string `json:"endpoint"`
	Method     string `json:"method"`
	Host       string `json:"host,omitempty"`
	Path       string `json:"path"`
	Query      string `json:"query,omitempty"`
	RemoteAddr string `json:"remote_addr,omitempty"`
	Credential string `json:"credential"`
	// NIK and Phone are the subject the handler read off the request (the
	// facts scenario rules match on): a field, an image marker or the
	// person an image stands for. Empty when the request was answered
	// before the handler asked the rules (refused credentials, say).
	NIK   string `json:"nik,omitempty"`
	Phone string `json:"phone,omitempty"`

	// RequestHeaders holds the first value of each header.
	RequestHeaders map[string]string `json:"request_headers,omitempty"`
	// Fields holds the scalar request fields (form or JSON).
	Fields map[string]string `json:"fields,omitempty"`
	Images []Image           `json:"images,omitempty"`
	// ImagesDropped counts images beyond MaxImages; vendor requests carry
	// two or three, so this only shows on a misbehaving client.
	ImagesDropped int `json:"images_dropped,omitempty"`
	BodyBytes     int `json:"body_bytes"`

	Status  int    `json:"status"`
	Code    string `json:"code"`
	Message string `json:"message,omitempty"`
	Charged bool   `json:"charged"`
	Why     string `json:"why"` // what decided the answer (emulate.Why*)
	Rule    string `json:"rule,omitempty"`
	Fault   string `json:"fault,omitempty"`

	// Response is the body answered. It is always valid JSON: a body that
	// was longer than MaxResponse or not JSON is kept as a JSON string of
	// its (cut) text, with ResponseTruncated telling the two cases apart.
	Response          json.RawMessage `json:"response,omitempty"`
	ResponseBytes     int             `json:"response_bytes"`
	ResponseTruncated bool            `json:"response_truncated,omitempty"`

	// Notes explains the decision, e.g. the canonical request a signature
	// check computed.
	Notes map[string]string `json:"notes,omitempty"`

	Events        []Event `json:"events,omitempty"`
	EventsDropped int     `json:"events_dropped,omitempty"`
}

// Filter selects entries in List. Zero fields match everything.
type Filter struct {
	Vendor     string `json:"vendor,omitempty"`
	Endpoint   string `json:"endpoint,omitempty"`
	Code       string `json:"code,omitempty"`
	Credential string `json:"credential,omitempty"`
	Status     int    `json:"status,omitempty"`
	SinceID    uint64 `json:"since_id,omitempty"` // only entries with a larger ID
	Limit      int    `json:"limit,omitempty"`    // at most this many; ≤ 0 = all
}

// match: a credential that is itself a secret (eKYCPro's X-API-Key) is
// journaled as its Fingerprint, so Credential matches that too (credFP).
func (f *Filter) match(e *Entry, credFP string) bool {
	return (f.Vendor == "" || e.Vendor == f.Vendor) &&
		(f.Endpoint == "" || e.Endpoint == f.Endpoint) &&
		(f.Code == "" || e.Code == f.Code) &&
		(f.Credential == "" || e.Credential == f.Credential || e.Credential == credFP) &&
		(f.Status == 0 || e.Status == f.Status)
}

// Journal is a bounded ring of entries. It is safe for concurrent use.
type Journal struct {
	capacity int
	// scratch recycles the buffers Append copies strings through, so the
	// hot path allocates only what the entry keeps.
	scratch sync.Pool

	mu sync.RWMutex
	// ring grows up to capacity and then wraps; the entry with ID id lives
	// at ring[(id-1)%capacity]. IDs are never reused, even across Clear,
	// so a client polling with SinceID never misses or repeats entries.
	ring   []Entry
	nextID uint64 // ID of the next entry; IDs start at 1
	first  uint64 // smallest ID not cleared
}

// New returns a journal that keeps the last capacity entries
// (DefaultCapacity when capacity ≤ 0). Memory for entries is taken as they
// arrive, not up front.
func New(capacity int) *Journal {
	if capacity <= 0 {
		capacity = DefaultCapacity
	}
	return &Journal{
		capacity: capacity,
		scratch:  sync.Pool{New: func() any { return new(packer) }},
		nextID:   1,
		first:    1,
	}
}

// Cap is the number of entries the journal keeps.
func (j *Journal) Cap() int { return j.capacity }

// Len is the number of entries currently kept.
func (j *Journal) Len() int {
	j.mu.RLock()
	defer j.mu.RUnlock()
	return int(j.nextID - j.oldest())
}

// oldest is the smallest ID still kept. Callers hold mu.
func (j *Journal) oldest() uint64 {
	lo := j.first
	if j.nextID-lo > uint64(j.capacity) {
		lo = j.nextID - uint64(j.capacity)
	}
	return lo
}

// Append records e, applying the caps, and returns its ID. The ID, Events
// and EventsDropped of e are ignored; everything else is copied, so the
// caller may reuse its maps and buffers afterwards.
func (j *Journal) Append(e Entry) uint64 {
	p := j.scratch.Get().(*packer)
	kept := p.pack(&e)
	j.scratch.Put(p)

	j.mu.Lock()
	id := j.nextID
	j.nextID++
	kept.ID = id
	slot := int((id - 1) % uint64(j.capacity))
	if slot == len(j.ring) {
		j.ring = append(j.ring, kept)
	} else {
		j.ring[slot] = kept
	}
	j.mu.Unlock()
	return id
}

// AddEvent appends ev to the entry with the given ID. It reports false when
// that entry is no longer kept. Beyond MaxEvents events only
// EventsDropped grows.
func (j *Journal) AddEvent(id uint64, ev Event) bool {
	ev.Kind = capString(ev.Kind, MaxEventKind)
	ev.Detail = capString(ev.Detail, MaxEventText)

	j.mu.Lock()
	defer j.mu.Unlock()
	e := j.at(id)
	if e == nil {
		return false
	}
	if len(e.Events) >= MaxEvents {
		e.EventsDropped++
		return true
	}
	// Copy instead of append: entries already handed out by Get and List
	// share the old slice, and appending into its spare capacity would
	// race with their readers.
	evs := make([]Event, len(e.Events)+1)
	copy(evs, e.Events)
	evs[len(e.Events)] = ev
	e.Events = evs
	return true
}

// at returns the kept entry with the given ID, or nil. Callers hold mu.
func (j *Journal) at(id uint64) *Entry {
	if id < j.oldest() || id >= j.nextID {
		return nil
	}
	return &j.ring[(id-1)%uint64(j.capacity)]
}

// Get returns the entry with the given ID if it is still kept.
func (j *Journal) Get(id uint64) (Entry, bool) {
	j.mu.RLock()
	defer j.mu.RUnlock()
	if e := j.at(id); e != nil {
		return *e, true
	}
	return Entry{}, false
}

// List returns the kept entries that match f, newest first.
func (j *Journal) List(f Filter) []Entry {
	j.mu.RLock()
	defer j.mu.RUnlock()
	lo := j.oldest()
	if f.SinceID >= lo {
		lo = f.SinceID + 1
	}
	var out []Entry
	credFP := Fingerprint(f.Credential)
	for id := j.nextID; id > lo; {
		id--
		e := &j.ring[(id-1)%uint64(j.capacity)]
		if !f.match(e, credFP) {
			continue
		}
		out = append(out, *e)
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
	}
	return out
}

// Clear forgets every entry. IDs keep counting from where they were.
func (j *Journal) Clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(j.ring) // drop references so the entries' memory is freed
	j.first = j.nextID
}

// capString returns a copy of s cut to at most max bytes (suffix
// included). It always copies, like Append, so that a short string that is
// a slice of a huge one (a request body, say) does not keep the huge one
// alive.
func capString(s string, max int) string {
	if s == "" {
		return ""
	}
	return string(appendCapped(make([]byte, 0, min(len(s), max)), s, max))
}

// appendCapped appends s to b, or when s is longer than limit, as much of s
// as fits in limit bytes together with a "…(N bytes)" suffix giving the
// original length. The cut falls on a UTF-8 boundary.
func appendCapped(b []byte, s string, limit int) []byte {
	if len(s) <= limit {
		return append(b, s...)
	}
	keep := limit - suffixLen(len(s))
	if keep < 0 {
		keep = 0
	}
	for keep > 0 && !utf8.RuneStart(s[keep]) {
		keep--
	}
	b = append(b, s[:keep]...)
	b = append(b, "…("...)
	b = strconv.AppendInt(b, int64(len(s)), 10)
	return append(b, " bytes)"...)
}

func suffixLen(n int) int {
	digits := 1
	for n >= 10 {
		n /= 10
		digits++
	}
	return len("…(") + digits + len(" bytes)")
}

// sortedKeys returns the first max keys of m in sorted order, or nil when
// m has no more than max entries (then the caller ranges over m directly).
// Sorting only happens on the rare over-long map, so which entries survive
// does not depend on map iteration order.
func sortedKeys(m map[string]string, max int) []string {
	if len(m) <= max {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys[:max]
}
