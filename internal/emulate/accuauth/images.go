package accuauth

import (
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

// imageLimit is the docs' "no larger than 5 MB", read as 5 MiB of image
// bytes (after base64 decoding; docs/vendors/README.md#s0 "M" is undefined
// by every vendor), on the OCR and on the face endpoints alike.
const imageLimit = 5 << 20

// fields is a request body as the image endpoints read it: text values
// and, from a multipart body, file parts (docs/vendors/accuauth.md#ac-1).
type fields struct {
	vals      map[string]string
	files     map[string][]byte // first file part of each name, as sent (not copied)
	multipart bool
}

// readFields reads a multipart, urlencoded or JSON body (or none); ok is
// false for a body none of them can read.
func readFields(c *emulate.Call) (fields, bool) {
	if c.MediaType() != "multipart/form-data" {
		p, ok := params(c)
		return fields{vals: p}, ok
	}
	form, err := c.Multipart()
	if err != nil {
		return fields{}, false
	}
	f := fields{vals: map[string]string{}, files: map[string][]byte{}, multipart: true}
	for k, vs := range form.Value {
		f.vals[k] = vs[0]
	}
	for k, fps := range form.File {
		f.files[k] = fps[0].Data
	}
	return f, true
}

// slot names one image of a request: its file field, its base64 field and
// the INVALID_ARGUMENT reasons that name them.
type slot struct {
	file, b64          string
	must, both, notB64 string
}

var (
	ocrSlot   = slot{"file", "image_base64", msgMustSpecifyImg, msgBothImages, msgImageBase64}
	faceSlot1 = slot{"file_1", "image_base64_1", msgMustImage1, msgBothImage1, msgImage1Base64}
	faceSlot2 = slot{"file_2", "image_base64_2", msgMustImage2, msgBothImage2, msgImage2Base64}
)

// imageInput is the image of a slot, or the reason there is none.
type imageInput struct {
	img    emulate.Image
	reason string // an INVALID_ARGUMENT reason found while reading
}

// pick reads one slot: exactly one of its file (a multipart part, or a
// plain multipart value) and its base64 text (docs/vendors/accuauth.md#s3-3).
// A file over the limit is not inspected.
func pick(c *emulate.Call, f fields, s slot) imageInput {
	file, hasFile := f.files[s.file]
	if !hasFile && f.multipart && f.vals[s.file] != "" {
		file, hasFile = []byte(f.vals[s.file]), true
	}
	b64 := f.vals[s.b64]
	switch {
	case hasFile && b64 != "":
		return imageInput{reason: s.both}
	case !hasFile && b64 == "":
		return imageInput{reason: s.must}
	case len(file) > imageLimit:
		c.Note(s.file, "part over 5 MB, not read whole")
		return imageInput{reason: msgImageSize}
	case hasFile:
		return imageInput{img: c.FileImage(s.file, file)}
	}
	img := c.Base64Image(s.b64, b64)
	if img.Err != nil {
		return imageInput{img: img, reason: s.notB64}
	}
	return imageInput{img: img}
}

// faceLimits are the face endpoints' image rules (docs/vendors/accuauth.md#b4-1):
// the OCR's without PDF.
var faceLimits = imagecheck.Limits{
	MaxBytes: imageLimit, Formats: []imagecheck.Format{imagecheck.JPEG, imagecheck.PNG},
	MinWidth: 128, MinHeight: 128, MaxWidth: 6000, MaxHeight: 6000,
}

// imageProblem maps the image verdict to the answer (the order of
// imagecheck.Check: empty, size, format, corrupt, dimensions).
func imageProblem(img emulate.Image, l imagecheck.Limits, formatMsg string) (code, reason string) {
	switch imagecheck.Check(img.Info, l) {
	case imagecheck.OK:
		return "", ""
	case imagecheck.Empty:
		return InvalidArgument, msgImageEmpty
	case imagecheck.TooLarge:
		return InvalidArgument, msgImageSize
	case imagecheck.BadFormat:
		return InvalidArgument, formatMsg
	case imagecheck.Corrupt:
		return DetectionFailed, msgDetection
	case imagecheck.TooSmall:
		return InvalidArgument, msgImageSmall
	default:
		return InvalidArgument, msgImageBig
	}
}
