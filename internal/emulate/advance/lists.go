package advance

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/identity"
)

// lists are the settings the endpoints beyond the seed look values up in,
// normalised once: who the blacklist lists, the bank accounts that do
// not exist and their holders, and the static keys by value.
type lists struct {
	niks, phones, names map[string]bool
	absent              map[string]bool   // "account" or "CODE/account"
	holders             map[string]string // the same keys → NIK
	static              map[string]string // X-ADVAI-KEY value → accessKey
}

var (
	bankCodePattern    = regexp.MustCompile(`^[A-Za-z0-9_]{3,100}$`)
	bankAccountPattern = regexp.MustCompile(`^[0-9]{3,20}$`)
)

// newLists checks and normalises the list settings.
func newLists(s Settings) (lists, error) {
	l := lists{niks: map[string]bool{}, phones: map[string]bool{}, names: map[string]bool{},
		absent: map[string]bool{}, holders: map[string]string{}, static: map[string]string{}}
	for _, n := range s.Blacklist.NIKs {
		if !identity.IsNIKFormat(n) {
			return lists{}, fmt.Errorf("blacklist.niks: %q is not 16 digits", n)
		}
		l.niks[n] = true
	}
	for _, p := range s.Blacklist.Phones {
		e, ok := emulate.IndonesianPhone(p)
		if !ok {
			return lists{}, fmt.Errorf("blacklist.phones: %q is not an Indonesian phone number", p)
		}
		l.phones[e] = true
	}
	for _, n := range s.Blacklist.Names {
		if normName(n) == "" {
			return lists{}, fmt.Errorf("blacklist.names: an empty name")
		}
		l.names[normName(n)] = true
	}
	for _, a := range s.BankAccounts.Absent {
		if !bankKeyOK(a) {
			return lists{}, fmt.Errorf("bank_accounts.absent: %q is not account or BANKCODE/account", a)
		}
		l.absent[strings.ToUpper(a)] = true
	}
	for a, nik := range s.BankAccounts.Holders {
		if !bankKeyOK(a) || !identity.IsNIKFormat(nik) {
			return lists{}, fmt.Errorf("bank_accounts.holders: %q: %q must be account or BANKCODE/account, naming a 16-digit NIK", a, nik)
		}
		l.holders[strings.ToUpper(a)] = nik
	}
	for ak, key := range s.StaticKeys {
		if strings.TrimSpace(key) == "" || key != strings.TrimSpace(key) {
			return lists{}, fmt.Errorf("static_keys.%s: the key must be non-empty, without surrounding spaces", ak)
		}
		if other, dup := l.static[key]; dup {
			return lists{}, fmt.Errorf("static_keys: %s and %s have the same key", other, ak)
		}
		l.static[key] = ak
	}
	return l, nil
}

// bankKeyOK: an account number, or a bank code and an account number.
func bankKeyOK(k string) bool {
	code, acct, found := strings.Cut(k, "/")
	if !found {
		return bankAccountPattern.MatchString(k)
	}
	return bankCodePattern.MatchString(code) && bankAccountPattern.MatchString(acct)
}

// normName is a name as the lists compare it: upper case, single spaces.
func normName(n string) string { return strings.ToUpper(strings.Join(strings.Fields(n), " ")) }

// staticKey is the account whose static X-ADVAI-KEY is key.
func (l lists) staticKey(key string) (accessKey string, ok bool) {
	accessKey, ok = l.static[key]
	return accessKey, ok
}

// bank looks an account up: whether the settings list it absent, and the
// NIK of its configured holder ("" when none).
func (l lists) bank(code, account string) (absent bool, holder string) {
	full := strings.ToUpper(code + "/" + account)
	if h, ok := l.holders[full]; ok {
		holder = h
	} else {
		holder = l.holders[account]
	}
	return l.absent[full] || l.absent[account], holder
}
