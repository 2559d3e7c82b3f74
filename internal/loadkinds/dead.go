package loadkinds

import (
	"io"
	"net"
	"sync"
)

// DeadListener is a callback receiver that never answers: it accepts
// connections on loopback, reads and discards what they send, and holds
// them open until stop, which closes the listener and every connection.
// onAccept, when not nil, is called for each accepted connection. The
// hostile run and the delivery tests point callbacks at it.
func DeadListener(onAccept func()) (addr string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			if onAccept != nil {
				onAccept()
			}
			go func() { _, _ = io.Copy(io.Discard, c) }()
		}
	}()
	return ln.Addr().String(), func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	}, nil
}
