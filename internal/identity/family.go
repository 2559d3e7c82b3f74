package identity

import (
	"strings"
	"time"
)

// Relations as printed in the KK's "Status Hubungan Dalam Keluarga" column.
const (
	relHead     = "KEPALA KELUARGA"
	relWife     = "ISTRI"
	relHusband  = "SUAMI"
	relChild    = "ANAK"
	relInLaw    = "MERTUA"
	relRelative = "FAMILI LAIN"
)

// Member is one row of a Kartu Keluarga.
type Member struct {
	Person
	Relation     string `json:"relation"`      // KEPALA KELUARGA, ISTRI, SUAMI, ANAK, MERTUA, FAMILI LAIN
	MarriageDate string `json:"marriage_date"` // DD-MM-YYYY while married, "" otherwise
}

// Family is a household as its Kartu Keluarga shows it. Every member is a
// full Person with a NIK in the KK's district. A member's name, birth data,
// religion, blood type, education and phone are those of
// PersonByNIK(member.NIK), except that in traditions with family names
// (Batak, Chinese, eastern) children carry their father's and a parent-in-law
// their child's; the household fields (address, RT/RW, village, postcode),
// marital status, occupation (which follows it) and parents' names are the
// family's.
type Family struct {
	KK        string    `json:"kk"`
	IssueDate time.Time `json:"issue_date"` // encoded in the KK number; after the marriage and every birth
	Head      string    `json:"head"`       // the head's name
	Address   string    `json:"address"`
	RT        string    `json:"rt"`
	RW        string    `json:"rw"`
	Village   string    `json:"village"`
	District  string    `json:"district"`
	City      string    `json:"city"`
	Province  string    `json:"province"`
	Postcode  string    `json:"postcode"`
	Members   []Member  `json:"members"` // head first, then spouse, children (eldest first), others
	// RegionFallback and DateFallback: as on Person, for the KK number; a
	// KK date more than 30 years old also counts as impossible, as no
	// household of that age could have all its members alive.
	RegionFallback bool `json:"region_fallback,omitempty"`
	DateFallback   bool `json:"date_fallback,omitempty"`
}

// FamilyFor is the family of subject: a KK number picked from subject like
// NIKFor picks a NIK, then FamilyByKK of it.
func (g *Generator) FamilyFor(subject string) Family {
	r := newRNG(g.seed, "kk", subject)
	t := loadRegions()
	di := pickDistrict(&r, t)
	// KK numbers are reissued when a household changes, so recent issue
	// dates are the most common.
	var issue time.Time
	if r.chance(600) {
		issue = dateBetween(&r, g.ref.AddDate(-5, 0, 0), g.ref)
	} else {
		issue = dateBetween(&r, g.ref.AddDate(-20, 0, 0), g.ref.AddDate(-5, 0, -1))
	}
	return g.family(nikString(t.dists[di].code, issue, false, serialFor(&r)))
}

// FamilyByKK is the family a KK number belongs to, derived from the seed and
// the number alone. Any 16-digit string yields a family (see the fallback
// fields); anything else is a *NumberError.
func (g *Generator) FamilyByKK(kk string) (Family, error) {
	if !IsNIKFormat(kk) {
		_, err := decodeNumber("KK", kk, g.ref, false)
		return Family{}, err
	}
	return g.family(kk), nil
}

// Household shapes (weights in family): most KKs are a couple with children; some
// are headed by a widowed or divorced parent; a few by a single adult.
const (
	shapeCouple = iota
	shapeMother
	shapeFather
	shapeSingle
)

type familyBuilder struct {
	g    *Generator
	r    rng
	t    *regionTable
	code int // district code of the KK and of every member's NIK
	used []string
}

