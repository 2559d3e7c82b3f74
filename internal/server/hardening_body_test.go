package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/journal"
	"github.com/mockekyc/mockekyc/internal/loadkinds"
	"github.com/mockekyc/mockekyc/internal/server"
)

// TestBodyBudgetExhausted: while one upload holds most of the body budget,
// a second body that finds no room within the wait gets a gateway's 503;
// once the first is answered the second gets through.
func TestBodyBudgetExhausted(t *testing.T) {
	s, ts := limitedServer(t, server.Limits{BodyBudget: 256 << 10, BodyTimeout: 2 * time.Second, BodyMinRate: 1})
	head, body := ocrRequest(t, 140_000) // ~187 KB
	c, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, head+string(body[:140_000])); err != nil {
		t.Fatal(err)
	}
	// Keep the first upload alive, a byte at a time, until told to finish.
	finish := make(chan struct{})
	sent := make(chan error, 1)
	go func() {
		rest := body[140_000:]
		for len(rest) > 1 {
			select {
			case <-finish:
				_, err := c.Write(rest)
				sent <- err
				return
			case <-time.After(50 * time.Millisecond):
			}
			if _, err := c.Write(rest[:1]); err != nil {
				sent <- err
				return
			}
			rest = rest[1:]
		}
		<-finish
		_, err := c.Write(rest)
		sent <- err
	}()
	for s.Deps().Bodies.InUse() < int64(len(body)) { // the first body holds its whole buffer
		time.Sleep(time.Millisecond)
	}
	second := func() (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/ekycpro/v1/id_ocr/general", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-API-Key", "AbcdEfgh")
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return res, b
	}
	res, got := second()
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(got), "<h1>503 Service Unavailable</h1>") {
		t.Fatalf("a body beside one holding the budget: HTTP %d %s, want the 503 page", res.StatusCode, got)
	}
	e := s.Deps().Journal.List(journal.Filter{Limit: 1})
	if len(e) != 1 || e[0].Why != "busy" || e[0].Notes["body_budget"] == "" || e[0].Charged {
		t.Errorf("journal of the 503: %+v", e)
	}
	close(finish)
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	first, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	first.Body.Close()
	if first.StatusCode != 200 {
		t.Fatalf("the first upload: HTTP %d", first.StatusCode)
	}
	if res, got = second(); res.StatusCode != 200 {
		t.Fatalf("the second body after the first: HTTP %d %s", res.StatusCode, got)
	}
	if n := s.Deps().Bodies.InUse(); n != 0 {
		t.Errorf("%d bytes of the budget still held after every answer", n)
	}
}

// TestOversizedHeaderVendorStyle: a request line and headers over the
// limit get the addressed vendor's own invalid-request answer (JSON in its
// envelope), not Go's bare-text 431.
func TestOversizedHeaderVendorStyle(t *testing.T) {
	s, ts := limitedServer(t, server.Limits{MaxHeaderBytes: 8 << 10})
	kinds, err := loadkinds.Kinds(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	// AccuAuth is not among the load kinds: its name check, as
	// TestFaultHeaderEveryVendor sends it.
	kinds = append(kinds, loadkinds.Kind{Name: "accuauth", Request: func(base string) (*http.Request, error) {
		req, err := http.NewRequest(http.MethodPost, base+"/accuauth/verify/id_name", strings.NewReader(`{"id_number":"3171024302821001","name":"BUDI"}`))
		if err == nil {
			req.Header = http.Header{"Content-Type": {"application/json"}, "X-Df-Api-Id": {"demo-api-id"}, "X-Df-Api-Secret": {"demo-api-secret"}}
		}
		return req, err
	}, Check: func(status int, body []byte) error {
		if status != http.StatusOK || !bytes.Contains(body, []byte(`"status":"OK"`)) {
			return fmt.Errorf("HTTP %d %s", status, body)
		}
		return nil
	}})
	vendors := map[string]bool{}
	for _, k := range kinds {
		req, err := k.Request(ts.URL)
		if err != nil {
			t.Fatal(err)
		}
		vendor := strings.Split(req.URL.Path, "/")[1]
		if vendors[vendor] {
			continue
		}
		vendors[vendor] = true
		req.Header.Set("X-Padding", strings.Repeat("p", 10<<10))
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusRequestHeaderFieldsTooLarge || !json.Valid(got) || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s: HTTP %d %s %q, want the vendor's JSON", vendor, res.StatusCode, res.Header.Get("Content-Type"), got)
			continue
		}
		e := s.Deps().Journal.List(journal.Filter{Vendor: vendor, Limit: 1})
		if len(e) != 1 || e[0].Notes["header_too_large"] == "" || e[0].Code == "" || e[0].Charged {
			t.Errorf("%s: journal %+v, want the vendor's documented code, uncharged, noted", vendor, e)
			continue
		}
		t.Logf("%s: HTTP %d %s %s", vendor, res.StatusCode, e[0].Code, got)
		// Under the limit, the same request is served as before.
		req, _ = k.Request(ts.URL)
		req.Header.Set("X-Padding", strings.Repeat("p", 4<<10))
		res, err = ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ = io.ReadAll(res.Body)
		res.Body.Close()
		if err := k.Check(res.StatusCode, got); err != nil {
			t.Errorf("%s under the limit: %v", vendor, err)
		}
	}
	if len(vendors) != 5 {
		t.Errorf("vendors tried: %v, want all five", vendors)
	}
}

// TestOversizedHeaderEveryEndpoint: every endpoint of every vendor answers
// headers over the limit with one of its own documented answers, never a
// handler panic (DELETE /v1/face/enroll documents no INVALID_PAYLOAD, and
// once panicked asking for it).
func TestOversizedHeaderEveryEndpoint(t *testing.T) {
	s, ts := limitedServer(t, server.Limits{MaxHeaderBytes: 8 << 10})
	for _, v := range s.Catalogue().Vendors() {
		for _, ep := range v.Endpoints() {
			path := strings.NewReplacer("{", "", "}", "").Replace(ep.Path)
			req, err := http.NewRequest(ep.Method, ts.URL+"/"+v.Name()+path, strings.NewReader("{}"))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Padding", strings.Repeat("p", 10<<10))
			res, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			e := s.Deps().Journal.List(journal.Filter{Vendor: v.Name(), Limit: 1})
			if len(e) != 1 || e[0].Why == "panic" {
				t.Errorf("%s %s: HTTP %d, journal %+v", v.Name(), ep.OperationID, res.StatusCode, e)
				continue
			}
			if _, ok := ep.Answer(e[0].Code, e[0].Message); !ok {
				t.Errorf("%s %s: answered %s %q, not one of its documented answers", v.Name(), ep.OperationID, e[0].Code, e[0].Message)
			}
		}
	}
}
