package mockekycadmin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// The admin API's wire types: what each /__admin endpoint answers and
// takes. The mock's handlers encode these very types (its journal entries,
// accounts and catalogue answers are these types), and the Client decodes
// them: one set of types for both ends. Fields are declared in the order of
// their JSON names where an answer used to be a JSON object with sorted
// keys, so the bytes on the wire keep their order.

// Error is every admin error answer (4xx and 5xx): {"error": "..."}. The
// Client returns it inside a *ResponseError.
type Error struct {
	Error string `json:"error"`
}

// Health is GET /__admin/health.
type Health struct {
	Now           string       `json:"now"` // the mock's clock, RFC 3339 UTC
	Status        string       `json:"status"`
	UptimeSeconds int64        `json:"uptime_seconds"`
	Vendors       []VendorInfo `json:"vendors"`
	Version       string       `json:"version"`
}

// VendorInfo says where a vendor answers: under PathPrefix on the mock's
// own address, or at any of Hosts (the vendor's API hostnames and
// <name>.localhost) when the request's Host header names one.
type VendorInfo struct {
	Name       string   `json:"name"`
	Title      string   `json:"title"`
	PathPrefix string   `json:"path_prefix"`
	Hosts      []string `json:"hosts"`
}

// RequestList is GET /__admin/requests.
type RequestList struct {
	Capacity int     `json:"capacity"`
	Count    int     `json:"count"`
	Requests []Entry `json:"requests"`
}

// Entry is one request the mock answered, as its journal keeps it: GET
// /__admin/requests/{id}, and each request of a RequestList. Why, Rule,
// Fault and Notes say what decided the answer.
type Entry struct {
	ID         uint64    `json:"id"`
	Time       time.Time `json:"time"` // the mock's clock
	DurationMS float64   `json:"duration_ms"`

	Vendor     string `json:"vendor"`
	Endpoint   string `json:"endpoint"` // the operationId, e.g. "balance"
	Method     string `json:"method"`
	Host       string `json:"host,omitempty"`
	Path       string `json:"path"`
	Query      string `json:"query,omitempty"`
	RemoteAddr string `json:"remote_addr,omitempty"`
	// Credential is the credential the request used; one that is itself a
	// secret (eKYCPro's X-API-Key) is shown as its fingerprint.
	Credential string `json:"credential"`
	// NIK and Phone are the subject the handler read off the request (the
	// facts scenario rules match on): a field, an image marker or the
	// person an image stands for. Empty when the request was answered
	// before the handler asked the rules (refused credentials, say).
	NIK   string `json:"nik,omitempty"`
	Phone string `json:"phone,omitempty"`

	// RequestHeaders holds the first value of each header (secrets
	// fingerprinted).
	RequestHeaders map[string]string `json:"request_headers,omitempty"`
	// Fields holds the scalar request fields (form or JSON).
	Fields map[string]string `json:"fields,omitempty"`
	Images []Image           `json:"images,omitempty"`
	// ImagesDropped counts images beyond the journal's cap.
	ImagesDropped int `json:"images_dropped,omitempty"`
	BodyBytes     int `json:"body_bytes"`

	Status  int    `json:"status"`
	Code    string `json:"code"`
	Message string `json:"message,omitempty"`
	Charged bool   `json:"charged"`
	// Why is what decided the answer: "scenario", "marker", "natural",
	// "auth", "quota" and the like.
	Why   string `json:"why"`
	Rule  string `json:"rule,omitempty"`
	Fault string `json:"fault,omitempty"`

	// Response is the body answered. It is always valid JSON: a body that
	// was too long or not JSON is kept as a JSON string of its (cut)
	// text, with ResponseTruncated telling the two cases apart.
	Response          json.RawMessage `json:"response,omitempty"`
	ResponseBytes     int             `json:"response_bytes"`
	ResponseTruncated bool            `json:"response_truncated,omitempty"`

	// Notes explains the decision, e.g. the canonical request a signature
	// check computed.
	Notes map[string]string `json:"notes,omitempty"`

	// Events are what happened after the answer, such as callback
	// deliveries.
	Events        []Event `json:"events,omitempty"`
	EventsDropped int     `json:"events_dropped,omitempty"`
}

