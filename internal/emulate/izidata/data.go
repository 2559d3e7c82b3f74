package izidata

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/phone"
)

// phone answers from real numbering data (libphonenumber metadata through
// nyaruka/phonenumbers): the seed's error text is the Go port's, and the
// same endpoint and JSON are documented for crawler.club's Go service.
func (v *Vendor) phone(c *emulate.Call) emulate.Response {
	number, region := c.FormValue("number"), strings.ToUpper(strings.TrimSpace(c.FormValue("country")))
	c.Field("number", number)
	c.Field("country", region)
	info, err := phone.Lookup(number, region)
	f := c.Facts()
	if err == nil {
		f.Phone = info.E164
	} else {
		info = phone.Unparsed() // the body of a forced ok
	}
	if o := c.Decide(f); o != nil {
		return product.Respond(c, o.Code, o.Message, func() any { return info })
	}
	if err != nil {
		msg := err.Error()
		if _, ok := c.Endpoint.Answer(PhoneFail, msg); !ok {
			msg = phone.MsgNotANumber // a parse error the catalogue does not name
		}
		return product.Respond(c, PhoneFail, msg, nil)
	}
	return product.Respond(c, PhoneOK, "", func() any { return info })
}

type whatsapp struct {
	WhatsApp string `json:"whatsapp"`
}

// The two OK answers of /v1/iswhatsapp: a result is charged, "checking" is
// free (§1.4.4), and is the immediate answer when a callback is set (IZ-10).
var (
	whatsappResult   = product.Charge(product.OK, "", "a valid number: whatsapp yes or no (deterministic per number)")
	whatsappChecking = product.Free(product.OK, "", "a callback URL (answered at once with checking, then GET callback?number=&whatsapp=), or a number ending in 0000")
)

func (v *Vendor) isWhatsapp(c *emulate.Call) emulate.Response {
	number, callback := c.FormValue("number"), strings.TrimSpace(c.FormValue("callback"))
	c.Field("number", number)
	c.Field("callback", callback)
	md5 := product.MD5Mode(c)
	id := v.resolve(number, md5, true)
	f := c.Facts()
	f.Phone = id.Plain
	// Deterministic per number: most Indonesian mobiles have WhatsApp.
	answer := "yes"
	if emulate.Rand(c.Deps.Seed, "whatsapp", id.Subject).IntN(100) >= 85 {
		answer = "no"
	}
	var target string
	var urlErr error
	if callback != "" {
		// The callback's number is E.164, or the value received in md5
		// mode (IZ-11).
		n := id.Plain
		if md5 || n == "" {
			n = strings.TrimSpace(number)
		}
		if target, urlErr = callbackURL(callback, n, answer); urlErr != nil {
			c.Note("callback", urlErr.Error())
		}
	}
	code, message := product.OK, ""
	if o := c.Decide(f); o != nil {
		code, message = o.Code, o.Message
	} else {
		switch {
		case !id.Valid:
			code = InvalidInput
		case urlErr != nil:
			code = product.FAIL
		case !id.Known:
			code = product.NotFoundMD5
		}
	}
	switch {
	case code != product.OK:
		return product.Respond(c, code, message, nil)
	case callback == "" && !strings.HasSuffix(id.Plain, "0000"):
		return product.Render(whatsappResult, whatsapp{answer})
	}
	// Forced or natural, an OK with a callback is delivered.
	if target != "" {
		c.DeliverAfter(v.callbacks, func(ctx context.Context) (*http.Request, error) {
			return http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		})
	}
	return product.Render(whatsappChecking, whatsapp{"checking"})
}

func (v *Vendor) idInquiries(c *emulate.Call) emulate.Response {
	return product.IdentInquiry(c, "id", false, v.known.lookup, v.settings.KnownOnly, product.InvalidIDNumber)
}

func (v *Vendor) phoneInquiries(c *emulate.Call) emulate.Response {
	return product.IdentInquiry(c, "phone", true, v.known.lookup, v.settings.KnownOnly, product.FAIL)
}

// risk is one person's risk in [0, 1): the more institutions checked their
// NIK and phone lately, the riskier, plus a deterministic spread. Credit
// and fraud scores both derive from it, so they agree with each other and
// with the inquiry counters.
func risk(seed int64, nik, phone product.Ident) float64 {
	n := product.Counters(seed, "nik", nik.Subject)
	p := product.Counters(seed, "phone", phone.Subject)
	base := math.Min(1, float64(n.D90+p.D90)/24)
	return 0.6*base + 0.4*emulate.Rand(seed, "risk", nik.Subject, phone.Subject).Float64()
}

