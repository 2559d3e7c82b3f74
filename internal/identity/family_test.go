package identity

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func parseDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse("02-01-2006", s)
	if err != nil {
		t.Fatalf("marriage date %q: %v", s, err)
	}
	return d
}

// checkFamily asserts the household invariants a KK must satisfy.
func checkFamily(t *testing.T, g *Generator, f Family) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("KK %s: %s", f.KK, fmt.Sprintf(format, args...))
	}
	k, err := g.ParseKK(f.KK)
	if err != nil {
		fail("%v", err)
	}
	if !k.IssueDate.Equal(f.IssueDate) || f.IssueDate.After(g.ReferenceDate()) {
		fail("issue date %s, number says %s", f.IssueDate, k.IssueDate)
	}
	if len(f.Members) == 0 || f.Members[0].Relation != relHead || f.Head != f.Members[0].Name {
		fail("head: %q, first member %+v", f.Head, f.Members)
	}
	if f.City != k.Region.City || f.District != k.Region.District || f.Province != k.Region.Province {
		fail("region %s/%s, number says %+v", f.City, f.District, k.Region)
	}
	head := f.Members[0]
	var father, mother *Member
	if head.Gender == "LAKI-LAKI" {
		father = &f.Members[0]
	} else {
		mother = &f.Members[0]
	}
	niks := map[string]bool{}
	var marriage time.Time
	for i := range f.Members {
		m := &f.Members[i]
		checkMemberPerson(t, g, m.Person)
		if m.NIK[:6] != f.KK[:6] {
			fail("%s lives in %s but has NIK %s", m.Name, f.KK[:6], m.NIK)
		}
		if niks[m.NIK] {
			fail("NIK %s twice", m.NIK)
		}
		niks[m.NIK] = true
		if m.Address != f.Address || m.RT != f.RT || m.RW != f.RW || m.Village != f.Village || m.Postcode != f.Postcode {
			fail("%s does not live at the family's address", m.Name)
		}
		if m.Religion != head.Religion {
			fail("%s is %s, head is %s", m.Name, m.Religion, head.Religion)
		}
		if (m.MaritalStatus == kawin) != (m.MarriageDate != "") {
			fail("%s: status %s, marriage date %q", m.Name, m.MaritalStatus, m.MarriageDate)
		}
		if m.MarriageDate != "" {
			md := parseDate(t, m.MarriageDate)
			if md.After(f.IssueDate) || ageAt(m.BirthDate, md) < 18 {
				fail("%s married %s, born %s, KK issued %s", m.Name, m.MarriageDate, m.BirthDate, f.IssueDate)
			}
			marriage = md
		}
		switch m.Relation {
		case relHead:
			if i != 0 {
				fail("second head")
			}
		case relWife, relHusband:
			if m.MaritalStatus != kawin || head.MaritalStatus != kawin || m.MarriageDate != head.MarriageDate || m.Gender == head.Gender {
				fail("spouse %+v of %+v", m, head)
			}
			if m.Relation == relWife {
				mother = m
			} else {
				father = m
			}
		case relChild:
			if m.MaritalStatus != belumKawin || m.BirthDate.After(f.IssueDate) {
				fail("child %s: %s, born %s", m.Name, m.MaritalStatus, m.BirthDate)
			}
			if !marriage.IsZero() && !m.BirthDate.After(marriage) {
				fail("child %s born %s, before the marriage %s", m.Name, m.BirthDate, marriage)
			}
			for _, parent := range []*Member{father, mother} {
				if parent != nil && parent.BirthDate.AddDate(17, 0, 0).After(m.BirthDate) {
					fail("parent %s (%s) is not 17 years older than %s (%s)", parent.Name, parent.BirthDate, m.Name, m.BirthDate)
				}
			}
			if father != nil && m.FatherName != father.Name || mother != nil && m.MotherName != mother.Name {
				fail("child %s has parents %q/%q", m.Name, m.FatherName, m.MotherName)
			}
			if f.Members[i-1].Relation == relChild && f.Members[i-1].BirthDate.After(m.BirthDate) {
				fail("children not eldest first")
			}
		case relInLaw:
			spouse := &f.Members[1]
			if m.MaritalStatus != ceraiMati || (spouse.Relation != relWife && spouse.Relation != relHusband) || m.BirthDate.AddDate(17, 0, 0).After(spouse.BirthDate) {
				fail("in-law %+v of %+v", m, spouse)
			}
			if m.Name != spouse.FatherName && m.Name != spouse.MotherName {
				fail("in-law %s is not a parent of %s (%s / %s)", m.Name, spouse.Name, spouse.FatherName, spouse.MotherName)
			}
		case relRelative:
			if m.MaritalStatus != belumKawin {
				fail("relative %+v", m)
			}
		default:
			fail("relation %q", m.Relation)
		}
	}
	if marriage.IsZero() && head.MaritalStatus == kawin {
		fail("married head without a marriage date")
	}
}

