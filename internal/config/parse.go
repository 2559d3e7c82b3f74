package config

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/mockekyc/mockekyc/internal/ledger"
)

// maxVisits bounds the nodes a walk visits, each alias expansion counted
// again: a few kilobytes of aliases can stand for billions of nodes, and a
// config file should not hang the mock. Real configs have a few hundred.
const maxVisits = 100_000

// parser walks the YAML tree by hand rather than decoding into structs,
// because that is what gives each problem its own line and a message
// naming the keys that would have been valid.
type parser struct {
	cfg    *Config
	errs   []lineError
	visits int
	// tooBig is the error for a walk cut short by maxVisits; it replaces
	// all others, which are mostly the same problem repeated by aliases.
	tooBig *lineError
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errorAt(n.Line, format, args...)
}

func (p *parser) errorAt(line int, format string, args ...any) {
	p.errs = append(p.errs, lineError{line, fmt.Sprintf(format, args...)})
}

// resolve follows aliases. It reports false once the walk has visited
// maxVisits nodes, after recording that as an error once.
func (p *parser) resolve(n *yaml.Node) (*yaml.Node, bool) {
	p.visits++
	if p.visits > maxVisits {
		if p.tooBig == nil {
			p.tooBig = &lineError{n.Line, fmt.Sprintf("the file's aliases expand to more than %d nodes", maxVisits)}
		}
		return nil, false
	}
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n, true
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// describe names what a node is, for "must be X, found Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(n) {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

// mapping calls each for every key of n, after checking that n is a
// mapping, its keys are plain and unique, and (when known is not nil)
// listed in known. Keys and values are passed alias-resolved.
func (p *parser) mapping(n *yaml.Node, where string, known []string, each func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping, found %s", where, describe(n))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, ok := p.resolve(n.Content[i])
		if !ok {
			return
		}
		v, ok := p.resolve(n.Content[i+1])
		if !ok {
			return
		}
		switch {
		case k.Kind != yaml.ScalarNode:
			p.errorf(k, "keys in %s must be plain names, found %s", where, describe(k))
			continue
		case k.Tag == "!!merge":
			p.errorf(k, "merge keys (<<) are not supported in the config; write the keys out")
			continue
		}
		name := k.Value
		if first, dup := seen[name]; dup {
			p.errorf(k, "duplicate key %q in %s (first at line %d)", name, where, first)
			continue
		}
		seen[name] = k.Line
		if known != nil && !slices.Contains(known, name) {
			p.errorf(k, "unknown key %q in %s (known: %s)", name, where, strings.Join(known, ", "))
			continue
		}
		each(name, k, v)
	}
}

func (p *parser) root(n *yaml.Node) {
	n, ok := p.resolve(n)
	if !ok || isNull(n) {
		return
	}
	p.mapping(n, "the config", []string{"seed", "journal", "vendors"}, func(key string, _, v *yaml.Node) {
		if isNull(v) {
			return // an empty value keeps the default
		}
		switch key {
		case "seed":
			if s, ok := p.int(v, "seed"); ok {
				p.cfg.Seed = s
			}
		case "journal":
			p.mapping(v, "journal", []string{"capacity"}, func(_ string, _, v *yaml.Node) {
				if isNull(v) {
					return
				}
				c, ok := p.int(v, "journal capacity")
				switch {
				case !ok:
				case c < 1:
					p.errorf(v, "journal capacity must be at least 1, got %d", c)
				case c > MaxJournalCapacity:
					p.errorf(v, "journal capacity must be at most %d, got %d", MaxJournalCapacity, c)
				default:
					p.cfg.Journal.Capacity = int(c)
				}
			})
		case "vendors":
			p.vendors(v)
		}
	})
}

func (p *parser) vendors(n *yaml.Node) {
	p.cfg.Vendors = map[string]Vendor{}
	p.mapping(n, "vendors", nil, func(name string, k, v *yaml.Node) {
		if !isVendor(name) {
			p.errorf(k, "unknown vendor %q (valid: %s)", name, strings.Join(VendorNames(), ", "))
			return
		}
		var vendor Vendor
		if !isNull(v) {
			p.mapping(v, name, []string{"credentials", "settings"}, func(key string, _, v *yaml.Node) {
				switch {
				case isNull(v):
				case key == "credentials":
					vendor.Credentials = p.credentials(v, name)
				case v.Kind != yaml.MappingNode:
					p.errorf(v, "%s settings must be a mapping, found %s", name, describe(v))
				default:
					vendor.Settings = *v
				}
			})
		}
		p.cfg.Vendors[name] = vendor
	})
}

func (p *parser) credentials(n *yaml.Node, vendor string) []ledger.Credential {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s credentials must be a list such as [{id: KEY, secret: SECRET}], found %s", vendor, describe(n))
		return nil
	}
	var out []ledger.Credential
	ids := map[string]int{} // id → line
	for _, item := range n.Content {
		item, ok := p.resolve(item)
		if !ok {
			return nil
		}
		c, idLine, ok := p.credential(item, vendor)
		if !ok {
			continue
		}
		if first, dup := ids[c.ID]; dup {
			p.errorAt(idLine, "duplicate %s credential id %q (first at line %d)", vendor, c.ID, first)
			continue
		}
		ids[c.ID] = idLine
		out = append(out, c)
	}
	return out
}

