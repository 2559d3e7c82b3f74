package emulate_test

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/mockekyc/mockekyc/internal/emulate"
)

// A float64 is written as a decimal even when whole (the vendors' samples
// write 69.0 and 618.0, and typed clients cast them as doubles); an int
// stays an integer; everything else is encoding/json's encoding without
// HTML escaping.
func TestMarshalDecimals(t *testing.T) {
	type box struct {
		Left  float64  `json:"left"`
		Count int      `json:"count"`
		Ptr   *float64 `json:"ptr,omitempty"`
		Skip  float64  `json:"skip,omitempty"`
		Name  string   `json:"name"`
	}
	eighty := 80.0
	for _, tc := range []struct {
		in   any
		want string
	}{
		{box{Left: 157, Count: 3, Ptr: &eighty, Name: "a&b<c>"}, `{"left":157.0,"count":3,"ptr":80.0,"name":"a&b<c>"}`},
		{map[string]any{"s": 80.0, "i": 80, "n": json.Number("80"), "d": json.Number("80.50")}, `{"d":80.50,"i":80,"n":80,"s":80.0}`},
		{[]float64{0, -0.5, 1.25, 1e21, 1e-7, 123456789, math.Copysign(0, -1)}, `[0.0,-0.5,1.25,1e+21,1e-7,123456789.0,-0.0]`},
		{map[string]any{"raw": json.RawMessage(`{"x":1}`), "nil": nil, "slice": []int(nil)}, `{"nil":null,"raw":{"x":1},"slice":null}`},
		{"\u2028", `"\u2028"`},
	} {
		got, err := emulate.Marshal(tc.in)
		if err != nil {
			t.Errorf("%v: %v", tc.in, err)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("Marshal(%#v) = %s, want %s", tc.in, got, tc.want)
		}
	}
	if _, err := emulate.Marshal(math.NaN()); err == nil {
		t.Error("NaN marshalled")
	}
}

// Apart from whole float64 values, Marshal writes what encoding/json
// writes without HTML escaping.
func TestMarshalMatchesEncodingJSON(t *testing.T) {
	v := map[string]any{"a": []any{"x", 1.5, true, nil, map[string]any{"b": "<&>"}}, "n": 12, "f": 0.000123}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	got, err := emulate.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
		t.Errorf("Marshal = %s\nencoding/json = %s", got, want.Bytes())
	}
}

// benchBody is an answer of the usual size: an envelope with a KTP card.
var benchBody = map[string]any{"code": "SUCCESS", "message": "OK", "extra": nil, "transactionId": "0edec2375df15f45", "pricingStrategy": "PAY",
	"data": map[string]any{"name": "NUR PRATIWI", "idNumber": "3307144607900051", "address": "JL. MERPATI NO. 38 <RT 004>", "similarity": 82.326,
		"firstFace": map[string]any{"left": 477.0, "top": 156.0, "right": 690.0, "bottom": 422.0}, "count": 3}}

// BenchmarkMarshal is the rendering every answer goes through; compare
// BenchmarkEncodingJSON (what it replaced, which writes 80 for 80.0).
func BenchmarkMarshal(b *testing.B) {
	for b.Loop() {
		if _, err := emulate.Marshal(benchBody); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodingJSON(b *testing.B) {
	for b.Loop() {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(benchBody); err != nil {
			b.Fatal(err)
		}
	}
}
