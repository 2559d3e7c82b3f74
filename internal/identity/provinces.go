package identity

// Per-province weights. They only steer sampling so that a generated crowd
// looks like Indonesia (most people in Java, Hindus in Bali, Catholics in
// NTT); they are rounded and approximate, not statistics to quote.

type religion uint8

const (
	islam religion = iota
	kristen
	katolik
	hindu
	buddha
	konghucu
	numReligions
)

// The six religions a KTP prints, in its spelling.
var religionNames = [numReligions]string{"ISLAM", "KRISTEN", "KATOLIK", "HINDU", "BUDDHA", "KONGHUCU"}

func (r religion) String() string { return religionNames[r] }

// ethnicity chooses a name pool.
type ethnicity uint8

const (
	ethJawa     ethnicity = iota
	ethSunda              // Jawa Barat, Banten
	ethMinang             // Sumatera Barat
	ethBugis              // Bugis, Makassar, Mandar
	ethMelayu             // Malay/Islamic naming: Aceh, Riau, Kalimantan, Betawi, Madura, Sasak ...
	ethBatak              // Toba, Karo, Simalungun, Mandailing: always a marga
	ethBali               // birth-order names (WAYAN, MADE, NYOMAN, KETUT)
	ethTionghoa           // Chinese-Indonesian
	ethTimur              // Christian given names + eastern family names (Minahasa, Maluku, NTT, Papua, Dayak, Toraja)
	numEthnicities
)

type provinceProfile struct {
	code int
	// popK is the population in thousands: BPS Sensus Penduduk 2020; the
	// six Papua provinces split per their 2022 founding laws' estimates.
	popK int
	// religion in permille, order of religionNames: approximately the
	// shares BPS and Dukcapil published in the early 2020s, rounded.
	religion [numReligions]int
	// muslim weights the ethnicities of Muslims (order of the eth* consts).
	muslim [numEthnicities]int
	// postcode lists the 3-digit postcode prefixes of the province, as
	// inclusive ranges (Pos Indonesia's regional numbering: 1 Jakarta,
	// 2 northern Sumatra, 4 Jawa Barat, 5 Jawa Tengah, 6 Jawa Timur, 7
	// Kalimantan, 8 Bali-Nusa Tenggara, 9 Sulawesi-Maluku-Papua, ...).
	postcode [][2]int
}

// muslim ethnicity weight helper, in eth* order:
// Jawa, Sunda, Minang, Bugis, Melayu, Batak.
func m(jawa, sunda, minang, bugis, melayu, batak int) [numEthnicities]int {
	return [numEthnicities]int{jawa, sunda, minang, bugis, melayu, batak}
}