func (g *Generator) family(kk string) Family {
	b := familyBuilder{g: g, r: newRNG(g.seed, "family", kk), t: loadRegions()}
	r := &b.r
	kp := lenient(r, b.t, kk, g.ref, false)
	b.code = b.t.dists[kp.dist].code
	issue := kp.date

	shape := r.weighted([]int{820, 100, 50, 30})
	var marriage, husbandBirth, wifeBirth time.Time
	if shape != shapeSingle {
		bands := [...][2]int{{0, 4}, {5, 9}, {10, 19}, {20, 30}}
		band := bands[r.weighted([]int{25, 25, 35, 15})]
		marriage = dateBetween(r, issue.AddDate(-(band[1]+1), 0, 1), issue.AddDate(-band[0], 0, 0))
		// Husbands married at 21-35, wives at 18-30.
		husbandBirth = dateBetween(r, marriage.AddDate(-36, 0, 1), marriage.AddDate(-21, 0, 0))
		wifeBirth = dateBetween(r, marriage.AddDate(-31, 0, 1), marriage.AddDate(-18, 0, 0))
	}

	var head Person
	headFemale := shape == shapeMother || (shape == shapeSingle && r.chance(400))
	// The husband heads a married household by default (UU 1/1974 art. 31);
	// a few KKs name the wife, with the husband as SUAMI.
	wifeHeads := shape == shapeCouple && r.chance(20)
	switch shape {
	case shapeSingle: // 20-40 when the KK was issued
		birth := dateBetween(r, issue.AddDate(-41, 0, 1), issue.AddDate(-20, 0, 0))
		head = b.member(nikString(b.code, birth, headFemale, serialFor(r)), belumKawin)
	case shapeMother:
		head = b.member(nikString(b.code, wifeBirth, true, serialFor(r)), pickStatus(r))
	case shapeFather:
		head = b.member(nikString(b.code, husbandBirth, false, serialFor(r)), pickStatus(r))
	case shapeCouple:
		if wifeHeads {
			head = b.member(nikString(b.code, wifeBirth, true, serialFor(r)), kawin)
		} else {
			head = b.member(nikString(b.code, husbandBirth, false, serialFor(r)), kawin)
		}
	}
	b.used = append(b.used, head.NIK)
	rel, eth := head.rel, head.eth

	f := Family{
		KK: kk, IssueDate: issue, Head: head.Name,
		Address: head.Address, RT: head.RT, RW: head.RW, Village: head.Village,
		District: head.District, City: head.City, Province: head.Province, Postcode: head.Postcode,
		RegionFallback: kp.regionFallback, DateFallback: kp.dateFallback,
	}
	married := ""
	if shape == shapeCouple {
		married = FormatDate(marriage)
	}
	f.Members = append(f.Members, Member{Person: head, Relation: relHead, MarriageDate: married})
	if shape == shapeSingle {
		return b.finish(f)
	}

	// The other parent: the spouse on the KK, or for a single parent the
	// absent one, named only as the children's father or mother.
	var father, mother Person
	var spouseIdx int
	switch shape {
	case shapeCouple:
		spouseIdx = 1
		if wifeHeads {
			husband := b.member(b.pickNIK(husbandBirth, false, rel, eth, false), kawin)
			f.Members = append(f.Members, Member{Person: husband, Relation: relHusband, MarriageDate: married})
			father, mother = husband, head
		} else {
			wife := b.member(b.pickNIK(wifeBirth, true, rel, eth, false), kawin)
			f.Members = append(f.Members, Member{Person: wife, Relation: relWife, MarriageDate: married})
			father, mother = head, wife
		}
	case shapeMother:
		mother = head
		father.eth = eth
		father.Name, father.family = makeName(r, nameSpec{eth: eth, rel: rel, gender: Male, born: husbandBirth.Year(), prov: b.code / 10000})
	case shapeFather:
		father = head
		mother.Name, _ = makeName(r, nameSpec{eth: eth, rel: rel, gender: Female, born: wifeBirth.Year(), prov: b.code / 10000})
	}

	// Children: the first 10-36 months after the wedding, then every 1.5
	// to 6 years, none after the KK was issued or the mother turned 45.
	want := r.weighted([]int{10, 22, 35, 20, 13})
	next := marriage.AddDate(0, 10+r.intn(27), r.intn(28))
	for range want {
		if next.After(issue) || next.After(wifeBirth.AddDate(45, 0, 0)) {
			break
		}
		female := r.intn(2) == 1
		// Children are named in their father's tradition.
		child := b.member(b.pickNIK(next, female, rel, father.eth, true), belumKawin)
		child.FatherName, child.MotherName = father.Name, mother.Name
		if inherits(father.eth) && father.family != "" && child.family != father.family {
			child.Name = withFamily(child.Name, child.family, father.family)
			child.family = father.family
		}
		f.Members = append(f.Members, Member{Person: child, Relation: relChild})
		next = next.AddDate(0, 18+r.intn(55), r.intn(28))
	}

	// A widowed parent of the spouse living in (MERTUA: the head's
	// parent-in-law), born 20-35 years before the spouse, under 95 today.
	if shape == shapeCouple && r.chance(80) {
		spouse := &f.Members[spouseIdx].Person
		female := r.chance(700)
		birth := dateBetween(r, spouse.BirthDate.AddDate(-36, 0, 1), spouse.BirthDate.AddDate(-20, 0, 0))
		if ageAt(birth, b.g.ref) < 95 {
			in := b.member(b.pickNIK(birth, female, rel, spouse.eth, true), ceraiMati)
			if female {
				spouse.MotherName = in.Name
			} else {
				if inherits(spouse.eth) && spouse.family != "" && in.family != spouse.family {
					in.Name = withFamily(in.Name, in.family, spouse.family)
					in.family = spouse.family
				}
				spouse.FatherName = in.Name
			}
			f.Members = append(f.Members, Member{Person: in, Relation: relInLaw})
		}
	}
	// Another relative, e.g. a niece at school in town: 10-30 years old.
	if r.chance(50) {
		birth := dateBetween(r, b.g.ref.AddDate(-31, 0, 1), b.g.ref.AddDate(-10, 0, 0))
		if !birth.After(issue) {
			kin := b.member(b.pickNIK(birth, r.intn(2) == 1, rel, eth, true), belumKawin)
			f.Members = append(f.Members, Member{Person: kin, Relation: relRelative})
		}
	}
	return b.finish(f)
}

