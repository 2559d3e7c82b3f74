package mockekyctest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/mockekyc/mockekyc/mockekyctest"
)

// A test starts its mock with New(t), which stops it when the test ends; an
// Example has no t, so these use Start and Close (a helper of a server made
// by Start panics where it would fail a test).

// The vendor's own URL through srv.Client(): client code with hard-coded
// vendor URLs runs unchanged.
func ExampleServer_Client() {
	srv, err := mockekyctest.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	req, _ := http.NewRequest(http.MethodGet, "https://api.ekycpro.com/v1/balance", nil)
	req.Header.Set("X-API-Key", "AbcdEfgh")
	resp, err := srv.Client().Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var body struct {
		Status  string  `json:"status"`
		Balance float64 `json:"balance"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	fmt.Println(resp.StatusCode, body.Status, body.Balance)
	// Output: 200 OK 1e+06
}

// A vendor's base URL on the mock, for code configured with one; any
// client reaches it.
func ExampleServer_URL() {
	srv, err := mockekyctest.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	req, _ := http.NewRequest(http.MethodGet, srv.URL("ekycpro")+"/v1/balance", nil)
	req.Header.Set("X-API-Key", "AbcdEfgh")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode)
	// Output: 200
}

// Force a documented code with a rule, then read why the mock answered
// it from its journal.
func ExampleServer_AddRule() {
	srv, err := mockekyctest.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	srv.AddRule(mockekyctest.Rule{
		Name: "balance is down", Vendor: "ekycpro", Endpoint: "balance",
		Respond: mockekyctest.Respond{Code: "INNER_ERROR"}, Times: 1,
	})
	req, _ := http.NewRequest(http.MethodGet, "https://api.ekycpro.com/v1/balance", nil)
	req.Header.Set("X-API-Key", "AbcdEfgh")
	resp, err := srv.Client().Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()

	e := srv.LastRequest(mockekyctest.Filter{Vendor: "ekycpro", Endpoint: "balance"})
	fmt.Println(resp.StatusCode, e.Code, e.Why, e.Rule)
	// Output: 500 INNER_ERROR scenario balance is down
}

// The mock's clock held at a time, then moved: tokens expire and daily
// quotas start again without waiting.
func ExampleWithTime() {
	start := time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC)
	srv, err := mockekyctest.Start(mockekyctest.WithTime(start))
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	fmt.Println(srv.Now().Format(time.RFC3339))
	fmt.Println(srv.Advance(25 * time.Hour).Format(time.RFC3339))
	// Output:
	// 2030-01-01T09:00:00Z
	// 2030-01-02T10:00:00Z
}

// The same seed gives the same fake person behind a NIK, whose name an
// identity check then finds matching.
func ExampleServer_Person() {
	srv, err := mockekyctest.Start(mockekyctest.WithSeed(42))
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	p := srv.Person("3171234567890003")
	again, _ := mockekyctest.Start(mockekyctest.WithSeed(42))
	defer again.Close()
	fmt.Println(p.NIK, p.Name == again.Person(p.NIK).Name)
	// Output: 3171234567890003 true
}

// A KTP-like test image whose marker forces a documented code on any
// endpoint that documents it.
func ExampleMakeImage() {
	img, err := mockekyctest.MakeImage(mockekyctest.ImageSpec{Format: "png", Width: 400, Height: 250, Marker: "scenario=FAIL"})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%q\n", img[1:4])
	// Output: "PNG"
}
