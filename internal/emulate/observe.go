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
	// Answered: endpoint is the operationId ("" when no endpoint
	// matched), code the vendor's code ("" for the mock's own answers),
	// status what the client got (SentStatus), elapsed the whole answer,
	// any delay included.
	Answered(vendor, endpoint, code string, status int, fault string, elapsed time.Duration)
}

// observe tells Deps.Observe of an answered call.
func (d *Deps) observe(c *Call, resp Response, start time.Time) {
	if d.Observe != nil {
		d.Observe.Answered(c.Vendor.Name(), c.Endpoint.OperationID, resp.Code, SentStatus(resp.Status, resp.Fault), resp.Fault, time.Since(start))
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
