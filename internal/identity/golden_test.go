package identity

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

// TestGolden pins the generated people byte for byte: a change to the hash,
// the draw order, a weight or a name pool changes who every subject is for
// every user of a seed, so it must be a deliberate -update.
func TestGolden(t *testing.T) {
	g := NewGenerator(42)
	person := g.PersonFor("sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")
	example, err := g.PersonByNIK("3171024302821001")
	if err != nil {
		t.Fatal(err)
	}
	got := struct {
		Seed    int64  `json:"seed"`
		Ref     string `json:"reference_date"`
		Person  Person `json:"person"`
		NPWP    NPWP   `json:"npwp"`
		Example Person `json:"izidata_example_nik"`
		Family  Family `json:"family"`
	}{42, FormatDate(g.ReferenceDate()), person, g.NPWPFor(person), example, g.FamilyFor("+6281234560009")} // a couple, three children and a MERTUA
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join("testdata", "seed42.golden.json")
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("output differs from %s; if intended, run go test -update and review the diff:\n%s", path, b)
	}
}
