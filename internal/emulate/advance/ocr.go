package advance

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

// Image rules of the glossary and KK OCR (docs/vendors/advance.md#s2-2, #s2-4): PNG/JPG/JPEG (KK
// also TIF), below 2 MB, 256×256 … 4096×4096. "2M" is 2 MiB of file bytes
// and the bounds are inclusive (docs/vendors/advance.md#ad-14).
const (
	maxImageBytes = 2 << 20
	minSide       = 256
	maxSide       = 4096
)

var (
	photoFormats = []imagecheck.Format{imagecheck.JPEG, imagecheck.PNG}
	kkFormats    = []imagecheck.Format{imagecheck.JPEG, imagecheck.PNG, imagecheck.TIFF}
)

// problem is what is wrong with an uploaded image, before any endpoint
// names it with its own code and message.
type problem int

const (
	fine    problem = iota
	missing         // no part, or an empty one
	format          // bytes of another format (or no image at all)
	size            // 2 MiB or more, or a side outside 256..4096
	corrupt         // a recognised format whose header does not decode
)

// imageLimits are the glossary's bounds; "less than 2M" makes 2 MiB - 1 the
// largest size allowed.
func imageLimits(formats []imagecheck.Format) imagecheck.Limits {
	return imagecheck.Limits{MaxBytes: maxImageBytes - 1, Formats: formats,
		MinWidth: minSide, MinHeight: minSide, MaxWidth: maxSide, MaxHeight: maxSide}
}

// imageProblem judges an upload by its bytes only: the part's own
// Content-Type is never looked at, since the PHP SDK sends
// application/octet-stream for every file (docs/vendors/advance.md#ad-13).
func imageProblem(img emulate.Image, formats []imagecheck.Format) problem {
	if !img.Present {
		return missing
	}
	switch imagecheck.Check(img.Info, imageLimits(formats)) {
	case imagecheck.OK:
		return fine
	case imagecheck.Corrupt:
		return corrupt
	case imagecheck.TooLarge, imagecheck.TooSmall, imagecheck.TooBig:
		return size
	}
	return format
}

// verdict is a code and its message.
type verdict struct{ code, msg string }

// imageAnswers is what an image endpoint answers to each problem of an
// upload: its formats, its own format and size texts, and what it finds
// in an image whose header does not decode (none for the face comparison,
// whose answer names the image). A missing image is always "Parameter
// should not be empty" (docs/vendors/advance.md#ad-3).
type imageAnswers struct {
	formats               []imagecheck.Format
	format, size, corrupt verdict
}

// imageEndpoints are the image endpoints' answers (docs/vendors/advance.md#s2-4, #s2-5, #ad-15).
var imageEndpoints = map[string]imageAnswers{
	opKK:      {kkFormats, verdict{ParameterError, MsgKKFormat}, verdict{ParameterError, MsgKKSize}, verdict{OCRNoResult, MsgKKNoResult}},
	opKTP:     {photoFormats, verdict{ImageInvalidFormat, MsgImageFormat}, verdict{ImageInvalidSize, MsgImageSize}, verdict{OCRNoResult, MsgKTPNoResult}},
	opFace:    {photoFormats, verdict{ImageInvalidFormat, MsgImageFormat}, verdict{ImageInvalidSize, MsgImageSize}, verdict{}},
	opForgery: {photoFormats, verdict{ParameterError, MsgForgeryFormat}, verdict{ParameterError, MsgForgerySize}, verdict{NoSupportedCard, MsgNoSupported}},
	// Beyond the seed: the older versions answer as their current one
	// (docs/vendors/advance.md#b1-2, #b1-6); the hand-held ID's one image
	// is the comparison's first.
	opKTPv1:   {photoFormats, verdict{ImageInvalidFormat, MsgImageFormat}, verdict{ImageInvalidSize, MsgImageSize}, verdict{OCRNoResult, MsgKTPNoResult}},
	opOCRv2:   {photoFormats, verdict{ImageInvalidFormat, MsgImageFormat}, verdict{ImageInvalidSize, MsgImageSize}, verdict{OCRNoResult, MsgKTPNoResult}},
	opFaceV2:  {photoFormats, verdict{ImageInvalidFormat, MsgImageFormat}, verdict{ImageInvalidSize, MsgImageSize}, verdict{}},
	opFaceV3:  {photoFormats, verdict{ImageInvalidFormat, MsgImageFormat}, verdict{ImageInvalidSize, MsgImageSize}, verdict{}},
	opIDCheck: {photoFormats, verdict{ImageInvalidFormat, MsgImageFormat}, verdict{ImageInvalidSize, MsgImageSize}, verdict{NoFaceFirst, MsgNoFaceFirst}},
}

