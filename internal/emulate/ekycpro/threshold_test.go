package ekycpro_test

import (
	"fmt"
	"math"
	"net/http"
	"testing"

	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/ekycpro"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestNameMatchThresholdSetting: name_match_threshold must be in (0, 1].
func TestNameMatchThresholdSetting(t *testing.T) {
	for _, c := range []struct {
		value string
		ok    bool
	}{{"0", false}, {"-0.5", false}, {"0.01", true}, {"0.8", true}, {"1", true}, {"1.01", false}} {
		cfg, err := config.Parse("t.yaml", []byte("vendors:\n  ekycpro:\n    settings: {name_match_threshold: "+c.value+"}\n"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ekycpro.New(cfg.Vendors["ekycpro"]); (err == nil) != c.ok {
			t.Errorf("name_match_threshold %s: err %v", c.value, err)
		}
	}
}

// TestNameMatchThreshold: ididcheck is OK from a score equal to the
// threshold up, NOT below it, with the score in the body either way; the
// default threshold is 0.8.
func TestNameMatchThreshold(t *testing.T) {
	const nik = "3171024302821001"
	st, person := mocktest.New(t).Admin(http.MethodGet, "/identity/"+nik, "")
	if st != http.StatusOK {
		t.Fatalf("identity %d", st)
	}
	name := person["name"].(string)
	// One letter changed: a score a little under 1.
	r := []rune(name)
	if r[0] == 'Q' {
		r[0] = 'X'
	} else {
		r[0] = 'Q'
	}
	near := string(r)
	s := emulate.NameSimilarity(near, name)
	if s <= 0 || s >= 1 {
		t.Fatalf("similarity of %q and %q is %v", near, name, s)
	}
	send := func(h *mocktest.Harness, name string) (string, float64) {
		t.Helper()
		res := post("/v1/ididcheck", "id", nik, "name", name).withKey(demoKey).Send(h)
		m := res.JSON(t)
		msg, _ := m["message"].(map[string]any)
		score, _ := msg["score"].(float64)
		return fmt.Sprint(m["status"]), score
	}
	for _, c := range []struct {
		threshold float64
		want      string
	}{
		{s, "OK"}, {math.Round((s+0.01)*100) / 100, "NOT"}, {math.Round((s-0.01)*100) / 100, "OK"}, {1, "NOT"},
	} {
		h := mocktest.New(t, mocktest.WithConfig(fmt.Sprintf("vendors:\n  ekycpro:\n    credentials: [{id: %s}]\n    settings: {name_match_threshold: %v}\n", demoKey, c.threshold)))
		if code, score := send(h, near); code != c.want || score != s {
			t.Errorf("threshold %v, score %v: %s with score %v, want %s", c.threshold, s, code, score, c.want)
		}
		if code, score := send(h, name); code != "OK" || score != 1 {
			t.Errorf("threshold %v, the person's own name: %s %v", c.threshold, code, score)
		}
	}
	// The default, 0.8: change letter after letter until the score drops
	// under it; the last name at or above it matches, the first below not.
	h := mocktest.New(t)
	r = []rune(name)
	prev := name
	for i := range r {
		if r[i] == ' ' {
			continue
		}
		r[i] = 'Q'
		if emulate.NameSimilarity(string(r), name) < 0.8 {
			break
		}
		prev = string(r)
	}
	below := string(r)
	if emulate.NameSimilarity(prev, name) < 0.8 || emulate.NameSimilarity(below, name) >= 0.8 {
		t.Fatalf("no names around 0.8: %q %q", prev, below)
	}
	if code, _ := send(h, prev); code != "OK" {
		t.Errorf("default threshold, %q (%v): %s, want OK", prev, emulate.NameSimilarity(prev, name), code)
	}
	if code, _ := send(h, below); code != "NOT" {
		t.Errorf("default threshold, %q (%v): %s, want NOT", below, emulate.NameSimilarity(below, name), code)
	}
}
