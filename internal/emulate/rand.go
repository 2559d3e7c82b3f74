package emulate

import (
	"crypto/md5"
	"encoding/hex"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Rand is a deterministic random source for one subject: the same seed and
// parts give the same numbers in every process, so scores, counters and
// similarity values are the same bytes on every run.
func Rand(seed int64, parts ...string) *rand.Rand {
	h := fnv.New64a()
	_, _ = h.Write([]byte(strconv.FormatInt(seed, 10)))
	for _, p := range parts {
		_, _ = h.Write([]byte{0})
		_, _ = h.Write([]byte(p))
	}
	s := h.Sum64()
	return rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15))
}

// MD5Hex is the lowercase hex MD5 of s: the form md5 mode sends identifiers in.
func MD5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// IsMD5Hex reports whether s is 32 hex digits, either case (the vendors'
// examples use both).
func IsMD5Hex(s string) bool {
	if len(s) != 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !ishex(s[i]) {
			return false
		}
	}
	return true
}

// IndonesianPhone normalises an Indonesian number given as +62…, 62…, 0… or
// 8… (spaces, dashes and dots allowed) to E.164; ok is false unless 8 to 13
// digits follow the 62 (docs/vendors/izidata.md#iz-15). After a '+' only 62 may follow:
// +81… is a Japanese number, not 81… read as an Indonesian mobile.
func IndonesianPhone(s string) (e164 string, ok bool) {
	plus := strings.HasPrefix(s, "+")
	digits := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			digits = append(digits, c)
		case c == '+' && i == 0, c == ' ', c == '-', c == '.', c == '(', c == ')':
		default:
			return "", false
		}
	}
	d := string(digits)
	switch {
	case len(d) > 2 && d[:2] == "62":
		d = d[2:]
	case plus:
		return "", false
	case len(d) > 1 && d[0] == '0':
		d = d[1:]
	case len(d) > 0 && d[0] == '8':
	default:
		return "", false
	}
	if len(d) < 8 || len(d) > 13 || d[0] == '0' {
		return "", false
	}
	return "+62" + d, true
}
