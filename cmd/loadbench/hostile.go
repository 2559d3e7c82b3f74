package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/loadkinds"
)

// hostileOptions are the bounds of issue 18's hostile run.
type hostileOptions struct {
	duration      time.Duration // each throughput drive, quiet and stalled
	clients       int
	stalled       int           // stalled bodies held beside the load
	conns         int           // connections of each kind in the held-connections check
	callbacks     int           // callbacks of each credential
	imageURLs     int           // image URLs to the host that never answers
	rewrites      int           // scenario file rewrites under load
	soak          time.Duration // the soak
	readTimeout   time.Duration // the mock's -read-timeout
	idleTimeout   time.Duration // the mock's -idle-timeout
	imageTimeout  time.Duration // Verihubs image_url.timeout
	callbackTries int
	phases        []string // the phases to run
	only          string   // -only: the load kinds driven (all when empty)
}

// hostileConfig is the mock's config for the run: the demo credentials of
// every vendor plus two Verihubs apps, one whose receiver is dead and one
// whose receiver answers, and short outbound timeouts so the run is bounded.
func hostileConfig(o hostileOptions) string {
	return fmt.Sprintf(`seed: 1
vendors:
  ekycpro:
    credentials:
      - {id: AbcdEfgh, name: docs example}
  izidata:
    credentials:
      - {id: YOUR_ACCESS_KEY, secret: YOUR_SECRET_KEY, name: docs example}
  advance:
    credentials:
      - {id: sampleaccesskey, secret: samplesecretkey, name: docs example}
  accuauth:
    credentials:
      - {id: demo-api-id, secret: demo-api-secret, name: demo}
  verihubs:
    credentials:
      - {id: demo-app-id, secret: demo-api-key, name: demo, mode: live}
      - {id: dead-app, secret: dead-key, name: receiver dead, mode: live}
      - {id: live-app, secret: live-key, name: receiver well, mode: live}
    settings:
      image_url: {timeout: %s}
      callback: {tries: %d, timeout: 1s, backoff: 500ms}
`, o.imageTimeout, o.callbackTries)
}

// ruleNIK is the NIK the rewritten scenario rule matches.
const ruleNIK = "3171024302821009"

// hostileRule is the scenario file's rule, revision rev: every revision
// forces the same code, and only its name changes.
func hostileRule(rev int) string {
	return fmt.Sprintf(`# rewritten in place by loadbench -hostile
scenarios:
  - name: hostile-rev-%d
    vendor: ekycpro
    endpoint: idInquiries
    match: {field: {id: "%s"}}
    respond: {code: INSUFFICIENT_BALANCE}
`, rev, ruleNIK)
}

// figure is one row of the hostile run's table.
type figure struct{ what, value, target, met string }

