package imagecheck

import (
	"sort"
	"strings"
)

// MarkerPrefix starts a marker text wherever it is embedded: a JPEG COM
// segment, a GIF comment, a TIFF ImageDescription, a WebP chunk, a PNG text
// chunk with another keyword, or plain text at the end of any file.
const MarkerPrefix = "mockekyc:"

// MarkerKeyword is the PNG tEXt/iTXt keyword whose text is a marker, with or
// without MarkerPrefix.
const MarkerKeyword = "mockekyc"

// MaxMarkerLen bounds a marker text. Real markers are a few key=value pairs;
// the bound keeps the scan of hostile uploads (and ParseMarker's map) small.
const MaxMarkerLen = 1024

// Marker is what a test image says about itself, e.g. the text
// "mockekyc: scenario=forged; nik=3171024302821001" gives
// {"scenario": "forged", "nik": "3171024302821001"}. The vendors use it to pick
// a scenario per image without any server-side setup.
type Marker map[string]string

// ParseMarker parses a marker text: an optional MarkerPrefix, then fields
// separated by ';' or newlines. A field is key=value (split at the first '=')
// or a bare key, which means key="" (a flag). Keys are lowercased and must be
// 1–64 characters of [a-z0-9_.-]; fields with other keys are skipped, so a
// typo in one field does not lose the others. Values are trimmed and may
// contain '=' but not ';' or newlines. A repeated key keeps the last value.
// ok is false when no field survives, or the text is longer than MaxMarkerLen.
func ParseMarker(text string) (Marker, bool) {
	if len(text) > MaxMarkerLen {
		return nil, false
	}
	t := strings.TrimSpace(text)
	t = strings.TrimPrefix(t, MarkerPrefix)
	var m Marker
	for t != "" {
		field := t
		if i := strings.IndexAny(t, ";\n"); i >= 0 {
			field, t = t[:i], t[i+1:]
		} else {
			t = ""
		}
		k, v, _ := strings.Cut(field, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if !validMarkerKey(k) {
			continue
		}
		if m == nil {
			m = Marker{}
		}
		m[k] = strings.TrimSpace(v)
	}
	return m, m != nil
}

func validMarkerKey(k string) bool {
	if k == "" || len(k) > 64 {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// String renders m in the marker syntax (without MarkerPrefix), keys sorted,
// so that ParseMarker(m.String()) gives back any marker ParseMarker produced
// (as long as the rendering, with its "; " separators, fits MaxMarkerLen).
func (m Marker) String() string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	for i, k := range keys {
		if i > 0 {
			sb.WriteString("; ")
		}
		sb.WriteString(k)
		sb.WriteByte('=')
		sb.WriteString(m[k])
	}
	return sb.String()
}