// Image describes one image of a request; the image itself is not kept.
type Image struct {
	Field  string            `json:"field"`
	Size   int               `json:"size"`
	Digest string            `json:"digest"` // SHA-256, hex
	Format string            `json:"format,omitempty"`
	Width  int               `json:"width,omitempty"`
	Height int               `json:"height,omitempty"`
	Marker map[string]string `json:"marker,omitempty"`
}

// Event is something that happened after the answer, such as a callback
// delivery.
type Event struct {
	Time   time.Time `json:"time"`
	Kind   string    `json:"kind"`
	Detail string    `json:"detail,omitempty"`
	OK     bool      `json:"ok"`
}

// ScenarioList is GET /__admin/scenarios.
type ScenarioList struct {
	Count     int          `json:"count"`
	Scenarios []RuleStatus `json:"scenarios"`
}

// RuleStatus is one rule as listed, and POST /__admin/scenarios's answer:
// the rule's own keys next to id, group, hits and remaining.
type RuleStatus struct {
	ID    string `json:"id"`
	Group string `json:"group"` // "admin", "dir" or "shipped"
	Rule
	Hits int64 `json:"hits"`
	// Remaining is nil for an unlimited rule; 0 means the rule is spent.
	Remaining *int64 `json:"remaining,omitempty"`
}

// Rule is one scenario rule: when a request to Vendor (and Endpoint, an
// operationId; empty: any) matches every condition of Match, the mock
// answers as Respond says, at most Times times (0: always). The keys are
// those of the scenario YAML files (README.md#scenarios). The mock keeps
// rules in a type of its own, whose Respond decodes with the scenario
// files' checks and messages; the admin round-trip tests decode its
// answers strictly into this one.
type Rule struct {
	Name     string  `json:"name"`
	Vendor   string  `json:"vendor"`
	Endpoint string  `json:"endpoint,omitempty"`
	Match    Match   `json:"match"`
	Respond  Respond `json:"respond"`
	Times    int     `json:"times,omitempty"`
	// Source is where the rule came from ("admin", "file.yaml:12"); the
	// mock fills it in, a rule sent to it leaves it empty.
	Source string `json:"source,omitempty"`
}

// Match holds the conditions of a rule; every non-empty one must hold.
type Match struct {
	Credential string            `json:"credential,omitempty"`
	NIK        string            `json:"nik,omitempty"`
	Phone      string            `json:"phone,omitempty"`
	Digest     string            `json:"digest,omitempty"` // an image's SHA-256, hex
	Marker     string            `json:"marker,omitempty"` // an image marker, "key=value"
	Header     map[string]string `json:"header,omitempty"`
	Field      map[string]string `json:"field,omitempty"`
}

// Respond is what a matching rule answers: a documented Code (Message
// picks one of its documented texts), values Set into a success body, a
// Delay before answering, or a Fault instead of an answer.
type Respond struct {
	Code    string         `json:"code,omitempty"`
	Message string         `json:"message,omitempty"`
	Set     map[string]any `json:"set,omitempty"`
	Delay   time.Duration  `json:"-"` // on the wire a duration string, "1500ms"
	Fault   string         `json:"fault,omitempty"`
}

// The faults a rule can ask for instead of (or besides) a documented answer.
const (
	FaultConnectionReset = "connection_reset"
	FaultTimeout         = "timeout"
	FaultEmptyBody       = "empty_body"
	FaultMalformedBody   = "malformed_body"
	FaultHTTP500         = "http_500"
	FaultHTTP502         = "http_502"
	FaultHTTP503         = "http_503"
	FaultHTTP504         = "http_504"
)

