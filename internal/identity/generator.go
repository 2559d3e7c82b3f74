package identity

import "time"

// Generator makes deterministic people. Everything it returns is a pure
// function of its seed, its reference date and the argument, so the same
// subject is the same person on every endpoint, in every process. It holds no
// mutable state and is safe for concurrent use.
type Generator struct {
	seed int64
	ref  time.Time
}

// Option configures a Generator.
type Option func(*Generator)

// WithReferenceDate sets the "today" that ages are counted from (only its
// UTC date is used). The default is 2025-07-01, fixed rather than read from
// the wall clock so that a subject stays the same person across restarts
// and years; changing it changes birth dates, ages and everything derived
// from them.
func WithReferenceDate(t time.Time) Option {
	return func(g *Generator) {
		y, m, d := t.UTC().Date()
		g.ref = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
}

// NewGenerator returns a generator for seed.
func NewGenerator(seed int64, opts ...Option) *Generator {
	g := &Generator{seed: seed, ref: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)}
	for _, o := range opts {
		o(g)
	}
	return g
}

// ReferenceDate is the generator's "today".
func (g *Generator) ReferenceDate() time.Time { return g.ref }

// ParseNIK is ParseNIK with the generator's reference date.
func (g *Generator) ParseNIK(s string) (NIK, error) { return ParseNIK(s, g.ref) }

// ParseKK is ParseKK with the generator's reference date.
func (g *Generator) ParseKK(s string) (KK, error) { return ParseKK(s, g.ref) }

// Person is one resident as the KTP (and KK) shows them. Strings are
// uppercase, as KTP OCR returns them.
type Person struct {
	NIK           string    `json:"nik"`
	Name          string    `json:"name"`
	Gender        string    `json:"gender"` // LAKI-LAKI or PEREMPUAN, as encoded in the NIK
	BirthPlace    string    `json:"birth_place"`
	BirthDate     time.Time `json:"birth_date"` // midnight UTC; FormatDate writes DD-MM-YYYY
	Address       string    `json:"address"`    // street line, e.g. "JL. MELATI NO. 12"
	RT            string    `json:"rt"`         // "006"
	RW            string    `json:"rw"`
	Village       string    `json:"village"`  // kelurahan/desa
	District      string    `json:"district"` // kecamatan
	City          string    `json:"city"`     // "KOTA KENDARI", "KABUPATEN BANTUL", "JAKARTA SELATAN"
	Province      string    `json:"province"`
	Postcode      string    `json:"postcode"` // plausible for the region, not the real one
	Religion      string    `json:"religion"`
	MaritalStatus string    `json:"marital_status"`
	Occupation    string    `json:"occupation"`
	Education     string    `json:"education"`
	BloodType     string    `json:"blood_type"` // A, B, AB, O or "-"
	Nationality   string    `json:"nationality"`
	ValidUntil    string    `json:"valid_until"`
	Phone         string    `json:"phone"` // E.164, "+628..."
	FatherName    string    `json:"father_name"`
	MotherName    string    `json:"mother_name"`
	// RegionFallback is set when the NIK's district is not in the region
	// table: the region fields then name a real district picked from the
	// NIK, so the person is still stable.
	RegionFallback bool `json:"region_fallback,omitempty"`
	// DateFallback is set when the NIK's birth date is impossible:
	// BirthDate is then picked from the NIK.
	DateFallback bool `json:"date_fallback,omitempty"`

	eth    ethnicity
	rel    religion
	family string // the family name children inherit, "" if none
}

// NIKFor picks the NIK of subject (an image digest, a phone number, any
// string): a district weighted by its province's population, a sex, an
// adult birth date and a serial.
func (g *Generator) NIKFor(subject string) string {
	r := newRNG(g.seed, "nik", subject)
	t := loadRegions()
	di := pickDistrict(&r, t)
	female := r.intn(2) == 1
	birth := adultBirthDate(&r, g.ref)
	return nikString(t.dists[di].code, birth, female, serialFor(&r))
}

// PersonFor is the person of subject: PersonByNIK(NIKFor(subject)).
func (g *Generator) PersonFor(subject string) Person {
	return g.person(g.NIKFor(subject), "")
}

