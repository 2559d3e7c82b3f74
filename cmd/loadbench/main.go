// Command loadbench measures mockekyc honestly: it builds and starts the
// real binary on loopback, drives it with N concurrent keep-alive clients for
// a fixed time per request kind, does the same to a bare net/http server that
// reads and parses the same body and answers a fixed JSON, and prints
// throughput, p50/p99 latency, errors, the ratio of the two, the time from
// process start to the first answered request and the mock's peak RSS.
// With -stalled it drives each kind again beside connections that declare
// a large body and send none. With -soak it then drives the mock with every request kind at once (each
// client cycling through them) and samples its RSS every 250 ms.
//
// With -hostile it runs issue 18's hostile run instead (hostile.go): bad
// requests to every endpoint, connections held past the timeouts, stalled
// bodies beside the load, callbacks to a dead receiver beside a live one,
// image URLs to a host that never answers, scenario rewrites under load and
// a soak, on loopback only, and prints the figures against their targets.
//
//	go run ./cmd/loadbench -duration 10s -clients 8 -soak 60s
//	go run ./cmd/loadbench -hostile -soak 5m
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mockekyc/mockekyc/internal/loadkinds"
)

func main() {
	baseline := flag.Bool("baseline", false, "run as the bare net/http baseline server (used by loadbench itself)")
	addr := flag.String("addr", "127.0.0.1:0", "baseline listen address")
	duration := flag.Duration("duration", 10*time.Second, "how long each request kind is driven")
	clients := flag.Int("clients", 8, "concurrent keep-alive clients")
	only := flag.String("only", "", "run only the request kinds whose name contains one of these ;-separated words (e.g. \"advance;phone\"); default all")
	journalCap := flag.Int("journal-cap", 1000, "mockekyc journal capacity")
	mockEnv := flag.String("mock-env", "", "environment variables for mockekyc only, space-separated (e.g. \"GOMEMLIMIT=48MiB\")")
	soak := flag.Duration("soak", 0, "after the table, drive the mock this long more with all request kinds at once, and report its RSS")
	starts := flag.Int("starts", 1, "start the mock this many times (one after the other) and report the spread of start to first answer")
	stalled := flag.Int("stalled", 0, "after the table, drive each kind again while this many connections hold requests declaring a 24 MB body and sending none (with -hostile: the stalled bodies beside the load; default 100 there)")
	hostile := flag.Bool("hostile", false, "run issue 18's hostile run instead of the table (bad requests, held connections, stalled bodies, callbacks, image URLs, scenario rewrites, soak); -duration, -clients, -only, -stalled, -soak and -mock-env apply")
	conns := flag.Int("hostile-conns", 25, "with -hostile: connections of each kind (stalled body, idle keep-alive, slow headers, slow body) in the held-connections check")
	callbacksN := flag.Int("hostile-callbacks", 1000, "with -hostile: callbacks sent for each of the two credentials (dead receiver, live receiver)")
	imageURLsN := flag.Int("hostile-image-urls", 300, "with -hostile: image URLs to a host that never answers")
	rewritesN := flag.Int("hostile-rewrites", 100, "with -hostile: in-place rewrites of the scenario file under load")
	phases := flag.String("hostile-phases", "bad,conns,stalled,callbacks,images,rewrites,soak", "with -hostile: the phases to run, comma-separated")
	readTimeout := flag.Duration("hostile-read-timeout", 2*time.Second, "with -hostile: the mock's -read-timeout (short, so held connections are counted in seconds)")
	flag.Parse()
	if *hostile {
		o := hostileOptions{duration: *duration, clients: *clients, stalled: *stalled, conns: *conns, callbacks: *callbacksN,
			imageURLs: *imageURLsN, rewrites: *rewritesN, soak: *soak,
			readTimeout: *readTimeout, idleTimeout: 3 * time.Second, phases: strings.Split(*phases, ","), only: *only, imageTimeout: 3 * time.Second, callbackTries: 2}
		if o.stalled == 0 {
			o.stalled = 100
		}
		if o.soak == 0 {
			o.soak = 60 * time.Second
		}
		if err := runHostile(o, strings.Fields(*mockEnv)); err != nil {
			fmt.Fprintln(os.Stderr, "loadbench -hostile:", err)
			os.Exit(1)
		}
		return
	}
	if *baseline {
		if err := serveBaseline(*addr); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if err := run(*duration, *clients, *only, *journalCap, *soak, *starts, *stalled, strings.Fields(*mockEnv)); err != nil {
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
}

// baselineAnswer is the bare server's one answer.
const baselineAnswer = `{"status":"OK","message":{"ok":true}}`

// asBaseline is k with the bare server's check: HTTP 200 and its fixed
// answer, so a baseline that fails to parse or answer counts errors too.
func asBaseline(k loadkinds.Kind) loadkinds.Kind {
	k.Check = func(status int, body []byte) error {
		if status != http.StatusOK || string(body) != baselineAnswer {
			return fmt.Errorf("baseline: HTTP %d %.80s", status, body)
		}
		return nil
	}
	return k
}

// serveBaseline is the bare server: it reads and parses the body the way a
// handler must (form, JSON or multipart) and answers a fixed JSON.
func serveBaseline(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Println(ln.Addr().String())
	fixed := []byte(baselineAnswer)
	return http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ct := r.Header.Get("Content-Type")
		switch {
		case strings.HasPrefix(ct, "multipart/"):
			_ = r.ParseMultipartForm(32 << 20)
		case strings.HasPrefix(ct, "application/json"):
			var v map[string]any
			_ = json.NewDecoder(r.Body).Decode(&v)
		default:
			_ = r.ParseForm()
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(fixed)
	}))
}

