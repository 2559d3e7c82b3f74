package emulate

import (
	"fmt"
	"net/http"

	"github.com/mockekyc/mockekyc/internal/ledger"
)

// Profile is what a vendor is, as data: the Vendor methods Name, Title,
// Hosts and MaxBody return it.
type Profile struct {
	// Name is the short name used in paths, config and scenarios ("ekycpro").
	Name string
	// Title is the vendor's own spelling ("eKYCPro").
	Title string
	// Hosts are the vendor's real hostnames.
	Hosts []string
	// MaxBody is the request body limit: well above the vendor's own limits
	// so that the vendor's own "too large" answer is produced below it.
	MaxBody int64
}

// Refusal names a documented answer: its code and message variant ("" =
// the code's first).
type Refusal struct{ Code, Message string }

// Refusals maps the ledger's verdicts to a vendor's documented answers. A
// vendor states only what differs from the shared defaults: a verdict it
// does not name takes the refusal of the verdict it defaults to
// (refusalDefaults), so that a vendor with one answer for every credential
// problem names it once, under ledger.Unknown.
type Refusals map[ledger.Verdict]Refusal

// refusalDefaults: disabled, expired and unauthorised credentials are
// refused as an unknown one; a used-up balance as a used-up quota.
var refusalDefaults = map[ledger.Verdict]ledger.Verdict{
	ledger.Disabled:         ledger.Unknown,
	ledger.Expired:          ledger.Unknown,
	ledger.NoPermission:     ledger.Unknown,
	ledger.BalanceExhausted: ledger.QuotaExhausted,
}

// For is the refusal of verdict; false for ledger.OK and for a verdict
// neither the vendor nor its default names.
func (rs Refusals) For(v ledger.Verdict) (Refusal, bool) {
	for v != ledger.OK {
		if r, ok := rs[v]; ok {
			return r, true
		}
		next, ok := refusalDefaults[v]
		if !ok {
			break
		}
		v = next
	}
	return Refusal{}, false
}

// VendorBase is the one way a vendor states what it shares with the others
// and how it differs, as data. Every vendor embeds it (Vendor requires it)
// and fills it in its constructor; it implements Name, Title, Hosts,
// Endpoints, MaxBody, Secrets, Admit, NotFound and MethodNotAllowed from
// that data. A vendor whose rule data cannot say defines the method itself
// and falls back to the embedded one (Verihubs' quota only in testing mode).
type VendorBase struct {
	Profile Profile
	// Routes is the route table, one operation a line.
	Routes []*Endpoint
	// Render renders a documented answer that carries no generated body:
	// an error, a refusal, a forced failure. Required.
	Render func(c *Call, a Answer) Response
	// Generated reports whether an answer carries a body the handler
	// generates (a success), so that a forced one still looks real; nil:
	// an HTTP 200 answer does.
	Generated func(a Answer) bool
	// Refusals are the answers to the ledger's verdicts (Admit).
	Refusals Refusals
	// Secret says where the vendor's requests and answers carry secrets
	// beyond GenericSecrets; the adapter fingerprints them in the journal.
	Secret Secrets
	// Unrouted are the vendor's answers to a request no route matches, in
	// its own error style (Render draws them): required, since a client
	// that decodes every answer as JSON fails on a plain page
	// (docs/vendors/README.md#x-1, docs/vendors/README.md#x-2).
	Unrouted Unrouted
}

// Unrouted are a vendor's answers to a path it does not serve and to a
// method it does not take on a path it serves. They are the answers of
// the vendor's UnroutedEndpoint: the catalogue lists them and the journal
// records them (endpoint "") like any answer.
type Unrouted struct {
	NotFound, MethodNotAllowed Answer
	// Source cites the decision (docs/vendors/README.md#x-1).
	Source string
}