// PersonByNIK is the person a NIK belongs to. Every field not encoded in the
// NIK is derived from the seed and the NIK alone, so every endpoint that is
// given this NIK sees the same person. Any 16-digit string yields a person
// (see RegionFallback and DateFallback); anything else is a *NumberError.
func (g *Generator) PersonByNIK(nik string) (Person, error) {
	if !IsNIKFormat(nik) {
		_, err := decodeNumber("NIK", nik, g.ref, true)
		return Person{}, err
	}
	return g.person(nik, ""), nil
}

// lenientParts is what a 16-digit NIK or KK encodes, with real stand-ins for
// parts the strict parser would reject.
type lenientParts struct {
	dist           int
	regionFallback bool
	date           time.Time
	dateFallback   bool
	gender         Gender
}

// lenient decodes s (16 digits) without failing. It always draws the two
// fallback values first, used or not, so that the rest of the stream does
// not depend on whether s was valid.
func lenient(r *rng, t *regionTable, s string, ref time.Time, nik bool) lenientParts {
	fbDist := r.intn(len(t.dists))
	fbDays := r.intn(365 * 20)
	var p lenientParts
	var ok bool
	if p.dist, ok = t.districtIndex(atoi(s[:6])); !ok {
		p.dist, p.regionFallback = fbDist, true
	}
	day, month := atoi(s[6:8]), atoi(s[8:10])
	p.gender = Male
	if nik && day > 40 {
		p.gender, day = Female, day-40
	}
	if day >= 1 && day <= 31 && month >= 1 && month <= 12 {
		y := resolveCentury(atoi(s[10:12]), month, day, ref)
		date := time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		// A household on a KK issued more than 30 years ago could not be
		// built with every member alive and under 100 today.
		if day <= daysIn(y, month) && (nik || date.After(ref.AddDate(-30, 0, 0))) {
			p.date = date
			return p
		}
	}
	p.dateFallback = true
	if nik {
		// An adult of 17 to 37.
		p.date = ref.AddDate(-17, 0, -fbDays)
	} else {
		// A KK issued in the last 20 years.
		p.date = ref.AddDate(0, 0, -fbDays)
	}
	return p
}

// profile draws the first, household-shaping traits of a person. Families
// pick member NIKs whose profile matches the head's (see family.go), so this
// must stay the first thing person draws after lenient.
func profile(r *rng, t *regionTable, di int) (religion, ethnicity) {
	pi := t.regs[t.dists[di].reg].prov
	pp := &provinceProfiles[pi]
	rel := religion(r.weighted(pp.religion[:]))
	var w [numEthnicities]int
	switch rel {
	case islam:
		w = pp.muslim
	case kristen, katolik:
		w = christianEthnicity(pp.code)
	default:
		w = otherEthnicity(pp.code, rel)
	}
	return rel, ethnicity(r.weighted(w[:]))
}

// profileOf is the profile of the person PersonByNIK(nik) would return.
func (g *Generator) profileOf(t *regionTable, nik string) (religion, ethnicity) {
	r := newRNG(g.seed, "person", nik)
	p := lenient(&r, t, nik, g.ref, true)
	return profile(&r, t, p.dist)
}

