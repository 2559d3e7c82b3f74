package emulate

import (
	"bytes"
	"errors"
	"net/url"
	"strings"
	"unsafe"
)

// errEscape is a malformed %-escape in a form body.
var errEscape = errors.New("invalid URL escape in form body")

// parseForm decodes an application/x-www-form-urlencoded body as
// url.ParseQuery does (pairs with a bad escape are dropped and the first
// error is reported; a bare key is an empty value), in one pass with one
// allocation per value: image fields are hundreds of kilobytes of
// percent-encoded base64, and ParseQuery's byte-at-a-time builder was a
// quarter of the CPU of a large request.
//
// A value of at least inPlace bytes (a megabyte of base64, not a name) is
// unescaped where it lies, in body, and the string shares body's memory:
// body then no longer holds the bytes received, and the caller must not
// read them again (Call.Form says who may). Unescaping only shrinks a
// value, so its bytes are written at or before where they are read. A
// 6 MB image was held three times, as the body, its unescaped text and
// the image; now twice.
func parseForm(body []byte, inPlace int) (url.Values, error) {
	v := url.Values{}
	var first error
	for len(body) > 0 {
		var pair []byte
		if i := bytes.IndexByte(body, '&'); i >= 0 {
			pair, body = body[:i], body[i+1:]
		} else {
			pair, body = body, nil
		}
		if len(pair) == 0 {
			continue
		}
		key, val := pair, []byte(nil)
		if i := bytes.IndexByte(pair, '='); i >= 0 {
			key, val = pair[:i], pair[i+1:]
		}
		k, err1 := unescape(key)
		var s string
		var err2 error
		if len(val) >= inPlace {
			s, err2 = unescapeInPlace(val)
		} else {
			s, err2 = unescape(val)
		}
		if err1 != nil || err2 != nil {
			if first == nil {
				first = errEscape
			}
			continue
		}
		v[k] = append(v[k], s)
	}
	return v, first
}

// unescape is query unescaping ('+' is a space). It copies the runs between
// escapes whole (bytes.IndexByte is vectorised), which matters for
// percent-encoded base64 of several hundred kilobytes, and builds the string
// in place (a strings.Builder), so the value is copied once, not twice.
func unescape(b []byte) (string, error) {
	pct := bytes.IndexByte(b, '%')
	plus := bytes.IndexByte(b, '+') >= 0
	if pct < 0 && !plus {
		return string(b), nil
	}
	var out strings.Builder
	out.Grow(len(b))
	// raw writes a run without escapes; only there is '+' a space (a
	// decoded %2B stays '+').
	raw := func(run []byte) {
		for plus {
			i := bytes.IndexByte(run, '+')
			if i < 0 {
				break
			}
			out.Write(run[:i])
			out.WriteByte(' ')
			run = run[i+1:]
		}
		out.Write(run)
	}
	for pct >= 0 {
		raw(b[:pct])
		if pct+2 >= len(b) || !ishex(b[pct+1]) || !ishex(b[pct+2]) {
			return "", errEscape
		}
		out.WriteByte(unhex(b[pct+1])<<4 | unhex(b[pct+2]))
		b = b[pct+3:]
		pct = bytes.IndexByte(b, '%')
	}
	raw(b)
	return out.String(), nil
}

// unescapeInPlace is unescape writing into b itself and returning a string
// over b's memory: b must be written by no one afterwards.
func unescapeInPlace(b []byte) (string, error) {
	w := 0 // bytes written; w <= r always
	for r := 0; r < len(b); {
		i := bytes.IndexAny(b[r:], "%+")
		if i < 0 {
			w += copy(b[w:], b[r:])
			break
		}
		w += copy(b[w:], b[r:r+i])
		r += i
		if b[r] == '+' {
			b[w] = ' '
			w, r = w+1, r+1
			continue
		}
		if r+2 >= len(b) || !ishex(b[r+1]) || !ishex(b[r+2]) {
			return "", errEscape
		}
		b[w] = unhex(b[r+1])<<4 | unhex(b[r+2])
		w, r = w+1, r+3
	}
	if w == 0 {
		return "", nil
	}
	return unsafe.String(&b[0], w), nil
}

func ishex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
