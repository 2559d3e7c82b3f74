package izidata

import (
	"fmt"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
	"github.com/mockekyc/mockekyc/internal/identity"
)

// knownPeople resolves md5 mode hashes to the declared NIKs and phones
// (settings.people). NIKs hash as the plain 16 digits, phones in E.164
// (docs/vendors/izidata.md#s1-4-6); the national 0… form is an alias, because the seed's own
// iswhatsapp example hashes it (docs/vendors/izidata.md#iz-13). NIKs and phones are looked up
// apart: the md5 of a declared NIK sent as a phone is not a known phone.
type knownPeople struct {
	niks, phones map[string]string // md5 hex → NIK / E.164 phone
}

func (k *knownPeople) lookup(hash string, phone bool) (string, bool) {
	m := k.niks
	if phone {
		m = k.phones
	}
	p, ok := m[hash]
	return p, ok
}

func newKnownPeople(niks, phones []string) (*knownPeople, error) {
	k := &knownPeople{niks: map[string]string{}, phones: map[string]string{}}
	for _, n := range niks {
		if !identity.IsNIKFormat(n) {
			return nil, fmt.Errorf("people.niks: %q is not 16 digits", n)
		}
		k.niks[emulate.MD5Hex(n)] = n
	}
	for _, p := range phones {
		e164, ok := emulate.IndonesianPhone(p)
		if !ok {
			return nil, fmt.Errorf("people.phones: %q is not an Indonesian number", p)
		}
		k.phones[emulate.MD5Hex(e164)] = e164
		k.phones[emulate.MD5Hex("0"+e164[3:])] = e164
	}
	return k, nil
}

// resolve reads a NIK (phone=false) or phone in plain or md5 mode, hashes
// resolving to settings.people; with known_only off every well-formed hash
// is somebody (unknown in clear).
func (v *Vendor) resolve(value string, md5, phone bool) product.Ident {
	return product.Resolve(value, md5, phone, v.known.lookup, v.settings.KnownOnly)
}
