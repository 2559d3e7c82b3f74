package emulate

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

// promised is a body that declares much and sends little: it gives n bytes
// a read, fails after reads reads, and remembers the largest buffer the
// reader handed it.
type promised struct {
	n, reads int
	largest  int
}

func (p *promised) Read(b []byte) (int, error) {
	p.largest = max(p.largest, len(b))
	if p.reads == 0 {
		return 0, io.ErrUnexpectedEOF
	}
	p.reads--
	return copy(b, strings.Repeat("a", min(p.n, len(b)))), nil
}

// TestReadBodyGrowsAsBytesArrive: a declared Content-Length is not
// allocated before the bytes come; the buffer grows with what arrived and
// is the declared length (plus the byte that finds the end) only at the
// end.
func TestReadBodyGrowsAsBytesArrive(t *testing.T) {
	const declared = 24 << 20
	p := &promised{n: 10, reads: 3}
	r := httptest.NewRequest("POST", "/", nil)
	r.Body, r.ContentLength = io.NopCloser(p), declared
	if _, _, err := readBody(r, 32<<20, nil); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err %v", err)
	}
	if p.largest > firstChunk {
		t.Errorf("a body that sent 30 of %d declared bytes got a buffer of %d bytes, want at most %d", declared, p.largest, firstChunk)
	}
	// One that sends nothing holds no more than the first chunk.
	b := NewBodyBudget(1<<20, 0)
	p = &promised{reads: 0}
	r.Body = io.NopCloser(p)
	if _, held, _ := readBody(r, 32<<20, b); held > firstChunk || b.InUse() != held {
		t.Errorf("a body that sent nothing holds %d bytes (budget in use %d), want at most %d", held, b.InUse(), firstChunk)
	}
	// A whole body still ends in one buffer of its length.
	body := strings.Repeat("b", 300_000)
	r = httptest.NewRequest("POST", "/", strings.NewReader(body))
	got, held, err := readBody(r, 1<<20, nil)
	if err != nil || string(got) != body || cap(got) != len(body)+1 || held != int64(cap(got)) {
		t.Errorf("read %d bytes in a buffer of %d (held %d), err %v; want %d in %d", len(got), cap(got), held, err, len(body), len(body)+1)
	}
}

// TestBodyBudget: bodies in flight hold their buffers of the budget; a
// body finding no room waits, and gets errBusy when none comes.
func TestBodyBudget(t *testing.T) {
	b := NewBodyBudget(200_000, 0)
	read := func(size int) (int64, error) {
		r := httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("c", size)))
		_, held, err := readBody(r, 1<<20, b)
		return held, err
	}
	held, err := read(150_000)
	if err != nil || b.InUse() != held || held != 150_001 {
		t.Fatalf("first body: held %d, in use %d, err %v", held, b.InUse(), err)
	}
	partial, err := read(100_000)
	if !errors.Is(err, errBusy) {
		t.Fatalf("second body beside the first: %v, want errBusy", err)
	}
	b.give(partial)          // what it held until it found no room, as the adapter gives it back
	small, err := read(1000) // fits beside it
	if err != nil {
		t.Fatalf("small body: %v", err)
	}
	b.give(small)
	if b.InUse() != held {
		t.Fatalf("in use %d after the failed and the small body, want %d", b.InUse(), held)
	}
	// A waiting body gets the room the first one gives back.
	w := NewBodyBudget(200_000, 1<<62)
	if !w.take(context.Background(), 150_000) {
		t.Fatal("first take")
	}
	got := make(chan bool)
	go func() { got <- w.take(context.Background(), 100_000) }()
	w.give(150_000)
	if !<-got || w.InUse() != 100_000 {
		t.Fatalf("waiting body: in use %d", w.InUse())
	}
	// A body larger than the whole budget never fits; nor one whose
	// request is gone.
	if w.take(context.Background(), 200_001) {
		t.Error("took more than the budget")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if w.take(ctx, 150_000) {
		t.Error("took room for a request that is gone")
	}
	var none *BodyBudget
	if !none.take(context.Background(), 1<<40) || none.InUse() != 0 {
		t.Error("no budget bounds nothing")
	}
}
