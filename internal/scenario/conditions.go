package scenario

// The conditions of a rule's match that other readers of requests share,
// so that the admin API's journal filters and verify (package admin) mean
// by phone, digest and marker exactly what a rule means.

// NormalizePhone is the one spelling match.phone compares: digits, a
// leading 0 or 8 made 62 ("+62 838-9957-5175", "083899575175" and
// "83899575175" are all "6283899575175").
func NormalizePhone(s string) string { return normalizePhone(s) }

// ValidDigest: 8 to 64 hex characters, a SHA-256 or a prefix of one, as
// match.digest takes.
func ValidDigest(s string) bool { return validDigest(s) }

// HasDigest: one of digests begins with want, case ignored, as
// match.digest matches.
func HasDigest(digests []string, want string) bool { return hasDigest(digests, want) }

// HasMarker: one of markers has scenario=want, as match.marker matches.
func HasMarker(markers []map[string]string, want string) bool { return hasMarker(markers, want) }

// ValidHeaderName: an RFC 9110 token, as match.header's names must be.
func ValidHeaderName(s string) bool { return validHeaderName(s) }
