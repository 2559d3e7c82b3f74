package identity

import "strconv"

// Marital statuses as the KTP prints them.
const (
	belumKawin = "BELUM KAWIN"
	kawin      = "KAWIN"
	ceraiHidup = "CERAI HIDUP"
	ceraiMati  = "CERAI MATI"
)

// maritalFor draws a status that fits the age: few married teenagers, more
// widows than widowers among the old (women outlive their husbands).
func maritalFor(r *rng, age int, g Gender) string {
	if age < 17 {
		return belumKawin
	}
	female := g == Female
	var single, divorced, widowed int // permille
	switch {
	case age < 20:
		single, divorced, widowed = sex(female, 920, 850), 5, 0
	case age < 25:
		single, divorced, widowed = sex(female, 750, 550), 15, 3
	case age < 30:
		single, divorced, widowed = sex(female, 450, 250), 30, 5
	case age < 40:
		single, divorced, widowed = sex(female, 150, 100), 40, sex(female, 15, 25)
	case age < 50:
		single, divorced, widowed = 50, 50, sex(female, 25, 60)
	case age < 60:
		single, divorced, widowed = 30, 50, sex(female, 50, 150)
	case age < 70:
		single, divorced, widowed = 20, 40, sex(female, 100, 300)
	default:
		single, divorced, widowed = 10, 30, sex(female, 200, 500)
	}
	switch n := r.intn(1000); {
	case n < single:
		return belumKawin
	case n < single+divorced:
		return ceraiHidup
	case n < single+divorced+widowed:
		return ceraiMati
	}
	return kawin
}

func sex(female bool, male, fem int) int {
	if female {
		return fem
	}
	return male
}

// Education levels, the Kartu Keluarga vocabulary, lowest first.
var educationNames = [...]string{
	"TIDAK/BELUM SEKOLAH",
	"BELUM TAMAT SD/SEDERAJAT",
	"TAMAT SD/SEDERAJAT",
	"SLTP/SEDERAJAT",
	"SLTA/SEDERAJAT",
	"DIPLOMA I/II",
	"AKADEMI/DIPLOMA III/S. MUDA",
	"DIPLOMA IV/STRATA I",
	"STRATA II",
	"STRATA III",
}

const (
	eduNone = iota
	eduSDNotDone
	eduSD
	eduSLTP
	eduSLTA
	eduD12
	eduD3
	eduS1
	eduS2
	eduS3
)

// educationFor draws the highest finished level. School-age children are
// where the school calendar puts them; adults follow their birth cohort
// (schooling rose steeply after the 1970s), never above what their age
// allows (a D-III takes until ~21, a doctorate until ~28).
func educationFor(r *rng, age, born int) int {
	switch {
	case age < 5:
		return eduNone
	case age < 7:
		if r.chance(300) {
			return eduSDNotDone
		}
		return eduNone
	case age < 13:
		return eduSDNotDone
	case age < 16:
		if r.chance(950) {
			return eduSD
		}
		return eduSDNotDone
	case age < 19:
		if r.chance(900) {
			return eduSLTP
		}
		return eduSD
	}
	var w [len(educationNames)]int
	switch {
	case born < 1960:
		w = [...]int{120, 140, 330, 130, 170, 15, 25, 60, 9, 1}
	case born < 1980:
		w = [...]int{40, 70, 260, 170, 300, 20, 40, 85, 14, 1}
	case born < 1995:
		w = [...]int{10, 30, 150, 180, 400, 25, 55, 135, 14, 1}
	default:
		w = [...]int{5, 15, 80, 150, 480, 25, 55, 170, 18, 2}
	}
	maxLevel := eduSLTA
	switch {
	case age >= 28:
		maxLevel = eduS3
	case age >= 24:
		maxLevel = eduS2
	case age >= 22:
		maxLevel = eduS1
	case age >= 21:
		maxLevel = eduD3
	case age >= 20:
		maxLevel = eduD12
	}
	return r.weighted(w[:maxLevel+1])
}

// Occupations, Dukcapil's KTP vocabulary.
const (
	occNone      = "BELUM/TIDAK BEKERJA"
	occHousewife = "MENGURUS RUMAH TANGGA"
	occStudent   = "PELAJAR/MAHASISWA"
	occRetired   = "PENSIUNAN"
)

type occupation struct {
	name string
	// weights for urban and rural villages
	urban, rural int
	minEdu       int
	only         Gender // 0: anyone
}