// imageVerdict is the endpoint's answer to the first problem of its
// uploads, in the order missing, format, size (of any image), then the
// decoder's; the zero verdict when there is none.
func imageVerdict(op string, imgs ...emulate.Image) verdict {
	a := imageEndpoints[op]
	ps := make([]problem, len(imgs))
	for i, img := range imgs {
		ps[i] = imageProblem(img, a.formats)
	}
	for _, step := range []struct {
		p problem
		v verdict
	}{{missing, verdict{ParameterError, MsgEmpty}}, {format, a.format}, {size, a.size}, {corrupt, a.corrupt}} {
		if slices.Contains(ps, step.p) {
			return step.v
		}
	}
	return verdict{}
}

// errNoMultipart: the body is not multipart/form-data (CLIENT_ERROR).
var errNoMultipart = errors.New("body is not multipart/form-data")

// upload reads the named file fields of a multipart body. A field sent as
// a plain value (curl -F "ocrImage=<file") counts as its bytes.
func upload(c *emulate.Call, fields ...string) ([]emulate.Image, error) {
	form, err := c.Multipart()
	if err != nil {
		c.Note("body_error", err.Error())
		return nil, errNoMultipart
	}
	out := make([]emulate.Image, 0, len(fields))
	for _, f := range fields {
		out = append(out, c.FileImage(f, partBytes(c, form, f)))
	}
	return out, nil
}

func partBytes(c *emulate.Call, form *emulate.MultipartForm, field string) []byte {
	if fps := form.File[field]; len(fps) > 0 {
		c.Note(field+"_content_type", fps[0].Header.Get("Content-Type"))
		return fps[0].Data
	}
	if vs := form.Value[field]; len(vs) > 0 {
		return []byte(vs[0])
	}
	return nil
}

// kkAnswers is the KK OCR table of the seed (docs/vendors/advance.md#s2-4) plus the glossary.
func kkAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		pay(Success, MsgOK, "a readable PNG/JPEG/TIFF, 256..4096 px a side, under 2 MiB: the KK of the family the image stands for (marker kk=<16 digits> picks the KK)"),
		pay(OCRNoResult, MsgKKNoResult, "a PNG/JPEG/TIFF whose header does not decode; or marker scenario=OCR_NO_RESULT"),
		free(ParameterError, MsgEmpty, "ocrImage missing or empty"),
		free(ParameterError, MsgKKFormat, "ocrImage bytes that are not PNG, JPEG or TIFF (the part's Content-Type is not judged, docs/vendors/advance.md#ad-13)"),
		free(ParameterError, MsgKKSize, "ocrImage of 2 MiB or more, or a side outside 256..4096 px (docs/vendors/advance.md#ad-14)"),
	}, glossary(true)...)
}

// kkPerson is one personList row, every field a string, "" when empty (docs/vendors/advance.md#s2-4).
type kkPerson struct {
	Person         string `json:"person"`
	IDNumber       string `json:"idNumber"`
	Name           string `json:"name"`
	BirthPlace     string `json:"birthPlace"`
	Occupation     string `json:"occupation"`
	BirthDate      string `json:"birthDate"`
	Religion       string `json:"religion"`
	MarriageDate   string `json:"marriageDate"`
	BloodType      string `json:"bloodType"`
	StatusInFamily string `json:"statusInFamily"`
	Gender         string `json:"gender"`
	Education      string `json:"education"`
	Nationality    string `json:"nationality"`
	MaritalStatus  string `json:"maritalStatus"`
	Passport       string `json:"passport"`
	NameOfFather   string `json:"nameOfFather"`
	NameOfMother   string `json:"nameOfMother"`
	Kitap          string `json:"kitap"`
}

