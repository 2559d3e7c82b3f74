package emulate

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/clock"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/ledger"
	"github.com/mockekyc/mockekyc/internal/outbound"
	"github.com/mockekyc/mockekyc/internal/scenario"
	"github.com/mockekyc/mockekyc/internal/thumbs"
)

// RequestContract validates requests against the request sides of the
// vendors' specs (internal/reqspec, what the server runs; internal/contract
// does the same with kin-openapi, in tests).
type RequestContract interface {
	// ValidateRequest is given the body as the Call has parsed it (form,
	// multipart or JSON), so the body is parsed once.
	ValidateRequest(vendor, operationID string, r *http.Request, body []byte, parsed ParsedBody) error
}

// ResponseContract validates answers against the vendors' specs
// (internal/contract, with kin-openapi; tests set it).
type ResponseContract interface {
	ValidateResponse(vendor, operationID string, r *http.Request, status int, header http.Header, body []byte) error
}

// ParsedBody is a request body the Call has parsed already, so that the
// Contract does not parse it again: bodies are often hundreds of kilobytes
// of base64 or image bytes. The zero value means not parsed.
type ParsedBody struct {
	// MediaType is the request's content type without parameters, as
	// mime.ParseMediaType reads it; when "", the validator reads the header.
	MediaType string
	// Form holds a form or multipart body's fields (file parts as "").
	Form url.Values
	// JSON is a JSON body decoded with numbers as json.Number, as
	// kin-openapi decodes it; IsJSON tells that it is set (JSON may be nil
	// for a body of null).
	JSON   any
	IsJSON bool
}

// Parsed is the body as the call has parsed it, for the Contract: the
// spec validation reads the same parse as the handler.
func (c *Call) Parsed() ParsedBody {
	parsed := ParsedBody{MediaType: c.MediaType()}
	switch parsed.MediaType {
	case "application/x-www-form-urlencoded":
		parsed.Form, _ = c.Form()
	case "multipart/form-data":
		if mf, err := c.Multipart(); err == nil {
			parsed.Form = url.Values{}
			for k, vs := range mf.Value {
				parsed.Form[k] = vs
			}
			// File parts are present as fields; their bytes are the
			// handler's to judge (format "binary" is not validated).
			for k := range mf.File {
				parsed.Form[k] = append(parsed.Form[k], "")
			}
		}
	case "application/json":
		// Broken JSON is left to kin-openapi, whose message the journal
		// shows.
		if v, err := c.JSON(); err == nil {
			parsed.JSON, parsed.IsJSON = v, true
		}
	}
	return parsed
}

// Deps is what every vendor's handlers stand on.
type Deps struct {
	// Seed makes generated data deterministic: same seed and subject, same
	// person, scores and counters.
	Seed      int64
	IDs       *IDs
	Clock     clock.Clock
	People    *identity.Generator
	Scenarios *scenario.Set
	Journal   *journal.Journal
	Ledger    *ledger.Ledger
	Contract  RequestContract
	Log       *slog.Logger
	// Bodies bounds the bytes request bodies in flight hold together
	// (nil: no bound).
	Bodies *BodyBudget
	// WriteTimeout bounds writing an answer, from when it is written (after
	// any scenario delay); 0: none.
	WriteTimeout time.Duration
	// MaxHeaderBytes is the request line and headers an endpoint takes;
	// beyond it the vendor's invalid-request answer. 0: no limit.
	MaxHeaderBytes int

	// Outbound is the policy of the connections the mock opens itself
	// (callbacks, image URLs); Deliver sends callbacks, Fetches bounds
	// image URL fetches (key: Call.Share).
	Outbound *outbound.Policy
	Deliver  *Deliverer
	Fetches  *outbound.Limiter
	// Draining is closed when the server starts shutting down: scenario
	// delays and the timeout fault end early instead of being cut.
	Draining <-chan struct{}

	// Thumbs keeps thumbnails of request images for the web UI while it
	// is watching (nil: none).
	Thumbs *thumbs.Store

	// Scope, when set, is the workspace of a vendor's credential, nil for
	// the default workspace (see scope.go).
	Scope func(vendor, credential string) *Scope

	// Responses and ResponseViolation, when both set, check every answer:
	// ResponseViolation is told of each that does not validate against the
	// spec. Tests set them, so that every response the emulators produce in
	// the suite is checked.
	Responses         ResponseContract
	ResponseViolation func(vendor, operationID string, status int, body []byte, err error)

	// Observe, when set, is told of every answered request (metrics).
	Observe Observer
}