// server is a process under load.
type server struct {
	cmd  *exec.Cmd
	base string
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
	}
}

// cpu is the CPU time the server's process has used (user + system), from
// /proc/<pid>/stat in clock ticks of 10 ms; 0 where there is none.
func (s *server) cpu() time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// The command name (field 2) may hold spaces: count from after it.
	rest := string(data)
	if i := strings.LastIndexByte(rest, ')'); i >= 0 {
		rest = rest[i+1:]
	}
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// status reads the kB figures of the process's /proc status (VmHWM,
// VmRSS, RssFile, …), in MiB.
func (s *server) status() (map[string]float64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, line := range strings.Split(string(data), "\n") {
		key, rest, ok := strings.Cut(line, ":")
		f := strings.Fields(rest)
		if !ok || len(f) != 2 || f[1] != "kB" {
			continue
		}
		kb, err := strconv.Atoi(f[0])
		if err != nil {
			return nil, err
		}
		out[key] = float64(kb) / 1024
	}
	return out, nil
}

// rss reads the process's resident set: the high-water mark (VmHWM) and
// the current size (VmRSS), in MiB.
func (s *server) rss() (peak, now float64, err error) {
	st, err := s.status()
	if err != nil {
		return 0, 0, err
	}
	peak, ok1 := st["VmHWM"]
	now, ok2 := st["VmRSS"]
	if !ok1 || !ok2 {
		return 0, 0, errors.New("no VmHWM or VmRSS")
	}
	return peak, now, nil
}

// rssParts reads what the resident set is now, in MiB: pages of files (the
// binary) and anonymous memory (the Go runtime's).
func (s *server) rssParts() (file, anon float64, err error) {
	st, err := s.status()
	return st["RssFile"], st["RssAnon"], err
}

