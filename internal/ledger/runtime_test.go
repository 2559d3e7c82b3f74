package ledger

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/clock"
)

func TestAddUpdateRemove(t *testing.T) {
	l, err := New(clock.Fixed(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)), map[string][]Credential{"v": {{ID: "m"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Add("v", "", nil, Credential{ID: "a", Balance: new(1.0)}); err != nil {
		t.Fatal(err)
	}
	if err := l.Add("v", "", nil, Credential{ID: "a"}); !errors.Is(err, ErrExists) {
		t.Errorf("duplicate: %v", err)
	}
	var fe *FieldError
	if err := l.Add("v", "", nil, Credential{ID: "b", Quota: new(-1)}); !errors.As(err, &fe) || fe.Field != "quota" {
		t.Errorf("bad quota: %v", err)
	}
	if ids := accountIDs(l.Accounts()); ids != "a,m" {
		t.Errorf("accounts %s, want sorted a,m", ids)
	}
	if v := l.Admit("v", "a", "op", true); v != OK {
		t.Fatalf("admit %v", v)
	}
	l.Record("v", "a", "op", "OK", true)
	if v := l.Admit("v", "a", "op", true); v != BalanceExhausted {
		t.Errorf("after spending the balance: %v", v)
	}
	st, err := l.Update("v", "a", Update{TopUp: new(2.0)})
	if err != nil || *st.Remaining != 2 || *st.Balance != 3 {
		t.Fatalf("top-up: %v %+v", err, st)
	}
	if _, err := l.Update("v", "a", Update{Disabled: new(true)}); err != nil {
		t.Fatal(err)
	}
	if v := l.Admit("v", "a", "op", true); v != Disabled {
		t.Errorf("disabled: %v", v)
	}
	if _, err := l.Update("v", "a", Update{Disabled: new(false), Quota: new(1)}); err != nil {
		t.Fatal(err)
	}
	if v := l.Admit("v", "a", "op", true); v != QuotaExhausted {
		t.Errorf("quota 1 with 1 charged: %v", v)
	}
	// A top-up of an unlimited credential leaves what it tops up.
	st, _ = l.Update("v", "m", Update{TopUp: new(5.0)})
	if *st.Remaining != 5 || st.Price != 1 {
		t.Errorf("top-up of an unlimited credential: %+v", st)
	}
	if _, err := l.Update("v", "nobody", Update{}); !errors.Is(err, ErrNoCredential) {
		t.Errorf("update of nobody: %v", err)
	}
	if err := l.Remove("v", "a"); err != nil {
		t.Fatal(err)
	}
	if v := l.Admit("v", "a", "op", true); v != Unknown {
		t.Errorf("removed: %v", v)
	}
	if err := l.Remove("v", "a"); !errors.Is(err, ErrNoCredential) {
		t.Errorf("second remove: %v", err)
	}
}

// TestWorkspaceAccounts: a workspace's accounts keep their own clock,
// list, coverage and reset.
func TestWorkspaceAccounts(t *testing.T) {
	base := time.Date(2030, 1, 1, 23, 0, 0, 0, time.UTC)
	l, _ := New(clock.Fixed(base), map[string][]Credential{"v": {{ID: "m", Quota: new(1), QuotaPeriod: PeriodDay}}})
	ws := clock.NewAdjustable(clock.Fixed(base))
	if err := l.Add("v", "w1", ws, Credential{ID: "x", Quota: new(1), QuotaPeriod: PeriodDay}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"m", "x"} {
		l.Record("v", id, "op", "OK", true)
	}
	if l.Workspace("v", "x") != "w1" || l.Workspace("v", "m") != "" || l.Workspace("v", "nobody") != "" {
		t.Error("Workspace")
	}
	if ids := accountIDs(l.WorkspaceAccounts("w1")); ids != "x" {
		t.Errorf("w1 accounts %s", ids)
	}
	if ids := accountIDs(l.Accounts()); ids != "m" {
		t.Errorf("default accounts %s", ids)
	}
	if len(l.WorkspaceCoverage("w1", "v", "")) != 1 || len(l.Coverage("v", "x")) != 0 {
		t.Error("coverage is not per workspace")
	}
	// The workspace's tomorrow: its day quota starts again, the default's not.
	if _, err := ws.Advance(2 * time.Hour); err != nil {
		t.Fatal(err)
	}
	if v := l.Admit("v", "x", "op", true); v != OK {
		t.Errorf("workspace next day: %v", v)
	}
	if v := l.Admit("v", "m", "op", true); v != QuotaExhausted {
		t.Errorf("default same day: %v", v)
	}
	l.Reset()
	if st, _ := l.Account("v", "x"); st.ChargedCalls != 1 {
		t.Errorf("the global reset reached the workspace: %+v", st)
	}
	l.ResetWorkspace("w1")
	if st, _ := l.Account("v", "x"); st.ChargedCalls != 0 {
		t.Errorf("the workspace reset: %+v", st)
	}
}

func TestUpdateWhileReserving(t *testing.T) {
	l, _ := New(clock.Fixed(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)), nil)
	if err := l.Add("v", "", nil, Credential{ID: "a", Balance: new(50.0)}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 50 {
				if v, r := l.Reserve("v", "a", "op", true); v == OK {
					r.Commit("op", "OK", true)
				}
				l.Lookup("v", "a")
			}
		})
		wg.Go(func() {
			for range 20 {
				_, _ = l.Update("v", "a", Update{RateLimit: new(0.0), Quota: new(1000)})
				l.Accounts()
			}
		})
	}
	wg.Wait()
	if st, _ := l.Account("v", "a"); st.ChargedCalls != 50 || *st.Remaining != 0 {
		t.Errorf("%+v", st)
	}
}

