package contract

import (
	"net/http"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/reqspec"
)

// Differential is the request contract of the test harness: it asks both
// kin-openapi (Kin) and the mock's own compact validator (Compact, what the
// running mock uses) about every request, answers with Compact's verdict,
// and tells Disagree when one accepts what the other refuses. Every request
// of every emulator test is so a case of the comparison.
type Differential struct {
	Kin      *Validator
	Compact  *reqspec.Validator
	Disagree func(vendor, operationID string, kinErr, compactErr error)
}

var _ emulate.RequestContract = Differential{}

// ValidateRequest returns Compact's verdict.
func (d Differential) ValidateRequest(vendor, operationID string, r *http.Request, body []byte, parsed emulate.ParsedBody) error {
	cerr := d.Compact.ValidateRequest(vendor, operationID, r, body, parsed)
	kerr := d.Kin.ValidateRequest(vendor, operationID, r, body, parsed)
	if (kerr == nil) != (cerr == nil) && d.Disagree != nil {
		d.Disagree(vendor, operationID, kerr, cerr)
	}
	return cerr
}