// checkMemberPerson is checkPerson minus what the household overrides.
func checkMemberPerson(t *testing.T, g *Generator, p Person) {
	t.Helper()
	n, err := g.ParseNIK(p.NIK)
	if err != nil {
		t.Fatalf("member NIK %s: %v", p.NIK, err)
	}
	if p.Gender != n.Gender.String() || !p.BirthDate.Equal(n.BirthDate) || p.District != n.Region.District {
		t.Fatalf("member %s %s disagrees with the NIK", p.NIK, p.Name)
	}
	if !namePat.MatchString(p.Name) || !religions[p.Religion] || !educations[p.Education] || !occupations()[p.Occupation] {
		t.Fatalf("member %+v", p)
	}
	if ageAt(p.BirthDate, g.ReferenceDate()) >= 100 {
		t.Fatalf("member %s is %d", p.Name, ageAt(p.BirthDate, g.ReferenceDate()))
	}
}

func TestFamilyFor(t *testing.T) {
	g := NewGenerator(21)
	relations := map[string]int{}
	sizes := map[int]int{}
	for i := range 1500 {
		subject := fmt.Sprint("kk-image-", i)
		f := g.FamilyFor(subject)
		checkFamily(t, g, f)
		byKK, err := g.FamilyByKK(f.KK)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(byKK) != fmt.Sprint(f) {
			t.Fatalf("FamilyByKK(FamilyFor(%s).KK) differs", subject)
		}
		for _, m := range f.Members {
			relations[m.Relation]++
			// Members are the people their NIKs name, apart from the
			// household's fields and inherited family names.
			p, _ := g.PersonByNIK(m.NIK)
			if p.BirthPlace != m.BirthPlace || p.BloodType != m.BloodType || p.Phone != m.Phone || p.Education != m.Education {
				t.Fatalf("member %s differs from PersonByNIK", m.NIK)
			}
			// Only an inherited family name may differ.
			if p.Name != m.Name && (p.family == m.family || m.family == "" ||
				strings.Fields(p.Name)[0] != strings.Fields(m.Name)[0] && !strings.HasPrefix(m.Name, m.family+" ")) {
				t.Fatalf("member %s is %q (family %q), PersonByNIK says %q", m.NIK, m.Name, m.family, p.Name)
			}
		}
		sizes[len(f.Members)]++
	}
	// The household mix: mostly couples with children, some in-laws and
	// relatives, some single parents.
	for _, r := range []string{relHead, relWife, relHusband, relChild, relInLaw, relRelative} {
		if relations[r] == 0 {
			t.Errorf("no %s in 1500 families", r)
		}
	}
	if relations[relWife] < 1000 || relations[relChild] < 2000 || sizes[1] == 0 || sizes[6] == 0 {
		t.Errorf("relations %v, sizes %v", relations, sizes)
	}
}

