package identity

import (
	"strconv"
	"testing"

	"github.com/mockekyc/mockekyc/internal/phone"
)

// TestPhonesAreValidMobiles: every person's phone is a valid Indonesian
// MOBILE number in libphonenumber's metadata, what iziData's /v1/phone
// answers from, so the mock never gives a person a phone its own phone
// endpoints call invalid (phone age, phone verify).
func TestPhonesAreValidMobiles(t *testing.T) {
	g := NewGenerator(7)
	for i := range 3000 {
		p := g.PersonFor(strconv.Itoa(i))
		info, err := phone.Lookup(p.Phone, "ID")
		if err != nil || !info.IsValidNumber || info.NumberType != "MOBILE" {
			t.Fatalf("subject %d: phone %s is %v %s (%v)", i, p.Phone, info.IsValidNumber, info.NumberType, err)
		}
	}
}
