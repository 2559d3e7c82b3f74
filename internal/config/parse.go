package config

import (
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/mockekyc/mockekyc/internal/ledger"
	"github.com/mockekyc/mockekyc/internal/strictyaml"
)

// parser reads the config with a strictyaml.Reader: each problem gets its
// own line and a message naming the keys that would have been valid.
type parser struct {
	*strictyaml.Reader
	cfg *Config
}

func (p *parser) root(n *yaml.Node) {
	n, ok := p.Resolve(n)
	if !ok || strictyaml.IsNull(n) {
		return
	}
	p.Each(n, "the config", strictyaml.Keys(reflect.TypeFor[Config]()), func(key string, _, v *yaml.Node) {
		if strictyaml.IsNull(v) {
			return // an empty value keeps the default
		}
		switch key {
		case "seed":
			if s, ok := p.Int(v, "seed"); ok {
				p.cfg.Seed = s
			}
		case "ids":
			if s, ok := p.Text(v, "ids"); ok {
				switch s {
				case IDsUnique, IDsReproducible:
					p.cfg.IDs = s
				default:
					p.Errorf(v.Line, "ids must be %s or %s, got %q", IDsUnique, IDsReproducible, s)
				}
			}
		case "journal":
			p.Each(v, "journal", []string{"capacity"}, func(_ string, _, v *yaml.Node) {
				if strictyaml.IsNull(v) {
					return
				}
				c, ok := p.Int(v, "journal capacity")
				switch {
				case !ok:
				case c < 1:
					p.Errorf(v.Line, "journal capacity must be at least 1, got %d", c)
				case c > MaxJournalCapacity:
					p.Errorf(v.Line, "journal capacity must be at most %d, got %d", MaxJournalCapacity, c)
				default:
					p.cfg.Journal.Capacity = int(c)
				}
			})
		case "vendors":
			p.vendors(v)
		default:
			// A Config field without checks of its own: decoded from its
			// yaml tag, unknown keys and type errors with their lines.
			p.DecodeKey(v, p.cfg, key)
		}
	})
}

func (p *parser) vendors(n *yaml.Node) {
	p.cfg.Vendors = map[string]Vendor{}
	p.Each(n, "vendors", nil, func(name string, k, v *yaml.Node) {
		if !isVendor(name) {
			p.Errorf(k.Line, "unknown vendor %q (valid: %s)", name, strings.Join(VendorNames(), ", "))
			return
		}
		var vendor Vendor
		if !strictyaml.IsNull(v) {
			p.Each(v, name, []string{"credentials", "settings"}, func(key string, _, v *yaml.Node) {
				switch {
				case strictyaml.IsNull(v):
				case key == "credentials":
					vendor.Credentials = p.credentials(v, name)
				case v.Kind != yaml.MappingNode:
					p.Errorf(v.Line, "%s settings must be a mapping, found %s", name, strictyaml.Describe(v))
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
		p.Errorf(n.Line, "%s credentials must be a list such as [{id: KEY, secret: SECRET}], found %s", vendor, strictyaml.Describe(n))
		return nil
	}
	var out []ledger.Credential
	ids := map[string]int{} // id → line
	for _, item := range n.Content {
		item, ok := p.Resolve(item)
		if !ok {
			return nil
		}
		c, idLine, ok := p.credential(item, vendor)
		if !ok {
			continue
		}
		if first, dup := ids[c.ID]; dup {
			p.Errorf(idLine, "duplicate %s credential id %q (first at line %d)", vendor, c.ID, first)
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
	before := p.Problems()
	lines := map[string]int{} // key → line of its value
	where := vendor + " credential"
	p.Each(n, where, credentialKeys(), func(key string, _, v *yaml.Node) {
		lines[key] = v.Line
		if strictyaml.IsNull(v) {
			return // unset, as if the key were absent
		}
		switch key {
		case "id":
			c.ID, _ = p.Text(v, key)
		case "secret":
			c.Secret, _ = p.Text(v, key)
		case "name":
			c.Name, _ = p.Text(v, key)
		case "quota_period":
			c.QuotaPeriod, _ = p.Text(v, key)
		case "mode":
			c.Mode, _ = p.Text(v, key)
		case "balance":
			if f, ok := p.Float(v, key); ok {
				c.Balance = &f
			}
		case "price":
			c.Price, _ = p.Float(v, key)
		case "rate_limit":
			c.RateLimit, _ = p.Float(v, key)
		case "quota":
			if q, ok := p.Int(v, key); ok {
				i := int(q)
				c.Quota = &i
			}
		case "expires":
			if t, ok := p.Time(v, key); ok {
				c.Expires = &t
			}
		case "disabled":
			c.Disabled, _ = p.Bool(v, key)
		case "apis":
			c.APIs = p.Strings(v, key)
		}
	})
	if p.Problems() > before {
		return c, 0, false // its own errors are reported; Validate would only repeat them
	}
	if err := c.Validate(); err != nil {
		fe := err.(*ledger.FieldError)
		line, present := lines[fe.Field]
		switch {
		case fe.Field == "id": // "credential without id" says it all
			p.Errorf(max(line, n.Line), "%s", fe.Reason)
		case present:
			p.Errorf(line, "%s", fe)
		default:
			p.Errorf(n.Line, "%s", fe)
		}
		return c, 0, false
	}
	return c, lines["id"], true
}
