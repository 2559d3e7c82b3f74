package admin

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzParseSince: since= is a request id, an RFC 3339 time, or refused
// with a message naming both forms; an id and a time survive a round trip.
func FuzzParseSince(f *testing.F) {
	for _, s := range []string{"0", "42", "18446744073709551615", "18446744073709551616", "2030-01-01T00:00:00Z", "2030-01-01T07:00:00+07:00", "2030-01-01", "-1", "yesterday", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, at, err := parseSince(s)
		switch {
		case err != nil:
			if id != 0 || !at.IsZero() || !strings.Contains(err.Error(), "request id") || !strings.Contains(err.Error(), "RFC 3339") {
				t.Errorf("%q: refused as %v with id %d, time %v", s, err, id, at)
			}
		case at.IsZero():
			// An id, or a time that is the zero time (year 1: every entry).
			n, perr := strconv.ParseUint(s, 10, 64)
			if zero, terr := time.Parse(time.RFC3339Nano, s); (perr != nil || n != id) && (terr != nil || !zero.IsZero()) {
				t.Errorf("%q read as id %d", s, id)
			}
		default:
			if back, err := time.Parse(time.RFC3339Nano, at.Format(time.RFC3339Nano)); err != nil || !back.Equal(at) {
				t.Errorf("%q read as %v, which does not round-trip (%v)", s, at, err)
			}
		}
	})
}
