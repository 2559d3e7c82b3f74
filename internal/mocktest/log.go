package mocktest

import (
	"bytes"
	"log/slog"
	"sync"

	"github.com/mockekyc/mockekyc/internal/server"
)

// Log collects the server's log; it is safe to read while the server
// writes.
type Log struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String is everything logged so far.
func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// WithLog sends the server's log, as text, to l.
func WithLog(l *Log) Option {
	return func(o *server.Options) { o.Log = slog.New(slog.NewTextHandler(l, nil)) }
}