var workingOccupations = [...]occupation{
	{"KARYAWAN SWASTA", 260, 120, eduSD, 0},
	{"WIRASWASTA", 200, 160, eduNone, 0},
	{"PETANI/PEKEBUN", 30, 250, eduNone, 0},
	{"BURUH HARIAN LEPAS", 80, 80, eduNone, 0},
	{"BURUH TANI/PERKEBUNAN", 5, 60, eduNone, 0},
	{"PEDAGANG", 60, 40, eduNone, 0},
	{"PEGAWAI NEGERI SIPIL (PNS)", 45, 30, eduSLTA, 0},
	{"GURU", 30, 25, eduS1, 0},
	{"NELAYAN/PERIKANAN", 8, 30, eduNone, Male},
	{"SOPIR", 25, 15, eduSD, Male},
	{"KARYAWAN HONORER", 20, 15, eduSLTA, 0},
	{"KARYAWAN BUMN", 15, 5, eduSLTA, 0},
	{"TENTARA NASIONAL INDONESIA (TNI)", 8, 5, eduSLTA, Male},
	{"KEPOLISIAN RI (POLRI)", 8, 5, eduSLTA, Male},
	{"PERAWAT", 10, 5, eduD3, 0},
	{"BIDAN", 6, 6, eduD3, Female},
	{"DOKTER", 3, 1, eduS1, 0},
	{"DOSEN", 3, 0, eduS2, 0},
	{"TUKANG BATU", 12, 15, eduNone, Male},
	{"TUKANG KAYU", 8, 10, eduNone, Male},
	{"MEKANIK", 8, 4, eduSD, Male},
	{"TUKANG JAHIT", 6, 5, eduNone, Female},
	{"PETERNAK", 2, 12, eduNone, 0},
	{"PERANGKAT DESA", 0, 8, eduSLTA, 0},
	{"TRANSPORTASI", 8, 3, eduSD, Male},
	{occNone, 40, 40, eduNone, 0},
}

// occupationFor draws an occupation that fits age, sex, schooling, marital
// status and whether the village is urban (kelurahan) or rural (desa).
func occupationFor(r *rng, age int, g Gender, edu int, marital string, urban bool) string {
	female := g == Female
	switch {
	case age < 5:
		return occNone
	case age < 18:
		if r.chance(950) {
			return occStudent
		}
		return occNone
	case age < 23:
		if female && marital != belumKawin && r.chance(600) {
			return occHousewife
		}
		if edu >= eduSLTA && r.chance(550) {
			return occStudent
		}
	case age >= 58:
		w := []int{sex(female, 120, 60), sex(female, 60, 40), sex(female, 0, 300), 200, 30, 0, 0}
		names := []string{"WIRASWASTA", "PEDAGANG", occHousewife, occNone, "BURUH HARIAN LEPAS", "PETANI/PEKEBUN", occRetired}
		if urban {
			w[5] = 30
		} else {
			w[5] = 250
		}
		if edu >= eduSLTA {
			w[6] = 250
		}
		return names[r.weighted(w)]
	}
	if female {
		housewife := 60
		if marital != belumKawin {
			housewife = 350
		}
		if r.intn(1000) < housewife {
			return occHousewife
		}
	}
	var w [len(workingOccupations)]int
	for i, o := range workingOccupations {
		if edu < o.minEdu || (o.only != 0 && o.only != g) {
			continue
		}
		if urban {
			w[i] = o.urban
		} else {
			w[i] = o.rural
		}
	}
	return workingOccupations[r.weighted(w[:])].name
}

// bloodTypeFor: "-" (not recorded) is what most KTPs show; the rest follows
// Indonesia's ABO shares (O and B most common).
func bloodTypeFor(r *rng) string {
	return [...]string{"-", "O", "B", "A", "AB"}[r.weighted([]int{350, 240, 190, 170, 50})]
}

// Mobile prefixes (the digits after +62) per operator, and rough market
// shares: Telkomsel, Indosat, XL, Tri, AXIS, Smartfren.
var mobilePrefixes = [...][]string{
	{"811", "812", "813", "821", "822", "823", "851", "852", "853"},
	{"814", "815", "816", "855", "856", "857", "858"},
	{"817", "818", "819", "859", "877", "878"},
	{"895", "896", "897", "898", "899"},
	{"831", "832", "833", "838"},
	{"881", "882", "883", "884", "885", "886", "887", "888", "889"},
}

// phoneFor draws an E.164 mobile number: +62, an operator prefix, then 7 to
// 9 digits (10 to 12 after +62, the lengths libphonenumber's metadata
// allows an Indonesian mobile, so /v1/phone calls every person's phone a
// valid MOBILE). A fourth of the digits is drawn for one number in ten and
// not used: the draws stay those of the former 7-to-10, so that nothing
// drawn after the phone changes.
func phoneFor(r *rng) string {
	pre := pick(r, mobilePrefixes[r.weighted([]int{45, 20, 15, 10, 5, 5})])
	n := 7 + r.weighted([]int{5, 45, 40, 10})
	var b [3 + 3 + 10]byte
	copy(b[:], "+62")
	copy(b[3:], pre)
	b[6] = byte('1' + r.intn(9))
	for i := 7; i < 6+n; i++ {
		b[i] = byte('0' + r.intn(10))
	}
	return string(b[:6+min(n, 9)])
}

