package emulate

import (
	"bytes"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadBody(t *testing.T) {
	const limit = 2000
	big := strings.Repeat("a", limit)
	for _, c := range []struct {
		name   string
		body   string
		length int64 // -1: chunked, unknown length
		half   bool  // the reader gives a byte at a time
		err    error
	}{
		{"empty", "", 0, false, nil},
		{"known length", "img=abc", 7, false, nil},
		{"at the limit", big, limit, false, nil},
		{"declared over the limit", big + "b", limit + 1, false, errTooLarge},
		{"chunked", strings.Repeat("x", 1500), -1, true, nil},
		{"chunked at the limit", big, -1, false, nil},
		{"chunked over the limit", big + "b", -1, false, errTooLarge},
	} {
		r := httptest.NewRequest("POST", "/", nil)
		var rd io.Reader = strings.NewReader(c.body)
		if c.half {
			rd = iotest.OneByteReader(rd)
		}
		r.Body, r.ContentLength = io.NopCloser(rd), c.length
		got, _, err := readBody(r, limit, nil)
		if !errors.Is(err, c.err) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.err)
			continue
		}
		if err == nil && !bytes.Equal(got, []byte(c.body)) {
			t.Errorf("%s: read %d bytes, want %d", c.name, len(got), len(c.body))
		}
		if err == nil && c.length > 0 && int64(cap(got)) != c.length+1 {
			t.Errorf("%s: buffer of %d bytes for a body of %d", c.name, cap(got), c.length)
		}
	}
	// A reader's error is the caller's.
	r := httptest.NewRequest("POST", "/", nil)
	r.Body, r.ContentLength = io.NopCloser(iotest.ErrReader(io.ErrUnexpectedEOF)), 10
	if _, _, err := readBody(r, limit, nil); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("broken reader: %v", err)
	}
}