// person derives everything from (seed, nik). marital, when set, replaces
// the drawn marital status before the occupation is chosen (families know
// who is married).
func (g *Generator) person(nik, marital string) Person {
	r := newRNG(g.seed, "person", nik)
	t := loadRegions()
	np := lenient(&r, t, nik, g.ref, true)
	rel, eth := profile(&r, t, np.dist)

	d := &t.dists[np.dist]
	rg := &t.regs[d.reg]
	p := &t.provs[rg.prov]
	pp := &provinceProfiles[rg.prov]
	vi := d.firstVill + r.intn(d.endVill-d.firstVill)
	urban := t.vills[vi].code < 2000 || rg.kind != kindKabupaten
	born := np.date.Year()
	age := ageAt(np.date, g.ref)

	name, family := makeName(&r, nameSpec{eth: eth, rel: rel, gender: np.gender, born: born, prov: p.code})
	place := birthPlace(&r, t, rg)
	neighbour := t.villageName(np.dist, d.firstVill+r.intn(d.endVill-d.firstVill))
	address := addressFor(&r, urban, p.code, neighbour)
	rt, rw := rtrwFor(&r)
	if ms := maritalFor(&r, age, np.gender); marital == "" {
		marital = ms
	}
	edu := educationFor(&r, age, born)
	blood := bloodTypeFor(&r)
	phone := phoneFor(&r)
	father, _ := makeName(&r, nameSpec{eth: eth, rel: rel, gender: Male, born: born - 28, prov: p.code, family: family})
	mother, _ := makeName(&r, nameSpec{eth: eth, rel: rel, gender: Female, born: born - 25, prov: p.code})
	// Last, because how many draws it takes depends on the marital status,
	// which a family may have replaced: everything above stays the same.
	occ := occupationFor(&r, age, np.gender, edu, marital, urban)

	return Person{
		NIK:            nik,
		Name:           name,
		Gender:         np.gender.String(),
		BirthPlace:     place,
		BirthDate:      np.date,
		Address:        address,
		RT:             rt,
		RW:             rw,
		Village:        t.villageName(np.dist, vi),
		District:       d.name,
		City:           rg.name,
		Province:       p.name,
		Postcode:       postcodeOf(pp, int(d.reg)-p.firstReg, p.endReg-p.firstReg, np.dist-rg.firstDist, vi-d.firstVill),
		Religion:       rel.String(),
		MaritalStatus:  marital,
		Occupation:     occ,
		Education:      educationNames[edu],
		BloodType:      blood,
		Nationality:    "WNI",
		ValidUntil:     "SEUMUR HIDUP", // UU 24/2013 made the e-KTP valid for life
		Phone:          phone,
		FatherName:     father,
		MotherName:     mother,
		RegionFallback: np.regionFallback,
		DateFallback:   np.dateFallback,
		eth:            eth,
		rel:            rel,
		family:         family,
	}
}

// pickDistrict chooses a province by population, then one of its districts
// uniformly, so that every district can come up.
func pickDistrict(r *rng, t *regionTable) int {
	p := &t.provs[pickProvince(r)]
	return p.firstDist + r.intn(p.endDist-p.firstDist)
}

// pickProvince chooses a province index by population.
func pickProvince(r *rng) int {
	total := 0
	for i := range provinceProfiles {
		total += provinceProfiles[i].popK
	}
	n := r.intn(total)
	for i := range provinceProfiles {
		if n < provinceProfiles[i].popK {
			return i
		}
		n -= provinceProfiles[i].popK
	}
	return len(provinceProfiles) - 1
}

// adultBirthDate draws a KTP holder's birth date: 17 (the age a KTP is
// issued) to 79, weighted toward working ages like Indonesia's adults.
func adultBirthDate(r *rng, ref time.Time) time.Time {
	bands := [...][2]int{{17, 24}, {25, 34}, {35, 44}, {45, 54}, {55, 64}, {65, 79}}
	b := bands[r.weighted([]int{16, 22, 21, 18, 13, 10})]
	return dateBetween(r, ref.AddDate(-(b[1]+1), 0, 1), ref.AddDate(-b[0], 0, 0))
}

// dateBetween draws a day in [from, to].
func dateBetween(r *rng, from, to time.Time) time.Time {
	days := int(to.Sub(from).Hours() / 24)
	if days <= 0 {
		return from
	}
	return from.AddDate(0, 0, r.intn(days+1))
}

// serialFor draws a NIK or KK serial: serials count the people registered in
// one district with one birth date, so small ones are the most common.
func serialFor(r *rng) int {
	switch r.weighted([]int{60, 30, 10}) {
	case 0:
		return r.between(1, 99)
	case 1:
		return r.between(100, 999)
	}
	return r.between(1000, 9999)
}

func ageAt(birth, ref time.Time) int {
	age := ref.Year() - birth.Year()
	if ref.Month() < birth.Month() || (ref.Month() == birth.Month() && ref.Day() < birth.Day()) {
		age--
	}
	return age
}

// birthPlace is mostly the regency of the NIK, sometimes another regency
// of the same province, rarely anywhere in Indonesia (people move, most
// often from the populous provinces).
func birthPlace(r *rng, t *regionTable, rg *regency) string {
	p := &t.provs[rg.prov]
	switch n := r.intn(100); {
	case n < 75:
		return rg.place
	case n >= 93:
		p = &t.provs[pickProvince(r)]
	}
	return t.regs[p.firstReg+r.intn(p.endReg-p.firstReg)].place
}
