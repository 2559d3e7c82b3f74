package product

import (
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
)

// Ident is one identifier of a request (a NIK or a phone), plain or hashed.
type Ident struct {
	Valid   bool   // well-formed for its mode
	Known   bool   // md5 mode: resolves to somebody
	Plain   string // the NIK or E.164 phone, when known in clear
	Subject string // the md5 of the plain form: counters and scores key on it
}

// Resolve reads a NIK (phone=false) or an Indonesian phone in plain or md5
// mode. NIKs hash as the 16 digits, phones in E.164 (the iziData seed's md5
// rule). lookup resolves a hash to a declared person's plain NIK or phone,
// as phone asks (nil: nobody is declared); with knownOnly, a hash lookup
// does not know is unknown, otherwise every well-formed hash is somebody.
func Resolve(value string, md5, phone bool, lookup func(hash string, phone bool) (string, bool), knownOnly bool) Ident {
	value = strings.TrimSpace(value)
	if md5 {
		if !emulate.IsMD5Hex(value) {
			return Ident{}
		}
		h := strings.ToLower(value)
		var plain string
		var ok bool
		if lookup != nil {
			plain, ok = lookup(h, phone)
		}
		if ok && phone {
			h = emulate.MD5Hex(plain) // an alias (national form) keys like E.164
		}
		return Ident{Valid: true, Known: ok || !knownOnly, Plain: plain, Subject: h}
	}
	if phone {
		e164, ok := emulate.IndonesianPhone(value)
		if !ok {
			return Ident{}
		}
		return Ident{Valid: true, Known: true, Plain: e164, Subject: emulate.MD5Hex(e164)}
	}
	if !identity.IsNIKFormat(value) {
		return Ident{}
	}
	return Ident{Valid: true, Known: true, Plain: value, Subject: emulate.MD5Hex(value)}
}