// Call is one request to one endpoint of one vendor.
type Call struct {
	Req *http.Request
	// Body is the request body as read: no one may write to it (long JSON
	// strings are its own bytes). Once Form has been called, long form
	// values have been unescaped in it, so only its length still tells
	// what was received: what reads the bytes (iziData's signature) runs
	// in Authenticate, before the form is parsed.
	Body       []byte
	Vendor     Vendor
	Endpoint   *Endpoint
	Deps       *Deps
	Now        time.Time
	Credential string

	form       url.Values
	formErr    error
	formParsed bool
	mp         *MultipartForm
	mpErr      error
	mpParsed   bool
	json       any
	jsonErr    error
	jsonParsed bool
	ct         *contentType

	fields  map[string]string
	images  []journal.Image
	notes   map[string]string
	outcome *scenario.Outcome
	why     string
	after   []func(entryID uint64)
	// directives: the X-Mockekyc-Fault and -Delay headers (fault.go).
	directives directives

	// answered: the answer has begun to go out, it can no longer be
	// replaced; journaled: its entry is in the journal.
	answered, journaled bool
	sent                *sentAnswer
	secrets             *secretSet // what the journal fingerprints
	nik, phone          string     // the subject Decide was asked about
	// reservation is the ledger's hold for an admitted call, committed
	// or released by the adapter.
	reservation *ledger.Reservation
	bodyHeld    int64 // bytes of Deps.Bodies the body holds
	// scope is the call's workspace, nil for the default one (bind).
	scope *Scope
}

// AfterJournal runs fn once the call's journal entry exists (and after the
// answer is written), with the entry's id: background work such as a
// callback delivery records its outcome on that entry.
func (c *Call) AfterJournal(fn func(entryID uint64)) { c.after = append(c.after, fn) }

// Share is the unit of fair share of outbound work: the vendor and the
// credential, so one suite's dead receiver does not starve another's.
func (c *Call) Share() string { return c.Vendor.Name() + "/" + c.Credential }

// DeliverAfter queues a callback once the call is journaled (and not at
// all when a fault replaced the answer); build makes its request, once per
// try.
func (c *Call) DeliverAfter(r Retry, build func(context.Context) (*http.Request, error)) {
	d, j, key := c.Deps.Deliver, c.journal(), c.Share()
	var redact func(string) string
	if c.secrets != nil {
		redact = c.secrets.url
	}
	c.AfterJournal(func(id uint64) {
		d.Deliver(Delivery{Journal: j, Entry: id, Key: key, Retry: r, Build: build, RedactURL: redact})
	})
}

// ErrContentType says the body is not of the content type the endpoint reads.
var ErrContentType = errors.New("unexpected content type")

// contentType is the request's Content-Type header parsed, once per call.
type contentType struct {
	mediaType string
	params    map[string]string
	err       error
}

func (c *Call) contentType() *contentType {
	if c.ct == nil {
		mt, params, err := mime.ParseMediaType(c.Req.Header.Get("Content-Type"))
		c.ct = &contentType{mt, params, err}
	}
	return c.ct
}

// MediaType is the request's content type without parameters, lower case;
// "" when the header is missing or does not parse.
func (c *Call) MediaType() string {
	if ct := c.contentType(); ct.err == nil {
		return ct.mediaType
	}
	return ""
}

// Form parses an application/x-www-form-urlencoded body. Values are read
// from the bytes as received; a bare key (Java SDK) is an empty value.
func (c *Call) Form() (url.Values, error) {
	if c.formParsed {
		return c.form, c.formErr
	}
	c.formParsed = true
	if mt := c.MediaType(); mt != "application/x-www-form-urlencoded" {
		c.form, c.formErr = url.Values{}, fmt.Errorf("%w %q, want application/x-www-form-urlencoded", ErrContentType, mt)
		return c.form, c.formErr
	}
	// Every well-formed pair is kept even when a bad one is reported, as a
	// lenient vendor parser would.
	// Long values are unescaped in the body's own memory (parseForm):
	// whatever reads the bytes as received (iziData's signature) has run
	// in Authenticate before anything asks for the form, and after it
	// only the body's length is read.
	c.form, c.formErr = parseForm(c.Body, aliasMin)
	return c.form, c.formErr
}

// FormValue is the first value of a form field ("" when absent).
func (c *Call) FormValue(key string) string {
	f, _ := c.Form()
	return f.Get(key)
}

// Field records a scalar request field for the journal and for scenario
// matching on fields.
func (c *Call) Field(key, value string) {
	if c.fields == nil {
		c.fields = make(map[string]string, 4)
	}
	c.fields[key] = value
}

