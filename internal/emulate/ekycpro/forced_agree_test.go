package ekycpro_test

import (
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate/ekycpro"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestForcedAnswersAgree forces every answer of the catalogue with a
// scenario rule: the forced body has the shape of the code's natural
// answer and says the same (a forced NOT on /v1/ididcheck has a score
// below name_match_threshold, as a natural NOT has).
func TestForcedAnswersAgree(t *testing.T) {
	answers(t).Forced(t, mocktest.FamilyMeaning(ekycpro.DefaultSettings().NameMatchThreshold))
}
