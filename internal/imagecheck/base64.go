package imagecheck

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// ErrEmpty means there was no image at all: an empty field, a field of only
// whitespace, a data URI with nothing after the comma, or a zero-byte file.
// Vendors answer this differently from a malformed image, hence its own error.
var ErrEmpty = errors.New("imagecheck: empty image")

// Base64Error is a base64 text that cannot be decoded. Offset is the byte
// offset in the text given to DecodeBase64 (not in the payload after a data
// URI prefix), so it points at what the client actually sent.
type Base64Error struct {
	Offset int
	Reason string
}

func (e *Base64Error) Error() string {
	return fmt.Sprintf("imagecheck: bad base64 at offset %d: %s", e.Offset, e.Reason)
}

// b64Table maps a byte to its 6-bit value for both the standard and the
// URL-safe alphabets at once, because clients mix them up and vendors accept
// both. A space decodes as '+' (62): a form body that carried an unencoded '+'
// arrives with a space in its place. The table is a constant string rather
// than a [256]byte variable so it cannot be modified; base64_test.go rebuilds
// it from the alphabets and compares.
const (
	b64Skip    = 0xFE // \r \n \t: line breaks from MIME-style wrapping
	b64Pad     = 0xFD // '='
	b64Invalid = 0xFF
	b64Table   = "" +
		"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xfe\xff\xff\xfe\xff\xff" +
		"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
		"\x3e\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x3e\xff\x3e\xff\x3f" +
		"\x34\x35\x36\x37\x38\x39\x3a\x3b\x3c\x3d\xff\xff\xff\xfd\xff\xff" +
		"\xff\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e" +
		"\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\xff\xff\xff\xff\x3f" +
		"\xff\x1a\x1b\x1c\x1d\x1e\x1f\x20\x21\x22\x23\x24\x25\x26\x27\x28" +
		"\x29\x2a\x2b\x2c\x2d\x2e\x2f\x30\x31\x32\x33\xff\xff\xff\xff\xff" +
		"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
		"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
		"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
		"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
		"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
		"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
		"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
		"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
)

// DecodeBase64 decodes an image sent as base64 text the way clients really
// send it:
//
//   - standard or URL-safe alphabet (even mixed), with or without '=' padding;
//   - an optional data URI prefix "data:<mime>[;params];base64,";
//   - \r, \n and \t anywhere are ignored (line-wrapped encoders);
//   - a space is '+', except leading whitespace, which is dropped: no image
//     format's base64 starts with '+', but JSON and form values often start
//     with a stray space or newline.
//
// Empty input (or only whitespace) gives ErrEmpty; anything undecodable gives
// a *Base64Error. Bits left over in the last character are ignored, as most
// vendors' decoders do. The result is allocated once, at most 3/4 of the text
// length plus 3 bytes.
func DecodeBase64(s string) ([]byte, error) {
	start, err := payloadStart(s)
	if err != nil {
		return nil, err
	}
	p := s[start:]
	if p == "" {
		return nil, ErrEmpty
	}
	out := make([]byte, len(p)/4*3+3)
	n, err := decodeB64(out, p, start)
	if err != nil {
		return nil, err
	}
	return out[:n:n], nil
}

// payloadStart skips leading whitespace and a data URI prefix, returning the
// offset in s where base64 characters begin.
func payloadStart(s string) (int, error) {
	i := skipSpace(s, 0)
	const scheme = "data:"
	if len(s)-i < len(scheme) || !strings.EqualFold(s[i:i+len(scheme)], scheme) {
		return i, nil
	}
	comma := strings.IndexByte(s[i:], ',')
	if comma < 0 {
		return 0, &Base64Error{Offset: i, Reason: `data URI without ";base64,"`}
	}
	header := s[i+len(scheme) : i+comma]
	const b64 = ";base64"
	if len(header) < len(b64) || !strings.EqualFold(header[len(header)-len(b64):], b64) {
		return 0, &Base64Error{Offset: i, Reason: `data URI without ";base64,"`}
	}
	return skipSpace(s, i+comma+1), nil
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
		i++
	}
	return i
}

