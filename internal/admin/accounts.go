package admin

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/ledger"
)

// Runtime credentials: POST /__admin/accounts adds one to a vendor, PATCH
// /__admin/accounts/{vendor}/{id} changes its terms (top-up, quota, rate,
// disabled, expiry), DELETE removes one it added. Each change holds for
// the next call; the ledger locks each credential, so calls in flight keep
// what they reserved. Credentials added or changed so survive POST
// /__admin/reset, which clears what they spent, not their terms. At most
// Limits.RuntimeCredentials are added at once, each with ids, secret and
// name of at most maxCredentialText bytes: what anyone who reaches the
// admin API can make the mock hold is bounded.

// maxCredentialText bounds a credential's id, secret and name given
// through the admin API: the vendors' keys are 8 to 64 characters.
const maxCredentialText = 256

// decodeStrict reads a JSON body of at most 64 KiB into v, refusing
// unknown fields and trailing data.
func decodeStrict(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<16))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value")
	}
	return nil
}

// ledgerCredential is spec in the ledger's form: the two types have the
// same fields, so a field added to only one of them stops the build here.
func ledgerCredential(spec CredentialSpec) ledger.Credential { return ledger.Credential(spec) }

// checkCredentialSpec checks c for vendor as the config would: the
// ledger's rules, the vendor's own (emulate.CredentialChecker), a mode
// only where the vendor has modes, endpoints the vendor has.
func (a *api) checkCredentialSpec(vendor string, c ledger.Credential) error {
	if err := a.checkVendor(vendor); err != nil {
		return err
	}
	if vendor == "" {
		return errors.New("vendor is required (accuauth, advance, ekycpro, izidata, verihubs)")
	}
	if err := c.Validate(); err != nil {
		return fmt.Errorf("credential: %w", err)
	}
	for field, text := range map[string]string{"id": c.ID, "secret": c.Secret, "name": c.Name} {
		if len(text) > maxCredentialText {
			return fmt.Errorf("credential: %s: at most %d bytes, got %d", field, maxCredentialText, len(text))
		}
	}
	v, _ := a.Catalogue.Vendor(vendor)
	if ck, ok := v.(emulate.CredentialChecker); ok {
		if err := ck.CheckCredential(c); err != nil {
			return err
		}
	} else if c.Mode != "" {
		return fmt.Errorf("credential: mode: %s has no modes, got %q", vendor, c.Mode)
	}
	seen := map[string]bool{}
	for _, api := range c.APIs {
		if err := a.checkEndpoint(vendor, api); err != nil {
			return fmt.Errorf("credential: apis: %w", err)
		}
		if seen[api] {
			return fmt.Errorf("credential: apis: %q is listed twice", api)
		}
		seen[api] = true
	}
	return nil
}

// addAccount adds a credential to the default workspace.
func (a *api) addAccount(w http.ResponseWriter, r *http.Request) {
	var req AccountAdd
	if err := decodeStrict(r, &req); err != nil {
		fail(w, http.StatusBadRequest, `want {"vendor":"ekycpro","credential":{"id":"KEY","balance":100,...}} (the config file's credential keys): %v`, err)
		return
	}
	c := ledgerCredential(req.Credential)
	if err := a.checkCredentialSpec(req.Vendor, c); err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	limit := a.gates.RuntimeCredentials
	switch err := a.Deps.Ledger.AddBounded(req.Vendor, "", nil, c, limit); {
	case errors.Is(err, ledger.ErrTooMany):
		fail(w, http.StatusTooManyRequests, "the mock holds %d credentials added at run time, the most it keeps (-max-runtime-credentials, MOCKEKYC_MAX_RUNTIME_CREDENTIALS): remove one first (DELETE /__admin/accounts/{vendor}/{id})", limit)
		return
	case errors.Is(err, ledger.ErrExists):
		fail(w, http.StatusConflict, "%v", err)
		return
	case err != nil:
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	st, _ := a.Deps.Ledger.Account(req.Vendor, c.ID)
	write(w, http.StatusCreated, st)
}

// accountIn is the credential of the path in a's workspace, or a 404
// written.
func (a *api) accountIn(w http.ResponseWriter, r *http.Request) (vendor, id string, ok bool) {
	vendor, id = mux.Vars(r)["vendor"], mux.Vars(r)["cred"]
	if _, known := a.Catalogue.Vendor(vendor); !known {
		fail(w, http.StatusNotFound, "no vendor %q (accuauth, advance, ekycpro, izidata, verihubs)", vendor)
		return "", "", false
	}
	if _, known := a.Deps.Ledger.Lookup(vendor, id); !known || a.Deps.Ledger.Workspace(vendor, id) != a.ws {
		fail(w, http.StatusNotFound, "no %s credential %q here (GET the accounts to list them)", vendor, id)
		return "", "", false
	}
	return vendor, id, true
}

func (a *api) accountState(w http.ResponseWriter, r *http.Request) {
	vendor, id, ok := a.accountIn(w, r)
	if !ok {
		return
	}
	st, _ := a.Deps.Ledger.Account(vendor, id)
	write(w, http.StatusOK, st)
}

// removeAccount removes a credential POST /__admin/accounts added, with
// its state; later calls with it are refused as an unknown credential's.
// A configured one stays (the config file is where it goes), as a
// workspace's, which goes with its workspace.
func (a *api) removeAccount(w http.ResponseWriter, r *http.Request) {
	vendor, id, ok := a.accountIn(w, r)
	if !ok {
		return
	}
	switch err := a.Deps.Ledger.RemoveAdded(vendor, id); {
	case errors.Is(err, ledger.ErrConfigured):
		fail(w, http.StatusConflict, "%s credential %q is configured, not added at run time: remove it from the config file, or disable it (PATCH {\"disabled\":true})", vendor, id)
		return
	case errors.Is(err, ledger.ErrNoCredential):
		fail(w, http.StatusNotFound, "no %s credential %q here (GET the accounts to list them)", vendor, id)
		return
	case err != nil:
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *api) updateAccount(w http.ResponseWriter, r *http.Request) {
	vendor, id, ok := a.accountIn(w, r)
	if !ok {
		return
	}
	var req AccountUpdate
	if err := decodeStrict(r, &req); err != nil {
		fail(w, http.StatusBadRequest, `want {"top_up":100}, {"quota":10}, {"disabled":true}, ... (fields: top_up, balance, quota, quota_period, rate_limit, disabled, expires, unexpire): %v`, err)
		return
	}
	st, err := a.Deps.Ledger.Update(vendor, id, ledger.Update{
		TopUp: req.TopUp, Balance: req.Balance, Quota: req.Quota, QuotaPeriod: req.QuotaPeriod,
		RateLimit: req.RateLimit, Disabled: req.Disabled, Expires: req.Expires, Unexpire: req.Unexpire,
	})
	if err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	write(w, http.StatusOK, st)
}
