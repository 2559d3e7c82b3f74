package mockekyctest_test

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/mockekyctest"
)

// firstNewEnv makes the test binary measure one first New and exit:
// BenchmarkNewFirst runs it once an iteration, so each measures a process
// that has parsed nothing yet.
const firstNewEnv = "MOCKEKYCTEST_MEASURE_FIRST_NEW"

func TestMain(m *testing.M) {
	if os.Getenv(firstNewEnv) == "1" {
		os.Exit(measureFirstNew())
	}
	os.Exit(m.Run())
}

// measureFirstNew prints the nanoseconds of the process's first Start and
// of the first request it answers (eKYCPro's balance over HTTPS).
func measureFirstNew() int {
	t0 := time.Now()
	srv, err := mockekyctest.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	started := time.Since(t0)
	req, _ := http.NewRequest(http.MethodGet, "https://api.ekycpro.com/v1/balance", nil)
	req.Header.Set("X-API-Key", ekycproKey)
	t1 := time.Now()
	resp, err := srv.Client().Do(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	resp.Body.Close()
	answered := time.Since(t1)
	srv.Close()
	fmt.Printf("%d %d\n", started.Nanoseconds(), answered.Nanoseconds())
	return 0
}

// BenchmarkNewFirst is the cost of the first New of a test binary: a fresh
// process each iteration (its start is not counted). first-New-ns is New,
// first-request-ns the first answer after it.
func BenchmarkNewFirst(b *testing.B) {
	var newNS, reqNS int64
	n := 0
	for b.Loop() {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), firstNewEnv+"=1")
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("%v: %s", err, out)
		}
		f := strings.Fields(string(out))
		a, _ := strconv.ParseInt(f[0], 10, 64)
		r, _ := strconv.ParseInt(f[1], 10, 64)
		newNS += a
		reqNS += r
		n++
	}
	b.ReportMetric(float64(newNS)/float64(n), "first-New-ns")
	b.ReportMetric(float64(reqNS)/float64(n), "first-request-ns")
}

// BenchmarkNew is the cost of each New after the first in a test binary,
// and of its Close (the cleanup).
func BenchmarkNew(b *testing.B) {
	mockekyctest.New(b) // the process's first
	for b.Loop() {
		srv, err := mockekyctest.Start()
		if err != nil {
			b.Fatal(err)
		}
		srv.Close()
	}
}

// BenchmarkNewAndFirstRequest adds a request over HTTPS through Client
// (a TLS handshake with a certificate signed for the host).
func BenchmarkNewAndFirstRequest(b *testing.B) {
	mockekyctest.New(b)
	for b.Loop() {
		srv, err := mockekyctest.Start()
		if err != nil {
			b.Fatal(err)
		}
		req, _ := http.NewRequest(http.MethodGet, "https://api.ekycpro.com/v1/balance", nil)
		req.Header.Set("X-API-Key", ekycproKey)
		resp, err := srv.Client().Do(req)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		srv.Close()
	}
}