// provinceProfiles is in the order of the region table (sorted by code); a
// test checks that the codes match the table one for one.
var provinceProfiles = [...]provinceProfile{
	{11, 5274, [6]int{985, 10, 2, 0, 3, 0}, m(10, 0, 0, 0, 88, 2), [][2]int{{231, 247}}},
	{12, 14799, [6]int{640, 270, 60, 1, 28, 1}, m(40, 0, 5, 0, 20, 35), [][2]int{{201, 229}}},
	{13, 5534, [6]int{980, 12, 6, 0, 2, 0}, m(5, 0, 92, 0, 0, 3), [][2]int{{251, 277}}},
	{14, 6394, [6]int{870, 90, 15, 1, 23, 1}, m(30, 0, 15, 5, 45, 5), [][2]int{{281, 289}}},
	{15, 3548, [6]int{950, 30, 8, 0, 12, 0}, m(35, 0, 5, 5, 55, 0), [][2]int{{361, 373}}},
	{16, 8467, [6]int{960, 15, 8, 3, 14, 0}, m(30, 5, 0, 0, 65, 0), [][2]int{{301, 317}}},
	{17, 2010, [6]int{970, 20, 5, 3, 2, 0}, m(30, 5, 10, 0, 55, 0), [][2]int{{381, 392}}},
	{18, 9008, [6]int{950, 25, 15, 5, 5, 0}, m(65, 12, 3, 0, 20, 0), [][2]int{{341, 356}}},
	{19, 1455, [6]int{890, 20, 15, 0, 60, 15}, m(15, 0, 5, 10, 70, 0), [][2]int{{331, 337}}},
	{21, 2064, [6]int{780, 120, 30, 1, 65, 4}, m(25, 0, 10, 10, 45, 10), [][2]int{{291, 297}}},
	{31, 10562, [6]int{840, 86, 41, 2, 30, 1}, m(40, 18, 7, 3, 30, 2), [][2]int{{101, 149}}},
	{32, 48274, [6]int{975, 14, 6, 0, 5, 0}, m(14, 82, 0, 0, 4, 0), [][2]int{{161, 177}, {401, 468}}},
	{33, 36516, [6]int{965, 17, 12, 1, 5, 0}, m(97, 2, 0, 0, 1, 0), [][2]int{{501, 549}, {561, 599}}},
	{34, 3669, [6]int{920, 30, 45, 1, 4, 0}, m(98, 0, 0, 0, 2, 0), [][2]int{{551, 558}}},
	{35, 40666, [6]int{970, 15, 7, 4, 4, 0}, m(80, 0, 0, 0, 20, 0), [][2]int{{601, 694}}},
	{36, 11904, [6]int{945, 25, 12, 1, 16, 1}, m(20, 55, 0, 0, 25, 0), [][2]int{{151, 155}, {421, 424}}},
	{51, 4317, [6]int{105, 17, 9, 864, 5, 0}, m(60, 0, 0, 10, 30, 0), [][2]int{{801, 822}}},
	{52, 5320, [6]int{965, 2, 2, 29, 2, 0}, m(2, 0, 0, 3, 95, 0), [][2]int{{831, 845}}},
	{53, 5326, [6]int{93, 360, 545, 1, 1, 0}, m(15, 0, 0, 25, 60, 0), [][2]int{{851, 875}}},
	{61, 5414, [6]int{600, 120, 220, 1, 53, 6}, m(15, 0, 0, 10, 75, 0), [][2]int{{781, 799}}},
	{62, 2670, [6]int{745, 165, 30, 55, 5, 0}, m(35, 0, 0, 10, 55, 0), [][2]int{{731, 748}}},
	{63, 4073, [6]int{970, 12, 6, 6, 6, 0}, m(13, 0, 0, 2, 85, 0), [][2]int{{701, 727}}},
	{64, 3766, [6]int{885, 70, 35, 2, 8, 0}, m(35, 0, 0, 30, 35, 0), [][2]int{{751, 769}}},
	{65, 701, [6]int{740, 170, 80, 1, 9, 0}, m(25, 0, 0, 40, 35, 0), [][2]int{{771, 776}}},
	{71, 2622, [6]int{310, 630, 45, 6, 8, 1}, m(10, 0, 0, 20, 70, 0), [][2]int{{951, 959}}},
	{72, 2986, [6]int{800, 160, 10, 26, 4, 0}, m(15, 0, 0, 35, 50, 0), [][2]int{{941, 949}}},
	{73, 9073, [6]int{900, 76, 15, 7, 2, 0}, m(5, 0, 0, 95, 0, 0), [][2]int{{901, 912}, {916, 927}}},
	{74, 2625, [6]int{955, 15, 5, 24, 1, 0}, m(15, 0, 0, 50, 35, 0), [][2]int{{931, 939}}},
	{75, 1171, [6]int{970, 25, 2, 2, 1, 0}, m(5, 0, 0, 5, 90, 0), [][2]int{{961, 962}}},
	{76, 1419, [6]int{830, 150, 10, 9, 1, 0}, m(10, 0, 0, 90, 0, 0), [][2]int{{913, 915}}},
	{81, 1848, [6]int{500, 438, 60, 1, 1, 0}, m(5, 0, 0, 25, 70, 0), [][2]int{{971, 976}}},
	{82, 1283, [6]int{760, 219, 20, 0, 1, 0}, m(10, 0, 0, 10, 80, 0), [][2]int{{977, 978}}},
	{91, 1030, [6]int{240, 620, 130, 2, 8, 0}, m(40, 0, 0, 40, 20, 0), [][2]int{{981, 982}, {991, 994}}},
	{92, 560, [6]int{380, 540, 75, 2, 3, 0}, m(40, 0, 0, 40, 20, 0), [][2]int{{983, 986}}},
	{93, 510, [6]int{220, 270, 505, 2, 3, 0}, m(40, 0, 0, 40, 20, 0), [][2]int{{996, 999}}},
	{94, 1430, [6]int{150, 620, 228, 1, 1, 0}, m(40, 0, 0, 40, 20, 0), [][2]int{{987, 989}}},
	{95, 1410, [6]int{50, 800, 150, 0, 0, 0}, m(40, 0, 0, 40, 20, 0), [][2]int{{995, 995}}},
	{96, 600, [6]int{350, 550, 95, 2, 3, 0}, m(40, 0, 0, 40, 20, 0), [][2]int{{984, 985}}},
}

// christianEthnicity weights the ethnicities of Christians by where they
// live: Batak in North Sumatra, eastern family names east of Java and in
// Kalimantan (Dayak), a mix in Java and the west.
func christianEthnicity(provCode int) [numEthnicities]int {
	var w [numEthnicities]int
	switch {
	case provCode == 12:
		w[ethBatak], w[ethTionghoa] = 90, 10
	case provCode < 30: // rest of Sumatra, Riau islands
		w[ethBatak], w[ethTionghoa], w[ethJawa], w[ethTimur] = 60, 20, 10, 10
	case provCode < 40: // Java
		w[ethJawa], w[ethTionghoa], w[ethBatak], w[ethTimur] = 40, 25, 20, 15
	case provCode >= 61 && provCode <= 65: // Kalimantan: Dayak Christians
		w[ethTimur], w[ethTionghoa], w[ethBatak], w[ethJawa] = 70, 15, 10, 5
	default:
		w[ethTimur], w[ethTionghoa] = 95, 5
	}
	return w
}

// otherEthnicity weights the ethnicities of Hindus and Buddhists/Konghucu.
func otherEthnicity(provCode int, rel religion) [numEthnicities]int {
	var w [numEthnicities]int
	switch {
	case rel == hindu && provCode == 62: // Kaharingan Dayak, registered as Hindu
		w[ethTimur], w[ethBali] = 80, 20
	case rel == hindu:
		w[ethBali], w[ethJawa] = 90, 10 // Bali and its transmigrants; Tengger Javanese
	default:
		w[ethTionghoa], w[ethJawa], w[ethBali] = 85, 10, 5
	}
	return w
}

// postcodeOf gives a village a stable, plausible postcode: the province's
// prefix block spread over its regencies, then the district and village
// position. Real postcodes are per kelurahan too, but these are not the real
// ones (the source table has none); they only look right for the region.
func postcodeOf(pp *provinceProfile, regInProv, nRegs, distInReg, villInDist int) string {
	total := 0
	for _, r := range pp.postcode {
		total += r[1] - r[0] + 1
	}
	k := regInProv * total / nRegs
	prefix := 0
	for _, r := range pp.postcode {
		if n := r[1] - r[0] + 1; k < n {
			prefix = r[0] + k
			break
		} else {
			k -= n
		}
	}
	var b [5]byte
	putDigits(b[:3], prefix)
	b[3] = byte('1' + distInReg%9)
	b[4] = byte('1' + villInDist%9)
	return string(b[:])
}
