package server

import (
	"testing"

	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/contract"
	"github.com/mockekyc/mockekyc/specs"
)

// TestRoutesMatchSpecs: every vendor's route table and its embedded spec
// agree, operation for operation (method and exact path).
func TestRoutesMatchSpecs(t *testing.T) {
	vendors, err := buildVendors(config.Default())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range vendors {
		names = append(names, v.Name())
	}
	validator, err := contract.Load(specs.FS, names...)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkRoutes(validator, vendors); err != nil {
		t.Fatal(err)
	}
}

// TestCheckRoutesFails: checkRoutes can fail — a spec loaded for the wrong
// vendor disagrees with the route table.
func TestCheckRoutesFails(t *testing.T) {
	vendors, err := buildVendors(config.Default())
	if err != nil {
		t.Fatal(err)
	}
	v, err := contract.Load(specs.FS, "ekycpro")
	if err != nil {
		t.Fatal(err)
	}
	if err := checkRoutes(v, vendors); err == nil {
		t.Error("routes without spec operations passed")
	}
}
