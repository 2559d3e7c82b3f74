//go:build unix

package tlsca

import (
	"crypto/tls"
	"syscall"
	"testing"
)

// BenchmarkIssue: the first handshake for a name signs its leaf (miss);
// later ones find it in the cache (hit). cpu-ns/op is the process's CPU
// time per operation, which waiting for a core on a shared machine does
// not inflate.
func BenchmarkIssue(b *testing.B) {
	_, iss := newIssuer(b, IssuerOptions{CacheSize: 1})
	names := []*tls.ClientHelloInfo{hello("a.example"), hello("b.example")}
	b.Run("miss", func(b *testing.B) {
		k, cpu0 := 0, cpuTime()
		for b.Loop() {
			k++
			if _, err := iss.GetCertificate(names[k%2]); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
	})
	b.Run("hit", func(b *testing.B) {
		for b.Loop() {
			iss.GetCertificate(names[0])
		}
	})
}

func cpuTime() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}
