package server_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/mocktest"
	"github.com/mockekyc/mockekyc/internal/server"
)

// limitedServer is a mock with limits on a real 127.0.0.1 listener, built
// by Server.HTTPServer as `mockekyc serve` builds it.
func limitedServer(t *testing.T, l server.Limits) (*server.Server, *httptest.Server) {
	t.Helper()
	s, err := server.New(t.Context(), server.Options{Limits: l})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = s.HTTPServer(s, nil)
	ts.Start()
	t.Cleanup(ts.Close)
	return s, ts
}

// closedBy reads what the server sends until it closes the connection; an
// error when the connection is still open after a minute (far beyond the
// limits the tests set, which are well under a second).
func closedBy(c net.Conn) ([]byte, error) {
	_ = c.SetReadDeadline(time.Now().Add(time.Minute))
	got, err := io.ReadAll(c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return got, fmt.Errorf("connection still open after a minute (read %q)", got)
	}
	return got, nil
}

// ocrRequest is an eKYCPro KTP OCR request with an image of about size
// bytes, as raw HTTP/1.1 headers and body.
func ocrRequest(t *testing.T, size int) (head string, body []byte) {
	img := mocktest.Image(t, imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: 1000, Height: 630, Bytes: size})
	body = []byte(url.Values{"img": {mocktest.B64(img)}}.Encode())
	head = fmt.Sprintf("POST /ekycpro/v1/id_ocr/general HTTP/1.1\r\nHost: mock\r\nX-API-Key: AbcdEfgh\r\n"+
		"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n", len(body))
	return head, body
}

// TestStalledBodyClosed: a body that stops arriving loses its connection
// after the body timeout.
func TestStalledBodyClosed(t *testing.T) {
	_, ts := limitedServer(t, server.Limits{BodyTimeout: 200 * time.Millisecond})
	c, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	head, body := ocrRequest(t, 50_000)
	if _, err := io.WriteString(c, head+string(body[:1000])); err != nil {
		t.Fatal(err)
	}
	if got, err := closedBy(c); err != nil {
		t.Fatal(err)
	} else if bytes.Contains(got, []byte(`"status":"OK"`)) {
		t.Errorf("a stalled body was answered as complete: %s", got)
	}
}

