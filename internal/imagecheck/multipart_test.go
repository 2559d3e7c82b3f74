package imagecheck

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"strings"
	"testing"
)

// formFile builds a multipart form with one file part of content and parses
// it back, keeping at most maxMemory bytes in memory (the rest goes to a
// temporary file, the case for real uploads above 32 MB by default).
func formFile(t *testing.T, content []byte, maxMemory int64) *multipart.FileHeader {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("image", "ktp.jpg")
	if err != nil {
		t.Fatal(err)
	}
	part.Write(content)
	w.Close()
	form, err := multipart.NewReader(&body, w.Boundary()).ReadForm(maxMemory)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { form.RemoveAll() })
	return form.File["image"][0]
}

func TestReadPart(t *testing.T) {
	content := []byte(strings.Repeat("0123456789", 10_000)) // 100 KB
	tests := []struct {
		name    string
		limit   int64
		tooBig  bool
		content []byte
	}{
		{"under limit", 200_000, false, content},
		{"at limit", int64(len(content)), false, content},
		{"one over limit", int64(len(content)) - 1, true, content},
		{"far over limit", 10, true, content},
		{"no limit", 0, false, content},
		{"empty part", 10, false, []byte{}},
	}
	for _, tt := range tests {
		for _, storage := range []struct {
			name string
			mem  int64
		}{{"memory", 1 << 20}, {"disk", 1024}} {
			t.Run(tt.name+"/"+storage.name, func(t *testing.T) {
				fh := formFile(t, tt.content, storage.mem)
				got, err := ReadPart(fh, tt.limit)
				if tt.tooBig {
					if !errors.Is(err, ErrTooLarge) || got != nil {
						t.Fatalf("got %d bytes, err %v; want ErrTooLarge", len(got), err)
					}
					return
				}
				if err != nil || !bytes.Equal(got, tt.content) {
					t.Fatalf("got %d bytes, err %v; want %d bytes", len(got), err, len(tt.content))
				}
			})
		}
	}
	if _, err := ReadPart(nil, 10); err == nil {
		t.Error("ReadPart(nil) gave no error")
	}
}

// countingReader records how much was read, to prove the limit is enforced
// while reading when the declared size is wrong.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func TestReadLimitedStopsEarly(t *testing.T) {
	src := &countingReader{r: bytes.NewReader(make([]byte, 10<<20))}
	// hint 0: the size is not known up front, as with a lying header.
	b, err := readLimited(src, 1000, 0)
	if !errors.Is(err, ErrTooLarge) || b != nil {
		t.Fatalf("got %d bytes, %v", len(b), err)
	}
	if src.n > 1001 {
		t.Errorf("read %d bytes for a limit of 1000", src.n)
	}
	b, err = readLimited(bytes.NewReader([]byte("abc")), 1000, 1<<40)
	if err != nil || string(b) != "abc" {
		t.Errorf("huge hint: %q, %v", b, err)
	}
}
