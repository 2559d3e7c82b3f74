package mocktest

import (
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate/product"
)

// FamilyMeaning is the Meaning of the iziData family's answers (iziData
// and eKYCPro): an ididcheck score on its code's side of threshold, a face
// verdict that agrees with its similarity, anti-fake flags that agree with
// their scores, liveness verdicts that agree with their scores, inquiry
// counters that never decrease from one window to the next.
func FamilyMeaning(threshold float64) Meaning {
	return func(t *testing.T, op, code string, body any) {
		t.Helper()
		b, _ := body.(map[string]any)
		m, _ := b["message"].(map[string]any)
		if m == nil {
			return
		}
		num := func(k string) (float64, bool) { f, ok := m[k].(float64); return f, ok }
		if s, ok := num("score"); ok {
			switch {
			case code == product.OK && s < threshold, code == "NOT" && s >= threshold:
				t.Errorf("%s %s with score %v: the threshold is %v", op, code, s, threshold)
			}
		}
		if s, ok := num("similarity"); ok {
			if r := m["result"]; r != product.FaceResult(s, true) && r != product.FaceResult(s, false) {
				t.Errorf("%s %s: result %v with similarity %v", op, code, r, s)
			}
		}
		for _, f := range []struct {
			key, flag string
			yes       int
		}{{"blur", "isBlur", product.BlurYes}, {"ps", "isPs", product.PsYes}, {"print", "isPrint", product.PrintYes}, {"replayAttack", "isReplayAttack", product.ReplayYes}} {
			if x, ok := m[f.key].(map[string]any); ok {
				s, _ := x["score"].(float64)
				if (x[f.flag] == "yes") != (s > float64(f.yes)) {
					t.Errorf("%s %s: %s %v with score %v (yes above %d)", op, code, f.flag, x[f.flag], s, f.yes)
				}
			}
		}
		if live, ok := m["is_liveness"].(bool); ok {
			if s, _ := num("live_score"); live != (m["reason"] == "success") || live != (s > 0) {
				t.Errorf("%s %s: is_liveness %v, reason %v, live_score %v", op, code, live, m["reason"], s)
			}
		}
		prev := -1.0
		for _, k := range []string{"07d", "14d", "21d", "30d", "60d", "90d", "total"} {
			n, ok := num(k)
			if !ok {
				break
			}
			if n < prev {
				t.Errorf("%s %s: inquiry counter %s %v below the window before (%v)", op, code, k, n, prev)
			}
			prev = n
		}
	}
}
