package izidata_test

import (
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/emulate/izidata"
)

// TestNewRefusesBadSettings: the settings and credential modes of the
// endpoints beyond the seed are checked when the vendor is built, naming
// what is wrong.
func TestNewRefusesBadSettings(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"fine", "    credentials: [{id: s, secret: tok, mode: sandbox}]\n    settings: {name_match_threshold: 0.5, blacklist: {niks: [\"3171024302821001\"], phones: [\"081234567890\"]}}\n", ""},
		{"threshold 0", "    settings: {name_match_threshold: 0}\n", "name_match_threshold"},
		{"threshold over 1", "    settings: {name_match_threshold: 1.5}\n", "name_match_threshold"},
		{"listed NIK", "    settings: {blacklist: {niks: [\"12\"]}}\n", "blacklist.niks"},
		{"listed phone", "    settings: {blacklist: {phones: [\"+81312345678\"]}}\n", "blacklist.phones"},
		{"unknown mode", "    credentials: [{id: a, secret: b, mode: live}]\n", "mode must be empty or sandbox"},
		{"token without secret", "    credentials: [{id: a, mode: sandbox}]\n", "needs the token as its secret"},
	} {
		cfg, err := config.Parse("c.yaml", []byte("vendors:\n  izidata:\n"+tc.yaml))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		_, err = izidata.New(cfg.Vendors[izidata.Name])
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}
