package verihubs

import (
	"math"
	"strconv"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

// KTP minimum: "Minimum KTP image size 720x480 (cropped KTP)" (seed,
// vendor-docs/verihubs.txt, the image parameter; VENDORS.md §4.2, §4.3).
// Neither the docs nor VENDORS.md speak of orientation: taking the crop
// upright too (long side ≥ 720, short side ≥ 480) is the mock's own
// default (doc.go), so a client's rotated photo is not refused for size.
const minLong, minShort = 720, 480

// loadImage reads `image` as base64 or, for an http(s) URL, fetches it
// (VH-8). code is the documented problem, "" for a good JPEG/PNG.
func (v *Vendor) loadImage(c *emulate.Call, text string) (emulate.Image, string) {
	return v.load(c, "image", text, true)
}

// load reads one image field; ktp applies the KTP minimum dimensions.
func (v *Vendor) load(c *emulate.Call, field, text string, ktp bool) (emulate.Image, string) {
	if strings.TrimSpace(text) == "" {
		return emulate.Image{Field: field}, ImageMissing
	}
	if isURL(text) {
		c.Note(field+"_url", text)
		data, code, reason := v.fetch.get(c, text)
		if code != "" {
			c.Note(field+"_url_error", reason)
			return emulate.Image{Field: field, Present: true}, code
		}
		img := c.FileImage(field, data)
		return img, imageProblem(img, ktp)
	}
	if strings.Contains(text, "://") {
		return emulate.Image{Field: field, Present: true}, ImageMissing // neither base64 nor an http(s) URL
	}
	img := c.Base64Image(field, text)
	if img.Err != nil {
		return img, ImageMissing
	}
	return img, imageProblem(img, ktp)
}

// imageProblem applies the seed's rules in its table's order: size, then
// format (JPEG/JPG/PNG), then the 720×480 minimum, which the docs call the
// KTP "image size" and so answers INVALID_PAYLOAD_IMAGE_SIZE.
func imageProblem(img emulate.Image, ktp bool) string {
	if img.Info.Size > MaxImage {
		return ImageSize
	}
	if imagecheck.Check(img.Info, imagecheck.Limits{Formats: []imagecheck.Format{imagecheck.JPEG, imagecheck.PNG}}) != imagecheck.OK {
		return ImageFormat
	}
	w, h := img.Info.Width, img.Info.Height
	if ktp && (max(w, h) < minLong || min(w, h) < minShort) {
		return ImageSize
	}
	return ""
}

// Quality thresholds (VH-5): blur and dark are true from a score of 50.
const blurFrom, darkFrom = 50.0, 50.0

// quality is image_quality in the seed sample's key order.
type quality struct {
	Blur       bool    `json:"blur"`
	Dark       bool    `json:"dark"`
	Grayscale  bool    `json:"grayscale"`
	BlurScore  float64 `json:"blur_score"`
	DarkScore  float64 `json:"dark_score"`
	Flashlight bool    `json:"flashlight"`
}

func (q quality) fails() bool { return q.Blur || q.Dark || q.Grayscale || q.Flashlight }

// qualityOf draws the scores for an image: markers blur=/dark= take true
// or a score 0..100, flashlight=true and grayscale=true set those flags;
// otherwise the card is clean. Booleans always agree with the scores.
func qualityOf(seed int64, img emulate.Image) quality {
	r := emulate.Rand(seed, "verihubs-quality", img.Info.Digest)
	score := func(key string, from float64) float64 {
		m := strings.ToLower(emulate.Marker(key, img))
		if f, err := strconv.ParseFloat(m, 64); err == nil && f >= 0 && f <= 100 {
			return f
		}
		if m == "true" || m == "yes" {
			return round6(from + r.Float64()*(100-from))
		}
		return round6(r.Float64() * from * 0.9)
	}
	q := quality{BlurScore: score("blur", blurFrom), DarkScore: score("dark", darkFrom)}
	q.Blur, q.Dark = q.BlurScore >= blurFrom, q.DarkScore >= darkFrom
	q.Flashlight = flag(emulate.Marker("flashlight", img))
	q.Grayscale = flag(emulate.Marker("grayscale", img))
	return q
}

// flags sets quality from the letters of a sandbox code (B blur, D dark,
// F flashlight, G grayscale) with fixed scores.
func flags(letters string) quality {
	q := quality{BlurScore: 12.5, DarkScore: 20.25}
	for _, l := range letters {
		switch l {
		case 'B':
			q.Blur, q.BlurScore = true, 87.5
		case 'D':
			q.Dark, q.DarkScore = true, 75.75
		case 'F':
			q.Flashlight = true
		case 'G':
			q.Grayscale = true
		}
	}
	return q
}

func flag(s string) bool {
	s = strings.ToLower(s)
	return s == "true" || s == "yes" || s == "1"
}

func round6(f float64) float64 { return math.Round(f*1e6) / 1e6 }
