package config

import (
	"regexp"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/ledger"
)

func FuzzParse(f *testing.F) {
	f.Add(DefaultYAML())
	f.Add([]byte("seed: 2\njournal: {capacity: 3}\nvendors:\n  izidata:\n    credentials:\n      - {id: a, secret: b, balance: 1.5, price: 0.5, quota: 2, quota_period: day, rate_limit: 3, expires: 2030-01-02T15:04:05Z, disabled: true, apis: [x], mode: m}\n    settings: {a: 1}\n"))
	f.Add([]byte("vendors:\n  advance:\n    credentials:\n      - &c {id: a}\n      - *c\n"))
	f.Add([]byte("x: &a [*a]\n"))
	f.Add([]byte("<<: {seed: 1}\n"))
	f.Add([]byte("vendors: {acme: {}, izidata: ~}\n"))
	errLine := regexp.MustCompile(`^f\.yaml:[1-9][0-9]*: \S`)
	settingsLine := regexp.MustCompile(`^line [0-9]+: \S`)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("f.yaml", data)
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !errLine.MatchString(line) {
					t.Fatalf("error line %q is not file:line: reason", line)
				}
			}
			return
		}
		if c.Seed < 0 || c.Journal.Capacity < 1 || c.Journal.Capacity > MaxJournalCapacity {
			t.Fatalf("seed %d capacity %d", c.Seed, c.Journal.Capacity)
		}
		for name := range c.Vendors {
			if !isVendor(name) {
				t.Fatalf("vendor %q accepted", name)
			}
		}
		// Whatever Parse accepts, the ledger must accept too.
		if _, err := ledger.New(nil, c.Credentials()); err != nil {
			t.Fatalf("ledger rejects a parsed config: %v", err)
		}
		for name := range c.Vendors {
			var s testSettings
			if err := DecodeSettings(c.Vendors[name].Settings, &s); err != nil {
				for _, line := range strings.Split(err.Error(), "\n") {
					if !settingsLine.MatchString(line) {
						t.Fatalf("settings error %q is not line N: reason", line)
					}
				}
			}
		}
	})
}
