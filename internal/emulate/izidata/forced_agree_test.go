package izidata_test

import (
	"testing"

	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestForcedAnswersAgree forces every answer of the catalogue with a
// scenario rule: the forced body has the shape of the code's natural
// answer and says the same (face verdicts, anti-fake flags, liveness and
// counters agree with their numbers). iziData has no name score.
func TestForcedAnswersAgree(t *testing.T) { answers(t).Forced(t, mocktest.FamilyMeaning(0)) }
