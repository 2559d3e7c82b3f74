package emulate

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/scenario"
)

// Observer is told of every answered vendor request: the server's metrics
// (package metrics). It runs on the request's goroutine once the answer is
// written and journaled, for every request the journal records, so it
// must be cheap and safe for concurrent use.
type Observer interface {
	Answered(Observation)
}

// Observation is one answered request.
type Observation struct {
	Vendor     string
	Endpoint   string // the operationId; "" when no endpoint matched
	Credential string // as the client sent it ("" when none)
	Code       string // the vendor's code; "" for the mock's own answers
	Fault      string // the fault that replaced the answer, if any
	Status     int    // what the client got (SentStatus): 0 when nothing
	Elapsed    time.Duration
}

// observe tells Deps.Observe of an answered call.
func (d *Deps) observe(c *Call, resp Response, start time.Time) {
	if d.Observe != nil {
		d.Observe.Answered(Observation{Vendor: c.Vendor.Name(), Endpoint: c.Endpoint.OperationID, Credential: c.Credential,
			Code: resp.Code, Fault: resp.Fault, Status: SentStatus(resp.Status, resp.Fault), Elapsed: time.Since(start)})
	}
}

// SentStatus is the HTTP status a client got for an answer of status that
// fault replaced (writeFault): the proxy's 5xx, 200 for a broken body, 0
// when the connection was cut or the client had gone.
func SentStatus(status int, fault string) int {
	switch fault {
	case "":
		return status
	case scenario.FaultEmptyBody, scenario.FaultMalformedBody:
		return http.StatusOK
	case scenario.FaultConnectionReset, scenario.FaultTimeout, faultClientGone:
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimPrefix(fault, "http_")); err == nil && n >= 500 && n <= 599 {
		return n
	}
	return status
}
