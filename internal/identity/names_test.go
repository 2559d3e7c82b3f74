package identity

import (
	"slices"
	"strings"
	"testing"
)

func TestJoin(t *testing.T) {
	tests := []struct {
		parts []string
		want  string
	}{
		{[]string{"BUDI"}, "BUDI"},
		{[]string{"BUDI", "SANTOSO"}, "BUDI SANTOSO"},
		{[]string{"I", "WAYAN", "SUARTANA"}, "I WAYAN SUARTANA"},
		{[]string{"YOHANES PETRUS", "DA COSTA"}, "YOHANES DA COSTA"},
		{[]string{"TRI", "TRI", "HARTONO"}, "TRI HARTONO"},
		{[]string{" SRI  MULYANI ", ""}, "SRI MULYANI"},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := join(tt.parts...); got != tt.want {
			t.Errorf("join(%q) = %q, want %q", tt.parts, got, tt.want)
		}
	}
}

func TestMakeName(t *testing.T) {
	r := newRNG(1, "test", "names")
	for eth := range numEthnicities {
		for rel := range numReligions {
			for _, g := range []Gender{Male, Female} {
				for _, born := range []int{1945, 1985, 2010} {
					for range 100 {
						s := nameSpec{eth: eth, rel: rel, gender: g, born: born, prov: 53}
						name, fam := makeName(&r, s)
						if !namePat.MatchString(name) {
							t.Fatalf("%+v: %q", s, name)
						}
						if fam != "" && (!inherits(eth) || !strings.HasSuffix(name, " "+fam) && !strings.HasPrefix(name, fam+" ")) {
							t.Fatalf("%+v: %q with family %q", s, name, fam)
						}
						words := strings.Fields(name)
						switch {
						case eth == ethBali && g == Male && words[0] != "I" && words[0] != "IDA":
							t.Fatalf("Balinese man %q", name)
						case eth == ethBali && g == Female && words[0] != "NI" && name[:7] != "IDA AYU":
							t.Fatalf("Balinese woman %q", name)
						case g == Male && slices.Contains(words, "BR"):
							t.Fatalf("man with a boru name %q", name)
						case g == Female && (words[0] == "MUH." || words[0] == "MUHAMMAD" || words[0] == "I"):
							t.Fatalf("woman named %q", name)
						}
						// A given family name is used as is.
						if inherits(eth) {
							s.family = "SIREGAR"
							if name, fam := makeName(&r, s); fam != "SIREGAR" || !strings.HasSuffix(name, " SIREGAR") {
								t.Fatalf("%+v: %q / %q", s, name, fam)
							}
						}
					}
				}
			}
		}
	}
}

// A given name equal to a family name would be merged by join ("GUNAWAN
// GUNAWAN" -> "GUNAWAN"), leaving a child nothing to inherit.
func TestGivenNamesAreNotFamilyNames(t *testing.T) {
	families := slices.Concat(batakMargaKristen, batakMargaIslam, tionghoaFamily, tionghoaOldFamily,
		famMinahasa, famMaluku, famNTT, famPapua, famDayak, famToraja)
	given := slices.Concat(batakMale, batakFemale, tionghoaMale, tionghoaFemale, christianMale, christianFemale,
		neutralMale, neutralFemale, melayuMale, melayuFemale, modernMale, modernFemale)
	for _, g := range given {
		if slices.Contains(families, g) {
			t.Errorf("%q is both a given and a family name", g)
		}
	}
}