func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startMock builds nothing: bin is the built binary, started with extra
// flags beside its address and journal capacity. It returns once the first
// request has been answered, with the time that took from exec.
func startMock(bin string, journalCap int, mockEnv []string, extra ...string) (*server, time.Duration, error) {
	addr, err := freePort()
	if err != nil {
		return nil, 0, err
	}
	cmd := exec.Command(bin, append([]string{"-addr", addr, "-journal-cap", strconv.Itoa(journalCap), "-log-level", "error"}, extra...)...)
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	cmd.Env = append(os.Environ(), mockEnv...)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	s := &server{cmd: cmd, base: "http://" + addr}
	client := &http.Client{Timeout: time.Second}
	for time.Since(start) < 10*time.Second {
		req, _ := http.NewRequest(http.MethodPost, s.base+"/ekycpro/v1/ididinquiries", strings.NewReader("id=3171024302821001"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-API-Key", "AbcdEfgh")
		if resp, err := client.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s, time.Since(start), nil
			}
		}
		time.Sleep(200 * time.Microsecond)
	}
	s.stop()
	return nil, 0, errors.New("mockekyc did not answer within 10 s")
}

func startBaseline() (*server, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, "-baseline")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line := make([]byte, 64)
	n, err := out.Read(line)
	if err != nil {
		return nil, err
	}
	return &server{cmd: cmd, base: "http://" + strings.TrimSpace(string(line[:n]))}, nil
}

func build() (string, error) {
	dir, err := os.MkdirTemp("", "loadbench")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "mockekyc")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/mockekyc")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return bin, cmd.Run()
}

// result of driving one server with one request kind.
type result struct {
	requests, errors int
	rps              float64
	p50, p99         time.Duration
	firstError       string
}

