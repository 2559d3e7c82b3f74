package identity

import (
	"slices"
	"strings"
)

// nameSpec is everything a name depends on.
type nameSpec struct {
	eth    ethnicity
	rel    religion
	gender Gender
	born   int // birth year: naming fashions changed a lot between generations
	prov   int // province code, for eastern family names
	family string
}

func isChristian(rel religion) bool { return rel == kristen || rel == katolik }

// inherits reports whether children take the father's family name in this
// naming tradition (Batak marga, Chinese family names, eastern surnames).
func inherits(eth ethnicity) bool {
	return eth == ethBatak || eth == ethTionghoa || eth == ethTimur
}

// makeName builds a KTP name of one to three words and returns the family
// name a child would inherit ("" for traditions without one). s.family, when
// set, is used as the family name.
func makeName(r *rng, s nameSpec) (full, family string) {
	male := s.gender == Male
	g := func(m, f []string) string {
		if male {
			return pick(r, m)
		}
		return pick(r, f)
	}
	switch s.eth {
	case ethBatak:
		marga := s.family
		if marga == "" {
			if s.rel == islam {
				marga = pick(r, batakMargaIslam)
			} else {
				marga = pick(r, batakMargaKristen)
			}
		}
		var given string
		switch {
		case s.rel == islam && s.born >= 1995:
			given = g(modernMale, modernFemale)
		case s.rel == islam:
			given = g(melayuMale, melayuFemale)
		case isChristian(s.rel) && r.chance(500):
			given = g(christianMale, christianFemale)
		default:
			given = g(batakMale, batakFemale)
		}
		if !male && r.chance(350) {
			return join(given, "BR", marga), marga
		}
		return join(given, marga), marga
	case ethBali:
		order := r.intn(4)
		if male {
			if r.chance(60) {
				return join("IDA BAGUS", pick(r, baliMale)), ""
			}
			return join("I", pick(r, baliOrder[order]), pick(r, baliMale)), ""
		}
		if r.chance(60) {
			return join("IDA AYU", pick(r, baliFemale)), ""
		}
		return join("NI", pick(r, baliOrderWoman[order]), pick(r, baliFemale)), ""
	case ethTionghoa:
		if s.born < 1967 && !isChristian(s.rel) && (s.family == "" || slices.Contains(tionghoaOldFamily, s.family)) && r.chance(400) {
			// Old style: the family name comes first.
			fam := s.family
			if fam == "" {
				fam = pick(r, tionghoaOldFamily)
			}
			return join(fam, pick(r, tionghoaSyllable), pick(r, tionghoaSyllable)), fam
		}
		var given string
		if isChristian(s.rel) && r.chance(500) {
			given = g(christianMale, christianFemale)
		} else {
			given = g(tionghoaMale, tionghoaFemale)
		}
		fam := s.family
		if fam == "" {
			if r.chance(250) {
				// Two given names and no family name: common too, and
				// then there is nothing for a child to inherit.
				return join(given, g(tionghoaMale, tionghoaFemale)), ""
			}
			fam = pick(r, tionghoaFamily)
		}
		return join(given, fam), fam
	case ethTimur:
		fam := s.family
		if fam == "" {
			fam = pick(r, easternFamilies(s.prov))
		}
		given := g(neutralMale, neutralFemale)
		if isChristian(s.rel) {
			given = g(christianMale, christianFemale)
			if r.chance(300) {
				given = join(given, g(christianMale, christianFemale))
			}
		}
		return join(given, fam), fam
	}
	return islamicName(r, s), ""
}

// islamicName covers the traditions without inherited family names: Jawa,
// Sunda, Minang, Bugis, Melayu (whatever the religion, as Javanese
// Christians also name their children this way after a baptismal name).
func islamicName(r *rng, s nameSpec) string {
	male := s.gender == Male
	g := func(m, f []string) string {
		if male {
			return pick(r, m)
		}
		return pick(r, f)
	}
	var given, last []string
	switch s.eth {
	case ethSunda:
		given, last = sel(male, sundaMale, sundaFemale), sel(male, sundaMaleLast, sundaFemaleLast)
	case ethMinang:
		given, last = sel(male, minangMale, minangFemale), sel(male, minangMaleLast, minangFemaleLast)
	case ethBugis:
		given, last = sel(male, bugisMale, bugisFemale), sel(male, bugisMaleLast, bugisFemaleLast)
	case ethMelayu:
		given, last = sel(male, melayuMale, melayuFemale), sel(male, melayuMaleLast, melayuFemaleLast)
	default:
		given, last = sel(male, jawaMale, jawaFemale), sel(male, jawaMaleLast, jawaFemaleLast)
	}
	if isChristian(s.rel) {
		c := g(christianMale, christianFemale)
		switch r.intn(3) {
		case 0:
			return join(c, pick(r, given), pick(r, last))
		case 1:
			return join(c, pick(r, last))
		}
		return join(c, pick(r, given))
	}
	if s.born >= 1995 && r.chance(550) {
		first := g(modernMale, modernFemale)
		if r.chance(250) {
			return join(first, g(modernMale, modernFemale), g(modernMaleLast, modernFemaleLast))
		}
		return join(first, g(modernMaleLast, modernFemaleLast))
	}
	switch s.eth {
	case ethJawa:
		if s.born < 1970 && r.chance(400) {
			return g(jawaOldMale, jawaOldFemale)
		}
	case ethBugis:
		if r.chance(120) {
			return join("ANDI", pick(r, given), pick(r, last))
		}
		if male && r.chance(150) {
			return join("MUH.", pick(r, given))
		}
	case ethMelayu:
		if male && r.chance(200) {
			return join(pick(r, []string{"MUHAMMAD", "M.", "MUHAMMAD", "MOH."}), pick(r, given))
		}
	}
	switch n := r.intn(100); {
	case n < 20:
		return pick(r, given)
	case n < 88:
		return join(pick(r, given), pick(r, last))
	}
	return join(pick(r, given), pick(r, given), pick(r, last))
}

func sel(male bool, m, f []string) []string {
	if male {
		return m
	}
	return f
}

// easternFamilies picks the family-name pool of a region.
func easternFamilies(prov int) []string {
	switch {
	case prov == 71:
		return famMinahasa
	case prov == 81 || prov == 82:
		return famMaluku
	case prov == 53:
		return famNTT
	case prov >= 91:
		return famPapua
	case prov >= 61 && prov <= 65:
		return famDayak
	case prov == 72 || prov == 73 || prov == 76:
		return famToraja
	}
	// Christians from the east who moved west: any eastern pool.
	return [][]string{famMinahasa, famMaluku, famNTT, famToraja}[prov%4]
}

// join writes words with single spaces, keeping at most three words (a
// repeated word, as in "BUDI BUDI", is dropped): KTP names are one to three
// words, and longer ones are cut on the card anyway. It is on the hot path of
// every name, so it avoids strings.Fields.
func join(parts ...string) string {
	var buf [8]string
	words := buf[:0]
	for _, p := range parts {
		for p != "" {
			w, rest, _ := strings.Cut(p, " ")
			p = rest
			if w == "" || len(words) == len(buf) || (len(words) > 0 && words[len(words)-1] == w) {
				continue
			}
			words = append(words, w)
		}
	}
	if len(words) > 3 {
		// Keep the first and the last two: the family name stays.
		words = append(words[:1], words[len(words)-2:]...)
	}
	n := len(words)
	for _, w := range words {
		n += len(w)
	}
	var b strings.Builder
	b.Grow(n)
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}
