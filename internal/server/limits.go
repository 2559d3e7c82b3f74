package server

import (
	"io"
	"log/slog"
	"net/http"
	"time"
)

// Limits are what one client may hold of the mock: time on a connection
// and memory for its request. Zero fields take DefaultLimits' values; a
// negative duration, rate or size turns that limit off.
type Limits struct {
	// ReadHeaderTimeout bounds the wait for a request's headers.
	ReadHeaderTimeout time.Duration
	// BodyTimeout is how long a request body may stall, and how far it
	// may fall behind BodyMinRate, before its connection is closed;
	// BodyMinRate is in bytes a second. A body of n bytes must have
	// arrived BodyTimeout + n/BodyMinRate after its headers: a stalled
	// body is dropped after BodyTimeout and a slow but steady one gets
	// through, however large. With BodyMinRate off only stalls count.
	BodyTimeout time.Duration
	BodyMinRate int64
	// WriteTimeout bounds writing one answer, counted from when it is
	// written: a scenario delay or a held "timeout" fault is not cut.
	WriteTimeout time.Duration
	// IdleTimeout closes a keep-alive connection idle this long.
	IdleTimeout time.Duration
	// MaxHeaderBytes is the request line and headers a vendor endpoint
	// takes; beyond it the vendor's invalid-request answer. Go's own bare
	// 431 stays only for headers over 4 × MaxHeaderBytes (at least 1 MiB),
	// which the server refuses before any handler sees them.
	MaxHeaderBytes int
	// BodyBudget is the bytes all request bodies in flight may hold
	// together; a body finding no room waits up to BodyTimeout, then gets
	// a gateway's 503 page.
	BodyBudget int64
}

// DefaultLimits are the limits of `mockekyc serve` (README's flags table
// says why each is what it is).
func DefaultLimits() Limits {
	return Limits{
		// The headers of any real client arrive in one packet.
		ReadHeaderTimeout: 10 * time.Second,
		// 10 s of grace and 16 KiB/s (128 kbit/s, slower than any CI
		// link): a 24 MB body may take 25 minutes, a stalled one is gone
		// after 10 s.
		BodyTimeout: 10 * time.Second,
		BodyMinRate: 16 << 10,
		// Answers are a few KB; 30 s is plenty for a client that reads.
		WriteTimeout: 30 * time.Second,
		// Below the 90 s Go's and the 60–120 s other HTTP clients keep an
		// idle connection, as the vendors' load balancers are (AWS ALB:
		// 60 s).
		IdleTimeout: 60 * time.Second,
		// AWS ALB's total header limit; a real client sends under 2 KB.
		MaxHeaderBytes: 64 << 10,
		// Room for the largest body (iziData, AccuAuth: 24 MB) with
		// another's beside it, and within the soft memory limit's reach.
		BodyBudget: 48 << 20,
	}
}

// withDefaults fills zero fields from DefaultLimits and turns negative ones
// into "no limit" (0).
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	pick := func(v, def time.Duration) time.Duration {
		switch {
		case v == 0:
			return def
		case v < 0:
			return 0
		}
		return v
	}
	l.ReadHeaderTimeout = pick(l.ReadHeaderTimeout, d.ReadHeaderTimeout)
	l.BodyTimeout = pick(l.BodyTimeout, d.BodyTimeout)
	l.WriteTimeout = pick(l.WriteTimeout, d.WriteTimeout)
	l.IdleTimeout = pick(l.IdleTimeout, d.IdleTimeout)
	l.BodyMinRate = int64(pick(time.Duration(l.BodyMinRate), time.Duration(d.BodyMinRate)))
	l.BodyBudget = int64(pick(time.Duration(l.BodyBudget), time.Duration(d.BodyBudget)))
	l.MaxHeaderBytes = int(pick(time.Duration(l.MaxHeaderBytes), time.Duration(d.MaxHeaderBytes)))
	return l
}

// HTTPServer is the http.Server every listener of the mock uses (plain,
// TLS, admin), with the server's limits: headers, idle connections and
// the header cap are the http.Server's; body and write deadlines are set
// per request by the handler (a blunt server WriteTimeout would cut a
// scenario's delay of minutes).
func (s *Server) HTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := s.limits
	hard := 1 << 20
	if l.MaxHeaderBytes > 0 {
		hard = max(hard, 4*l.MaxHeaderBytes)
	}
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		IdleTimeout:       l.IdleTimeout,
		MaxHeaderBytes:    hard,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// Limits are the server's limits, defaults filled in.
func (s *Server) Limits() Limits { return s.limits }

// deadlines sets the connection's write deadline for this request (a
// keep-alive connection would otherwise keep the previous request's) and
// wraps the body so that each read extends the read deadline by what the
// minimum rate allows.
func (s *Server) deadlines(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	if s.limits.WriteTimeout > 0 {
		// The adapter sets it again when it writes, after any delay.
		_ = rc.SetWriteDeadline(time.Now().Add(s.limits.WriteTimeout))
	}
	if s.limits.BodyTimeout > 0 && r.Body != nil && r.Body != http.NoBody {
		p := &paced{body: r.Body, rc: rc, start: time.Now(), grace: s.limits.BodyTimeout, rate: s.limits.BodyMinRate}
		// Also for a body no handler reads (an answer decided by the
		// headers): the server reads what is left after the answer.
		_ = rc.SetReadDeadline(p.start.Add(p.grace))
		r.Body = p
	}
}

// paced is a request body read against a deadline that grows with what
// has arrived: start + grace + read/rate, and never later than grace after
// the last byte (a body that stops is dropped whatever credit its earlier
// speed earned). When the deadline passes the read fails and the server
// closes the connection. At the body's end the
// server clears the deadline itself (it then watches the connection for
// the client going away, which a passed deadline would fake).
type paced struct {
	body  io.ReadCloser
	rc    *http.ResponseController
	start time.Time
	grace time.Duration
	rate  int64
	read  int64
	last  time.Time // of the last read that brought bytes
	ended bool      // the body ended or failed: its deadline is the server's again
}

func (p *paced) Read(b []byte) (int, error) {
	if p.ended {
		return p.body.Read(b)
	}
	last := p.start
	if !p.last.IsZero() {
		last = p.last
	}
	d := last.Add(p.grace) // a stall
	if p.rate > 0 {        // too slow on average
		slow := p.start.Add(p.grace + time.Duration(float64(p.read)/float64(p.rate)*float64(time.Second)))
		if slow.Before(d) {
			d = slow
		}
	}
	_ = p.rc.SetReadDeadline(d)
	n, err := p.body.Read(b)
	if n > 0 {
		p.read += int64(n)
		p.last = time.Now()
	}
	p.ended = err != nil
	return n, err
}

func (p *paced) Close() error { return p.body.Close() }
