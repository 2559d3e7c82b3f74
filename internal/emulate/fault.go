package emulate

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/scenario"
)

// The request headers that ask the mock itself, not the vendor, for a fault
// or a delay. They apply to every request to a vendor, routed or not, and
// are read first, before the body, the credentials and the spec check: a
// client testing its timeouts and retries may send anything. Whatever the
// mock answers (the natural answer, a refusal, a spec violation, a not
// found) is then held for the delay and replaced by the fault; the
// header's delay and fault win over a scenario rule's. README "Scenarios"
// and DEVELOPERS.md "The request flow" say the same.
const (
	HeaderFault = "X-Mockekyc-Fault"
	HeaderDelay = "X-Mockekyc-Delay"
)

// MaxHeaderDelay bounds X-Mockekyc-Delay, as scenario.MaxDelay bounds a
// rule's delay: a longer one is almost always a unit typo.
const MaxHeaderDelay = scenario.MaxDelay

// directives are the fault and the delay a request's headers ask for.
type directives struct {
	delay time.Duration
	fault string
}

// readDirectives reads the fault and delay headers. A value it cannot use
// is an error naming the header, the value and what the header takes; the
// request is then answered by badDirective, not by the vendor.
func readDirectives(h http.Header) (directives, error) {
	var out directives
	var errs []error
	if v, ok := oneValue(h, HeaderDelay, &errs); ok {
		d, err := time.ParseDuration(v)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("%s: %q is not a Go duration such as 500ms, 3s or 1m30s (0 to %s)", HeaderDelay, v, MaxHeaderDelay))
		case d < 0 || d > MaxHeaderDelay:
			errs = append(errs, fmt.Errorf("%s: %s is out of range (0 to %s)", HeaderDelay, d, MaxHeaderDelay))
		default:
			out.delay = d
		}
	}
	if v, ok := oneValue(h, HeaderFault, &errs); ok {
		if slices.Contains(scenario.Faults(), v) {
			out.fault = v
		} else {
			errs = append(errs, fmt.Errorf("%s: unknown fault %q (known: %s)", HeaderFault, v, strings.Join(scenario.Faults(), ", ")))
		}
	}
	if len(errs) > 0 {
		// Nothing of a request half understood applies.
		return directives{}, errors.Join(errs...)
	}
	return out, nil
}

// oneValue is the header's value, trimmed; ok is false when it is absent or
// empty, and when it is sent more than once (an error then).
func oneValue(h http.Header, name string, errs *[]error) (string, bool) {
	vs := h.Values(name)
	switch {
	case len(vs) == 0:
		return "", false
	case len(vs) > 1:
		*errs = append(*errs, fmt.Errorf("%s: sent %d times; send it once", name, len(vs)))
		return "", false
	}
	v := strings.TrimSpace(vs[0])
	return v, v != ""
}

// MockError is the body of the mock's own answer to a request it cannot
// take (a bad X-Mockekyc-* header): a key no vendor uses, so that it is
// never taken for a vendor's answer.
type MockError struct {
	Error string `json:"mockekyc_error"`
}

// badDirective is the mock's HTTP 400 to a fault or delay header it cannot
// use; journaled with why "mock" and no code.
func badDirective(err error) Response {
	return Response{Status: http.StatusBadRequest, Why: WhyMock, Body: MockError{Error: strings.ReplaceAll(err.Error(), "\n", "; ")}}
}

// timeoutHold bounds how long a "timeout" fault holds the connection when
// the client never gives up: longer than the 60 s the vendor SDKs wait.
const timeoutHold = 90 * time.Second

// writeFault performs the fault; false when there is none and the caller
// writes the answer normally.
// draining ends a timeout's hold early, as its end would: a reset.
func writeFault(w http.ResponseWriter, r *http.Request, draining <-chan struct{}, fault string, body []byte) bool {
	switch {
	case fault == "":
		return false
	case fault == faultClientGone:
		return true
	case fault == scenario.FaultConnectionReset:
		resetConn(w)
		return true
	case fault == scenario.FaultTimeout:
		t := time.NewTimer(timeoutHold)
		defer t.Stop()
		select {
		case <-r.Context().Done():
		case <-draining:
		case <-t.C:
		}
		resetConn(w)
		return true
	case fault == scenario.FaultEmptyBody:
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusOK)
		return true
	case fault == scenario.FaultMalformedBody:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(malformed(body))
		return true
	case strings.HasPrefix(fault, "http_"):
		code, err := strconv.Atoi(strings.TrimPrefix(fault, "http_"))
		if err != nil || code < 500 || code > 599 {
			return false
		}
		// What a proxy in front of the vendor answers: HTML, not the
		// vendor's JSON, so clients meet a body they cannot parse.
		text := fmt.Sprintf("%d %s", code, http.StatusText(code))
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		_, _ = fmt.Fprintf(w, "<html>\r\n<head><title>%s</title></head>\r\n<body>\r\n<center><h1>%s</h1></center>\r\n</body>\r\n</html>\r\n", text, text)
		return true
	}
	return false
}

// malformed cuts a JSON body in the middle so that it no longer parses.
func malformed(body []byte) []byte {
	if len(body) < 4 {
		return []byte(`{"status":`)
	}
	return body[:len(body)/2]
}

// resetConn closes the connection with a TCP RST (linger 0), the way a
// crashed upstream or a load balancer does; the client reads
// "connection reset by peer".
func resetConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}
