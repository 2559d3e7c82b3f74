package journal

import (
	"sync"
	"testing"
	"time"
)

// TestChanged: a watcher's channel closes at the next append, event or
// clear, and not before; every watcher of one change is woken.
func TestChanged(t *testing.T) {
	j := New(4)
	closed := func(ch <-chan struct{}) bool {
		select {
		case <-ch:
			return true
		case <-time.After(50 * time.Millisecond):
			return false
		}
	}
	ch := j.Changed()
	if closed(ch) {
		t.Fatal("Changed closed with no change")
	}
	ch2 := j.Changed()
	id := j.Append(Entry{Vendor: "ekycpro"})
	if !closed(ch) || !closed(ch2) {
		t.Fatal("an append did not wake both watchers")
	}
	ch = j.Changed()
	if closed(ch) {
		t.Fatal("a fresh channel is closed already")
	}
	j.AddEvent(id, Event{Kind: "callback"})
	if !closed(ch) {
		t.Fatal("an event did not wake the watcher")
	}
	ch = j.Changed()
	j.Clear()
	if !closed(ch) {
		t.Fatal("a clear did not wake the watcher")
	}
}

// TestChangedConcurrent: watchers and writers race-free (run with -race).
func TestChangedConcurrent(t *testing.T) {
	j := New(16)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				case <-j.Changed():
				}
			}
		}()
	}
	for i := range 200 {
		j.Append(Entry{Vendor: "v", Path: string(rune('a' + i%26))})
	}
	close(stop)
	j.Append(Entry{}) // wake the watchers blocked on the last channel
	wg.Wait()
}
