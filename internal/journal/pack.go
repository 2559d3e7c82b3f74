package journal

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// packer copies all strings of an entry, capped, into one buffer that
// becomes a single string; the kept entry's strings are slices of it.
//
// Two reasons for the one-allocation copy rather than keeping the caller's
// strings: a short string may be a slice of a large request body (keeping
// it would keep the body alive and break the memory bound), and one
// allocation per entry is much cheaper on the hot path than one per header.
type packer struct {
	buf    []byte
	spans  []span
	counts []int // entries packed and omitted per map, in packing order
	left   int   // what is left of MaxEntryBytes
}

type span struct{ lo, hi int }

// scalars lists the plain string fields of e in the fixed order in which
// they are packed and unpacked.
func scalars(e *Entry) [15]*string {
	return [15]*string{
		&e.Vendor, &e.Endpoint, &e.Method, &e.Host, &e.Path, &e.Query,
		&e.RemoteAddr, &e.Credential, &e.NIK, &e.Phone, &e.Code, &e.Message,
		&e.Why, &e.Rule, &e.Fault,
	}
}

// pack returns the capped copy of e that the journal keeps (without ID).
func (p *packer) pack(e *Entry) Entry {
	p.buf, p.spans, p.counts = p.buf[:0], p.spans[:0], p.counts[:0]
	p.left = MaxEntryBytes

	// Packing order is also priority order when the budget runs out:
	// the scalars and request fields explain an answer best, headers least.
	for _, s := range scalars(e) {
		p.str(*s, MaxString)
	}
	p.putMap(e.Fields, MaxFields, MaxField)
	images := e.Images[:min(len(e.Images), MaxImages)]
	for i := range images {
		im := &images[i]
		p.str(im.Field, MaxKey)
		p.str(im.Digest, MaxKey+16) // "sha256:" + 64 hex digits fits
		p.str(im.Format, MaxKey)
		p.putMap(im.Marker, MaxMarkers, MaxMarker)
	}
	p.putMap(e.Notes, MaxNotes, MaxNote)
	p.putMap(e.RequestHeaders, MaxHeaders, MaxHeader)

	u := unpacker{s: string(p.buf), spans: p.spans, counts: p.counts}
	out := Entry{
		Time:       e.Time,
		DurationMS: e.DurationMS,
		BodyBytes:  e.BodyBytes,
		Status:     e.Status,
		Charged:    e.Charged,
	}
	for _, s := range scalars(&out) {
		*s = u.next()
	}
	out.Fields = u.takeMap()
	if len(images) > 0 {
		out.Images = make([]Image, len(images))
		for i := range images {
			im := &images[i]
			out.Images[i] = Image{
				Field:  u.next(),
				Size:   im.Size,
				Digest: u.next(),
				Format: u.next(),
				Width:  im.Width,
				Height: im.Height,
				Marker: u.takeMap(),
			}
		}
	}
	out.ImagesDropped = len(e.Images) - len(images)
	out.Notes = u.takeMap()
	out.RequestHeaders = u.takeMap()
	out.Response, out.ResponseTruncated = packResponse(e.Response)
	out.ResponseBytes = len(e.Response)
	return out
}

// str packs one value, cut to max bytes or to what is left of the budget.
func (p *packer) str(s string, max int) {
	lo := len(p.buf)
	p.buf = appendCapped(p.buf, s, min(max, p.left))
	p.left -= len(p.buf) - lo
	p.spans = append(p.spans, span{lo, len(p.buf)})
}

// putMap packs up to maxEntries entries of m; once the entry budget is
// spent the remaining entries are only counted as omitted.
func (p *packer) putMap(m map[string]string, maxEntries, maxVal int) {
	packed, omitted := 0, 0
	add := func(k, v string) {
		if p.left <= 0 {
			omitted++
			return
		}
		// Keys are cut only to MaxKey, never to the budget, so that two
		// long keys cannot both collapse to the same bare suffix.
		lo := len(p.buf)
		p.buf = appendCapped(p.buf, k, MaxKey)
		p.left -= len(p.buf) - lo
		p.spans = append(p.spans, span{lo, len(p.buf)})
		p.str(v, maxVal)
		packed++
	}
	if keys := sortedKeys(m, maxEntries); keys != nil {
		omitted = len(m) - len(keys)
		for _, k := range keys {
			add(k, m[k])
		}
	} else {
		for k, v := range m {
			add(k, v)
		}
	}
	p.counts = append(p.counts, packed, omitted)
}

type unpacker struct {
	s      string
	spans  []span
	counts []int
}

func (u *unpacker) next() string {
	sp := u.spans[0]
	u.spans = u.spans[1:]
	return u.s[sp.lo:sp.hi]
}

func (u *unpacker) takeMap() map[string]string {
	packed, omitted := u.counts[0], u.counts[1]
	u.counts = u.counts[2:]
	if packed == 0 && omitted == 0 {
		return nil
	}
	m := make(map[string]string, packed+1)
	for range packed {
		k := u.next()
		m[k] = u.next()
	}
	if omitted > 0 {
		m[OmittedKey] = "(" + strconv.Itoa(omitted) + " more not recorded)"
	}
	return m
}

// packResponse returns the body to keep: a copy when it is JSON of at most
// MaxResponse bytes, otherwise a JSON string of its text cut to fit. The
// admin API serves Response as raw JSON, and encoding/json refuses invalid
// raw JSON, so a cut object must not be stored as-is.
func packResponse(b []byte) (json.RawMessage, bool) {
	if len(b) == 0 {
		return nil, false
	}
	if len(b) <= MaxResponse && json.Valid(b) {
		return append(json.RawMessage(nil), b...), false
	}
	return quoteCapped(b, MaxResponse)
}

// quoteCapped encodes b as a JSON string of at most max bytes including
// the quotes, cutting on a character boundary; cut reports whether it had
// to. Escapes are counted, so a body full of control characters cannot
// exceed max either.
func quoteCapped(b []byte, max int) (out json.RawMessage, cut bool) {
	const hex = "0123456789abcdef"
	out = make([]byte, 0, min(max, len(b)+2))
	out = append(out, '"')
	var piece []byte
	var tmp [6]byte
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			piece = append(tmp[:0], `\ufffd`...)
		case r == '"' || r == '\\':
			piece = append(tmp[:0], '\\', byte(r))
		case r < 0x20:
			piece = append(tmp[:0], '\\', 'u', '0', '0', hex[r>>4], hex[r&0xF])
		default:
			piece = b[i : i+size]
		}
		if len(out)+len(piece)+1 > max {
			return append(out, '"'), true
		}
		out = append(out, piece...)
		i += size
	}
	return append(out, '"'), false
}
