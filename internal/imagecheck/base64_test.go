package imagecheck

import (
	"bytes"
	"encoding/base64"
	"errors"
	"runtime"
	"strings"
	"testing"
)

// TestBase64Table rebuilds the decode table from the alphabets, so a typo in
// the constant cannot hide.
func TestBase64Table(t *testing.T) {
	var want [256]byte
	for i := range want {
		want[i] = b64Invalid
	}
	const std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	const url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	for i := 0; i < 64; i++ {
		want[std[i]] = byte(i)
		want[url[i]] = byte(i)
	}
	want[' '] = 62
	want['\r'], want['\n'], want['\t'] = b64Skip, b64Skip, b64Skip
	want['='] = b64Pad
	if len(b64Table) != 256 {
		t.Fatalf("table has %d entries", len(b64Table))
	}
	for i := range want {
		if b64Table[i] != want[i] {
			t.Errorf("table[%q] = %#x, want %#x", byte(i), b64Table[i], want[i])
		}
	}
}

// sample is data whose encoding uses '+', '/', and needs padding.
func sample(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i>>3)
	}
	if n >= 6 {
		// "++//" in standard base64, away from the start, where
		// leading spaces are whitespace rather than '+'.
		copy(b[3:], []byte{0xFB, 0xEF, 0xFF})
	}
	return b
}

func wrap(s string, width int, eol string) string {
	var sb strings.Builder
	for len(s) > width {
		sb.WriteString(s[:width])
		sb.WriteString(eol)
		s = s[width:]
	}
	sb.WriteString(s)
	return sb.String()
}

func TestDecodeBase64Variants(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 5, 57, 58, 59, 1000} {
		data := sample(n)
		std := base64.StdEncoding.EncodeToString(data)
		raw := base64.RawStdEncoding.EncodeToString(data)
		url := base64.URLEncoding.EncodeToString(data)
		rawURL := base64.RawURLEncoding.EncodeToString(data)
		variants := map[string]string{
			"std":                 std,
			"unpadded":            raw,
			"url-safe":            url,
			"url-safe unpadded":   rawURL,
			"data uri":            "data:image/jpeg;base64," + std,
			"data uri uppercase":  "DATA:image/png;BASE64," + raw,
			"data uri params":     "data:image/png;name=ktp.png;base64," + std,
			"wrapped 76 crlf":     wrap(std, 76, "\r\n"),
			"wrapped 76 lf":       wrap(std, 76, "\n"),
			"wrapped 64 unpadded": wrap(raw, 64, "\n"),
			"tabs and newlines":   "\n\t" + wrap(std, 10, "\t") + "\r\n",
			"spaces for plus":     strings.ReplaceAll(std, "+", " "),
			"leading whitespace":  "  \r\n" + std,
			"mixed alphabets":     strings.Replace(std, "/", "_", 1),
		}
		if strings.HasSuffix(std, "=") {
			variants["space after padding"] = std + " \n"
		}
		for name, in := range variants {
			got, err := DecodeBase64(in)
			if err != nil {
				t.Errorf("n=%d %s: %v", n, name, err)
				continue
			}
			if !bytes.Equal(got, data) {
				t.Errorf("n=%d %s: decoded %x, want %x", n, name, got, data)
			}
		}
	}
}

func TestDecodeBase64Errors(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		empty  bool
		offset int
	}{
		{name: "empty", in: "", empty: true},
		{name: "spaces", in: "   ", empty: true},
		{name: "line breaks", in: "\r\n\t\n", empty: true},
		{name: "empty data uri", in: "data:image/png;base64,", empty: true},
		{name: "data uri of blanks", in: "data:image/png;base64,\n  ", empty: true},
		{name: "bad character", in: "QUJD%EFG", offset: 4},
		{name: "bad character after data uri", in: "data:image/png;base64,QU*D", offset: 24},
		{name: "non-ascii", in: "QUJDé", offset: 4},
		{name: "one char left over", in: "QUJDR", offset: 5},
		{name: "one char then padding", in: "QUJDR===", offset: 5},
		{name: "padding at quantum start", in: "QUJD=", offset: 4},
		{name: "too much padding", in: "QUI===", offset: 4},
		{name: "data after padding", in: "QQ==QUJD", offset: 4},
		{name: "data uri without base64", in: "data:image/png,iVBORw0KGgo", offset: 0},
		{name: "data uri without comma", in: " data:image/png;base64", offset: 1},
		{name: "percent-encoded", in: "QUJD%2B", offset: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeBase64(tt.in)
			if got != nil {
				t.Errorf("got bytes %x with error", got)
			}
			if tt.empty {
				if !errors.Is(err, ErrEmpty) {
					t.Fatalf("err = %v, want ErrEmpty", err)
				}
				return
			}
			var be *Base64Error
			if !errors.As(err, &be) {
				t.Fatalf("err = %v, want *Base64Error", err)
			}
			if be.Offset != tt.offset {
				t.Errorf("offset = %d, want %d (%v)", be.Offset, tt.offset, err)
			}
		})
	}
}

func TestDecodeBase64TrailingBits(t *testing.T) {
	// "QR" carries 4 stray bits; lenient decoders (and most vendors) drop them.
	got, err := DecodeBase64("QR")
	if err != nil || !bytes.Equal(got, []byte("A")) {
		t.Fatalf("got %q, %v", got, err)
	}
}

// TestDecodeBase64Allocs holds DecodeBase64 to one allocation of about the
// decoded size (3/4 of the text), even for wrapped text.
func TestDecodeBase64Allocs(t *testing.T) {
	data := sample(300_000)
	for name, in := range map[string]string{
		"plain":   base64.StdEncoding.EncodeToString(data),
		"wrapped": wrap(base64.StdEncoding.EncodeToString(data), 76, "\r\n"),
	} {
		allocs := testing.AllocsPerRun(5, func() {
			if _, err := DecodeBase64(in); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 1 {
			t.Errorf("%s: %v allocations, want 1", name, allocs)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		got, err := DecodeBase64(in)
		runtime.ReadMemStats(&after)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("%s: decode failed: %v", name, err)
		}
		// 3% covers the line breaks counted in the text length; 8 KiB
		// the allocator's rounding of a large object.
		if n, limit := after.TotalAlloc-before.TotalAlloc, uint64(len(data))*103/100+8192; n > limit {
			t.Errorf("%s: allocated %d bytes for %d decoded, limit %d", name, n, len(data), limit)
		}
	}
}