// scored reads the id and phone of creditscore and fraud (and the name
// creditscore requires) and answers the invalid and unknown cases, else
// the body of the person's risk.
func (v *Vendor) scored(c *emulate.Call, needName bool, body func(r float64) any) emulate.Response {
	idv, ph := c.FormValue("id"), c.FormValue("phone")
	c.Field("id", idv)
	c.Field("phone", ph)
	name := c.FormValue("name")
	if name != "" {
		c.Field("name", name) // never hashed, even with md5=1 (§1.4.6)
	}
	md5 := product.MD5Mode(c)
	nik, tel := v.resolve(idv, md5, false), v.resolve(ph, md5, true)
	f := c.Facts()
	f.NIK, f.Phone = nik.Plain, tel.Plain
	b := func() any { return body(risk(c.Deps.Seed, nik, tel)) }
	if o := c.Decide(f); o != nil {
		return product.Respond(c, o.Code, o.Message, b)
	}
	switch {
	case !nik.Valid:
		return product.Respond(c, InvalidInput, product.MsgInvalidNIK, nil)
	case !tel.Valid:
		return product.Respond(c, InvalidInput, product.MsgInvalidPhone, nil)
	case needName && strings.TrimSpace(name) == "":
		return product.Respond(c, InvalidInput, msgInvalidInput, nil)
	case !nik.Known || !tel.Known:
		return product.Respond(c, product.NotFoundMD5, "", nil)
	}
	return product.Respond(c, product.OK, "", b)
}

// creditScore: a FICO-style 300–850 score, sent as a string (§1.4.4). Its
// name is required: the page marks only md5 optional.
func (v *Vendor) creditScore(c *emulate.Call) emulate.Response {
	return v.scored(c, true, func(r float64) any { return strconv.Itoa(850 - int(math.Round(r*550))) })
}

type fraudBody struct {
	FraudStatus string `json:"fraud_status"`
	FraudScore  int    `json:"fraud_score"`
}

// fraudStatus: PASS < 50 <= NEEDS_VERIFICATION < 70 <= REJECT (IZ-21; fits
// the seed's 19/56/76 examples).
func fraudStatus(score int) string {
	switch {
	case score >= 70:
		return "REJECT"
	case score >= 50:
		return "NEEDS_VERIFICATION"
	}
	return "PASS"
}

func (v *Vendor) fraud(c *emulate.Call) emulate.Response {
	return v.scored(c, false, func(r float64) any {
		s := int(math.Round(r * 100))
		return fraudBody{FraudStatus: fraudStatus(s), FraudScore: s}
	})
}

type salaryBody struct {
	Salary int `json:"salary"`
}

// salary is a monthly income in rupiah that fits the person's occupation,
// deterministic per NIK (JULO reads it as an int, VENDORS.md §1.5).
func (v *Vendor) salary(c *emulate.Call) emulate.Response {
	id := strings.TrimSpace(c.FormValue("id"))
	c.Field("id", id)
	f := c.Facts()
	f.NIK = id
	_, parseErr := c.Deps.People.ParseNIK(id)
	body := func() any {
		p, _ := c.Deps.People.PersonByNIK(id)
		lo, hi := 2_500_000, 6_000_000
		switch p.Occupation {
		case "PELAJAR/MAHASISWA", "BELUM/TIDAK BEKERJA", "MENGURUS RUMAH TANGGA":
			lo, hi = 0, 1_500_000
		case "PEGAWAI NEGERI SIPIL (PNS)", "GURU", "DOSEN", "DOKTER", "TENTARA NASIONAL INDONESIA (TNI)", "KEPOLISIAN RI (POLRI)":
			lo, hi = 4_500_000, 12_000_000
		case "PETANI/PEKEBUN", "BURUH HARIAN LEPAS", "NELAYAN/PERIKANAN":
			lo, hi = 1_500_000, 3_500_000
		}
		r := emulate.Rand(c.Deps.Seed, "salary", id)
		return salaryBody{Salary: (lo + r.IntN(hi-lo+1)) / 50_000 * 50_000}
	}
	if o := c.Decide(f); o != nil {
		return product.Respond(c, o.Code, o.Message, body)
	}
	switch {
	case !identity.IsNIKFormat(id):
		return product.Respond(c, product.InvalidIDNumber, "", nil)
	case parseErr != nil:
		return product.Respond(c, product.PersonNotFound, "", nil)
	}
	return product.Respond(c, product.OK, "", body)
}