// runHostile is issue 18's hostile run against the real binary.
func runHostile(o hostileOptions, mockEnv []string) error {
	start := time.Now()
	bin, err := build()
	if err != nil {
		return fmt.Errorf("building mockekyc: %w", err)
	}
	defer os.RemoveAll(filepath.Dir(bin))
	dir, err := os.MkdirTemp("", "hostile")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cfg := filepath.Join(dir, "config.yaml")
	scen := filepath.Join(dir, "scenarios")
	ruleFile := filepath.Join(scen, "hostile.yaml")
	if err := os.WriteFile(cfg, []byte(hostileConfig(o)), 0o644); err != nil {
		return err
	}
	if err := os.Mkdir(scen, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(ruleFile, []byte(hostileRule(0)), 0o644); err != nil {
		return err
	}
	flags := []string{"-config", cfg, "-scenarios", scen,
		"-read-timeout", o.readTimeout.String(), "-idle-timeout", o.idleTimeout.String(), "-write-timeout", "10s", "-shutdown-grace", "2s"}
	// The journal at its default capacity: the RSS figures are the
	// default's. The callbacks phase, which reads every delivery of two
	// thousand requests from the journal, has a mock of its own.
	mock, _, err := startMock(bin, 1000, mockEnv, flags...)
	if err != nil {
		return err
	}
	defer mock.stop()
	fmt.Printf("loadbench -hostile: mockekyc on %s (-read-timeout %s, -idle-timeout %s, other limits default), %d clients, %s, %d CPUs shared with the clients\n\n",
		mock.base, o.readTimeout, o.idleTimeout, o.clients, runtime.Version(), runtime.NumCPU())
	var figs []figure
	phase := func(key, name string) bool {
		if !slices.Contains(o.phases, key) {
			return false
		}
		fmt.Fprintf(os.Stderr, "%s  %s\n", time.Since(start).Round(time.Second), name)
		return true
	}
	kinds, err := loadkinds.Kinds(mock.base)
	if err != nil {
		return err
	}
	target, err := stalledTarget(kinds, mock.base)
	if err != nil {
		return err
	}
	kinds = slices.DeleteFunc(kinds, func(k loadkinds.Kind) bool { return !chosen(k, o.only) })

	if phase("bad", "bad requests") {
		var eps admin.Catalogue
		if err := getJSON(mock.base+"/__admin/catalogue", &eps); err != nil {
			return err
		}
		bad, err := sendBad(mock.base, eps.Endpoints, newCatalogue(eps.Endpoints, eps.Unrouted), func() float64 {
			hwm, _, _ := mock.rss()
			return hwm
		})
		if err != nil {
			return err
		}
		figs = append(figs,
			figure{"bad requests tried", fmt.Sprintf("%d over %d endpoints (HTTP statuses: %s)", bad.tried, bad.endpoints, statusList(bad.statuses)), "", ""},
			figure{"undocumented answers", fmt.Sprintf("%d (and %d requests that got no answer)", bad.undocumented, bad.errors), "0", metIf(bad.undocumented == 0 && bad.errors == 0)},
			figure{"answers of a handler panic (documented, but a bug)", fmt.Sprint(bad.panics), "0", metIf(bad.panics == 0)})
		for _, ex := range bad.examples {
			fmt.Println("  found:", ex)
		}
		for _, st := range bad.raised {
			fmt.Printf("  peak RSS raised %.1f MiB, to %.1f MiB, by: %s\n", st.grew, st.peak, st.what)
		}
	}

	if phase("conns", "held connections") {
		held, total, err := heldAfterTimeouts(mock.base, o)
		if err != nil {
			return err
		}
		figs = append(figs, figure{"connections held after the timeouts", fmt.Sprintf("%d of %d (stalled bodies, idle keep-alives, slow headers, bodies under the minimum rate; %d each)", held, total, o.conns), "0", metIf(held == 0)})
	}

	if phase("stalled", "throughput, quiet and with stalled bodies") {
		// Quiet and stalled alternate in rounds of a fifth of -duration
		// each, so that the machine's drift (other builds on a shared
		// machine moved a 10 s quiet figure by half between runs) falls on
		// both alike; the ratio is of the sums, and the rounds' own ratios
		// show the spread.
		drive(mock.base, kinds, o.clients, o.duration/5)
		const rounds = 5
		var quiet, loaded result
		var per []string
		var stalledRSS float64
		var dropped int64
		var quietCPU, loadedCPU time.Duration
		for range rounds {
			c0 := mock.cpu()
			q := drive(mock.base, kinds, o.clients, o.duration/rounds)
			quietCPU += mock.cpu() - c0
			stop, drops := holdStalled(target, o.stalled)
			time.Sleep(time.Second)
			var l result
			c0 = mock.cpu()
			stalledRSS = max(stalledRSS, slices.Max(append(sampleRSS(mock, 250*time.Millisecond, func() { l = drive(mock.base, kinds, o.clients, o.duration/rounds) }), 0)))
			loadedCPU += mock.cpu() - c0
			stop()
			dropped += drops.Load()
			quiet.requests, quiet.errors = quiet.requests+q.requests, quiet.errors+q.errors
			loaded.requests, loaded.errors = loaded.requests+l.requests, loaded.errors+l.errors
			per = append(per, fmt.Sprintf("%.0f%%", 100*l.rps/q.rps))
		}
		secs := (o.duration / rounds * rounds).Seconds()
		quiet.rps, loaded.rps = float64(quiet.requests)/secs, float64(loaded.requests)/secs
		ratio := loaded.rps / quiet.rps
		perReq := func(cpu time.Duration, n int) float64 { return float64(cpu.Microseconds()) / float64(max(n, 1)) }
		figs = append(figs,
			figure{"throughput quiet / with stalled bodies", fmt.Sprintf("%.0f / %.0f req/s = %.0f%% (%d rounds of %s each, alternating: %s; the mock's CPU per request %.0f / %.0f µs; %d stalled bodies of 24 MB declared, re-opened %d times as the mock dropped them; errors %d / %d)",
				quiet.rps, loaded.rps, 100*ratio, rounds, o.duration/rounds, strings.Join(per, " "), perReq(quietCPU, quiet.requests), perReq(loadedCPU, loaded.requests), o.stalled, dropped, quiet.errors, loaded.errors), "≥ 90%", metIf(ratio >= 0.9)},
			figure{"peak RSS under stalled bodies", fmt.Sprintf("%.1f MiB (VmRSS sampled every 250 ms during the drive; the mock has no heap endpoint, so RSS only)", stalledRSS), "< 64 MB", metIf(stalledRSS < 64e6/(1<<20))})
	}

	if phase("callbacks", "callbacks (a mock of its own, journal capacity for every request)") {
		cbMock, _, err := startMock(bin, 2*o.callbacks+100, mockEnv, flags...)
		if err != nil {
			return err
		}
		cb, err := callbacks(cbMock.base, o)
		cbHWM, _, _ := cbMock.rss()
		cbMock.stop()
		if err != nil {
			return err
		}
		figs = append(figs,
			figure{"callbacks dropped, well-behaved credential", fmt.Sprintf("%d of %d (delivered %d, journaled ok %d; the dead receiver's credential: %d sent, %d dropped with an event, %d tries failed; that mock's VmHWM %.1f MiB with a journal of %d)",
				cb.liveDropped, cb.liveSent, cb.liveReceived, cb.liveOK, cb.deadSent, cb.deadDropped, cb.deadFailed, cbHWM, 2*o.callbacks+100), "0", metIf(cb.liveDropped == 0 && cb.liveReceived == cb.liveSent)})
	}

	if phase("images", "image URLs to a host that never answers") {
		img, err := imageURLs(mock.base, o)
		if err != nil {
			return err
		}
		figs = append(figs, figure{"image URLs to a host that never answers", fmt.Sprintf("%d of %d answered (%s), slowest %s, image_url.timeout %s", img.answered, o.imageURLs, statusList2(img.codes), img.slowest.Round(10*time.Millisecond), o.imageTimeout),
			"all answered within the timeout + 2 s", metIf(img.answered == o.imageURLs && img.slowest < o.imageTimeout+2*time.Second)})
	}

	if phase("rewrites", "scenario rewrites under load") {
		sr, err := rewrites(mock.base, ruleFile, o)
		if err != nil {
			return err
		}
		figs = append(figs, figure{"answers without the rule while it was rewritten", fmt.Sprintf("%d of %d (%d rewrites in place; rule revisions seen answering: %d)", sr.without, sr.answers, o.rewrites, sr.revisions), "0", metIf(sr.without == 0 && sr.answers > 0)})
	}

	if phase("soak", "soak") {
		soak, samples := soakHostile(mock, kinds, target, o)
		maxSoak := slices.Max(append(samples, 0))
		figs = append(figs, figure{"RSS over the soak", fmt.Sprintf("max %.1f MiB over %s (%d samples, 1 a second) of all load kinds beside %d stalled bodies; %d requests, %d errors",
			maxSoak, o.soak, len(samples), o.stalled, soak.requests, soak.errors), "< 64 MB", metIf(maxSoak < 64e6/(1<<20))})
	}
	hwm, _, _ := mock.rss()
	file, anon, _ := mock.rssParts()
	figs = append(figs, figure{"RSS peak, whole run (VmHWM)", fmt.Sprintf("%.1f MiB (at the end: %.1f MiB of the binary's pages, %.1f MiB anonymous)", hwm, file, anon), "< 64 MB", metIf(hwm < 64e6/(1<<20))})

	fmt.Println("| figure | value | target | met |")
	fmt.Println("|---|---|---|---|")
	for _, f := range figs {
		fmt.Printf("| %s | %s | %s | %s |\n", f.what, f.value, f.target, f.met)
	}
	fmt.Printf("\n(64 MB = 61.0 MiB; the whole run took %s)\n", time.Since(start).Round(time.Second))
	return nil
}

func metIf(ok bool) string {
	if ok {
		return "yes"
	}
	return "NO"
}

func statusList(m map[int]int) string {
	keys := slices.Sorted(func(yield func(int) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	})
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d×%d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

func statusList2(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}) {
		parts = append(parts, fmt.Sprintf("%s×%d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// heldAfterTimeouts opens o.conns connections of each hostile kind, waits
// past the longest timeout that applies to them plus a margin, and counts
// how many the mock still holds open.
func heldAfterTimeouts(base string, o hostileOptions) (held, total int, err error) {
	u, _ := url.Parse(base)
	addr := u.Host
	inquiry := "id=3171024302821001"
	head := func(length int) string {
		return fmt.Sprintf("POST /ekycpro/v1/ididinquiries HTTP/1.1\r\nHost: %s\r\nX-Api-Key: AbcdEfgh\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n", addr, length)
	}
	const slowBody = 64 << 10 // declared by the bodies sent under the minimum rate
	var conns []net.Conn
	quit := make(chan struct{})
	var wg sync.WaitGroup
	defer func() {
		close(quit)
		for _, c := range conns {
			c.Close()
		}
		wg.Wait()
	}()
	dial := func() (net.Conn, error) {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			conns = append(conns, c)
		}
		return c, err
	}
	trickle := func(c net.Conn, every time.Duration, chunk []byte) {
		wg.Go(func() {
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				select {
				case <-quit:
					return
				case <-t.C:
					if _, err := c.Write(chunk); err != nil {
						return
					}
				}
			}
		})
	}
	for range o.conns {
		// A body declared and never sent.
		c, err := dial()
		if err != nil {
			return 0, 0, err
		}
		if _, err := io.WriteString(c, head(24<<20)); err != nil {
			return 0, 0, err
		}
		// An idle keep-alive after one answered request.
		c, err = dial()
		if err != nil {
			return 0, 0, err
		}
		if _, err := io.WriteString(c, head(len(inquiry))+inquiry); err != nil {
			return 0, 0, err
		}
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			return 0, 0, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		// Headers a byte every 500 ms (slowloris).
		c, err = dial()
		if err != nil {
			return 0, 0, err
		}
		_, _ = io.WriteString(c, "POST /ekycpro/v1/ididinquiries HTTP/1.1\r\nHost: "+addr+"\r\nX-Slow: ")
		trickle(c, 500*time.Millisecond, []byte("a"))
		// A body at 50 bytes a second, far under -body-min-rate.
		c, err = dial()
		if err != nil {
			return 0, 0, err
		}
		_, _ = io.WriteString(c, head(slowBody)+"id=")
		trickle(c, 200*time.Millisecond, bytes.Repeat([]byte("1"), 10))
	}
	// The longest bound: a body of slowBody bytes may take -read-timeout
	// plus slowBody at the default 16 KiB/s.
	wait := max(o.readTimeout+slowBody/(16<<10)*time.Second, o.idleTimeout) + 2*time.Second
	time.Sleep(wait)
	for _, c := range conns {
		if open(c) {
			held++
		}
	}
	return held, len(conns), nil
}

// open tells whether the peer still holds c open: reading finds neither an
// end nor an error (an answer the mock wrote before closing is read past).
func open(c net.Conn) bool {
	buf := make([]byte, 4096)
	for {
		_ = c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		_, err := c.Read(buf)
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return true
		}
		if err != nil {
			return false
		}
	}
}

type callbackResult struct {
	liveSent, liveReceived, liveOK, liveDropped int
	deadSent, deadDropped, deadFailed           int
}

// callbacks sends o.callbacks extract-async requests for each of two
// Verihubs apps at once: dead-app's callback_url is a listener that never
// answers, live-app's a receiver answering 200. Then it waits (bounded)
// for live-app's callbacks and reads both apps' deliveries from the journal.
func callbacks(base string, o hostileOptions) (callbackResult, error) {
	var res callbackResult
	dead, stopDead, err := loadkinds.DeadListener(nil)
	if err != nil {
		return res, err
	}
	defer stopDead()
	var received atomic.Int64
	live := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		received.Add(1)
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, err
	}
	go func() { _ = live.Serve(ln) }()
	defer live.Close()
	first, err := lastID(base)
	if err != nil {
		return res, err
	}
	image := base64.StdEncoding.EncodeToString(goodImage)
	send := func(app, key, hook string, n int) (accepted int) {
		var ok atomic.Int64
		var wg sync.WaitGroup
		next := atomic.Int64{}
		client := &http.Client{Timeout: 30 * time.Second}
		for range 4 {
			wg.Go(func() {
				for next.Add(1) <= int64(n) {
					body, _ := json.Marshal(map[string]string{"image": image, "callback_url": hook})
					req, _ := http.NewRequest(http.MethodPost, base+"/verihubs/ktp/id/extract-async", bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("App-Id", app)
					req.Header.Set("Api-Key", key)
					resp, err := client.Do(req)
					if err != nil {
						continue
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode == 200 {
						ok.Add(1)
					}
				}
			})
		}
		wg.Wait()
		return int(ok.Load())
	}
	var wg sync.WaitGroup
	wg.Go(func() { res.deadSent = send("dead-app", "dead-key", "http://"+dead+"/hook", o.callbacks) })
	wg.Go(func() { res.liveSent = send("live-app", "live-key", "http://"+ln.Addr().String()+"/hook", o.callbacks) })
	wg.Wait()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline) && int(received.Load()) < res.liveSent; {
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(time.Second)
	res.liveReceived = int(received.Load())
	entries, err := journalSince(base, first)
	if err != nil {
		return res, err
	}
	for _, e := range entries {
		if e.Endpoint != "ktpExtractAsync" {
			continue
		}
		live := strings.Contains(e.RequestHeaders["App-Id"], "live")
		for _, ev := range e.Events {
			dropped := strings.HasPrefix(ev.Detail, "dropped")
			switch {
			case live && dropped:
				res.liveDropped++
			case live && ev.OK:
				res.liveOK++
			case dropped:
				res.deadDropped++
			case !ev.OK:
				res.deadFailed++
			}
		}
	}
	return res, nil
}

type imageResult struct {
	answered int
	codes    map[string]int
	slowest  time.Duration
}

// imageURLs sends o.imageURLs Verihubs forgery checks whose image is a URL
// on a host that accepts and never answers, 32 at once.
func imageURLs(base string, o hostileOptions) (imageResult, error) {
	res := imageResult{codes: map[string]int{}}
	dead, stop, err := loadkinds.DeadListener(nil)
	if err != nil {
		return res, err
	}
	defer stop()
	var mu sync.Mutex
	var wg sync.WaitGroup
	var next atomic.Int64
	client := &http.Client{Timeout: o.imageTimeout + 60*time.Second}
	for range 32 {
		wg.Go(func() {
			for i := next.Add(1); i <= int64(o.imageURLs); i = next.Add(1) {
				body := fmt.Sprintf(`{"image":"http://%s/ktp-%d.jpg"}`, dead, i)
				req, _ := http.NewRequest(http.MethodPost, base+"/verihubs/v2/ktp/idforgery", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("App-Id", "demo-app-id")
				req.Header.Set("Api-Key", "demo-api-key")
				t0 := time.Now()
				resp, err := client.Do(req)
				took := time.Since(t0)
				if err != nil {
					continue
				}
				var r struct {
					ErrorCode string `json:"error_code"`
				}
				_ = json.NewDecoder(resp.Body).Decode(&r)
				resp.Body.Close()
				mu.Lock()
				res.answered++
				res.codes[fmt.Sprintf("%d %s", resp.StatusCode, r.ErrorCode)]++
				res.slowest = max(res.slowest, took)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return res, nil
}

type rewriteResult struct{ answers, without, revisions int }

// rewrites rewrites the scenario file in place o.rewrites times (in bursts
// of five 100 ms apart, then a pause the reload needs to settle), each
// rewrite a truncate and two writes, while 4 clients send the request the
// rule matches; every answer must be the rule's.
func rewrites(base, file string, o hostileOptions) (rewriteResult, error) {
	var res rewriteResult
	body := []byte(url.Values{"id": {ruleNIK}}.Encode())
	var answers, without atomic.Int64
	var mu sync.Mutex
	revs := map[string]bool{}
	first, err := lastID(base)
	if err != nil {
		return res, err
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 30 * time.Second}
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-quit:
					return
				default:
				}
				req, _ := http.NewRequest(http.MethodPost, base+"/ekycpro/v1/ididinquiries", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-Api-Key", "AbcdEfgh")
				resp, err := client.Do(req)
				if err != nil {
					continue
				}
				var r struct {
					Status string `json:"status"`
				}
				_ = json.NewDecoder(resp.Body).Decode(&r)
				resp.Body.Close()
				answers.Add(1)
				if r.Status != "INSUFFICIENT_BALANCE" {
					without.Add(1)
				}
			}
		})
	}
	var werr error
	for i := 1; i <= o.rewrites; i++ {
		f, err := os.OpenFile(file, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			werr = err
			break
		}
		text := hostileRule(i)
		_, _ = f.WriteString(text[:len(text)/2])
		time.Sleep(5 * time.Millisecond)
		_, _ = f.WriteString(text[len(text)/2:])
		f.Close()
		if i%5 == 0 {
			time.Sleep(2200 * time.Millisecond)
			entries, err := journalSince(base, first)
			if err == nil && len(entries) > 0 {
				first = entries[0].ID
				mu.Lock()
				for _, e := range entries {
					if e.Rule != "" {
						revs[e.Rule] = true
					}
				}
				mu.Unlock()
			}
		} else {
			time.Sleep(100 * time.Millisecond)
		}
	}
	close(quit)
	wg.Wait()
	res.answers, res.without, res.revisions = int(answers.Load()), int(without.Load()), len(revs)
	return res, werr
}

// soakHostile drives all load kinds for o.soak beside o.stalled stalled
// bodies, sampling the mock's RSS every second.
func soakHostile(mock *server, kinds []loadkinds.Kind, target stalledReq, o hostileOptions) (result, []float64) {
	stop, _ := holdStalled(target, o.stalled)
	defer stop()
	var r result
	samples := sampleRSS(mock, time.Second, func() { r = drive(mock.base, kinds, o.clients, o.soak) })
	return r, samples
}