// drive sends requests of the kinds ks from n keep-alive clients for d: each
// client cycles through ks, client i starting at the i-th kind.
func drive(base string, ks []loadkinds.Kind, n int, d time.Duration) result {
	tr := &http.Transport{MaxIdleConns: n, MaxIdleConnsPerHost: n, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	res := result{}
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, 4096)
			errs, first := 0, ""
			for j := i; ctx.Err() == nil; j++ {
				k := ks[j%len(ks)]
				req, err := k.Request(base)
				if err != nil {
					errs++
					first = err.Error()
					continue
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						errs++
						first = err.Error()
					}
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				local = append(local, time.Since(t0))
				if err := k.Check(resp.StatusCode, body); err != nil {
					errs++
					first = err.Error()
				}
			}
			mu.Lock()
			lat = append(lat, local...)
			res.errors += errs
			if first != "" && res.firstError == "" {
				res.firstError = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	slices.Sort(lat)
	res.requests = len(lat)
	res.rps = float64(len(lat)) / d.Seconds()
	if len(lat) > 0 {
		res.p50 = lat[len(lat)/2]
		res.p99 = lat[len(lat)*99/100]
	}
	return res
}

func run(d time.Duration, clients int, only string, journalCap int, soak time.Duration, starts, stalled int, mockEnv []string) error {
	bin, err := build()
	if err != nil {
		return fmt.Errorf("building mockekyc: %w", err)
	}
	defer os.RemoveAll(filepath.Dir(bin))
	var startups []time.Duration
	for range starts - 1 {
		m, startup, err := startMock(bin, journalCap, mockEnv)
		if err != nil {
			return err
		}
		m.stop()
		startups = append(startups, startup)
		time.Sleep(200 * time.Millisecond) // let the stopped one go
	}
	mock, startup, err := startMock(bin, journalCap, mockEnv)
	if err != nil {
		return err
	}
	defer mock.stop()
	startups = append(startups, startup)
	base, err := startBaseline()
	if err != nil {
		return err
	}
	defer base.stop()
	kinds, err := loadkinds.Kinds(mock.base)
	if err != nil {
		return err
	}
	fmt.Printf("loadbench: %d clients, %s per request kind, journal cap %d, %s %s/%s, %d CPUs (client and servers share them)\n\n",
		clients, d, journalCap, runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	if len(mockEnv) > 0 {
		fmt.Printf("mockekyc environment: %s\n\n", strings.Join(mockEnv, " "))
	}
	fmt.Println("| request | body | mockekyc req/s | baseline req/s | ratio | mock p50 | mock p99 | base p50 | base p99 | p99 ratio | mock errors |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|")
	for _, k := range kinds {
		if !chosen(k, only) {
			continue
		}
		one, bone := []loadkinds.Kind{k}, []loadkinds.Kind{asBaseline(k)}
		// Both servers get the same warm-up: connections, caches and a
		// GC-sized heap.
		drive(mock.base, one, clients, d/5)
		m := drive(mock.base, one, clients, d)
		drive(base.base, bone, clients, d/5)
		b := drive(base.base, bone, clients, d)
		fmt.Printf("| %s | %s | %.0f | %.0f | %.0f%% | %s | %s | %s | %s | %.1f× | %d |\n",
			k.Name, size(k.BodySize), m.rps, b.rps, 100*m.rps/b.rps, ms(m.p50), ms(m.p99), ms(b.p50), ms(b.p99), float64(m.p99)/float64(b.p99), m.errors)
		if m.errors > 0 {
			fmt.Printf("|  first error: %s |\n", m.firstError)
		}
		if b.errors > 0 {
			fmt.Printf("|  baseline: %d errors, the first: %s |\n", b.errors, b.firstError)
		}
	}
	peak, now, _ := mock.rss()
	fmt.Printf("\nstart to first answered request: %s\n", ms(startup))
	if len(startups) > 1 {
		slices.Sort(startups)
		under := 0
		for _, s := range startups {
			if s < 50*time.Millisecond {
				under++
			}
		}
		fmt.Printf("  over %d starts: min %s, median %s, p90 %s, max %s; %d under 50 ms\n", len(startups),
			ms(startups[0]), ms(startups[len(startups)/2]), ms(startups[len(startups)*9/10]), ms(startups[len(startups)-1]), under)
	}
	fmt.Printf("RSS of mockekyc: peak (VmHWM) %.1f MiB, now (VmRSS) %.1f MiB\n", peak, now)
	if stalled > 0 {
		if err := stalledRun(mock, kinds, only, clients, stalled, d); err != nil {
			return err
		}
	}
	if soak > 0 {
		r, samples := soakMock(mock, kinds, clients, soak)
		peak, now, _ = mock.rss()
		fmt.Printf("\nsoak: %s of all %d kinds at once (each client cycles through them), %d requests, %d errors\n", soak, len(kinds), r.requests, r.errors)
		if len(samples) > 0 {
			last := samples[len(samples)-max(1, len(samples)/6):] // the last sixth: 10 s of a 60 s soak
			sorted := slices.Sorted(slices.Values(last))
			fmt.Printf("RSS of mockekyc under the soak's load: at its end %.1f MiB; over its last %s median %.1f MiB, max %.1f MiB\n",
				samples[len(samples)-1], soak/6, sorted[len(sorted)/2], sorted[len(sorted)-1])
		}
		fmt.Printf("RSS of mockekyc 1 s after the soak: peak (VmHWM) %.1f MiB, now (VmRSS) %.1f MiB\n", peak, now)
	}
	return nil
}

// soakMock drives the mock with all kinds at once for d, sampling its RSS
// (VmRSS, MiB) every 250 ms meanwhile, then idles a second.
func soakMock(mock *server, kinds []loadkinds.Kind, clients int, d time.Duration) (result, []float64) {
	var r result
	samples := sampleRSS(mock, 250*time.Millisecond, func() { r = drive(mock.base, kinds, clients, d) })
	time.Sleep(time.Second)
	return r, samples
}

// sampleRSS runs f, sampling the mock's VmRSS (MiB) every interval meanwhile.
func sampleRSS(mock *server, every time.Duration, f func()) []float64 {
	var samples []float64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if _, now, err := mock.rss(); err == nil {
					samples = append(samples, now)
				}
			}
		}
	}()
	f()
	close(done)
	<-sampled
	return samples
}

// chosen tells whether -only picks kind k: its name contains one of only's
// ;-separated words, or only is empty.
func chosen(k loadkinds.Kind, only string) bool {
	return only == "" || slices.ContainsFunc(strings.Split(only, ";"), func(w string) bool { return strings.Contains(k.Name, w) })
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func size(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	if n >= 1<<10 {
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
