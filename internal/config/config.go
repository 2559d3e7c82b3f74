// Package config reads the mockekyc config file: the identity seed, the
// journal size, and per vendor its credentials and its own settings.
//
// The file is checked strictly, because a mock that silently ignores a
// misspelt key makes a test pass for the wrong reason: unknown keys are
// errors at every level, and every error reads "file:line: reason".
// Vendor settings are kept as a YAML node for the vendor package to decode
// into its own type with DecodeSettings, which is equally strict.
package config

import (
	_ "embed"
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/ledger"
	"github.com/mockekyc/mockekyc/internal/strictyaml"
)

//go:embed default.yaml
var defaultYAML string

// Vendor names, as used in the config file, the ledger and the journal.
const (
	IziData  = "izidata"
	Advance  = "advance"
	AccuAuth = "accuauth"
	Verihubs = "verihubs"
	EKYCPro  = "ekycpro"
)

// VendorNames returns the five vendor names in a fixed order.
func VendorNames() []string { return []string{IziData, Advance, AccuAuth, Verihubs, EKYCPro} }

func isVendor(name string) bool { return slices.Contains(VendorNames(), name) }

// DefaultSeed is the seed when the file does not set one; it matches the
// embedded default so that deleting the line changes nothing.
const DefaultSeed = 1

// The values of the config's ids key.
const (
	// IDsUnique (the default): a restart or an admin reset draws new ids,
	// so ids stored by the application under a unique constraint do not
	// collide from one test run to the next.
	IDsUnique = "unique"
	// IDsReproducible: the same seed, clock and requests give the same
	// ids, byte for byte, after a restart or a reset too.
	IDsReproducible = "reproducible"
)

// ReproducibleIDs reports whether the config asks for reproducible ids.
func (c *Config) ReproducibleIDs() bool { return c.IDs == IDsReproducible }

// MaxJournalCapacity bounds journal.capacity: at the journal's per-entry
// cap (about 30 KiB worst case) this is at most ~3 GiB, so a larger number
// is almost certainly a typo.
const MaxJournalCapacity = 100000

// Config is a parsed config file.
type Config struct {
	// File is the name the config was parsed under, used in the errors
	// of (*Config).DecodeSettings.
	File string `yaml:"-" json:"file,omitempty"`
	Seed int64  `yaml:"seed" json:"seed"`
	// IDs says whether the ids in answers (transactionId, reference_id,
	// request_id...) are unique to each run (IDsUnique, "" too) or the
	// same on every run with the same seed (IDsReproducible).
	IDs     string            `yaml:"ids" json:"ids,omitempty"`
	Journal JournalConfig     `yaml:"journal" json:"journal"`
	Vendors map[string]Vendor `yaml:"vendors" json:"vendors"`
}

// JournalConfig sizes the request journal.
type JournalConfig struct {
	Capacity int `yaml:"capacity" json:"capacity"`
}

// Vendor is one vendor's block.
type Vendor struct {
	Credentials []ledger.Credential `yaml:"credentials" json:"credentials"`
	// Settings is kept undecoded; see DecodeSettings. A zero node means the
	// file had no settings for this vendor.
	Settings yaml.Node `yaml:"settings" json:"-"`
}

// Default returns the embedded default config, freshly parsed so that the
// caller may change it.
func Default() *Config {
	c, err := Parse("default.yaml", []byte(defaultYAML))
	if err != nil {
		// The embedded file is tested; reaching this is a build mistake.
		panic("config: embedded default.yaml: " + err.Error())
	}
	return c
}

// DefaultYAML returns the text of the default config, comments included,
// for users to print or copy.
func DefaultYAML() []byte { return []byte(defaultYAML) }

// Credentials returns the credentials of each configured vendor, in the
// form ledger.New takes.
func (c *Config) Credentials() map[string][]ledger.Credential {
	out := make(map[string][]ledger.Credential, len(c.Vendors))
	for name, v := range c.Vendors {
		out[name] = append([]ledger.Credential(nil), v.Credentials...)
	}
	return out
}

// DecodeSettings decodes the settings of vendor into into (see the package
// function DecodeSettings), with errors reading "file:line: reason". A
// vendor without settings leaves into unchanged.
func (c *Config) DecodeSettings(vendor string, into any) error {
	v, ok := c.Vendors[vendor]
	if !ok {
		return nil
	}
	r := strictyaml.New(c.File)
	r.Decode(&v.Settings, into)
	return r.Err()
}

// DecodeSettings decodes a vendor's settings node into into, a pointer to
// the vendor's settings type. Keys that the type does not have are errors,
// as they are in the rest of the file; errors read "line N: reason". A zero
// or null node leaves into unchanged, so defaults set before the call stay.
func DecodeSettings(node yaml.Node, into any) error {
	r := strictyaml.New("")
	r.Decode(&node, into)
	return r.Err()
}

// Parse reads a config file. filename is only used in errors, which each
// read "filename:line: reason"; all problems found are reported together.
// An empty file is a config without vendors.
func Parse(filename string, data []byte) (*Config, error) {
	p := &parser{
		Reader: strictyaml.New(filename),
		cfg: &Config{
			File:    filename,
			Seed:    DefaultSeed,
			Journal: JournalConfig{Capacity: journal.DefaultCapacity},
		},
	}
	if root := p.Document(data); root != nil {
		p.root(root)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return p.cfg, nil
}
