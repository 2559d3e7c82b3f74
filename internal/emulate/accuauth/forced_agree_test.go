package accuauth_test

import (
	"strings"
	"testing"
)

// TestForcedAnswersAgree forces every answer of the catalogue with a
// scenario rule: the forced body has the shape of the code's natural
// answer and says the same. A verify result carries its code's remark
// (docs/vendors/accuauth.md#s3-4); on id_selfie 01 is a match of every check
// sent, 02 a failure of at least one, and 03-08 no verdict at all.
func TestForcedAnswersAgree(t *testing.T) {
	remarks := map[string]string{"01": "MATCH", "02": "MISMATCH", "03": "UNKNOW", "04": "FAILED",
		"05": "NOT FOUND FROM DB", "06": "CHANNEL FAILED", "07": "RATE LIMITED", "08": "NO FACE DETECTED"}
	answers(t).Forced(t, func(t *testing.T, op, code string, body any) {
		b, _ := body.(map[string]any)
		r, _ := b["result"].(map[string]any)
		res, ok := r["result"].(string)
		if !ok {
			return
		}
		if want := strings.TrimPrefix(code, "OK/"); res != want || r["remark"] != remarks[res] {
			t.Errorf("%s: result %s remark %v", code, res, r["remark"])
		}
		if op != "verifyIdSelfie" {
			return
		}
		checks := []string{"face_percent", "ktp_face_percent", "name", "birth_date"}
		passed := 0
		for _, k := range checks {
			if r[k] == true {
				passed++
			}
		}
		face, _ := r["face_score"].(float64)
		ktp, _ := r["ktp_face_score"].(float64)
		switch res {
		case "01":
			if r["face_percent"] != true || face <= 0 {
				t.Errorf("01 (match) with face_percent %v face_score %v", r["face_percent"], face)
			}
			if ktp > 0 && r["ktp_face_percent"] != true {
				t.Errorf("01 (match) with a KTP face score %v but ktp_face_percent %v", ktp, r["ktp_face_percent"])
			}
		case "02":
			if passed == len(checks) {
				t.Errorf("02 (mismatch) with every check passed: %v", r)
			}
		default:
			if passed > 0 || face != 0 || ktp != 0 {
				t.Errorf("%s (no verdict) with checks passed or scores: %v", res, r)
			}
		}
	})
}
