package emulate

import "testing"

func TestNameSimilarity(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"Budi Santoso", "SANTOSO, BUDI", 1}, {"BUDI", "BUDI SANTOSO", 0.33}, {"", "BUDI", 0}, {"SITI AMINAH", "SITI AMINA", 0.91},
	} {
		if got := NameSimilarity(c.a, c.b); got != c.want {
			t.Errorf("NameSimilarity(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