// TestTrickledBodyClosed: a body that keeps coming, but slower than the
// minimum rate, loses its connection too (a slowloris is no steady
// upload).
func TestTrickledBodyClosed(t *testing.T) {
	_, ts := limitedServer(t, server.Limits{BodyTimeout: 300 * time.Millisecond, BodyMinRate: 64 << 10})
	c, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	head, body := ocrRequest(t, 50_000)
	if _, err := io.WriteString(c, head); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { // a byte every 50 ms, until the server hangs up
		defer close(done)
		for _, b := range body {
			if _, err := c.Write([]byte{b}); err != nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	if _, err := closedBy(c); err != nil {
		t.Fatal(err)
	}
	c.Close()
	<-done
}

// TestSlowSteadyUploadGetsThrough: a large body sent in pieces over much
// longer than the body timeout, but above the minimum rate, is answered;
// so is a request whose scenario delay is longer than the write timeout.
func TestSlowSteadyUploadGetsThrough(t *testing.T) {
	s, ts := limitedServer(t, server.Limits{BodyTimeout: 500 * time.Millisecond, BodyMinRate: 64 << 10, WriteTimeout: 200 * time.Millisecond})
	c, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	head, body := ocrRequest(t, 150_000) // ~200 KB: about 1.3 s at 160 KB/s, well over the body timeout
	if _, err := io.WriteString(c, head); err != nil {
		t.Fatal(err)
	}
	for chunk := range slices(body, 16<<10) {
		if _, err := c.Write(chunk); err != nil {
			t.Fatalf("server hung up during a steady upload: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(got, []byte(`"status":"OK"`)) {
		t.Fatalf("steady upload: HTTP %d %s", resp.StatusCode, got)
	}
	// The same connection, after idling longer than the write timeout (a
	// stale write deadline of the last answer must not cut this one), with
	// a scenario delay longer than the write timeout.
	if st := addRule(t, ts, `{"name":"slow","vendor":"ekycpro","endpoint":"balance","respond":{"delay":"500ms"}}`); st != http.StatusCreated {
		t.Fatalf("adding the rule: HTTP %d", st)
	}
	time.Sleep(300 * time.Millisecond)
	if _, err := io.WriteString(c, "GET /ekycpro/v1/balance HTTP/1.1\r\nHost: mock\r\nX-API-Key: AbcdEfgh\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	if resp, err = http.ReadResponse(br, nil); err != nil {
		t.Fatalf("delayed answer: %v", err)
	}
	got, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(got, []byte(`"status":"OK"`)) {
		t.Fatalf("delayed answer: HTTP %d %s", resp.StatusCode, got)
	}
	if e := s.Deps().Journal.List(journal.Filter{Limit: 1}); len(e) != 1 || e[0].Fault != "" {
		t.Errorf("delayed answer journaled: %+v", e)
	}
}

func addRule(t *testing.T, ts *httptest.Server, rule string) int {
	t.Helper()
	res, err := ts.Client().Post(ts.URL+"/__admin/scenarios", "application/json", strings.NewReader(rule))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// slices cuts b into pieces of n bytes.
func slices(b []byte, n int) func(func([]byte) bool) {
	return func(yield func([]byte) bool) {
		for len(b) > 0 {
			k := min(n, len(b))
			if !yield(b[:k]) {
				return
			}
			b = b[k:]
		}
	}
}

// TestIdleKeepAliveClosed: a keep-alive connection left idle is closed
// after the idle timeout.
func TestIdleKeepAliveClosed(t *testing.T) {
	_, ts := limitedServer(t, server.Limits{IdleTimeout: 200 * time.Millisecond})
	c, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, "GET /__admin/health HTTP/1.1\r\nHost: mock\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Close {
		t.Fatalf("health: HTTP %d, close %v: want a kept-alive 200", resp.StatusCode, resp.Close)
	}
	_ = c.SetReadDeadline(time.Now().Add(time.Minute))
	if _, err := br.ReadByte(); err != io.EOF {
		t.Fatalf("idle connection: %v, want EOF (closed by the server)", err)
	}
}

// TestUnreadStalledBodyClosed: a request answered from its headers alone
// (here: headers over the limit) whose body then stalls loses its
// connection too; the server reads the rest of an unread body after the
// answer, and that read has the same deadline.
func TestUnreadStalledBodyClosed(t *testing.T) {
	_, ts := limitedServer(t, server.Limits{BodyTimeout: 200 * time.Millisecond, MaxHeaderBytes: 4 << 10})
	c, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	head, body := ocrRequest(t, 50_000)
	head = strings.Replace(head, "Host: mock\r\n", "Host: mock\r\nX-Padding: "+strings.Repeat("p", 5<<10)+"\r\n", 1)
	if _, err := io.WriteString(c, head+string(body[:1000])); err != nil {
		t.Fatal(err)
	}
	got, err := closedBy(c)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(got, []byte("INVALID_REQUEST")) {
		t.Errorf("answer before the close: %q, want eKYCPro's INVALID_REQUEST", got)
	}
}

// TestAdminListenerStalledBodyClosed: the admin API on a listener of its
// own (-admin-addr) holds a stalled body no longer than the vendors do.
func TestAdminListenerStalledBodyClosed(t *testing.T) {
	s, err := server.New(t.Context(), server.Options{Limits: server.Limits{BodyTimeout: 200 * time.Millisecond}, SeparateAdmin: true})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = s.HTTPServer(s.AdminHandler(), nil)
	ts.Start()
	t.Cleanup(ts.Close)
	c, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	head := "POST /__admin/scenarios HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/yaml\r\nContent-Length: 10000\r\n\r\n"
	if _, err := io.WriteString(c, head+"- vendor: "); err != nil {
		t.Fatal(err)
	}
	if _, err := closedBy(c); err != nil {
		t.Fatal(err)
	}
}
