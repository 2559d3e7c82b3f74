package server_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/mockekyc/mockekyc/internal/loadkinds"
	"github.com/mockekyc/mockekyc/internal/server"
)

// TestLoadKinds sends each request of the load program once, through a real
// listener, and holds it to its own check: the benchmark counts an answer as
// good only if it is the documented success, so a kind that drifted into an
// error answer would make every figure meaningless.
func TestLoadKinds(t *testing.T) {
	ts, kinds := loadServer(t)
	if len(kinds) != 7 {
		t.Fatalf("%d load kinds, want the issue's 6 and the many-numbers /v1/phone", len(kinds))
	}
	for _, k := range kinds {
		req, err := k.Request(ts.URL)
		if err != nil {
			t.Fatal(k.Name, err)
		}
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(k.Name, err)
		}
		rec := httptest.NewRecorder()
		_, _ = rec.Body.ReadFrom(resp.Body)
		resp.Body.Close()
		if err := k.Check(resp.StatusCode, rec.Body.Bytes()); err != nil {
			t.Errorf("%s: %v", k.Name, err)
		}
		// The same check refuses a documented answer other than success,
		// HTTP 200 like success: Verihubs' "forgery detected" is FRG-1 too
		// (VENDORS.md §4.2's sample); the others' carry their failure in
		// status or code.
		other := `{"status_code":"FRG-1","message":"Forgery detected","error_code":"FAIL_ON_2",` +
			`"data":{"reference_id":"0d6c1e0e","forgery":true},"status":"FAIL","code":"PARAMETER_ERROR"}`
		if err := k.Check(resp.StatusCode, []byte(other)); err == nil {
			t.Errorf("%s: the check took an error answer as success", k.Name)
		}
	}
}

// loadServer is a server on a real listener, closed with the test, and the
// load program's requests for it. Those sign with the real clock (ADVANCE's
// token timestamp), so the server keeps it.
func loadServer(t testing.TB) (*httptest.Server, []loadkinds.Kind) {
	t.Helper()
	s, err := server.New(t.Context(), server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	s.AddListener(ts.Listener.Addr())
	t.Cleanup(func() {
		ts.Close()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_ = s.Close(ctx)
	})
	kinds, err := loadkinds.Kinds(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	return ts, kinds
}
