package imagecheck

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// benchJPEG is a KTP-sized JPEG padded to n bytes, as a phone upload is.
func benchJPEG(b *testing.B, n int) []byte {
	b.Helper()
	img, err := MakeFixture(FixtureSpec{Format: JPEG, Width: 1280, Height: 800, Bytes: n, Marker: "scenario=bench"})
	if err != nil {
		b.Fatal(err)
	}
	return img
}

// BenchmarkDecodeBase64Inspect is the request path of a JSON vendor:
// base64 text in, verdict out. MB/s counts the base64 text.
func BenchmarkDecodeBase64Inspect(b *testing.B) {
	limits := Limits{MaxBytes: 2 << 20, Formats: []Format{JPEG, PNG}, MinWidth: 400, MinHeight: 300}
	for _, n := range []int{200_000, 1 << 20} {
		text := "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(benchJPEG(b, n))
		b.Run(fmt.Sprintf("jpeg-%dKB", n>>10), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				img, err := DecodeBase64(text)
				if err != nil {
					b.Fatal(err)
				}
				if v := Check(Inspect(img), limits); v != OK {
					b.Fatal(v)
				}
			}
		})
	}
}

func BenchmarkDecodeBase64(b *testing.B) {
	for _, n := range []int{200_000, 1_400_000} {
		data := sample(n * 3 / 4)
		for name, text := range map[string]string{
			"plain":   base64.StdEncoding.EncodeToString(data),
			"wrapped": wrap(base64.StdEncoding.EncodeToString(data), 76, "\r\n"),
		} {
			b.Run(fmt.Sprintf("%s-%dKB", name, len(text)>>10), func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := DecodeBase64(text); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
	// The standard library on the same plain text, for comparison.
	text := base64.StdEncoding.EncodeToString(sample(1_050_000))
	b.Run("stdlib-1367KB", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := base64.StdEncoding.DecodeString(text); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkInspect(b *testing.B) {
	for _, f := range []Format{JPEG, PNG, GIF, TIFF, WebP, PDF} {
		img, err := MakeFixture(FixtureSpec{Format: f, Width: 1280, Height: 800, Bytes: 1 << 20, Marker: "scenario=bench"})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%s-1MB", f), func(b *testing.B) {
			b.SetBytes(int64(len(img)))
			b.ReportAllocs()
			for b.Loop() {
				if info := Inspect(img); info.Err != nil {
					b.Fatal(info.Err)
				}
			}
		})
	}
	// The digest alone: the floor under Inspect.
	img := benchJPEG(b, 1<<20)
	b.Run("sha256-1MB", func(b *testing.B) {
		b.SetBytes(int64(len(img)))
		for b.Loop() {
			sha256.Sum256(img)
		}
	})
}

func BenchmarkSniff(b *testing.B) {
	heads := [][]byte{
		[]byte("\xFF\xD8\xFF\xE0"), []byte("\x89PNG\r\n\x1a\n"), []byte("RIFF\x00\x00\x00\x00WEBP"), []byte("BM\x00\x00"), []byte("junk"),
	}
	for b.Loop() {
		for _, h := range heads {
			Sniff(h)
		}
	}
}

func BenchmarkParseMarker(b *testing.B) {
	const text = "mockekyc: scenario=forged; nik=3171024302821001; name=BUDI SANTOSO; score=0.42"
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := ParseMarker(text); !ok {
			b.Fatal("not a marker")
		}
	}
}

// BenchmarkMakeFixture is the fixture command at the largest size users ask for.
func BenchmarkMakeFixture(b *testing.B) {
	for _, f := range Formats() {
		b.Run(fmt.Sprintf("%s-6000x6000", f), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := MakeFixture(FixtureSpec{Format: f, Width: 6000, Height: 6000, Marker: "scenario=big"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFixturePeakHeap is the memory one GET /__admin/fixture at its
// largest size (4096×4096) holds: peak-heap-MB is the most heap in use
// above the start while MakeFixture runs (or, "-written", while the
// fixture is made and written as the admin API writes it), sampled every
// 50µs with the GC kept close to the live heap (GOGC=10); alloc-MB is all
// it allocated.
func BenchmarkFixturePeakHeap(b *testing.B) {
	spec := FixtureSpec{Width: 4096, Height: 4096, Marker: "nik=3171024302821001"}
	for _, f := range Formats() {
		spec.Format = f
		b.Run(fmt.Sprintf("%s-4096x4096", f), func(b *testing.B) {
			peakHeap(b, func() {
				if _, err := MakeFixture(spec); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
	spec.Format = BMP
	b.Run("bmp-4096x4096-written", func(b *testing.B) {
		peakHeap(b, func() {
			f, err := NewFixture(spec)
			if err == nil {
				_, err = f.WriteTo(io.Discard)
			}
			if err != nil {
				b.Fatal(err)
			}
		})
	})
}

func peakHeap(b *testing.B, fn func()) {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	var peak, total uint64
	for b.Loop() {
		p, t := heapDuring(fn)
		peak, total = max(peak, p), max(total, t)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(total)/(1<<20), "alloc-MB")
}

// heapDuring runs fn and returns the most heap in use above the start
// while it ran, and the bytes it allocated.
func heapDuring(fn func()) (peak, allocated uint64) {
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	base, allocs := s[0].Value.Uint64(), s[1].Value.Uint64()
	done := make(chan struct{})
	sampled := make(chan uint64)
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var most uint64
		for {
			metrics.Read(s)
			most = max(most, s[0].Value.Uint64())
			select {
			case <-done:
				sampled <- most
				return
			case <-time.After(50 * time.Microsecond):
			}
		}
	}()
	fn()
	metrics.Read(s)
	last, allocated := s[0].Value.Uint64(), s[1].Value.Uint64()-allocs
	close(done)
	most := max(<-sampled, last)
	if most < base {
		return 0, allocated
	}
	return most - base, allocated
}
