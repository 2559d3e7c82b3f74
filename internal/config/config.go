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
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/ledger"
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

// MaxJournalCapacity bounds journal.capacity: at the journal's per-entry
// cap (about 30 KiB worst case) this is at most ~3 GiB, so a larger number
// is almost certainly a typo.
const MaxJournalCapacity = 100000

// maxErrors is how many problems Parse lists before summing up the rest:
// past a screenful, more lines do not help.
const maxErrors = 20

// Config is a parsed config file.
type Config struct {
	// File is the name the config was parsed under, used in the errors
	// of (*Config).DecodeSettings.
	File    string            `yaml:"-" json:"file,omitempty"`
	Seed    int64             `yaml:"seed" json:"seed"`
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
	return join(c.File, decodeSettings(&v.Settings, into))
}

// DecodeSettings decodes a vendor's settings node into into, a pointer to
// the vendor's settings type. Keys that the type does not have are errors,
// as they are in the rest of the file; errors read "line N: reason". A zero
// or null node leaves into unchanged, so defaults set before the call stay.
func DecodeSettings(node yaml.Node, into any) error {
	return join("", decodeSettings(&node, into))
}

// lineError is one problem at one line of the file.
type lineError struct {
	line int
	msg  string
}

// join formats errs as "file:line: msg" (or "line N: msg" without a file)
// and joins them, one per line.
func join(file string, errs []lineError) error {
	if len(errs) == 0 {
		return nil
	}
	out := make([]error, len(errs))
	for i, e := range errs {
		if file == "" {
			out[i] = fmt.Errorf("line %d: %s", e.line, e.msg)
		} else {
			out[i] = fmt.Errorf("%s:%d: %s", file, e.line, e.msg)
		}
	}
	return errors.Join(out...)
}

// Parse reads a config file. filename is only used in errors, which each
// read "filename:line: reason"; all problems found are reported together.
// An empty file is a config without vendors.
func Parse(filename string, data []byte) (*Config, error) {
	p := &parser{
		cfg: &Config{
			File:    filename,
			Seed:    DefaultSeed,
			Journal: JournalConfig{Capacity: journal.DefaultCapacity},
		},
	}
	if err := checkText(data); err != nil {
		return nil, join(filename, []lineError{*err})
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	switch err := dec.Decode(&doc); {
	case err == io.EOF:
		return p.cfg, nil
	case err != nil:
		return nil, join(filename, []lineError{syntaxError(err, data)})
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, join(filename, []lineError{{next.Line, "only one YAML document is allowed; remove the second \"---\""}})
	case err != io.EOF:
		return nil, join(filename, []lineError{syntaxError(err, data)})
	}
	if len(doc.Content) > 0 {
		p.root(doc.Content[0])
	}
	if p.tooBig != nil {
		return nil, join(filename, []lineError{*p.tooBig})
	}
	if len(p.errs) > maxErrors {
		more := len(p.errs) - maxErrors
		p.errs = append(p.errs[:maxErrors], lineError{p.errs[maxErrors].line, fmt.Sprintf("and %d more problems", more)})
	}
	if len(p.errs) > 0 {
		return nil, join(filename, p.errs)
	}
	return p.cfg, nil
}

// checkText rejects bytes YAML does not allow, with their line: the YAML
// reader reports these without a line number.
func checkText(data []byte) *lineError {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return &lineError{line, "the file is not UTF-8 text"}
		case r == '\n':
			line++
		case r < 0x20 && r != '\t' && r != '\r', r == 0x7F, r >= 0x80 && r < 0xA0 && r != 0x85, r == 0xFFFE, r == 0xFFFF:
			return &lineError{line, fmt.Sprintf("control character %U is not allowed in YAML", r)}
		}
		i += size
	}
	return nil
}

// syntaxError turns a YAML parser error into a lineError. The parser
// leaves the line out when it is the first one, and for undefined anchors;
// the latter is found by looking for the alias in the text.
func syntaxError(err error, data []byte) lineError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, reason, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				return lineError{n, reason}
			}
		}
	}
	if rest, ok := strings.CutPrefix(msg, "unknown anchor '"); ok {
		if name, ok := strings.CutSuffix(rest, "' referenced"); ok {
			line := 1
			if i := bytes.Index(data, []byte("*"+name)); i >= 0 {
				line += bytes.Count(data[:i], []byte("\n"))
			}
			return lineError{line, fmt.Sprintf("alias *%s refers to no anchor &%s", name, name)}
		}
	}
	return lineError{1, msg}
}
