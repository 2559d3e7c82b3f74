package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestUnknownFilterValues: a vendor, endpoint or credential that the mock
// does not know is the same HTTP 400 {"error": ...} on every admin query,
// naming the value and the known ones, never an empty 200 that reads as
// "nothing happened".
func TestUnknownFilterValues(t *testing.T) {
	h := mocktest.New(t)
	vendors := "(vendors: accuauth, advance, ekycpro, izidata, verihubs)"
	for _, tc := range []struct{ path, want string }{
		{"/requests?vendor=bogus", `unknown vendor "bogus" ` + vendors},
		{"/coverage?vendor=typo", `unknown vendor "typo" ` + vendors},
		{"/catalogue?vendor=typo", `unknown vendor "typo" ` + vendors},
		{"/requests?vendor=ekycpro&endpoint=idocr", `unknown endpoint "idocr" of ekycpro (endpoints: idOcr, antiFake,`},
		{"/requests?endpoint=idocr", `unknown endpoint "idocr": no vendor has it`},
		{"/requests?credential=typo", `unknown credential "typo": not configured, and no call used it since the last reset (configured: `},
		{"/requests?vendor=ekycpro&credential=typo", `unknown credential "typo" of ekycpro: not configured, and no call used it since the last reset (configured: AbcdEfgh)`},
		{"/coverage?credential=typo", `unknown credential "typo"`},
		{"/coverage?vendor=ekycpro&credential=someone-else", `unknown credential "someone-else" of ekycpro`},
		// A credential of another vendor is unknown to this one.
		{"/coverage?vendor=izidata&credential=AbcdEfgh", `unknown credential "AbcdEfgh" of izidata`},
	} {
		failing(t, h, http.MethodGet, tc.path, "", http.StatusBadRequest, tc.want)
	}
	// Known values: configured but unused is an empty 200; a wrong key a
	// client sent is known once a call used it.
	if got := get[admin.RequestList](t, h, http.MethodGet, "/requests?vendor=ekycpro&credential=AbcdEfgh&endpoint=idOcr", "", 200); got.Count != 0 {
		t.Errorf("unused credential: %+v", got)
	}
	if got := get[admin.Coverage](t, h, http.MethodGet, "/coverage?vendor=ekycpro&credential=AbcdEfgh", "", 200); got.Answered != 0 || got.Credential != "AbcdEfgh" {
		t.Errorf("unused credential's coverage: %+v", got)
	}
	badKey(t, h)
	if got := get[admin.RequestList](t, h, http.MethodGet, "/requests?credential=wrong", "", 200); got.Count != 1 {
		t.Errorf("a wrong key a client sent: %+v", got)
	}
	if got := get[admin.Coverage](t, h, http.MethodGet, "/coverage?vendor=ekycpro&credential=wrong", "", 200); got.Answered != 1 {
		t.Errorf("a wrong key's coverage: %+v", got)
	}
}

// TestSinceTime: since= takes a request id (the entries after it) or an
// RFC 3339 time (the entries at or after it, on the mock's clock).
func TestSinceTime(t *testing.T) {
	h := mocktest.New(t)
	badKey(t, h) // at Epoch
	if st, body := h.Admin(http.MethodPost, "/clock", `{"advance":"1h"}`); st != 200 {
		t.Fatalf("clock: %d %v", st, body)
	}
	badKey(t, h) // at Epoch+1h
	badKey(t, h)
	mid := mocktest.Epoch.Add(30 * time.Minute)
	for _, tc := range []struct {
		since string
		count int
	}{
		{mid.UTC().Format(time.RFC3339), 2},
		{mid.In(time.FixedZone("WIB", 7*3600)).Format(time.RFC3339), 2},
		{mocktest.Epoch.UTC().Format(time.RFC3339Nano), 3},
		{mocktest.Epoch.Add(2 * time.Hour).UTC().Format(time.RFC3339), 0},
		{"1", 2}, // a request id: the entries after it
	} {
		got := get[admin.RequestList](t, h, http.MethodGet, "/requests?since="+url.QueryEscape(tc.since), "", 200)
		if got.Count != tc.count {
			t.Errorf("since=%s: %d entries, want %d", tc.since, got.Count, tc.count)
		}
		for _, e := range got.Requests {
			if !strings.Contains(tc.since, "T") {
				continue
			}
			if at, _ := time.Parse(time.RFC3339Nano, tc.since); e.Time.Before(at) {
				t.Errorf("since=%s: entry of %s", tc.since, e.Time)
			}
		}
	}
	if got := get[admin.RequestList](t, h, http.MethodGet, "/requests?limit=1&since="+url.QueryEscape(mid.UTC().Format(time.RFC3339)), "", 200); got.Count != 1 || got.Requests[0].ID != 3 {
		t.Errorf("since a time with limit=1: %+v", got)
	}
	failing(t, h, http.MethodGet, "/requests?since=yesterday", "", 400, `since must be a request id (42: the entries after it) or an RFC 3339 time`)
}
