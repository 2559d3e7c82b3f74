package ekycpro_test

import (
	"context"
	"errors"
	"testing"

	"github.com/mockekyc/mockekyc/examples/gotest/ekycpro"
	"github.com/mockekyc/mockekyc/mockekyctest"
)

// The embedded config's eKYCPro key.
const key = "AbcdEfgh"

// newClient is the application's client, unchanged (the vendor's real
// URL), with the mock's HTTP client.
func newClient(srv *mockekyctest.Server, apiKey string) *ekycpro.Client {
	c := ekycpro.New(apiKey)
	c.HTTP = srv.Client()
	return c
}

func TestBalance(t *testing.T) {
	srv := mockekyctest.New(t)
	b, err := newClient(srv, key).Balance(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if b.Balance <= 0 || b.ResetTime.IsZero() {
		t.Errorf("balance %+v", b)
	}
}

// TestBaseURL: a client configured with a base URL instead, with any
// HTTP client.
func TestBaseURL(t *testing.T) {
	srv := mockekyctest.New(t)
	c := ekycpro.New(key)
	c.BaseURL = srv.URL("ekycpro")
	if _, err := c.Balance(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv.ExpectAnswer(mockekyctest.Filter{Vendor: "ekycpro", Endpoint: "balance"}, "OK")
}

func TestWrongKey(t *testing.T) {
	srv := mockekyctest.New(t)
	_, err := newClient(srv, "not-a-key").Balance(context.Background())
	var apiErr *ekycpro.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != "NO_AUTHORIZATION" || apiErr.HTTPStatus != 401 {
		t.Fatalf("err %v, want NO_AUTHORIZATION", err)
	}
	e := srv.ExpectAnswer(mockekyctest.Filter{Vendor: "ekycpro"}, "NO_AUTHORIZATION")
	if e.Why != "auth" {
		t.Errorf("the mock refused it for %q", e.Why)
	}
}

// TestReadKTP: the image's marker names the NIK the OCR reads, and the
// person it reads is the mock's person behind that NIK.
func TestReadKTP(t *testing.T) {
	srv := mockekyctest.New(t)
	const nik = "3171024302821001"
	img := srv.Image(mockekyctest.ImageSpec{Marker: "nik=" + nik})
	id, err := newClient(srv, key).ReadKTP(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	p := srv.Person(nik)
	if id.NIK != nik || id.Name != p.Name || id.Province != p.Province {
		t.Errorf("OCR read %+v, the mock's person is %+v", id, p)
	}
	// The journal keeps the image's digest and marker, not the image.
	e := srv.ExpectAnswer(mockekyctest.Filter{Endpoint: "idOcr"}, "OK")
	if len(e.Images) != 1 || e.Images[0].Marker["nik"] != nik || !e.Charged {
		t.Errorf("journal entry %+v", e)
	}
}

// TestForgedKTP: a documented failure forced by the image itself.
func TestForgedKTP(t *testing.T) {
	srv := mockekyctest.New(t)
	img := srv.Image(mockekyctest.ImageSpec{Marker: "scenario=FAIL"})
	_, err := newClient(srv, key).ReadKTP(context.Background(), img)
	var apiErr *ekycpro.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != "FAIL" {
		t.Fatalf("err %v, want FAIL", err)
	}
	if e := srv.ExpectAnswer(mockekyctest.Filter{Endpoint: "idOcr"}, "FAIL"); e.Why != "marker" {
		t.Errorf("why %q", e.Why)
	}
}

func TestCheckIdentity(t *testing.T) {
	srv := mockekyctest.New(t)
	const nik = "3171024302821001"
	c := newClient(srv, key)
	score, err := c.CheckIdentity(context.Background(), nik, srv.Person(nik).Name)
	if err != nil || score != 1 {
		t.Fatalf("the person's own name: score %v, %v", score, err)
	}
	score, err = c.CheckIdentity(context.Background(), nik, "SOMEONE ELSE ENTIRELY")
	if err != nil || score >= 1 {
		t.Fatalf("another name: score %v, %v", score, err)
	}
	srv.ExpectAnswer(mockekyctest.Filter{Endpoint: "idCheck"}, "NOT")
}

// TestServiceDown: a rule forces eKYCPro's documented "service is not
// available" answer, which the client reports as retryable; the journal
// says the rule decided it.
func TestServiceDown(t *testing.T) {
	srv := mockekyctest.New(t)
	srv.AddRule(mockekyctest.Rule{
		Name: "identity check down", Vendor: "ekycpro", Endpoint: "idCheck",
		Respond: mockekyctest.Respond{Code: "RETRY_LATER", Message: "Service is not available right now, please try again later"},
	})
	_, err := newClient(srv, key).CheckIdentity(context.Background(), "3171024302821001", "BUDI")
	if !ekycpro.IsRetryable(err) {
		t.Fatalf("err %v, want a retryable RETRY_LATER", err)
	}
	e := srv.ExpectAnswer(mockekyctest.Filter{Vendor: "ekycpro", Endpoint: "idCheck"}, "RETRY_LATER")
	if e.Why != "scenario" || e.Rule != "identity check down" || e.Charged {
		t.Errorf("journal entry: %s", mockekyctest.Explain(e))
	}
	cov := srv.Coverage("ekycpro", "")
	for _, ep := range cov.Endpoints {
		if ep.OperationID == "idCheck" && ep.Answered["RETRY_LATER"] != 1 {
			t.Errorf("coverage of idCheck: %+v", ep)
		}
	}
}
