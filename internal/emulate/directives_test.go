package emulate

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/scenario"
)

// FuzzReadDirectives: any pair of header values is either understood
// (a delay within 0..MaxHeaderDelay, a known fault) or refused with an
// error naming the header at fault and nothing applied.
func FuzzReadDirectives(f *testing.F) {
	for _, s := range [][2]string{{"2s", "timeout"}, {"500ms", ""}, {"", "http_502"}, {"1h", "x"}, {"-1s", ""}, {"1.5m", "empty_body"}, {"2", " http_503 "}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, delay, fault string) {
		h := http.Header{}
		if delay != "" {
			h.Set(HeaderDelay, delay)
		}
		if fault != "" {
			h.Set(HeaderFault, fault)
		}
		d, err := readDirectives(h)
		if err != nil {
			if d != (directives{}) {
				t.Errorf("%q %q: refused (%v) but applies %+v", delay, fault, err, d)
			}
			if !strings.Contains(err.Error(), HeaderDelay) && !strings.Contains(err.Error(), HeaderFault) {
				t.Errorf("%q %q: error %q names no header", delay, fault, err)
			}
			return
		}
		if d.delay < 0 || d.delay > MaxHeaderDelay {
			t.Errorf("%q: delay %s out of range", delay, d.delay)
		}
		if d.fault != "" && !slices.Contains(scenario.Faults(), d.fault) {
			t.Errorf("%q: unknown fault %q accepted", fault, d.fault)
		}
		if want, perr := time.ParseDuration(strings.TrimSpace(delay)); strings.TrimSpace(delay) != "" && (perr != nil || want != d.delay) {
			t.Errorf("%q: delay %s, ParseDuration says %s %v", delay, d.delay, want, perr)
		}
	})
}
