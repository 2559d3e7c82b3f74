package emulate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
)

// MultipartForm is a multipart/form-data body as Call.Multipart parsed it:
// the fields and file parts of multipart.Form, each file's bytes in memory.
type MultipartForm struct {
	Value map[string][]string
	File  map[string][]*FilePart
}

// FilePart is one uploaded file.
type FilePart struct {
	Filename string // as multipart.Part.FileName gives it (base name)
	Header   textproto.MIMEHeader
	Data     []byte
}

// maxParts is mime/multipart's own limit on the parts of a form.
const maxParts = 1000

var errTooManyParts = errors.New("multipart: message too large: more than 1000 parts")

// Multipart parses a multipart/form-data body once: the adapter reads it
// for spec validation, the handler reads the same form. It reads the parts
// as multipart.Reader.ReadForm does (same parts, names, file names and
// transfer decoding; nameless parts skipped), but into one buffer of about
// the part's size: ReadForm grew a bytes.Buffer by doubling and handlers
// then copied each file out of it, three times a file's size in all.
func (c *Call) Multipart() (*MultipartForm, error) {
	if c.mpParsed {
		return c.mp, c.mpErr
	}
	c.mpParsed = true
	mt, params, err := mime.ParseMediaType(c.Req.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		c.mpErr = fmt.Errorf("%w %q, want multipart/form-data with a boundary", ErrContentType, mt)
		return nil, c.mpErr
	}
	c.mp, c.mpErr = parseMultipart(c.Body, params["boundary"])
	return c.mp, c.mpErr
}

func parseMultipart(body []byte, boundary string) (*MultipartForm, error) {
	br := bytes.NewReader(body)
	mr := multipart.NewReader(br, boundary)
	form := &MultipartForm{Value: map[string][]string{}, File: map[string][]*FilePart{}}
	for n := 0; ; n++ {
		p, err := mr.NextPart()
		if err == io.EOF {
			return form, nil
		}
		if err != nil {
			return nil, err
		}
		if n >= maxParts {
			return nil, errTooManyParts
		}
		name := p.FormName()
		if name == "" {
			continue
		}
		// What is left of the body bounds the part: the reader's unread
		// bytes plus what the multipart reader holds in its buffer.
		data, err := readPart(p, br.Len()+multipartBuffer)
		if err != nil {
			return nil, err
		}
		if filename := p.FileName(); filename != "" {
			form.File[name] = append(form.File[name], &FilePart{Filename: filename, Header: p.Header, Data: data})
		} else {
			form.Value[name] = append(form.Value[name], string(data))
		}
	}
}

// multipartBuffer is more than mime/multipart buffers ahead of its reader
// (a 4 KiB bufio.Reader, plus a boundary line).
const multipartBuffer = 8 << 10

// readPart reads a part whole. A part that fits 512 bytes (most fields)
// gets a buffer of its size; a larger one gets one buffer of the bound,
// which for the file that makes most of a body is its size and a little.
func readPart(p io.Reader, bound int) ([]byte, error) {
	var small [512]byte
	n, err := io.ReadFull(p, small[:])
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return append([]byte(nil), small[:n]...), nil
	}
	if err != nil {
		return nil, err
	}
	buf := append(make([]byte, 0, max(bound, n+1)), small[:n]...)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // the bound was short: grow
		}
		m, err := p.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