// decodeB64 decodes p into out, which must hold len(p)/4*3+3 bytes. base is
// p's offset in the caller's text, for error offsets.
func decodeB64(out []byte, p string, base int) (int, error) {
	n := 0
	var acc uint32 // pending 6-bit groups
	k := 0         // number of groups in acc
	i := 0
	for i < len(p) {
		if k == 0 {
			// Fast path: eight data characters (two quanta) at a time,
			// stored as one 8-byte write of which 6 bytes count; the
			// 3 spare bytes at the end of out leave room for the other 2.
			// This is nearly all of a real payload: a line break every
			// 76 characters drops to the slow path for one character.
			for i+8 <= len(p) && n+8 <= len(out) {
				a, b, c, d := b64Table[p[i]], b64Table[p[i+1]], b64Table[p[i+2]], b64Table[p[i+3]]
				e, f, g, h := b64Table[p[i+4]], b64Table[p[i+5]], b64Table[p[i+6]], b64Table[p[i+7]]
				if (a|b|c|d|e|f|g|h)&0xC0 != 0 {
					break
				}
				binary.BigEndian.PutUint64(out[n:], uint64(a)<<58|uint64(b)<<52|uint64(c)<<46|uint64(d)<<40|
					uint64(e)<<34|uint64(f)<<28|uint64(g)<<22|uint64(h)<<16)
				n += 6
				i += 8
			}
			for i+4 <= len(p) {
				a, b, c, d := b64Table[p[i]], b64Table[p[i+1]], b64Table[p[i+2]], b64Table[p[i+3]]
				if (a|b|c|d)&0xC0 != 0 {
					break
				}
				v := uint32(a)<<18 | uint32(b)<<12 | uint32(c)<<6 | uint32(d)
				_ = out[n+2]
				out[n], out[n+1], out[n+2] = byte(v>>16), byte(v>>8), byte(v)
				n += 3
				i += 4
			}
			if i >= len(p) {
				break
			}
		}
		ch := p[i]
		v := b64Table[ch]
		switch {
		case v < 64:
			acc = acc<<6 | uint32(v)
			k++
			if k == 4 {
				out[n], out[n+1], out[n+2] = byte(acc>>16), byte(acc>>8), byte(acc)
				n += 3
				acc, k = 0, 0
			}
		case v == b64Skip:
		case v == b64Pad:
			if err := checkPadding(p, i, k, base); err != nil {
				return 0, err
			}
			i = len(p)
			continue
		default:
			return 0, &Base64Error{Offset: base + i, Reason: fmt.Sprintf("invalid character %q", ch)}
		}
		i++
	}
	switch k {
	case 1:
		return 0, &Base64Error{Offset: base + len(p), Reason: "impossible length (one character left over)"}
	case 2:
		out[n] = byte(acc >> 4)
		n++
	case 3:
		out[n], out[n+1] = byte(acc>>10), byte(acc>>2)
		n += 2
	}
	return n, nil
}

// checkPadding validates the tail that starts with the '=' at p[i] when k
// data characters of the last quantum have been read: only '=' and
// whitespace may follow, and no more '=' than the quantum lacks.
func checkPadding(p string, i, k, base int) error {
	if k < 2 {
		return &Base64Error{Offset: base + i, Reason: "unexpected padding"}
	}
	pads := 0
	for j := i; j < len(p); j++ {
		switch p[j] {
		case '=':
			pads++
			if pads > 4-k {
				return &Base64Error{Offset: base + j, Reason: "too much padding"}
			}
		case ' ', '\r', '\n', '\t':
		default:
			return &Base64Error{Offset: base + j, Reason: fmt.Sprintf("character %q after padding", p[j])}
		}
	}
	return nil
}
