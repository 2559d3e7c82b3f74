package scenario

import (
	"fmt"
	"net/http"
	"testing"
)

// benchSet holds 1,000 rules spread over every vendor and endpoint of the
// test catalogue and 50 credentials (the parallel-suites layout), with a
// tenth of them endpoint-less, and some also keyed on NIK or a header.
func benchSet(b *testing.B) *Set {
	b.Helper()
	cat := testCatalogue()
	vendors := []string{"verihubs", "izidata", "advance", "accuauth", "ekycpro"}
	rules := make([]Rule, 0, 1000)
	for i := range 1000 {
		v := vendors[i%len(vendors)]
		eps := cat.Endpoints(v)
		ep := eps[(i/len(vendors))%len(eps)]
		codes := cat.Codes(v, ep)
		r := Rule{
			Name:     fmt.Sprintf("r%d", i),
			Vendor:   v,
			Endpoint: ep,
			Match:    Match{Credential: fmt.Sprintf("cred-%d", i%50)},
			Respond:  Respond{Code: codes[i%len(codes)]},
			Source:   fmt.Sprintf("bench.yaml:%d", i+1),
		}
		switch i % 10 {
		case 0:
			r.Endpoint = ""
		case 3:
			r.Match.NIK = fmt.Sprintf("31710243028%05d", i)
		case 7:
			r.Match.Header = map[string]string{"X-Test-Case": fmt.Sprint(i)}
		}
		rules = append(rules, r)
	}
	s := NewSet(cat)
	if err := s.SetGroup(GroupDir, rules); err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkResolve(b *testing.B) {
	s := benchSet(b)
	header := http.Header{"X-Test-Case": {"none"}, "Content-Type": {"application/json"}, "Authorization": {"Bearer x"}}
	cases := map[string]Facts{
		// cred-45 has one rule on verihubs faceCompare, seventh in its bucket.
		"hit": {Vendor: "verihubs", Endpoint: "faceCompare", Credential: "cred-45", NIK: "3171024302821001", Header: header},
		// No rule for this credential: every candidate is checked, then the
		// marker shortcut.
		"miss": {Vendor: "verihubs", Endpoint: "idForgery", Credential: "suite-x", NIK: "3171024302821001", Phone: "083899575175",
			Header: header, Markers: []map[string]string{{"scenario": "forged"}}},
		"marker": {Vendor: "izidata", Endpoint: "ktpVerification", Credential: "suite-x",
			Markers: []map[string]string{{"scenario": "NOT_FOUND_MD5"}}},
	}
	for _, name := range []string{"hit", "miss", "marker"} {
		f := cases[name]
		if name == "hit" && s.Resolve(f) == nil {
			b.Fatal("hit case does not match")
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.Resolve(f)
			}
		})
		b.Run(name+"-parallel", func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					s.Resolve(f)
				}
			})
		})
	}
}

// BenchmarkAdd measures an admin change: each one rebuilds the index.
func BenchmarkAdd(b *testing.B) {
	s := benchSet(b)
	r := Rule{Name: "a", Vendor: "verihubs", Match: Match{Credential: "suite"}, Respond: Respond{Code: "OK"}}
	b.ReportAllocs()
	for b.Loop() {
		st, err := s.Add(r)
		if err != nil {
			b.Fatal(err)
		}
		s.Remove(st.ID)
	}
}
