package emulate_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// panicTest is the header that tells the test hook at which stage of
// answering to panic.
const panicTest = "X-Test-Panic"

// TestPanicWhileAnswering: a panic past the vendor handler — encoding the
// answer, about to write it — is the addressed vendor's own internal-error
// answer, journaled with why "panic" and logged; a panic after the answer
// went out leaves the answer as sent, journaled and logged. The server
// keeps serving. Before, only the handler itself was guarded: such a panic
// reached net/http, which dropped the connection.
func TestPanicWhileAnswering(t *testing.T) {
	var log mocktest.Log
	h := mocktest.New(t, mocktest.WithLog(&log))
	emulate.SetPanicHook(t, func(stage string, r *http.Request) {
		if r.Header.Get(panicTest) == stage {
			panic("test panic at " + stage)
		}
	})
	for _, v := range h.Server.Catalogue().Vendors() {
		ep := v.Endpoints()[0]
		for _, target := range []struct {
			name, method, path string
			ep                 *emulate.Endpoint
		}{
			{"endpoint " + ep.OperationID, ep.Method, "/" + v.Name() + ep.Path, ep},
			{"unknown path", http.MethodGet, "/" + v.Name() + "/no/such/path", &emulate.Endpoint{}},
		} {
			// Internal is the vendor's documented server error; its shape
			// is what the client must get.
			probe, _ := http.NewRequest(target.method, "/", nil)
			want := v.Internal(&emulate.Call{Req: probe, Vendor: v, Endpoint: target.ep, Deps: h.Server.Deps()})
			wantBody, _ := json.Marshal(want.Body)
			send := func(stage string) mocktest.Result {
				req := h.Request(target.method, target.path, strings.NewReader("{}"), http.Header{
					"Content-Type": {"application/json"}, panicTest: {stage}})
				return h.Do(req)
			}
			natural := send("")
			for _, stage := range []string{"encode", "write"} {
				res := send(stage)
				if res.Status != want.Status || !sameKeys(t, res.Body, wantBody) {
					t.Errorf("%s %s, panic at %s: HTTP %d %s\nwant the vendor's internal answer HTTP %d %s",
						v.Name(), target.name, stage, res.Status, res.Body, want.Status, wantBody)
				}
				e := h.LastEntry()
				if e.Why != emulate.WhyPanic || e.Code != want.Code || e.Notes["panic"] != "test panic at "+stage {
					t.Errorf("%s %s, panic at %s: journal why %q code %q notes %v", v.Name(), target.name, stage, e.Why, e.Code, e.Notes)
				}
			}
			before := h.Server.Deps().Journal.Len()
			res := send("written")
			if res.Status != natural.Status || !sameKeys(t, res.Body, natural.Body) {
				t.Errorf("%s %s, panic after the answer: HTTP %d %s, want the answer as sent: HTTP %d %s",
					v.Name(), target.name, res.Status, res.Body, natural.Status, natural.Body)
			}
			if h.Server.Deps().Journal.Len() != before+1 || h.LastEntry().Notes["panic"] != "test panic at written" {
				t.Errorf("%s %s, panic after the answer: not journaled: %+v", v.Name(), target.name, h.LastEntry())
			}
		}
	}
	for _, stage := range []string{"encode", "write", "written"} {
		if n := strings.Count(log.String(), "test panic at "+stage); n != 2*len(h.Server.Catalogue().Vendors()) {
			t.Errorf("%d log lines for panics at %s:\n%.2000s", n, stage, log.String())
		}
	}
	// Still serving.
	res := h.Do(h.Request(http.MethodGet, "/ekycpro/v1/balance", nil, http.Header{"X-Api-Key": {"AbcdEfgh"}}))
	if res.Status != 200 {
		t.Errorf("after the panics: HTTP %d %s", res.Status, res.Body)
	}
}

// sameKeys: two JSON answers with the same top-level keys and the same
// values but for ids (a request id, a transaction id differ per call);
// non-JSON answers must be equal.
func sameKeys(t *testing.T, a, b []byte) bool {
	t.Helper()
	var ma, mb map[string]any
	if json.Unmarshal(a, &ma) != nil || json.Unmarshal(b, &mb) != nil {
		return bytes.Equal(a, b)
	}
	if len(ma) != len(mb) {
		return false
	}
	for k, va := range ma {
		vb, ok := mb[k]
		if !ok {
			return false
		}
		if strings.Contains(strings.ToLower(k), "id") {
			continue
		}
		ja, _ := json.Marshal(va)
		jb, _ := json.Marshal(vb)
		if !bytes.Equal(ja, jb) {
			return false
		}
	}
	return true
}
