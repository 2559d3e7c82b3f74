package journal

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"unicode/utf8"
)

// Fingerprint is what the journal keeps of a secret (a key, a token, a
// signature): enough to tell two secrets apart and to check which one was
// sent, never enough to use it. It is the first four characters when the
// secret has at least 16 (so never more than a quarter of it), the
// length, and the first 8 hex digits of the secret's SHA-256:
//
//	sk_l…(32 chars, sha256:9f86d081)
//	…(8 chars, sha256:2c26b46b)
//
// A user checks a key of theirs against it with
// `printf %s "$KEY" | sha256sum | cut -c1-8`. An empty value stays empty:
// "sent empty" is worth seeing and hides nothing.
func Fingerprint(secret string) string {
	if secret == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(secret))
	var buf [48]byte // on the stack: the string is the one allocation
	b := buf[:0]
	if len(secret) >= 16 && utf8.ValidString(secret[:4]) {
		b = append(b, secret[:4]...)
	}
	b = append(b, "…("...)
	b = strconv.AppendInt(b, int64(len(secret)), 10)
	b = append(b, " chars, sha256:"...)
	b = hex.AppendEncode(b, sum[:4])
	return string(append(b, ')'))
}
