package emulate

import (
	"net/http"

	"github.com/mockekyc/mockekyc/internal/journal"
)

// JournalForm tells what the journal keeps of a value a client sends to
// one vendor: the value itself, or its journal.Fingerprint (a signed
// header: its clear prefix and the fingerprint) where the vendor or
// GenericSecrets declare it secret. The admin API's filters compare a
// journal entry with the form of the value a user gives, so that a secret
// is found by the value the user knows, and never shown whole.
type JournalForm struct{ s *secretSet }

// NewJournalForm is v's JournalForm; a nil v has only GenericSecrets.
func NewJournalForm(v Vendor) JournalForm { return JournalForm{newSecretSet(v)} }

// Header is what the journal keeps of a request header sent with value.
func (f JournalForm) Header(name, value string) string {
	return f.s.header(http.CanonicalHeaderKey(name), value)
}

// Field is what the journal keeps of a request field recorded as name
// (Call.Field).
func (f JournalForm) Field(name, value string) string { return f.s.field(name, value) }

// Credential is what the journal keeps of a credential id.
func (f JournalForm) Credential(id string) string {
	if f.s.credential {
		return journal.Fingerprint(id)
	}
	return id
}