// kkData is the KK OCR data in the seed example's key order.
type kkData struct {
	Address     string     `json:"address"`
	FamilyHead  string     `json:"familyHead"`
	SubDistrict string     `json:"subDistrict"`
	Postcode    string     `json:"postcode"`
	Village     string     `json:"village"`
	RTRW        string     `json:"rtrw"`
	Province    string     `json:"province"`
	District    string     `json:"district"`
	PersonList  []kkPerson `json:"personList"`
	KK          string     `json:"kk"`
}

// regency is the KK's "Kabupaten/Kota" line as printed: the name without
// its KABUPATEN/KOTA prefix (the seed's "district":"BEKASI").
func regency(city string) string {
	for _, p := range []string{"KABUPATEN ", "KOTA "} {
		if n, ok := strings.CutPrefix(city, p); ok {
			return n
		}
	}
	return city
}

// kkOf is what OCR reads off the family's card: the kecamatan is the
// subDistrict and the regency the district (docs/vendors/advance.md#s2-4 example).
func kkOf(f identity.Family) kkData {
	d := kkData{
		Address: f.Address, FamilyHead: f.Head, SubDistrict: f.District, Postcode: f.Postcode, Village: f.Village,
		RTRW: f.RT + "/" + f.RW, Province: f.Province, District: regency(f.City), KK: f.KK,
		PersonList: make([]kkPerson, 0, len(f.Members)),
	}
	for i, m := range f.Members {
		blood := m.BloodType
		if blood == "-" {
			blood = "" // the card's "TIDAK TAHU"; the seed shows ""
		}
		d.PersonList = append(d.PersonList, kkPerson{
			Person: "person" + strconv.Itoa(i+1), IDNumber: m.NIK, Name: m.Name, BirthPlace: m.BirthPlace, Occupation: m.Occupation,
			BirthDate: identity.FormatDate(m.BirthDate), Religion: m.Religion, MarriageDate: m.MarriageDate, BloodType: blood,
			StatusInFamily: m.Relation, Gender: m.Gender, Education: m.Education, Nationality: m.Nationality,
			MaritalStatus: m.MaritalStatus, NameOfFather: m.FatherName, NameOfMother: m.MotherName,
		})
	}
	return d
}

// familyOf is the family an image stands for: the marker's KK number when
// the test image names one, else the one its digest picks.
func familyOf(c *emulate.Call, img emulate.Image) identity.Family {
	if kk := emulate.Marker("kk", img); identity.IsNIKFormat(kk) {
		f, _ := c.Deps.People.FamilyByKK(kk) // 16 digits always yield a family
		return f
	}
	return c.Deps.People.FamilyFor(img.Info.Digest)
}

func (v *Vendor) kkOCR(c *emulate.Call) emulate.Response {
	imgs, err := upload(c, "ocrImage")
	if err != nil {
		return c.Fail(ClientError, MsgBadRequest)
	}
	img := imgs[0]
	fam := familyOf(c, img)
	f := c.Facts(img)
	if img.Present && len(fam.Members) > 0 {
		f.NIK = fam.Members[0].NIK
	}
	data := func() any { return kkOf(fam) }
	if o := c.Decide(f); o != nil {
		return v.respond(c, o.Code, o.Message, data)
	}
	if p := imageVerdict(opKK, img); p.code != "" {
		return c.Fail(p.code, p.msg)
	}
	return v.respond(c, Success, MsgOK, data)
}

