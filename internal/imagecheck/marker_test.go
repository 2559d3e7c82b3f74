package imagecheck

import (
	"maps"
	"strings"
	"testing"
)

func TestParseMarker(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Marker // nil: not a marker
	}{
		{"brief example", "mockekyc: scenario=forged; nik=3171024302821001",
			Marker{"scenario": "forged", "nik": "3171024302821001"}},
		{"no prefix", "scenario=forged", Marker{"scenario": "forged"}},
		{"no space after prefix", "mockekyc:scenario=ok", Marker{"scenario": "ok"}},
		{"keys lowercased, values trimmed", "  Scenario =  Forged Photo ;NIK= 1 ",
			Marker{"scenario": "Forged Photo", "nik": "1"}},
		{"newline separated", "mockekyc:\nscenario=x\nscore=0.42\n", Marker{"scenario": "x", "score": "0.42"}},
		{"value with equals", "token=a=b==", Marker{"token": "a=b=="}},
		{"flag", "mockekyc: blurry; scenario=x", Marker{"blurry": "", "scenario": "x"}},
		{"empty value", "name=", Marker{"name": ""}},
		{"last repeat wins", "a=1; a=2", Marker{"a": "2"}},
		{"bad key skipped, others kept", "bad key=1; good_key-2.x=v", Marker{"good_key-2.x": "v"}},
		{"empty fields", ";;a=1;;", Marker{"a": "1"}},
		{"unicode value", "name=BUDI SANTOSO, S.Kom; city=Tangerang Selatan", Marker{"name": "BUDI SANTOSO, S.Kom", "city": "Tangerang Selatan"}},
		{"empty", "", nil},
		{"prefix only", "mockekyc:", nil},
		{"only bad keys", "hello world; =x; é=1", nil},
		{"long key", strings.Repeat("k", 65) + "=v", nil},
		{"too long", "a=" + strings.Repeat("v", MaxMarkerLen), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseMarker(tt.in)
			if ok != (tt.want != nil) {
				t.Fatalf("ParseMarker(%q) ok = %v, want %v (got %v)", tt.in, ok, tt.want != nil, got)
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("ParseMarker(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestMarkerString(t *testing.T) {
	m := Marker{"scenario": "forged", "nik": "3171024302821001", "flag": ""}
	const want = "flag=; nik=3171024302821001; scenario=forged"
	if got := m.String(); got != want {
		t.Fatalf("String() = %q, want %q", got, want)
	}
	back, ok := ParseMarker(MarkerPrefix + " " + m.String())
	if !ok || !maps.Equal(back, m) {
		t.Errorf("round trip gave %v, %v", back, ok)
	}
}
