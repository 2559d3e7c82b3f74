// Command onboarding is a small application of the kind mockekyc is made for:
// it onboards a customer by calling five eKYC vendors at their real https URLs
// with their real authentication. Nothing in it knows about the mock. In the
// compose project beside it, the vendor hostnames are network aliases of the
// mockekyc service and the only CA it trusts (SSL_CERT_FILE) is the mock's, so
// its calls reach the mock unchanged.
//
//	onboarding                 serve POST /onboard and GET /healthz on LISTEN_ADDR (:8000)
//	onboarding healthcheck     exit 0 when the server answers (the container health check)
//
// POST /onboard takes {"ktp_image": "<base64 JPEG/PNG of a KTP>", "phone": "8389…"}
// and answers with what each vendor said; see onboard.go.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	addr := envOr("LISTEN_ADDR", ":8000")
	if len(os.Args) > 1 && os.Args[1] == "healthcheck" {
		if err := healthcheck(addr); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := newApp(credentialsFromEnv(), &http.Client{Timeout: 30 * time.Second})
	srv := &http.Server{Addr: addr, Handler: app.routes(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	log.Printf("onboarding listening on %s", addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}

// healthcheck asks the running server for /healthz: the image has no curl.
func healthcheck(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get("http://127.0.0.1:" + port + "/healthz")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("unhealthy: %s", resp.Status)
	}
	return nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
