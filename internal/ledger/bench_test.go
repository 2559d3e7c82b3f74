package ledger

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/clock"
)

// benchLedger has one credential per vendor-like slot with every check
// switched on, so Admit walks its whole path.
func benchLedger(b *testing.B, n int) *Ledger {
	creds := make([]Credential, n)
	for i := range creds {
		creds[i] = Credential{ID: fmt.Sprint("key", i), Balance: fptr(1e11), Price: 0.5, Quota: iptr(1 << 30),
			QuotaPeriod: PeriodDay, RateLimit: 1e9, Expires: tptr(start.Add(time.Hour)), APIs: []string{"ocr", "face"}}
	}
	l, err := New(clock.NewAdjustable(clock.Fixed(start)), map[string][]Credential{"izidata": creds})
	if err != nil {
		b.Fatal(err)
	}
	return l
}

func BenchmarkAdmitRecord(b *testing.B) {
	l := benchLedger(b, 1)
	b.ReportAllocs()
	for b.Loop() {
		if l.Admit("izidata", "key0", "ocr", true) == OK {
			l.Record("izidata", "key0", "ocr", "SUCCESS", true)
		}
	}
}

// Every goroutine on the same credential: the worst contention.
func BenchmarkAdmitRecordParallelSameKey(b *testing.B) {
	l := benchLedger(b, 1)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if l.Admit("izidata", "key0", "ocr", true) == OK {
				l.Record("izidata", "key0", "ocr", "SUCCESS", true)
			}
		}
	})
}

func BenchmarkAdmitRecordParallelKeys(b *testing.B) {
	l := benchLedger(b, 16)
	var next atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		id := fmt.Sprint("key", next.Add(1)%16)
		for pb.Next() {
			if l.Admit("izidata", id, "ocr", true) == OK {
				l.Record("izidata", id, "ocr", "SUCCESS", true)
			}
		}
	})
}

// A request whose authentication failed: Admit says Unknown and the
// answer is counted under the unconfigured ID.
func BenchmarkRecordUnconfigured(b *testing.B) {
	l := benchLedger(b, 1)
	b.ReportAllocs()
	for b.Loop() {
		if l.Admit("izidata", "wrong", "ocr", true) == Unknown {
			l.Record("izidata", "wrong", "ocr", "UNAUTHORIZED", false)
		}
	}
}
