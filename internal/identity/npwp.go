package identity

import (
	"fmt"
	"strings"
	"time"
)

// NPWP is what an NPWP card shows, plus the 16-digit form.
type NPWP struct {
	// Number is the 15-digit NPWP as printed, "NN.NNN.NNN.N-NNN.NNN":
	// taxpayer type (2), serial (6), check digit (1), tax office KPP (3)
	// and branch (3; 000 for the taxpayer themself).
	Number string `json:"number"`
	// Number16 is the 16-digit NPWP. For Indonesian residents it is the NIK
	// (PMK 112/PMK.03/2022, in use since 2024; python-stdnum's
	// stdnum.id.npwp made the same change).
	Number16 string    `json:"number16"`
	NIK      string    `json:"nik"`
	Name     string    `json:"name"`
	Address  string    `json:"address"` // one line
	KPP      string    `json:"kpp"`     // "KPP PRATAMA KENDARI"
	RegDate  time.Time `json:"reg_date"`
}

// NPWPFor is p's NPWP, derived from the seed and p's NIK.
func (g *Generator) NPWPFor(p Person) NPWP {
	r := newRNG(g.seed, "npwp", p.NIK)
	// The second digit is the taxpayer type: 4 or 6 for the self-employed,
	// 5 for civil servants, 7-9 for employees and other individuals; the
	// first is a serial (Business::ID::NPWP on CPAN documents the layout).
	var typ int
	switch p.Occupation {
	case "WIRASWASTA", "PEDAGANG":
		typ = pick(&r, []int{4, 6})
	case "PEGAWAI NEGERI SIPIL (PNS)", "GURU", "TENTARA NASIONAL INDONESIA (TNI)", "KEPOLISIAN RI (POLRI)":
		typ = 5
	default:
		typ = r.between(7, 9)
	}
	var d [15]byte
	d[0] = byte('0' + r.intn(10))
	d[1] = byte('0' + typ)
	for i := 2; i < 8; i++ {
		d[i] = byte('0' + r.intn(10))
	}
	d[8] = luhnDigit(d[:8])
	kpp, office := kppFor(p)
	putDigits(d[9:12], office)
	copy(d[12:], "000")

	from := p.BirthDate.AddDate(18, 0, 0)
	if limit := g.ref.AddDate(-25, 0, 0); from.Before(limit) {
		from = limit // registrations of the last 25 years
	}
	if from.After(g.ref) {
		from = g.ref
	}
	line := fmt.Sprintf("%s RT %s RW %s, %s, %s, %s, %s", p.Address, p.RT, p.RW, p.Village, p.District, p.City, p.Province)
	return NPWP{
		Number:   formatNPWP(string(d[:])),
		Number16: p.NIK,
		NIK:      p.NIK,
		Name:     p.Name,
		Address:  line,
		KPP:      kpp,
		RegDate:  dateBetween(&r, from, g.ref),
	}
}

// kppFor names the tax office of p's regency and gives it a stable 3-digit
// code. Real KPP codes are assigned by DJP and not in our data; these only
// have the right shape.
func kppFor(p Person) (string, int) {
	t := loadRegions()
	code := 0
	place := p.City
	if len(p.NIK) >= 6 && allDigits(p.NIK[:6]) {
		if di, ok := t.districtIndex(atoi(p.NIK[:6])); ok {
			rg := &t.regs[t.dists[di].reg]
			code, place = rg.code, rg.place
			if rg.kind == kindKotaAdm {
				place = rg.name // "JAKARTA SELATAN", as the Jakarta KPPs are named
			}
		}
	}
	return "KPP PRATAMA " + place, 1 + code%997
}

// luhnDigit is the Luhn check digit of payload. NPWP digit 9 is the Luhn
// check digit over the first 8 (Business::ID::NPWP on CPAN, python-stdnum
// stdnum.id.npwp: "a check digit over the first 8 digits"; both validate
// with Luhn over the first 9). Examples: 01.312.166.0, 02.183.241.5,
// 76.520.248.6.
func luhnDigit(payload []byte) byte {
	sum := 0
	for i := len(payload) - 1; i >= 0; i-- {
		v := int(payload[i] - '0')
		if (len(payload)-1-i)%2 == 0 { // rightmost payload digit is doubled
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return byte('0' + (10-sum%10)%10)
}

func formatNPWP(d string) string {
	return d[0:2] + "." + d[2:5] + "." + d[5:8] + "." + d[8:9] + "-" + d[9:12] + "." + d[12:15]
}

// ValidateNPWP checks an NPWP written with or without its dots and dash:
// 15 digits with a correct check digit, the same preceded by 0 (the 16-digit
// form for non-residents and organisations), or, for residents, a 16-digit
// NIK (format only).
func ValidateNPWP(s string) error {
	fail := func(cause error, format string, args ...any) error {
		return &NumberError{Kind: "NPWP", Input: s, Err: cause, Detail: fmt.Sprintf(format, args...)}
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
		case c == '.' || c == '-' || c == ' ':
		default:
			return fail(ErrNotDigits, "character %d is %q", i+1, c)
		}
	}
	d := b.String()
	switch {
	case len(d) == 16 && d[0] == '0':
		d = d[1:]
	case len(d) == 16:
		return nil // a NIK
	case len(d) != 15:
		return fail(ErrLength, "got %d digits, want 15 (or 16)", len(d))
	}
	if want := luhnDigit([]byte(d[:8])); d[8] != want {
		return fail(ErrChecksum, "check digit is %c, want %c", d[8], want)
	}
	return nil
}