// UnroutedEndpoint is the endpoint of the requests no route of v matches:
// no operationId, any method and path, the vendor's two Unrouted answers.
func UnroutedEndpoint(v Vendor) *Endpoint {
	u := v.base().Unrouted
	answers := []Answer{u.NotFound}
	if u.MethodNotAllowed != u.NotFound {
		answers = append(answers, u.MethodNotAllowed)
	}
	return &Endpoint{Method: "*", Path: "*", Summary: "a path the vendor does not serve, or a method it does not take there",
		Answers: answers, Evidence: EvidenceInferred, Source: u.Source}
}

func (b *VendorBase) base() *VendorBase { return b }

// Name implements Vendor.
func (b *VendorBase) Name() string { return b.Profile.Name }

// Title implements Vendor.
func (b *VendorBase) Title() string { return b.Profile.Title }

// Hosts implements Vendor.
func (b *VendorBase) Hosts() []string { return b.Profile.Hosts }

// MaxBody implements Vendor.
func (b *VendorBase) MaxBody() int64 { return b.Profile.MaxBody }

// Endpoints implements Vendor.
func (b *VendorBase) Endpoints() []*Endpoint { return b.Routes }

// Secrets implements Vendor.
func (b *VendorBase) Secrets() Secrets { return b.Secret }

// Admit implements Vendor: the verdict's refusal, rendered. A verdict
// without one is a vendor bug (an incomplete table), answered as a handler
// panic is.
func (b *VendorBase) Admit(c *Call, v ledger.Verdict) *Response {
	if v == ledger.OK {
		return nil
	}
	r, ok := b.Refusals.For(v)
	if !ok {
		panic(fmt.Sprintf("emulate: %s has no refusal for ledger verdict %d", b.Profile.Name, v))
	}
	return c.Refuse(r.Code, r.Message)
}

// NotFound implements Vendor: the vendor's Unrouted.NotFound, rendered
// (docs/vendors/README.md#x-1).
func (b *VendorBase) NotFound(c *Call) Response {
	return c.Fail(b.Unrouted.NotFound.Code, b.Unrouted.NotFound.Message)
}

// MethodNotAllowed implements Vendor: the vendor's
// Unrouted.MethodNotAllowed, rendered (docs/vendors/README.md#x-2).
func (b *VendorBase) MethodNotAllowed(c *Call) Response {
	return c.Fail(b.Unrouted.MethodNotAllowed.Code, b.Unrouted.MethodNotAllowed.Message)
}

// Generates reports whether answer a of v carries a body the handler
// generates (VendorBase.Generated), forced or not; the others are v's
// Render of the code.
func Generates(v Vendor, a Answer) bool { return v.base().generated(a) }

func (b *VendorBase) generated(a Answer) bool {
	if b.Generated != nil {
		return b.Generated(a)
	}
	return a.HTTP == http.StatusOK
}

// Respond answers a documented code of the call's endpoint (message "" =
// its first variant), natural or forced by a scenario rule or an image
// marker: an answer that carries a generated body gets it from body (so a
// forced success looks real), any other is rendered by the vendor's
// Render. Scenario codes are checked against the catalogue when rules
// load, so an undocumented code here is a mock bug: MustVariant panics, and
// the adapter answers with the vendor's internal error.
func (c *Call) Respond(code, message string, body func(Answer) Response) Response {
	b := c.Vendor.base()
	a := c.Endpoint.MustVariant(code, message)
	if body != nil && b.generated(a) {
		return body(a)
	}
	return b.Render(c, a)
}

// Fail is Respond for an answer without a generated body: the vendor's
// Render of the documented code.
func (c *Call) Fail(code, message string) Response { return c.Respond(code, message, nil) }

// Refuse is Fail as the pointer Authenticate and Admit return.
func (c *Call) Refuse(code, message string) *Response {
	r := c.Fail(code, message)
	return &r
}

// JSONBody is a Respond body that marshals what f builds for the answer.
func JSONBody(f func(Answer) any) func(Answer) Response {
	return func(a Answer) Response { return JSON(a, f(a)) }
}
