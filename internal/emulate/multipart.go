package emulate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
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
// transfer decoding; nameless parts skipped), but into one buffer the size
// of the body: ReadForm grew a bytes.Buffer by doubling and handlers then
// copied each file out of it, three times a file's size in all.
func (c *Call) Multipart() (*MultipartForm, error) {
	if c.mpParsed {
		return c.mp, c.mpErr
	}
	c.mpParsed = true
	ct := c.contentType()
	mt, params, err := ct.mediaType, ct.params, ct.err
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		c.mpErr = fmt.Errorf("%w %q, want multipart/form-data with a boundary", ErrContentType, mt)
		return nil, c.mpErr
	}
	c.mp, c.mpErr = parseMultipart(c.Body, params["boundary"])
	return c.mp, c.mpErr
}

func parseMultipart(body []byte, boundary string) (*MultipartForm, error) {
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	form := &MultipartForm{Value: map[string][]string{}, File: map[string][]*FilePart{}}
	// Every part is cut from one buffer the size of the body: a part's
	// bytes come from the body, and transfer decoding only shrinks them.
	spare := make([]byte, len(body))
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
		var data []byte
		data, spare, err = readPart(p, spare)
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

// readPart reads a part whole into the front of spare and returns it
// (capacity trimmed to its length) and what is left of spare. Should
// spare run out, the part goes on in a buffer of its own.
func readPart(p io.Reader, spare []byte) (data, rest []byte, err error) {
	n, err := io.ReadFull(p, spare)
	switch err {
	case io.EOF, io.ErrUnexpectedEOF:
		return spare[:n:n], spare[n:], nil
	case nil:
		more, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, err
		}
		return append(spare[:n:n], more...), nil, nil
	}
	return nil, nil, err
}