// Note records a fact for the journal (for example the canonical request a
// signature check computed).
func (c *Call) Note(key, value string) {
	if c.notes == nil {
		c.notes = make(map[string]string, 2)
	}
	c.notes[key] = value
}

// Image is an image field of a request, decoded and inspected.
type Image struct {
	Field   string
	Present bool // the field was sent and not empty
	Text    int  // length of the text as received (base64 fields)
	Bytes   []byte
	Info    imagecheck.Info
	Err     error // base64 decoding error
}

// Base64Image decodes and inspects a base64 image field and records it in
// the journal as digest and size, never whole.
func (c *Call) Base64Image(field, text string) Image {
	img := Image{Field: field, Text: len(text)}
	if strings.TrimSpace(text) == "" {
		return img
	}
	img.Present = true
	img.Bytes, img.Err = imagecheck.DecodeBase64(text)
	if img.Err != nil {
		c.images = append(c.images, journal.Image{Field: field, Size: len(text), Format: "invalid base64"})
		return img
	}
	c.inspect(&img)
	return img
}

// FileImage inspects an image that arrived as bytes (a multipart part).
func (c *Call) FileImage(field string, data []byte) Image {
	img := Image{Field: field, Present: len(data) > 0, Bytes: data}
	if img.Present {
		c.inspect(&img)
	}
	return img
}

func (c *Call) inspect(img *Image) {
	img.Info = imagecheck.Inspect(img.Bytes)
	c.images = append(c.images, journal.Image{
		Field: img.Field, Size: img.Info.Size, Digest: img.Info.Digest, Format: string(img.Info.Format),
		Width: img.Info.Width, Height: img.Info.Height, Marker: img.Info.Marker,
	})
	if img.Info.Err == nil {
		c.Deps.Thumbs.Offer(img.Info.Digest, img.Info.Width, img.Info.Height, img.Bytes)
	}
}

// Facts gathers what scenario rules match on. Vendor handlers add the NIK
// and phone they read.
func (c *Call) Facts(images ...Image) scenario.Facts {
	f := scenario.Facts{
		Vendor:     c.Vendor.Name(),
		Endpoint:   c.Endpoint.OperationID,
		Credential: c.Credential,
		Header:     c.Req.Header,
		Fields:     c.fields,
	}
	for _, img := range images {
		if img.Info.Digest != "" {
			f.Digests = append(f.Digests, img.Info.Digest)
		}
		if len(img.Info.Marker) > 0 {
			f.Markers = append(f.Markers, img.Info.Marker)
		}
	}
	return f
}

// Decide asks the scenario rules about this call. It returns the outcome
// when a rule (or an image marker) forces a documented code; a rule that
// only adds a delay or a fault is remembered for the adapter and nil is
// returned, so the handler answers naturally.
func (c *Call) Decide(f scenario.Facts) *scenario.Outcome {
	// The journal keeps the subject the rules were asked about, so that
	// the admin API finds requests by NIK and phone whatever the field.
	c.nik, c.phone = f.NIK, f.Phone
	set := c.scenarios()
	if set == nil {
		return nil
	}
	o := set.Resolve(f)
	if o == nil {
		return nil
	}
	c.outcome = o
	if o.Code == "" {
		return nil
	}
	c.why = WhyScenario
	if o.Reason == scenario.ReasonMarker {
		c.why = WhyMarker
	}
	return o
}

// Overrides are the set: fields of the scenario rule that decided this
// call, nil when none: the adapter applies them to the answer. A handler
// that keeps what it answers (a stored result, a callback body) applies
// them itself with SetFields, so that what it keeps is what the client got,
// and answers with Response.SetApplied so they are applied once.
func (c *Call) Overrides() map[string]any {
	if c.outcome == nil {
		return nil
	}
	return c.outcome.Set
}

// Marker is the first value of key in any image marker of the request.
func Marker(key string, images ...Image) string {
	for _, img := range images {
		if v, ok := img.Info.Marker[key]; ok {
			return v
		}
	}
	return ""
}

// CheckKeys is the static-key check of the header-key vendors: id must name
// a configured credential of the call's vendor whose secret is secret,
// compared in constant time. c.Credential becomes id either way, so a
// refused call is journaled and counted under the id it sent.
func (c *Call) CheckKeys(id, secret string) bool {
	c.Credential = id
	if id == "" || secret == "" || c.Deps.Ledger == nil {
		return false
	}
	cred, ok := c.Deps.Ledger.Lookup(c.Vendor.Name(), id)
	return ok && subtle.ConstantTimeCompare([]byte(cred.Secret), []byte(secret)) == 1
}
