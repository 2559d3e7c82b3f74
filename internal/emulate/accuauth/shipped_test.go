package accuauth_test

import (
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate/accuauth"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestShippedScenarios: the rules in scenarios/accuauth.yaml do what their
// comments say, and nothing else.
func TestShippedScenarios(t *testing.T) {
	h := mocktest.New(t)
	for _, tc := range []struct {
		name   string
		c      call
		status int
		want   map[string]any
	}{
		{"source down id_name", form("/verify/id_name", "id_number", "3171010101010000", "name", "BUDI"), 512, map[string]any{"status": "SOURCE_SERVICE_UNAVAILABLE"}},
		{"source down id_selfie", form("/verify/id_selfie", "id_number", "3171010101010000", "face_image", selfie(t, "")), 512, map[string]any{"status": "SOURCE_SERVICE_UNAVAILABLE"}},
		{"another NIK", form("/verify/id_name_check", "id_number", knownNIK, "name", "BUDI"), 200, map[string]any{"status": "OK"}},
		{"bank timeout", form("/verify/bankcard_check", "account", "5130000513", "code", "014", "name", "BUDI"), 513, map[string]any{"status": "SOURCE_SERVICE_TIMEOUT"}},
		{"another account", form("/verify/bankcard_check", "account", "5130000514", "code", "014", "name", "BUDI"), 200, map[string]any{"status": "OK"}},
		{"face mismatch", multi(t, "/face/v2/verify", file("file_1", face(t, "scenario=not-same-person")), file("file_2", face(t, ""))), 200,
			map[string]any{"status": "OK", "identical": false, "score": 0.27501}},
		{"faces match", multi(t, "/face/v2/verify", file("file_1", face(t, "")), file("file_2", face(t, ""))), 200, map[string]any{"status": "OK", "identical": true}},
		{"liveness spoof", multi(t, "/face/liveness_anti_hack", file("liveness_data_file", accuauth.LivenessData(face(t, "scenario=spoof")))), 200,
			map[string]any{"status": "OK", "score": 0.99991}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := tc.c.Send(h)
			b := res.JSON(t)
			if res.Status != tc.status {
				t.Fatalf("HTTP %d %s, want %d", res.Status, res.Body, tc.status)
			}
			for k, v := range tc.want {
				if b[k] != v {
					t.Errorf("%s = %v, want %v (%s)", k, b[k], v, res.Body)
				}
			}
		})
	}
}
