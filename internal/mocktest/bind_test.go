package mocktest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// recorder is a testing.TB that keeps what Errorf is told.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// A response that breaks its spec is reported to the t bound for the
// request, not to the t the harness was built with: a fuzz target shares
// one harness, built with the *testing.F, and a failure reported there
// fails the whole run without saving the input (issue 18 item 15).
func TestBindReportsViolationsToTheBoundT(t *testing.T) {
	h := mocktest.New(t)
	// A rule that adds a field the strict response schema does not have.
	if st, body := h.Admin(http.MethodPost, "/scenarios",
		`{"name":"bogus","vendor":"verihubs","endpoint":"idForgery","respond":{"code":"INVALID_PAYLOAD","set":{"bogus":1}}}`); st != 201 && st != 200 {
		t.Fatalf("add rule: %d %v", st, body)
	}
	iteration := &recorder{TB: t}
	unbind := h.Bind(iteration)
	req := h.Request(http.MethodPost, "/verihubs/v2/ktp/idforgery", strings.NewReader(`{"image":"x"}`),
		http.Header{"App-Id": {"demo-app-id"}, "Api-Key": {"demo-api-key"}, "Content-Type": {"application/json"}})
	h.Do(req)
	unbind()
	if len(iteration.errs) != 1 || !strings.Contains(iteration.errs[0], "violates specs/verihubs.yaml") {
		t.Fatalf("bound t was told %q, want the one violation", iteration.errs)
	}
}
