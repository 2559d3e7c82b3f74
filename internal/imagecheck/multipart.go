package imagecheck

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
)

// ErrTooLarge is returned (wrapped) by ReadPart when a part holds more than
// the limit. Vendors answer it like Check's TooLarge verdict.
var ErrTooLarge = errors.New("imagecheck: image too large")

// ReadPart reads an uploaded file part, but never more than limit+1 bytes, so
// that a part over the limit is detected without reading (or holding) it all.
// Over the limit it returns nil and an error wrapping ErrTooLarge; the bytes
// read are dropped. limit <= 0 means no limit. A zero-byte part is returned as
// an empty slice with no error: Check reports it as Empty.
func ReadPart(fh *multipart.FileHeader, limit int64) ([]byte, error) {
	if fh == nil {
		return nil, errors.New("imagecheck: no file part")
	}
	// The parser already counted the part; trust it to refuse early, and
	// still enforce the limit while reading in case the header lies.
	if limit > 0 && fh.Size > limit {
		return nil, fmt.Errorf("%w: part %q has %d bytes, limit %d", ErrTooLarge, fh.Filename, fh.Size, limit)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("imagecheck: open part %q: %w", fh.Filename, err)
	}
	defer f.Close()
	b, err := readLimited(f, limit, fh.Size)
	if errors.Is(err, ErrTooLarge) {
		return nil, fmt.Errorf("%w: part %q exceeds limit %d", ErrTooLarge, fh.Filename, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("imagecheck: read part %q: %w", fh.Filename, err)
	}
	return b, nil
}

// readLimited reads r to EOF, at most limit+1 bytes (unlimited when limit <= 0).
// hint, the expected size, sizes the buffer once in the common case; it is
// capped by limit so a lying hint cannot make us allocate more than the limit.
func readLimited(r io.Reader, limit, hint int64) ([]byte, error) {
	if limit > 0 {
		r = io.LimitReader(r, limit+1)
		hint = min(hint, limit)
	}
	buf := make([]byte, 0, max(min(hint, 64<<20), 0)+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if limit > 0 && int64(len(buf)) > limit {
		return nil, ErrTooLarge
	}
	return buf, nil
}
