package izidata

import (
	"fmt"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
)

// knownPeople resolves md5 mode hashes to the declared NIKs and phones
// (settings.people). NIKs hash as the plain 16 digits, phones in E.164
// (§1.4.6); the national 0… form is an alias, because the seed's own
// iswhatsapp example hashes it (IZ-13).
type knownPeople struct {
	byHash map[string]string
}

func newKnownPeople(niks, phones []string) (*knownPeople, error) {
	k := &knownPeople{byHash: map[string]string{}}
	for _, n := range niks {
		if !identity.IsNIKFormat(n) {
			return nil, fmt.Errorf("people.niks: %q is not 16 digits", n)
		}
		k.byHash[emulate.MD5Hex(n)] = n
	}
	for _, p := range phones {
		e164, ok := emulate.IndonesianPhone(p)
		if !ok {
			return nil, fmt.Errorf("people.phones: %q is not an Indonesian number", p)
		}
		k.byHash[emulate.MD5Hex(e164)] = e164
		k.byHash[emulate.MD5Hex("0"+e164[3:])] = e164
	}
	return k, nil
}

// ident is one identifier of a request, plain or hashed.
type ident struct {
	valid   bool   // well-formed for its mode
	known   bool   // md5 mode: resolves to somebody
	plain   string // the NIK or E.164 phone, when known in clear
	subject string // the md5 of the plain form: counters and scores key on it
}

// resolve reads a NIK (phone=false) or phone in plain or md5 mode. With
// known_only off every well-formed hash is somebody (unknown in clear).
func (v *Vendor) resolve(value string, md5, phone bool) ident {
	value = strings.TrimSpace(value)
	if md5 {
		if !emulate.IsMD5Hex(value) {
			return ident{}
		}
		h := strings.ToLower(value)
		plain, ok := v.known.byHash[h]
		if ok && phone {
			h = emulate.MD5Hex(plain) // the national-form alias keys like E.164
		}
		return ident{valid: true, known: ok || !v.settings.KnownOnly, plain: plain, subject: h}
	}
	if phone {
		e164, ok := emulate.IndonesianPhone(value)
		if !ok {
			return ident{}
		}
		return ident{valid: true, known: true, plain: e164, subject: emulate.MD5Hex(e164)}
	}
	if !identity.IsNIKFormat(value) {
		return ident{}
	}
	return ident{valid: true, known: true, plain: value, subject: emulate.MD5Hex(value)}
}
