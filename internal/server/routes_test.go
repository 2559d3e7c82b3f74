package server

import (
	"errors"
	"fmt"
	"testing"

	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/contract"
	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/reqspec"
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

// TestRequestSidesMatchRoutes: the compiled request sides the running mock
// validates against (internal/reqspec) hold every route, with its method
// and exact path, and nothing else.
func TestRequestSidesMatchRoutes(t *testing.T) {
	vendors, err := buildVendors(config.Default())
	if err != nil {
		t.Fatal(err)
	}
	v, err := sharedRequests()
	if err != nil {
		t.Fatal(err)
	}
	for _, vd := range vendors {
		ids := map[string]bool{}
		for _, id := range v.OperationIDs(vd.Name()) {
			ids[id] = true
		}
		for _, ep := range vd.Endpoints() {
			op := v.Op(vd.Name(), ep.OperationID)
			if op == nil {
				t.Errorf("%s %s: no request side in %s", vd.Name(), ep.OperationID, reqspec.Dir)
				continue
			}
			if op.Method != ep.Method || op.Path != ep.Path {
				t.Errorf("%s %s: route %s %s, request side %s %s", vd.Name(), ep.OperationID, ep.Method, ep.Path, op.Method, op.Path)
			}
			delete(ids, ep.OperationID)
		}
		for id := range ids {
			t.Errorf("%s: request side %s has no route", vd.Name(), id)
		}
	}
}

// checkRoutes fails loudly when a vendor's route table and its spec
// disagree: a spec operation without a route, or a route the spec lacks.
// The specs are embedded, so TestRoutesMatchSpecs runs it at build time.
func checkRoutes(v *contract.Validator, vendors []emulate.Vendor) error {
	var errs []error
	for _, vd := range vendors {
		ops := map[string]contract.Operation{}
		for _, op := range v.Operations(vd.Name()) {
			ops[op.ID] = op
		}
		for _, ep := range vd.Endpoints() {
			op, ok := ops[ep.OperationID]
			switch {
			case !ok:
				errs = append(errs, fmt.Errorf("%s: route %s has no operation in specs/%s.yaml", vd.Name(), ep.OperationID, vd.Name()))
			case op.Method != ep.Method || op.Path != ep.Path:
				errs = append(errs, fmt.Errorf("%s %s: route %s %s, spec %s %s", vd.Name(), ep.OperationID, ep.Method, ep.Path, op.Method, op.Path))
			}
			delete(ops, ep.OperationID)
		}
		for id := range ops {
			errs = append(errs, fmt.Errorf("%s: spec operation %s has no route", vd.Name(), id))
		}
	}
	return errors.Join(errs...)
}
