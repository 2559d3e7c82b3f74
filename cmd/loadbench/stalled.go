package main

import (
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mockekyc/mockekyc/internal/loadkinds"
)

// stalledDeclared is what each stalled connection declares: iziData's and
// AccuAuth's body limit, the largest any vendor takes.
const stalledDeclared = 24 << 20

// stalledRun drives each kind quietly, then again while n connections hold
// requests open that declare a 24 MB body and send none of it (each one
// reconnects when the mock drops it), and prints both throughputs and the
// mock's RSS while they were held: issue 18's hostile case.
func stalledRun(mock *server, kinds []loadkinds.Kind, only string, clients, n int, d time.Duration) error {
	target, err := stalledTarget(kinds, mock.base)
	if err != nil {
		return err
	}
	fmt.Printf("\nstalled bodies: %d connections each declaring %d bytes to %s and sending none\n\n", n, stalledDeclared, target.path)
	fmt.Println("| request | quiet req/s | with stalled req/s | ratio | RSS max while stalled | drops by the mock |")
	fmt.Println("|---|---|---|---|---|---|")
	for _, k := range kinds {
		if !chosen(k, only) {
			continue
		}
		one := []loadkinds.Kind{k}
		drive(mock.base, one, clients, d/5)
		quiet := drive(mock.base, one, clients, d)
		stop, drops := holdStalled(target, n)
		time.Sleep(time.Second) // every connection sent its headers
		var maxRSS float64
		done := make(chan struct{})
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			tick := time.NewTicker(100 * time.Millisecond)
			defer tick.Stop()
			for {
				if _, now, err := mock.rss(); err == nil {
					maxRSS = max(maxRSS, now)
				}
				select {
				case <-done:
					return
				case <-tick.C:
				}
			}
		}()
		held := drive(mock.base, one, clients, d)
		close(done)
		<-sampled
		stop()
		fmt.Printf("| %s | %.0f | %.0f | %.0f%% | %.1f MiB | %d |\n", k.Name, quiet.rps, held.rps, 100*held.rps/quiet.rps, maxRSS, drops.Load())
		if held.errors > 0 {
			fmt.Printf("|  %d errors, the first: %s |\n", held.errors, held.firstError)
		}
	}
	return nil
}

type stalledReq struct{ addr, path, head string }

// stalledTarget is the headers of the iziData load kind, declaring
// stalledDeclared bytes.
func stalledTarget(kinds []loadkinds.Kind, base string) (stalledReq, error) {
	for _, k := range kinds {
		req, err := k.Request(base)
		if err != nil {
			return stalledReq{}, err
		}
		if !strings.HasPrefix(req.URL.Path, "/izidata/") || req.ContentLength < 1000 {
			continue
		}
		u, _ := url.Parse(base)
		var b strings.Builder
		fmt.Fprintf(&b, "POST %s HTTP/1.1\r\nHost: %s\r\n", req.URL.RequestURI(), u.Host)
		for k, vs := range req.Header {
			if k == "Content-Length" {
				continue // declared below
			}
			for _, v := range vs {
				fmt.Fprintf(&b, "%s: %s\r\n", k, v)
			}
		}
		fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", stalledDeclared)
		return stalledReq{addr: u.Host, path: req.URL.Path, head: b.String()}, nil
	}
	return stalledReq{}, fmt.Errorf("no iziData load kind with a body")
}

// holdStalled keeps n stalled requests open until stop is called; drops
// counts the times the mock closed one.
func holdStalled(t stalledReq, n int) (stop func(), drops *atomic.Int64) {
	drops = new(atomic.Int64)
	quit := make(chan struct{})
	var mu sync.Mutex
	conns := map[net.Conn]bool{}
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for {
				select {
				case <-quit:
					return
				default:
				}
				c, err := net.Dial("tcp", t.addr)
				if err != nil {
					time.Sleep(10 * time.Millisecond)
					continue
				}
				mu.Lock()
				conns[c] = true
				mu.Unlock()
				if _, err := io.WriteString(c, t.head); err == nil {
					_, _ = io.Copy(io.Discard, c) // until the mock (or stop) closes it
				}
				mu.Lock()
				delete(conns, c)
				mu.Unlock()
				c.Close()
				select {
				case <-quit:
					return
				default:
					drops.Add(1)
				}
			}
		})
	}
	return func() {
		close(quit)
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	}, drops
}