func TestFamilyByKKFallbacks(t *testing.T) {
	g := NewGenerator(4)
	for _, kk := range []string{"9901010101200001", "3171023302200001", "3171020101700001", "0000000000000000"} {
		f, err := g.FamilyByKK(kk)
		if err != nil {
			t.Fatal(err)
		}
		if !f.RegionFallback && !f.DateFallback {
			t.Errorf("%s: no fallback flagged", kk)
		}
		if f.KK != kk || len(f.Members) == 0 {
			t.Errorf("%s: %+v", kk, f)
		}
		again, _ := g.FamilyByKK(kk)
		if fmt.Sprint(again) != fmt.Sprint(f) {
			t.Errorf("%s: not deterministic", kk)
		}
		for _, m := range f.Members {
			if ageAt(m.BirthDate, g.ReferenceDate()) >= 100 || m.BirthDate.After(g.ReferenceDate()) {
				t.Errorf("%s: member born %s", kk, m.BirthDate)
			}
			if _, err := g.ParseNIK(m.NIK); err != nil {
				t.Errorf("%s: member NIK %v", kk, err)
			}
		}
	}
	if _, err := g.FamilyByKK("12345"); !errors.Is(err, ErrLength) {
		t.Errorf("short KK: %v", err)
	}
}

func TestWithFamily(t *testing.T) {
	tests := []struct{ name, old, fam, want string }{
		{"ROSMAULI BR SINAGA", "SINAGA", "PURBA", "ROSMAULI BR PURBA"},
		{"KEVIN WIJAYA", "WIJAYA", "HALIM", "KEVIN HALIM"},
		{"FELIX JOHAN", "", "HALIM", "FELIX HALIM"},
		{"YOHANES DA COSTA", "DA COSTA", "NDUN", "YOHANES NDUN"},
		{"TAN KIM LIONG", "TAN", "LIM", "LIM KIM LIONG"},
		{"MATIUS HENDRIK KOLO", "KOLO", "DA COSTA", "MATIUS DA COSTA"},
	}
	for _, tt := range tests {
		if got := withFamily(tt.name, tt.old, tt.fam); got != tt.want {
			t.Errorf("withFamily(%q, %q, %q) = %q, want %q", tt.name, tt.old, tt.fam, got, tt.want)
		}
	}
}

func BenchmarkFamilyFor(b *testing.B) {
	g := NewGenerator(1)
	subjects := make([]string, 256)
	for i := range subjects {
		subjects[i] = fmt.Sprintf("sha256:%064x", i)
		g.FamilyFor(subjects[i])
	}
	i := 0
	for b.Loop() {
		g.FamilyFor(subjects[i%len(subjects)])
		i++
	}
}

// FuzzFamilyByKK: any 16 digits give one stable household whose members all
// have valid NIKs; anything else an error.
func FuzzFamilyByKK(f *testing.F) {
	for _, s := range []string{"3508051001122142", "9901010101200001", "3171020101700001", "0000000000000000", "x"} {
		f.Add(s)
	}
	g := NewGenerator(9)
	f.Fuzz(func(t *testing.T, s string) {
		fam, err := g.FamilyByKK(s)
		if !IsNIKFormat(s) {
			if err == nil {
				t.Fatalf("FamilyByKK(%q) succeeded", s)
			}
			return
		}
		if err != nil || len(fam.Members) == 0 || fam.Members[0].Relation != relHead {
			t.Fatalf("%+v, %v", fam, err)
		}
		for _, m := range fam.Members {
			if _, err := g.ParseNIK(m.NIK); err != nil {
				t.Fatalf("member: %v", err)
			}
		}
		if again, _ := g.FamilyByKK(s); fmt.Sprint(again) != fmt.Sprint(fam) {
			t.Fatal("not deterministic")
		}
		if _, err := g.ParseKK(s); err == nil && !fam.DateFallback {
			checkFamily(t, g, fam)
		}
	})
}
