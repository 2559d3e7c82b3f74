// Package emulate is what every vendor emulator shares: the Vendor contract,
// the documented answers of each endpoint, the per-request Call, and the one
// adapter that turns a handler's Response into bytes on the wire, a journal
// entry and a ledger charge.
//
// A vendor failure (bad key, image too large, forged card) is a Response with
// a documented code, never a Go error: the vendor's client must see exactly
// what the vendor would have sent.
package emulate

import (
	"fmt"
	"net/http"
	"time"

	"github.com/mockekyc/mockekyc/internal/ledger"
	"github.com/mockekyc/mockekyc/mockekycadmin"
)

// Answer is one documented answer of an endpoint: the vendor's literal code,
// the HTTP status it travels with, its message text and its billing tag.
// A code may have several answers (one per documented message).
type Answer = mockekycadmin.Answer

// Evidence says where an endpoint or an answer comes from, so that a user
// who relies on a shape can see whether it is documented or a guess.
type Evidence = mockekycadmin.Evidence

// The kinds of evidence, strongest first.
const (
	// EvidenceSeed: the vendors' seed documentation (docs/vendors/*.md
	// cites it as "seed doc").
	EvidenceSeed = mockekycadmin.EvidenceSeed
	// EvidenceVendorDocs: the vendor's own public documentation beyond the
	// seed docs (tagged [docs] in docs/vendors/*.md).
	EvidenceVendorDocs = mockekycadmin.EvidenceVendorDocs
	// EvidenceClientCode: public client code that calls the vendor ([code]).
	EvidenceClientCode = mockekycadmin.EvidenceClientCode
	// EvidenceInferred: our guess where nothing public says ([inferred]).
	EvidenceInferred = mockekycadmin.EvidenceInferred
)

// Evidences lists the kinds, strongest first.
var Evidences = []Evidence{EvidenceSeed, EvidenceVendorDocs, EvidenceClientCode, EvidenceInferred}

// Endpoint is one operation of a vendor: its spec operationId, method, exact
// path, every documented answer and the handler.
type Endpoint struct {
	OperationID string
	Method      string
	Path        string
	Summary     string
	Answers     []Answer
	Handle      func(*Call) Response
	// Evidence is where the endpoint comes from ("" = EvidenceSeed: the
	// seed docs); Source is a short citation for it, a vendor page and
	// anchor ("docs/vendors/verihubs.md#b3-1").
	Evidence Evidence
	Source   string
	// Hosts are the vendor hosts (Profile.Hosts) that serve the endpoint,
	// when the evidence places it on some only; nil: every one. A request
	// by another of the vendor's hosts gets the vendor's unknown-path
	// answer: what the mock infers the real host gives (no evidence shows
	// the endpoint asked of it). The mock's own ways in, the
	// /<vendor>/ prefix and <vendor>.localhost, serve every endpoint.
	Hosts []string
}

// EndpointEvidence is the endpoint's evidence, EvidenceSeed when unset.
func (e *Endpoint) EndpointEvidence() Evidence {
	if e.Evidence == "" {
		return EvidenceSeed
	}
	return e.Evidence
}

// EvidenceOf is where answer a of the endpoint comes from: its own
// Evidence, else EvidenceInferred for an Inferred answer, else the
// endpoint's.
func (e *Endpoint) EvidenceOf(a Answer) Evidence {
	switch {
	case a.Evidence != "":
		return a.Evidence
	case a.Inferred:
		return EvidenceInferred
	}
	return e.EndpointEvidence()
}

// Metered reports whether any of the endpoint's answers is charged. An
// endpoint that never charges (ADVANCE's token, eKYCPro's balance, the
// Verihubs result pull) is not an API use: the ledger checks only the rate
// limit for it.
func (e *Endpoint) Metered() bool {
	for _, a := range e.Answers {
		if a.Charged {
			return true
		}
	}
	return false
}

// Answer finds the documented answer for code; message picks a variant when
// the code has several ("" = the first).
func (e *Endpoint) Answer(code, message string) (Answer, bool) {
	for _, a := range e.Answers {
		if a.Code == code && (message == "" || a.Message == message) {
			return a, true
		}
	}
	return Answer{}, false
}

// MustAnswer is Answer for codes the vendor package itself names: a missing
// one is a programming error caught by the catalogue tests.
func (e *Endpoint) MustAnswer(code string) Answer { return e.MustVariant(code, "") }