// credentialKeys are the keys a credential may have: the YAML names of
// ledger.Credential's fields (a test keeps the two in step).
func credentialKeys() []string {
	return []string{"id", "secret", "name", "balance", "price", "quota", "quota_period",
		"rate_limit", "expires", "disabled", "apis", "mode"}
}

// credential reads one credential and checks it with the ledger's own
// rules. It reports the line of the id and whether the credential is good.
func (p *parser) credential(n *yaml.Node, vendor string) (ledger.Credential, int, bool) {
	var c ledger.Credential
	before := len(p.errs)
	lines := map[string]int{} // key → line of its value
	where := vendor + " credential"
	p.mapping(n, where, credentialKeys(), func(key string, _, v *yaml.Node) {
		lines[key] = v.Line
		if isNull(v) {
			return // unset, as if the key were absent
		}
		switch key {
		case "id":
			c.ID, _ = p.str(v, key)
		case "secret":
			c.Secret, _ = p.str(v, key)
		case "name":
			c.Name, _ = p.str(v, key)
		case "quota_period":
			c.QuotaPeriod, _ = p.str(v, key)
		case "mode":
			c.Mode, _ = p.str(v, key)
		case "balance":
			if f, ok := p.float(v, key); ok {
				c.Balance = &f
			}
		case "price":
			c.Price, _ = p.float(v, key)
		case "rate_limit":
			c.RateLimit, _ = p.float(v, key)
		case "quota":
			if q, ok := p.int(v, key); ok {
				i := int(q)
				c.Quota = &i
			}
		case "expires":
			if t, ok := p.time(v, key); ok {
				c.Expires = &t
			}
		case "disabled":
			c.Disabled, _ = p.bool(v, key)
		case "apis":
			c.APIs = p.strings(v, key)
		}
	})
	if len(p.errs) > before {
		return c, 0, false // its own errors are reported; Validate would only repeat them
	}
	if err := c.Validate(); err != nil {
		fe := err.(*ledger.FieldError)
		line, present := lines[fe.Field]
		switch {
		case fe.Field == "id": // "credential without id" says it all
			p.errorAt(max(line, n.Line), "%s", fe.Reason)
		case present:
			p.errorAt(line, "%s", fe)
		default:
			p.errorf(n, "%s", fe)
		}
		return c, 0, false
	}
	return c, lines["id"], true
}

func (p *parser) scalar(v *yaml.Node, key string) bool {
	if v.Kind != yaml.ScalarNode {
		p.errorf(v, "%s must be a single value, found %s", key, describe(v))
		return false
	}
	return true
}

// str takes any scalar as written, so that an id such as 00123 or a
// secret such as 1e5 stays the text the user typed.
func (p *parser) str(v *yaml.Node, key string) (string, bool) {
	if !p.scalar(v, key) {
		return "", false
	}
	return v.Value, true
}

func (p *parser) int(v *yaml.Node, key string) (int64, bool) {
	if !p.scalar(v, key) {
		return 0, false
	}
	var i int64
	if v.Tag != "!!int" || v.Decode(&i) != nil {
		p.errorf(v, "%s must be a whole number, got %q", key, v.Value)
		return 0, false
	}
	if i < 0 {
		p.errorf(v, "%s must not be negative, got %d", key, i)
		return 0, false
	}
	return i, true
}

func (p *parser) float(v *yaml.Node, key string) (float64, bool) {
	if !p.scalar(v, key) {
		return 0, false
	}
	var f float64
	if (v.Tag != "!!int" && v.Tag != "!!float") || v.Decode(&f) != nil {
		p.errorf(v, "%s must be a number, got %q", key, v.Value)
		return 0, false
	}
	return f, true // range checks are the ledger's (Validate)
}

func (p *parser) bool(v *yaml.Node, key string) (bool, bool) {
	if !p.scalar(v, key) {
		return false, false
	}
	var b bool
	if v.Tag != "!!bool" || v.Decode(&b) != nil {
		p.errorf(v, "%s must be true or false, got %q", key, v.Value)
		return false, false
	}
	return b, true
}

func (p *parser) time(v *yaml.Node, key string) (time.Time, bool) {
	if !p.scalar(v, key) {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, v.Value)
	if err != nil {
		p.errorf(v, "%s: %q is not an RFC 3339 time such as 2030-01-02T15:04:05Z", key, v.Value)
		return time.Time{}, false
	}
	return t, true
}

func (p *parser) strings(v *yaml.Node, key string) []string {
	if v.Kind != yaml.SequenceNode {
		p.errorf(v, "%s must be a list such as [name1, name2], found %s", key, describe(v))
		return nil
	}
	out := make([]string, 0, len(v.Content))
	for _, item := range v.Content {
		item, ok := p.resolve(item)
		if !ok {
			return nil
		}
		if s, ok := p.str(item, key+" entry"); ok {
			out = append(out, s)
		}
	}
	return out
}
