package metrics_test

import (
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// BenchmarkAnswered is what the metrics add to every vendor request: the
// request counter, the latency histogram and the credential counter
// (BenchmarkEkycproOCR in internal/server is the whole request).
func BenchmarkAnswered(b *testing.B) {
	m := mocktest.New(b, mocktest.WithConfig(config)).Server.Metrics()
	for _, c := range []struct {
		name string
		o    emulate.Observation
	}{
		{"configured", emulate.Observation{Vendor: "ekycpro", Endpoint: "idOcr", Credential: "AbcdEfgh", Code: "OK", Status: 200, Elapsed: 300 * time.Microsecond}},
		{"unknown", emulate.Observation{Vendor: "ekycpro", Endpoint: "", Credential: "bogus", Code: "", Status: 404, Elapsed: 50 * time.Microsecond}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m.Answered(c.o)
			}
		})
		b.Run(c.name+"-parallel", func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					m.Answered(c.o)
				}
			})
		})
	}
}