// finish gives every member the household's address and religion.
func (b *familyBuilder) finish(f Family) Family {
	rel := f.Members[0].Religion
	for i := range f.Members {
		p := &f.Members[i].Person
		p.Address, p.RT, p.RW, p.Village = f.Address, f.RT, f.RW, f.Village
		p.District, p.City, p.Province, p.Postcode = f.District, f.City, f.Province, f.Postcode
		// pickNIK almost always finds a member of the head's religion;
		// when it cannot, the household's religion wins.
		p.Religion = rel
	}
	return f
}

func (b *familyBuilder) member(nik, marital string) Person {
	return b.g.person(nik, marital)
}

func pickStatus(r *rng) string {
	if r.chance(600) {
		return ceraiMati
	}
	return ceraiHidup
}

// pickNIK finds a NIK in the family's district for the given birth date and
// sex whose person (see profile) has the household's religion and, when
// sameEth is set, its naming tradition, so that a family does not mix
// Balinese and Batak names by accident. Only the serial varies; when no
// serial fits, the closest candidate is used.
func (b *familyBuilder) pickNIK(birth time.Time, female bool, rel religion, eth ethnicity, sameEth bool) string {
	start := serialFor(&b.r)
	fallback := ""
	for i := range 9999 {
		nik := nikString(b.code, birth, female, 1+(start-1+i)%9999)
		if b.isUsed(nik) {
			continue
		}
		pr, pe := b.g.profileOf(b.t, nik)
		if pr != rel {
			continue
		}
		if !sameEth || pe == eth {
			b.used = append(b.used, nik)
			return nik
		}
		if fallback == "" {
			fallback = nik
		}
	}
	if fallback == "" {
		for i := 0; ; i++ {
			fallback = nikString(b.code, birth, female, 1+(start-1+i)%9999)
			if !b.isUsed(fallback) {
				break
			}
		}
	}
	b.used = append(b.used, fallback)
	return fallback
}

func (b *familyBuilder) isUsed(nik string) bool {
	for _, u := range b.used {
		if u == nik {
			return true
		}
	}
	return false
}

// withFamily swaps a name's family part for another ("ROSMAULI BR SINAGA" ->
// "ROSMAULI BR PURBA", "TAN KIM LIONG" -> "LIM KIM LIONG"); a name without
// one keeps its first word and gains the family name.
func withFamily(name, old, fam string) string {
	switch {
	case old != "" && strings.HasSuffix(name, " "+old):
		return join(name[:len(name)-len(old)], fam) // join keeps it to three words
	case old != "" && strings.HasPrefix(name, old+" "):
		return join(fam, name[len(old):])
	}
	first, _, _ := strings.Cut(name, " ")
	return join(first, fam)
}