// respondWire is Respond as it travels: the delay a Go duration string.
type respondWire struct {
	Code    string         `json:"code,omitempty"`
	Message string         `json:"message,omitempty"`
	Set     map[string]any `json:"set,omitempty"`
	Delay   string         `json:"delay,omitempty"`
	Fault   string         `json:"fault,omitempty"`
}

// MarshalJSON writes the delay as a duration string, as the mock reads it.
func (r Respond) MarshalJSON() ([]byte, error) {
	w := respondWire{Code: r.Code, Message: r.Message, Set: r.Set, Fault: r.Fault}
	if r.Delay != 0 {
		w.Delay = r.Delay.String()
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads the delay as a duration string; unknown keys are an
// error, as they are to the mock.
func (r *Respond) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var w respondWire
	if err := dec.Decode(&w); err != nil {
		return fmt.Errorf("respond: %w", err)
	}
	var d time.Duration
	if w.Delay != "" {
		var err error
		if d, err = time.ParseDuration(w.Delay); err != nil {
			return fmt.Errorf("respond.delay: %w", err)
		}
	}
	*r = Respond{Code: w.Code, Message: w.Message, Set: w.Set, Delay: d, Fault: w.Fault}
	return nil
}

// Accounts is GET /__admin/accounts.
type Accounts struct {
	Accounts []Account `json:"accounts"`
}

// Account is a configured credential and its running state.
type Account struct {
	Vendor string `json:"vendor"`
	ID     string `json:"id"`
	Name   string `json:"name,omitempty"`
	Mode   string `json:"mode,omitempty"`

	// Balance is the configured balance, nil when unlimited; Remaining is
	// Balance − Spent, nil when unlimited.
	Balance   *float64 `json:"balance"`
	Price     float64  `json:"price"`
	Spent     float64  `json:"spent"`
	Remaining *float64 `json:"remaining"`

	AnsweredCalls int `json:"answered_calls"`
	ChargedCalls  int `json:"charged_calls"`
	UsedToday     int `json:"used_today"`

	Quota       *int   `json:"quota"`
	QuotaUsed   int    `json:"quota_used"` // in the current period
	QuotaPeriod string `json:"quota_period"`
	// QuotaResets is when a day quota starts again; nil for total quotas.
	QuotaResets *time.Time `json:"quota_resets,omitempty"`

	RateLimit float64    `json:"rate_limit"`
	Disabled  bool       `json:"disabled"`
	Expires   *time.Time `json:"expires"`
	Expired   bool       `json:"expired"`
	APIs      []string   `json:"apis,omitempty"`

	// Endpoints counts answers: endpoint → code → counts.
	Endpoints map[string]map[string]Count `json:"endpoints"`
}

// Count is how often an endpoint answered a code, and how often that
// answer was charged.
type Count struct {
	Answered int `json:"answered"`
	Charged  int `json:"charged"`
}

// Reset is POST /__admin/reset.
type Reset struct {
	Now    string `json:"now"`
	Status string `json:"status"`
}

// Catalogue is GET /__admin/catalogue.
type Catalogue struct {
	Endpoints []CatalogueEndpoint `json:"endpoints"`
	// Unrouted are each vendor's answers to a path it does not serve and
	// to a method a path does not take: operation_id "" (as the journal
	// records them), method and path "*".
	Unrouted []CatalogueEndpoint `json:"unrouted"`
}

// CatalogueEndpoint is one endpoint of the catalogue and its documented
// answers.
type CatalogueEndpoint struct {
	Vendor      string `json:"vendor"`
	OperationID string `json:"operation_id"`
	Method      string `json:"method"`
	Path        string `json:"path"`
	Summary     string `json:"summary"`
	// Evidence is where the endpoint comes from and Source a citation.
	Evidence Evidence `json:"evidence"`
	Source   string   `json:"source,omitempty"`
	// Answers each carry their own evidence, filled in.
	Answers []Answer `json:"answers"`
}

// Answer is one documented answer of an endpoint: the vendor's literal
// code, the HTTP status it travels with, its message, its billing tag and
// how a client triggers it. A code may have several answers (one per
// documented message).
type Answer struct {
	Code     string `json:"code"`
	HTTP     int    `json:"http_status"`
	Message  string `json:"message,omitempty"`
	Charged  bool   `json:"charged"`
	Billing  string `json:"billing"`
	Trigger  string `json:"trigger"`
	Inferred bool   `json:"inferred,omitempty"`
	// Evidence is where this answer comes from when it differs from its
	// endpoint's; the catalogue always fills it in.
	Evidence Evidence `json:"evidence,omitempty"`
}

// Evidence says where an endpoint or an answer comes from, so that a user
// who relies on a shape can see whether it is documented or a guess.
type Evidence string

// The kinds of evidence, strongest first.
const (
	// EvidenceSeed: the seed documentation the mock was first built from.
	EvidenceSeed Evidence = "seed-docs"
	// EvidenceVendorDocs: the vendor's own public documentation beyond it.
	EvidenceVendorDocs Evidence = "vendor-docs"
	// EvidenceClientCode: public client code that calls the vendor.
	EvidenceClientCode Evidence = "client-code"
	// EvidenceInferred: a guess where nothing public says.
	EvidenceInferred Evidence = "inferred"
)

// Coverage is GET /__admin/coverage: which documented codes the requests
// since the last reset have met.
type Coverage struct {
	Answered   int                `json:"answered"`
	Credential string             `json:"credential"`
	Documented int                `json:"documented"`
	Endpoints  []CoverageEndpoint `json:"endpoints"`
	Percent    float64            `json:"percent"`
}

// CoverageEndpoint is one endpoint's documented codes, the ones answered
// (with how often) and the ones not yet met.
type CoverageEndpoint struct {
	Vendor      string         `json:"vendor"`
	OperationID string         `json:"operation_id"`
	Documented  []string       `json:"documented"`
	Answered    map[string]int `json:"answered"`
	Missing     []string       `json:"missing"`
}

// Clock is GET and POST /__admin/clock.
type Clock struct {
	Now    string `json:"now"`    // RFC 3339 UTC
	Offset string `json:"offset"` // from the base clock, a time.Duration's String
}

// ClockMove is the body of POST /__admin/clock: one of Advance (a
// duration string), Set (RFC 3339) or Reset.
type ClockMove struct {
	Advance string `json:"advance"`
	Set     string `json:"set"`
	Reset   bool   `json:"reset"`
}

// SpecList is GET /__admin/specs.
type SpecList struct {
	Specs []Spec `json:"specs"`
}

// Spec says where one vendor's OpenAPI document is served.
type Spec struct {
	URL    string `json:"url"`
	Vendor string `json:"vendor"`
}

// Person is GET /__admin/identity/{nik}: the person the mock generates for
// a NIK, the same for the same seed and NIK, whom every vendor's OCR and
// identity checks describe.
type Person struct {
	NIK           string    `json:"nik"`
	Name          string    `json:"name"`
	Gender        string    `json:"gender"` // LAKI-LAKI or PEREMPUAN
	BirthPlace    string    `json:"birth_place"`
	BirthDate     time.Time `json:"birth_date"` // midnight UTC
	Address       string    `json:"address"`
	RT            string    `json:"rt"`
	RW            string    `json:"rw"`
	Village       string    `json:"village"`
	District      string    `json:"district"`
	City          string    `json:"city"`
	Province      string    `json:"province"`
	Postcode      string    `json:"postcode"`
	Religion      string    `json:"religion"`
	MaritalStatus string    `json:"marital_status"`
	Occupation    string    `json:"occupation"`
	Education     string    `json:"education"`
	BloodType     string    `json:"blood_type"`
	Nationality   string    `json:"nationality"`
	ValidUntil    string    `json:"valid_until"`
	Phone         string    `json:"phone"` // E.164
	FatherName    string    `json:"father_name"`
	MotherName    string    `json:"mother_name"`
	// RegionFallback: the NIK's district is not in the mock's region table,
	// so the region fields name a real district picked from the NIK.
	RegionFallback bool `json:"region_fallback,omitempty"`
	// DateFallback: the NIK's birth date is impossible, so BirthDate is
	// picked from the NIK.
	DateFallback bool `json:"date_fallback,omitempty"`
}

// OTPList is GET /__admin/otp: the one-time passwords vendors "sent"
// (Verihubs' SMS, WhatsApp and flash-call OTP), oldest first, so that a
// test can read what a user would have received and verify it.
type OTPList struct {
	Count int   `json:"count"`
	OTPs  []OTP `json:"otps"`
}

// OTP is one OTP a vendor holds: the last one sent to a number for a
// challenge. Times are the mock's clock, RFC 3339 UTC.
type OTP struct {
	Vendor     string `json:"vendor"`
	Credential string `json:"credential"`
	Channel    string `json:"channel"`
	MSISDN     string `json:"msisdn"`
	Challenge  string `json:"challenge"`
	OTP        string `json:"otp"`
	SessionID  string `json:"session_id"`
	SentAt     string `json:"sent_at"`
	ExpiresAt  string `json:"expires_at"`
	Expired    bool   `json:"expired"`
	TryCount   int    `json:"try_count"`
	WrongTries int    `json:"wrong_tries"`
	Verified   bool   `json:"verified"`
}

// RequestCount is GET /__admin/requests/count: how many journal entries
// the filters select (the same filters as GET /__admin/requests).
type RequestCount struct {
	Count int `json:"count"`
}

// Verify is the body of POST /__admin/verify: an expectation about the
// requests in the journal. Its conditions are a scenario rule's match
// (credential, nik, phone, digest, marker, header, field) with the rule's
// vendor and endpoint, the journal's code and status, and a window in time
// (since: a request id or an RFC 3339 time; until: an RFC 3339 time, both
// on the mock's clock); every condition given must hold. Count, AtLeast and
// AtMost say how many requests must meet them: count exactly, else between
// at_least (default 1) and at_most.
type Verify struct {
	Vendor   string `json:"vendor,omitempty"`
	Endpoint string `json:"endpoint,omitempty"`
	// Match is a rule's match, its keys at the top level: credential,
	// nik, phone, digest, marker, header and field.
	Match
	Code    string `json:"code,omitempty"`
	Status  int    `json:"status,omitempty"`
	Since   string `json:"since,omitempty"`
	Until   string `json:"until,omitempty"`
	Count   *int   `json:"count,omitempty"`
	AtLeast *int   `json:"at_least,omitempty"`
	AtMost  *int   `json:"at_most,omitempty"`
}

// Verification is POST /__admin/verify's answer: HTTP 200 when the
// expectation holds, 422 when it does not. Then Error says why (so it
// reads as every other admin error), and when too few requests matched,
// Nearest lists the requests that came closest, each with the conditions
// it missed and what it had instead.
type Verification struct {
	OK       bool   `json:"ok"`
	Error    string `json:"error,omitempty"`
	Expected string `json:"expected"` // "at least 1", "exactly 2", "between 1 and 3", "at most 0"
	Matched  int    `json:"matched"`
	// Requests are the matching requests, newest first, at most
	// MaxVerifyListed of them (Matched counts them all).
	Requests []RequestSummary `json:"requests"`
	Nearest  []NearMiss       `json:"nearest,omitempty"`
}

// RequestSummary is a journal entry in brief: which request, and why the
// mock answered it as it did (why, rule, code, message). GET
// /__admin/requests/{id} has the whole entry.
type RequestSummary struct {
	ID         uint64 `json:"id"`
	Time       string `json:"time"` // the mock's clock, RFC 3339
	Vendor     string `json:"vendor"`
	Endpoint   string `json:"endpoint"`
	Method     string `json:"method"`
	Path       string `json:"path"`
	Credential string `json:"credential"`
	Status     int    `json:"status"`
	Code       string `json:"code"`
	Message    string `json:"message,omitempty"`
	Why        string `json:"why"`
	Rule       string `json:"rule,omitempty"`
	Fault      string `json:"fault,omitempty"`
}

// NearMiss is a request that met some of a Verify's conditions: Met of
// Of, and for each condition it missed, what it had instead.
type NearMiss struct {
	Request    RequestSummary `json:"request"`
	Met        int            `json:"met"`
	Of         int            `json:"of"`
	Mismatches []Mismatch     `json:"mismatches"`
}

// Mismatch is one condition a request did not meet: the condition's name
// as the expectation says it ("vendor", "header.X-Api-Key", "field.nik"),
// the value wanted, and what the request had ("(not sent)" and the like
// when it had none; a secret as the journal keeps it).
type Mismatch struct {
	Condition string `json:"condition"`
	Want      string `json:"want"`
	Had       string `json:"had"`
}

// CredentialSpec is one credential in the config file's form, secret
// included: the body of POST /__admin/accounts and each credential a new
// workspace answers. Zero fields are the config's defaults.
type CredentialSpec struct {
	ID          string     `json:"id"`
	Secret      string     `json:"secret,omitempty"`
	Name        string     `json:"name,omitempty"`
	Balance     *float64   `json:"balance,omitempty"`
	Price       float64    `json:"price,omitempty"`
	Quota       *int       `json:"quota,omitempty"`
	QuotaPeriod string     `json:"quota_period,omitempty"`
	RateLimit   float64    `json:"rate_limit,omitempty"`
	Expires     *time.Time `json:"expires,omitempty"`
	Disabled    bool       `json:"disabled,omitempty"`
	APIs        []string   `json:"apis,omitempty"`
	Mode        string     `json:"mode,omitempty"`
}

// AccountAdd is the body of POST /__admin/accounts: a credential added to
// vendor at run time.
type AccountAdd struct {
	Vendor     string         `json:"vendor"`
	Credential CredentialSpec `json:"credential"`
}

// AccountUpdate is the body of PATCH /__admin/accounts/{vendor}/{id}:
// each field set changes that term, the others stay.
type AccountUpdate struct {
	// TopUp adds to the balance (a credential without one gets TopUp left).
	TopUp       *float64   `json:"top_up,omitempty"`
	Balance     *float64   `json:"balance,omitempty"`
	Quota       *int       `json:"quota,omitempty"`
	QuotaPeriod *string    `json:"quota_period,omitempty"`
	RateLimit   *float64   `json:"rate_limit,omitempty"`
	Disabled    *bool      `json:"disabled,omitempty"`
	Expires     *time.Time `json:"expires,omitempty"`
	// Unexpire removes the expiry.
	Unexpire bool `json:"unexpire,omitempty"`
}

// WorkspaceCreate is the body of POST /__admin/workspaces (optional):
// the terms of the credentials the workspace gets, one per vendor.
// Credential's terms hold for every vendor; Vendors' fields set for a
// vendor override them (a mode is one vendor's: "verihubs":
// {"mode":"testing"}). Ids and secrets are the mock's to make.
type WorkspaceCreate struct {
	Credential CredentialSpec            `json:"credential"`
	Vendors    map[string]CredentialSpec `json:"vendors,omitempty"`
}

// Workspace is POST /__admin/workspaces and GET
// /__admin/workspaces/{id}: a workspace and its credentials by vendor,
// in the config file's form, secrets included.
type Workspace struct {
	ID string `json:"id"`
	// Admin is the path of the workspace's admin endpoints (reset, clock,
	// requests, coverage, accounts, scenarios).
	Admin       string                      `json:"admin"`
	Created     time.Time                   `json:"created"`
	LastUsed    time.Time                   `json:"last_used"`
	IdleTimeout string                      `json:"idle_timeout"` // a time.Duration's String
	Credentials map[string][]CredentialSpec `json:"credentials"`
}

// WorkspaceList is GET /__admin/workspaces.
type WorkspaceList struct {
	Count      int         `json:"count"`
	Max        int         `json:"max"`
	Workspaces []Workspace `json:"workspaces"`
}