// ktpAnswers is KTP OCR v3 (docs/vendors/advance.md#s2-5, #ad-15): its own codes plus the glossary.
func ktpAnswers() []emulate.Answer {
	return append([]emulate.Answer{
		pay(Success, MsgOK, "a readable PNG/JPEG, 256..4096 px a side, under 2 MiB: the KTP of the person the image stands for (marker nik=)"),
		inferred(pay(OCRNoResult, MsgKTPNoResult, "a PNG/JPEG whose header does not decode; or marker scenario=OCR_NO_RESULT")),
		free(ParameterError, MsgEmpty, "ocrImage missing or empty"),
		inferred(free(ImageInvalidFormat, MsgImageFormat, "ocrImage bytes that are not PNG or JPEG (TIFF included)")),
		inferred(free(ImageInvalidSize, MsgImageSize, "ocrImage of 2 MiB or more, or a side outside 256..4096 px")),
	}, glossary(true)...)
}

// ktpData is KTP OCR v3's data in the doc's key order (docs/vendors/advance.md#s2-5).
type ktpData struct {
	IDNumber           string `json:"idNumber"`
	Name               string `json:"name"`
	BloodType          string `json:"bloodType"`
	Religion           string `json:"religion"`
	Gender             string `json:"gender"`
	BirthPlaceBirthday string `json:"birthPlaceBirthday"`
	Province           string `json:"province"`
	City               string `json:"city"`
	District           string `json:"district"`
	Village            string `json:"village"`
	RTRW               string `json:"rtrw"`
	Occupation         string `json:"occupation"`
	ExpiryDate         string `json:"expiryDate"`
	Nationality        string `json:"nationality"`
	MaritalStatus      string `json:"maritalStatus"`
	Address            string `json:"address"`
	PlaceOfBirth       string `json:"placeOfBirth"`
	Birthday           string `json:"birthday"`
}

// ktpOf reads the person's card. birthPlaceBirthday is "CITY, DD-MM-YYYY"
// and birthday "YYYY/MM/DD" (docs/vendors/advance.md#s2-6-7); a birthPlaceBirthday that could not
// be split would give the string "null" for both parts (docs/vendors/advance.md#ad-16), which a
// generated card never needs.
func ktpOf(p identity.Person) ktpData {
	return ktpData{
		IDNumber: p.NIK, Name: p.Name, BloodType: p.BloodType, Religion: p.Religion, Gender: p.Gender,
		BirthPlaceBirthday: p.BirthPlace + ", " + identity.FormatDate(p.BirthDate),
		Province:           p.Province, City: p.City, District: p.District, Village: p.Village, RTRW: p.RT + "/" + p.RW,
		Occupation: p.Occupation, ExpiryDate: p.ValidUntil, Nationality: p.Nationality, MaritalStatus: p.MaritalStatus,
		Address: p.Address, PlaceOfBirth: p.BirthPlace, Birthday: p.BirthDate.Format("2006/01/02"),
	}
}

func (v *Vendor) ktpOCR(c *emulate.Call) emulate.Response {
	imgs, err := upload(c, "ocrImage")
	if err != nil {
		return c.Fail(ClientError, MsgBadRequest)
	}
	img := imgs[0]
	p := emulate.SubjectPerson(c, img)
	f := c.Facts(img)
	if img.Present {
		f.NIK = p.NIK
	}
	data := func() any { return ktpOf(p) }
	if c.Endpoint.OperationID == opOCRv2 {
		data = func() any { return ocrV2Data{IDNumber: p.NIK, Name: p.Name} }
	}
	if o := c.Decide(f); o != nil {
		return v.respond(c, o.Code, o.Message, data)
	}
	if p := imageVerdict(c.Endpoint.OperationID, img); p.code != "" {
		return c.Fail(p.code, p.msg)
	}
	return v.respond(c, Success, MsgOK, data)
}

// ocrV2Answers is KTP OCR v3's table for the legacy v2 (docs/vendors/advance.md#b1-2: codes by
// analogy), with its own success.
func ocrV2Answers() []emulate.Answer {
	out := ktpAnswers()
	out[0].Trigger = "a readable PNG/JPEG, 256..4096 px a side, under 2 MiB: idNumber and name of the person the image stands for (marker nik=)"
	return out
}

// ocrV2Data is all the legacy v2 reads off a KTP (a client comment: "OCR
// fills 2 of the 6 identity fields", docs/vendors/advance.md#b1-2).
type ocrV2Data struct {
	IDNumber string `json:"idNumber"`
	Name     string `json:"name"`
}