var streets = [...]string{
	"MELATI", "MAWAR", "ANGGREK", "KENANGA", "CEMPAKA", "DAHLIA", "FLAMBOYAN", "TERATAI", "SEROJA",
	"SUDIRMAN", "AHMAD YANI", "DIPONEGORO", "GATOT SUBROTO", "MT HARYONO", "IMAM BONJOL", "PATTIMURA",
	"HASANUDDIN", "KARTINI", "CUT NYAK DIEN", "GAJAH MADA", "HAYAM WURUK", "PEMUDA", "MERDEKA",
	"PAHLAWAN", "VETERAN", "MANGGA", "RAMBUTAN", "DURIAN", "NANGKA", "JERUK", "KELAPA", "CENDRAWASIH",
	"KAKATUA", "NURI", "ELANG", "MERPATI", "RAJAWALI", "SILIWANGI", "DR. SUTOMO", "KI HAJAR DEWANTARA",
	"SISINGAMANGARAJA", "TEUKU UMAR", "SULTAN AGUNG", "PANGLIMA POLIM", "PRAMUKA", "SWADAYA", "KAMBOJA",
	"BOUGENVILLE", "BERINGIN", "CENGKEH", "PALA", "KOPI", "SAWO", "DELIMA", "KESEHATAN", "PENDIDIKAN",
}

var complexes = [...]string{
	"GRIYA ASRI", "GRIYA INDAH", "BUMI ASRI", "TAMAN SARI", "PERMATA HIJAU", "MANDIRI PERMAI", "KORPRI",
	"PERUMNAS", "GRAHA INDAH", "BUMI PERMAI", "VILLA MAS", "PURI INDAH", "CITRA LAND", "TAMAN ASRI",
	"DEPKES", "POLRI", "PEMDA", "GRIYA PERMATA", "BUKIT INDAH", "SAKINAH",
}

var hamlets = [...]string{
	"KRAJAN", "SUKAMAJU", "SUKAMAKMUR", "SIDOMULYO", "MEKARSARI", "MARGAHAYU", "TANJUNG SARI",
	"KAMPUNG BARU", "SUMBERREJO", "KARANGANYAR", "TEGALSARI", "GUNUNGSARI", "SIDOREJO", "BABAKAN",
	"TANJUNG", "PASAR", "LEMBAH", "SIMPANG TIGA", "SUKARAME", "SUMBER AGUNG",
}

var romans = [...]string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII"}

// addressFor writes a street address line in KTP style. Towns get streets,
// alleys (GG.) and housing estates (KOMP., PERUM, BTN); villages get hamlets
// named the local way (KP. in Sundanese areas, BANJAR in Bali, JORONG in
// West Sumatra, DUSUN elsewhere), often after a neighbouring village.
func addressFor(r *rng, urban bool, prov int, neighbour string) string {
	no := strconv.Itoa(r.between(1, 150))
	street := func() string {
		s := "JL. " + streets[r.intn(len(streets))]
		if r.chance(100) {
			s += " " + romans[r.intn(len(romans))]
		}
		return s
	}
	block := func() string { return string(rune('A' + r.intn(12))) }
	if urban || r.chance(250) { // many desa in Java and around towns have named streets
		switch r.weighted([]int{40, 12, 8, 8, 10, 8, 6}) {
		case 0:
			return street() + " NO. " + no
		case 1:
			return street() + " GG. " + streets[r.intn(len(streets))] + " NO. " + no
		case 2:
			return "GG. " + streets[r.intn(len(streets))] + " NO. " + no
		case 3:
			return "KOMP. " + complexes[r.intn(len(complexes))] + " BLOK " + block() + " NO. " + no
		case 4:
			return "PERUM " + complexes[r.intn(len(complexes))] + " BLOK " + block() + strconv.Itoa(r.between(1, 12)) + " NO. " + no
		case 5:
			return "BTN " + complexes[r.intn(len(complexes))] + " BLOK " + block() + " NO. " + no
		}
		return street() + " NO. " + no + block()
	}
	hamlet := hamlets[r.intn(len(hamlets))]
	if neighbour != "" && r.chance(500) {
		hamlet = neighbour
	}
	switch {
	case prov == 32 || prov == 36:
		return "KP. " + hamlet
	case prov == 51:
		return "BANJAR " + hamlet
	case prov == 13:
		return "JORONG " + hamlet
	case prov < 20 || (prov >= 61 && prov <= 65):
		if r.chance(300) {
			return "DUSUN " + romans[r.intn(len(romans))]
		}
	}
	return "DUSUN " + hamlet
}

// rtrwFor draws neighbourhood (RT) and hamlet (RW) numbers, printed with
// three digits on a KTP ("006").
func rtrwFor(r *rng) (rt, rw string) {
	return pad3(1 + r.weighted([]int{14, 14, 13, 12, 11, 10, 8, 6, 4, 3, 2, 2, 1, 1, 1})),
		pad3(1 + r.weighted([]int{16, 15, 14, 12, 10, 9, 8, 6, 4, 3, 2, 1}))
}

func pad3(n int) string {
	var b [3]byte
	putDigits(b[:], n)
	return string(b[:])
}
