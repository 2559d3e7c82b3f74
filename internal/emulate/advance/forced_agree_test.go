package advance_test

import "testing"

// TestForcedAnswersAgree forces every answer of the catalogue with a
// scenario rule: the forced body has the shape of the code's natural
// answer and says the same. Only SUCCESS carries data (docs/vendors/advance.md#ad-1); a face
// comparison's similarity is a percentage.
func TestForcedAnswersAgree(t *testing.T) {
	answers(t).Forced(t, func(t *testing.T, op, code string, body any) {
		b, _ := body.(map[string]any)
		data, isObject := b["data"].(map[string]any)
		if (code == "SUCCESS") != isObject {
			t.Errorf("%s with data %v", code, b["data"])
		}
		if s, ok := data["similarity"].(float64); ok && (s < 0 || s > 100) {
			t.Errorf("%s with similarity %v", code, s)
		}
	})
}
