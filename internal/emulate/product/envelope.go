package product

import (
	"fmt"
	"net/http"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// Envelope is the iziData family's answer: message is an object (a string
// on iziData's creditscore) on success and the documented text otherwise.
type Envelope struct {
	Status  string `json:"status"`
	Message any    `json:"message"`
}

// Render renders a documented answer; body is the success message (used
// only by answers that have no text of their own).
func Render(a emulate.Answer, body any) emulate.Response {
	if a.Message != "" || body == nil {
		return emulate.JSON(a, Envelope{Status: a.Code, Message: a.Message})
	}
	return emulate.JSON(a, Envelope{Status: a.Code, Message: body})
}

// Fail is the family's emulate.VendorBase.Render: the envelope with the
// answer's text.
func Fail(_ *emulate.Call, a emulate.Answer) emulate.Response { return Render(a, nil) }

// Generated is the family's emulate.VendorBase.Generated: an answer with
// no text of its own carries the generated message (OK, ok, NOT).
func Generated(a emulate.Answer) bool { return a.Message == "" }

// Respond is emulate.Call.Respond with the success message built by body
// (nil: none): a forced OK looks real.
func Respond(c *emulate.Call, code, message string, body func() any) emulate.Response {
	if body == nil {
		return c.Fail(code, message)
	}
	return c.Respond(code, message, func(a emulate.Answer) emulate.Response { return Render(a, body()) })
}

// Messages of the family's answers to a request no route matches.
const (
	MsgAPINotFound      = "api not found"
	MsgMethodNotAllowed = "method not allowed"
	unroutedNotFound    = "a path the vendor does not serve"
	unroutedMethod      = "a method the path does not take"
)

// Unrouted is the family's emulate.VendorBase.Unrouted: nothing is
// documented, so the envelope with the documented INVALID_REQUEST status
// (a client that maps statuses knows it) and the HTTP status any server
// gives, 404 and 405 (docs/vendors/README.md#x-1, docs/vendors/README.md#x-2).
func Unrouted() emulate.Unrouted {
	return emulate.Unrouted{
		NotFound:         Inferred(Free(InvalidRequest, MsgAPINotFound, unroutedNotFound), http.StatusNotFound),
		MethodNotAllowed: Inferred(Free(InvalidRequest, MsgMethodNotAllowed, unroutedMethod), http.StatusMethodNotAllowed),
		Source:           "docs/vendors/README.md#x-1",
	}
}

// Errors answers, for iziData and eKYCPro alike, the requests no handler
// reads; embedded in a vendor it implements emulate.Vendor's Invalid,
// TooLarge and Internal (NotFound and MethodNotAllowed are VendorBase's,
// from Unrouted). Build it with NewErrors.
type Errors struct {
	// invalid maps every operationId to its code of "bad parameters".
	invalid map[string]string
}

// NewErrors takes each endpoint's code of "bad parameters" (by
// operationId): every endpoint must have one that it documents, and every
// code must belong to an endpoint, or the vendor does not build.
func NewErrors(endpoints []*emulate.Endpoint, codes map[string]string) (Errors, error) {
	ops := map[string]bool{}
	for _, ep := range endpoints {
		ops[ep.OperationID] = true
		code, ok := codes[ep.OperationID]
		if !ok {
			return Errors{}, fmt.Errorf("%s has no bad-parameters code", ep.OperationID)
		}
		if _, ok := ep.Answer(code, ""); !ok {
			return Errors{}, fmt.Errorf("%s: bad-parameters code %s is not one of its answers", ep.OperationID, code)
		}
	}
	for op := range codes {
		if !ops[op] {
			return Errors{}, fmt.Errorf("bad-parameters code for %s, which is no endpoint", op)
		}
	}
	return Errors{invalid: codes}, nil
}

// Invalid is each endpoint's own "bad parameters". NewErrors names one for
// every endpoint: a missing one is a bug, answered as a handler panic is.
func (e Errors) Invalid(c *emulate.Call, _ error) emulate.Response {
	code, ok := e.invalid[c.Endpoint.OperationID]
	if !ok {
		panic(fmt.Sprintf("%s: no bad-parameters code (build Errors with NewErrors)", c.Endpoint.OperationID))
	}
	return Render(c.Endpoint.MustAnswer(code), nil)
}

// TooLarge is the endpoint's IMAGE_INVALID_SIZE, else its "bad parameters".
func (e Errors) TooLarge(c *emulate.Call) emulate.Response {
	if a, ok := c.Endpoint.Answer(ImageInvalidSize, ""); ok {
		return Render(a, nil)
	}
	return e.Invalid(c, nil)
}

// Internal is HTTP 500 in the envelope, which iziData's Java SDK shows as
// SDK108 and JULO retries (docs/vendors/izidata.md#iz-1), with the endpoint's own server error: its
// INNER_ERROR in its wording (eKYCPro's KTP OCR says "Service is not
// available…"), else its service-down RETRY_LATER (iziData's data endpoints
// document no INNER_ERROR), else the image endpoints' INNER_ERROR.
func (Errors) Internal(c *emulate.Call) emulate.Response {
	code, msg := InnerError, MsgInner
	if a, ok := c.Endpoint.Answer(InnerError, ""); ok {
		msg = a.Message
	} else if a, ok := c.Endpoint.Answer(RetryLater, MsgServiceDown); ok {
		code, msg = a.Code, a.Message
	}
	return emulate.Response{Status: http.StatusInternalServerError, Code: code, Message: msg,
		Body: Envelope{Status: code, Message: msg}}
}