// MustVariant is MustAnswer for one message variant of code.
func (e *Endpoint) MustVariant(code, message string) Answer {
	a, ok := e.Answer(code, message)
	if !ok {
		panic(fmt.Sprintf("emulate: %s has no documented answer %s %q", e.OperationID, code, message))
	}
	return a
}

// Vendor is one emulated vendor. Every vendor embeds VendorBase, which
// implements the methods marked "data" from what the vendor states in it;
// the vendor writes the others, and may override a data method where its
// rule is more than data (falling back to the embedded one).
type Vendor interface {
	// Name, Title, Hosts and MaxBody are the vendor's Profile (data).
	Name() string
	Title() string
	Hosts() []string
	MaxBody() int64
	// Endpoints is the route table, one operation a line (data).
	Endpoints() []*Endpoint
	// Secrets says where requests and answers carry secrets (data).
	Secrets() Secrets
	// Authenticate checks the vendor's credentials and sets c.Credential;
	// a non-nil Response is the vendor's refusal.
	Authenticate(c *Call) *Response
	// Admit maps the ledger's verdict (balance, quota, rate, expiry) to the
	// vendor's answer; nil lets the call through (data: Refusals).
	Admit(c *Call, v ledger.Verdict) *Response
	// Invalid answers a request that fails its spec (missing field, wrong
	// content type) the way the vendor answers bad parameters.
	Invalid(c *Call, err error) Response
	// TooLarge answers a body over MaxBody.
	TooLarge(c *Call) Response
	// NotFound and MethodNotAllowed answer requests that match no route,
	// through the same Call as every other answer (its Endpoint is the
	// vendor's UnroutedEndpoint). Data: VendorBase.Unrouted.
	NotFound(c *Call) Response
	MethodNotAllowed(c *Call) Response
	// Internal answers a request whose handler panicked.
	Internal(c *Call) Response

	base() *VendorBase // embed VendorBase
}

// Resetter is a vendor that keeps state of its own (remembered
// reference_ids, repeat counters): admin reset clears it with the rest.
type Resetter interface {
	Reset()
}

// CredentialChecker is a vendor with rules of its own for a credential's
// fields (Verihubs' mode): the admin API asks it before adding one at run
// time. Vendors without it take any credential the ledger takes, with no
// mode.
type CredentialChecker interface {
	CheckCredential(ledger.Credential) error
}

// Response is what a handler decided. The adapter writes it.
type Response struct {
	Status int
	Header http.Header
	// Body is marshalled as JSON; a []byte is written as is.
	Body any

	// Code and Message are the documented answer, for the journal, the
	// ledger and coverage. Code is "" for answers outside any vendor.
	Code    string
	Message string
	Charged bool

	// Why says what decided the answer: natural, auth, admission,
	// scenario, marker, fault, panic.
	Why  string
	Rule string

	// Set, Delay and Fault come from a scenario rule: the adapter fills
	// them in from the rule that decided the call.
	Set   map[string]any
	Delay time.Duration
	Fault string
	// SetApplied: the handler has applied the rule's set: fields to Body
	// itself (Verihubs keeps what it answered for the result pull and the
	// callback), so the adapter does not apply them again.
	SetApplied bool
}

// Why values: what decided the answer (the journal's "why").
const (
	WhyNatural   = "natural"   // the vendor logic answered from the request itself
	WhyAuth      = "auth"      // credential checks (signature, key, token) decided
	WhyAdmission = "admission" // the ledger refused: balance, quota, rate limit…
	WhyScenario  = "scenario"  // a configured scenario rule matched
	WhyMarker    = "marker"    // a marker embedded in an image decided
	WhyPanic     = "panic"     // the handler failed; the vendor's internal error
	WhyRouting   = "routing"   // no endpoint: unknown path or wrong method
	WhyBusy      = "busy"      // the bodies in flight held the whole body budget
	WhyMock      = "mock"      // the mock's own 400: an X-Mockekyc-* header it cannot use
)

// faultClientGone is the journal's fault when the client left during a
// scenario's delay: nothing was written.
const faultClientGone = "client_gone"

// busy is the answer when the body budget had no room: a 503 page of the
// gateway in front of the vendor, as the http_503 fault writes it.
func busy() Response {
	return Response{Status: http.StatusServiceUnavailable, Why: WhyBusy, Fault: "http_503"}
}

// JSON builds a Response from a documented answer and a body.
func JSON(a Answer, body any) Response {
	return Response{Status: a.HTTP, Body: body, Code: a.Code, Message: a.Message, Charged: a.Charged}
}
