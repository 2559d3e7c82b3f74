package emulate

import (
	"slices"
	"sort"
)

// Catalogue is every documented answer of every endpoint of every vendor. It
// feeds scenario validation (an undocumented code is a load error), the
// admin catalogue and coverage reports.
type Catalogue struct {
	vendors []Vendor
	byName  map[string]Vendor
	eps     map[string]map[string]*Endpoint
}

// NewCatalogue indexes the vendors.
func NewCatalogue(vendors ...Vendor) *Catalogue {
	c := &Catalogue{vendors: vendors, byName: map[string]Vendor{}, eps: map[string]map[string]*Endpoint{}}
	for _, v := range vendors {
		c.byName[v.Name()] = v
		m := map[string]*Endpoint{}
		for _, ep := range v.Endpoints() {
			m[ep.OperationID] = ep
		}
		c.eps[v.Name()] = m
	}
	return c
}

// Vendors in registration order.
func (c *Catalogue) Vendors() []Vendor { return c.vendors }

// Vendor by name.
func (c *Catalogue) Vendor(name string) (Vendor, bool) {
	v, ok := c.byName[name]
	return v, ok
}

// Endpoint by vendor and operationId.
func (c *Catalogue) Endpoint(vendor, op string) (*Endpoint, bool) {
	ep, ok := c.eps[vendor][op]
	return ep, ok
}

// Endpoints lists a vendor's operationIds; nil for an unknown vendor.
func (c *Catalogue) Endpoints(vendor string) []string {
	v, ok := c.byName[vendor]
	if !ok {
		return nil
	}
	out := []string{}
	for _, ep := range v.Endpoints() {
		out = append(out, ep.OperationID)
	}
	return out
}

// answers calls fn for each answer of an endpoint ("" = every endpoint of
// the vendor).
func (c *Catalogue) answers(vendor, endpoint string, fn func(Answer)) {
	v, ok := c.byName[vendor]
	if !ok {
		return
	}
	for _, ep := range v.Endpoints() {
		if endpoint == "" || ep.OperationID == endpoint {
			for _, a := range ep.Answers {
				fn(a)
			}
		}
	}
}

// Codes lists the documented codes of an endpoint ("" = every endpoint of
// the vendor), sorted.
func (c *Catalogue) Codes(vendor, endpoint string) []string {
	var out []string
	c.answers(vendor, endpoint, func(a Answer) {
		if !slices.Contains(out, a.Code) {
			out = append(out, a.Code)
		}
	})
	sort.Strings(out)
	return out
}

// Messages lists the documented message variants of a code.
func (c *Catalogue) Messages(vendor, endpoint, code string) []string {
	var out []string
	c.answers(vendor, endpoint, func(a Answer) {
		if a.Code == code && a.Message != "" && !slices.Contains(out, a.Message) {
			out = append(out, a.Message)
		}
	})
	return out
}