func accountIDs(list []AccountState) string {
	s := ""
	for i, a := range list {
		if i > 0 {
			s += ","
		}
		s += a.ID
	}
	return s
}

// TestAddBounded: a workspace holds at most max credentials added at run
// time, over all vendors, however many calls add at once; removing one
// makes room; configured credentials and other workspaces' do not count,
// and RemoveAdded leaves configured ones alone.
func TestAddBounded(t *testing.T) {
	l, err := New(nil, map[string][]Credential{"v": {{ID: "conf"}}})
	if err != nil {
		t.Fatal(err)
	}
	const max = 10
	if err := l.Add("v", "ws1", nil, Credential{ID: "other-workspace"}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	added, refused := 0, 0
	for i := range 40 {
		wg.Go(func() {
			err := l.AddBounded([]string{"v", "w"}[i%2], "", nil, Credential{ID: fmt.Sprint("k", i)}, max)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				added++
			case errors.Is(err, ErrTooMany):
				refused++
			default:
				t.Errorf("add k%d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if added != max || refused != 30 || l.Added("") != max || l.Added("ws1") != 1 {
		t.Fatalf("added %d, refused %d, Added = %d (ws1 %d); want %d, 30, %d (1)", added, refused, l.Added(""), l.Added("ws1"), max, max)
	}
	if err := l.AddBounded("v", "", nil, Credential{ID: "one-more"}, max); !errors.Is(err, ErrTooMany) {
		t.Errorf("over the bound: %v", err)
	}
	if err := l.AddBounded("v", "", nil, Credential{ID: "conf"}, max); !errors.Is(err, ErrExists) {
		t.Errorf("an existing id at the bound: %v, want ErrExists", err)
	}
	if err := l.RemoveAdded("v", "conf"); !errors.Is(err, ErrConfigured) {
		t.Errorf("RemoveAdded of a configured credential: %v", err)
	}
	if _, ok := l.Lookup("v", "conf"); !ok {
		t.Error("the configured credential was removed")
	}
	var gone string
	for _, a := range l.Accounts() {
		if a.ID != "conf" && a.ID != "other-workspace" {
			gone = a.ID
			break
		}
	}
	vendor := "v"
	if _, ok := l.Lookup("v", gone); !ok {
		vendor = "w"
	}
	if err := l.RemoveAdded(vendor, gone); err != nil {
		t.Fatal(err)
	}
	if err := l.RemoveAdded(vendor, gone); !errors.Is(err, ErrNoCredential) {
		t.Errorf("removing it again: %v", err)
	}
	if err := l.AddBounded("v", "", nil, Credential{ID: "one-more"}, max); err != nil {
		t.Errorf("after a removal: %v", err)
	}
	if err := l.Remove("v", "other-workspace"); err != nil || l.Added("ws1") != 0 {
		t.Errorf("Remove of a workspace's: %v, Added(ws1) = %d", err, l.Added("ws1"))
	}
}
