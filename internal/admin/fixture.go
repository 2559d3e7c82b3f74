package admin

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/mockekyc/mockekyc/internal/imagecheck"
)

// Fixture limits for GET /__admin/fixture. A JPEG is encoded from a
// raster of 1.5 bytes a pixel (25 MB at 4096×4096) and a BMP is a byte a
// pixel of output, so they stop at 4096 a side, which one fixture at a
// time (Limits.Fixtures) keeps inside the mock's memory. PNG, GIF, TIFF,
// WebP and PDF are made from the card's few distinct rows and hold only
// their output, so they go to 6144: past ADVANCE's 4096 and AccuAuth's 6000
// pixel limits, whose "too large" answers a client without Go can then
// trigger.
const (
	fixtureDefaultW    = 1000
	fixtureDefaultH    = 630
	fixtureMaxSide     = 4096
	fixtureMaxSideRows = 6144
)

// maxSide is the largest side the endpoint makes in format f.
func maxSide(f imagecheck.Format) int {
	if f == imagecheck.JPEG || f == imagecheck.BMP {
		return fixtureMaxSide
	}
	return fixtureMaxSideRows
}

// fixture is GET /__admin/fixture: a test image the mock reads as the
// person of nik= (and any marker= text, e.g. "scenario=FAIL"), in
// format= (jpeg, png, …; default jpeg) at width= × height=. It is what
// `mockekyc fixture` writes, for the web UI's people view and for clients
// that have no Go. Past Limits.Fixtures at once a call waits
// Limits.FixtureWait for a slot, then gets a 503 with Retry-After.
func (a *api) fixture(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	spec := imagecheck.FixtureSpec{Format: imagecheck.JPEG, Width: fixtureDefaultW, Height: fixtureDefaultH}
	if s := q.Get("format"); s != "" {
		f, ok := imagecheck.ParseFormat(s)
		if !ok {
			fail(w, http.StatusBadRequest, "format must be one of jpeg, png, gif, bmp, tiff, webp, pdf; got %q", s)
			return
		}
		spec.Format = f
	}
	for key, dst := range map[string]*int{"width": &spec.Width, "height": &spec.Height} {
		if s := q.Get(key); s != "" {
			n, err := strconv.Atoi(s)
			if max := maxSide(spec.Format); err != nil || n < 1 || n > max {
				fail(w, http.StatusBadRequest, "%s must be a whole number from 1 to %d for %s, got %q", key, max, spec.Format, s)
				return
			}
			*dst = n
		}
	}
	var marker []string
	if nik := q.Get("nik"); nik != "" {
		if _, err := a.Deps.People.PersonByNIK(nik); err != nil {
			fail(w, http.StatusBadRequest, "nik: %v", err)
			return
		}
		marker = append(marker, "nik="+nik)
	}
	if m := strings.TrimSpace(q.Get("marker")); m != "" {
		marker = append(marker, m)
	}
	spec.Marker = strings.Join(marker, "; ")
	// The slot is held until the image is written: that is when its
	// bytes are let go.
	if !a.gates.fixtures.enter(r.Context(), a.gates.FixtureWait) {
		busy(w, time.Second, "the mock is making %d fixture(s), the most it makes at once; retry in a second", a.gates.Fixtures)
		return
	}
	defer a.gates.fixtures.leave()
	if f := fixtureHook.Load(); f != nil {
		(*f)()
	}
	img, err := imagecheck.NewFixture(spec)
	if err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	name := "fixture"
	if nik := q.Get("nik"); nik != "" {
		name = "ktp-" + nik
	}
	w.Header().Set("Content-Type", spec.Format.MIME())
	w.Header().Set("Content-Length", strconv.Itoa(img.Size()))
	w.Header().Set("Content-Disposition", fmt.Sprintf("inline; filename=%q", name+spec.Format.Ext()))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = img.WriteTo(w)
}

// thumb is GET /__admin/thumbs/{digest}: a PNG of at most 96×96 pixels of
// an image a client sent, made while the web UI watches the journal (the
// journal itself keeps only digests). 404 when there is none: the image
// came while nobody watched, was too large to decode, or was forgotten.
func (a *api) thumb(w http.ResponseWriter, r *http.Request) {
	digest := mux.Vars(r)["digest"]
	png, ok := a.Deps.Thumbs.Get(digest)
	if !ok {
		fail(w, http.StatusNotFound, "no thumbnail of image %s (thumbnails are made while the web UI watches, for images up to 2 megapixels)", digest)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Content-Length", strconv.Itoa(len(png)))
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(png)
}
