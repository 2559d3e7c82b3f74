package emulate

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/scenario"
)

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
