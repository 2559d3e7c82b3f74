package main

import (
	"context"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate/izidata"
)

// izidataCmd sends one request signed exactly as an iziData SDK signs it,
// so users can try the signed API without writing a client:
//
//	mockekyc izidata /v1/id_ocr/general img=@ktp.jpg
func izidataCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("izidata", flag.ContinueOnError)
	fs.SetOutput(stderr)
	base := fs.String("url", envOr(getenv, "MOCKEKYC_IZIDATA_URL", "http://localhost:8080/izidata"), "iziData base URL (the mock's /izidata prefix, or https://api.izidata.co.id)")
	ak := fs.String("ak", envOr(getenv, "IZIDATA_AK", "YOUR_ACCESS_KEY"), "access key (IZIDATA_AK)")
	sk := fs.String("sk", envOr(getenv, "IZIDATA_SK", "YOUR_SECRET_KEY"), "secret key (IZIDATA_SK)")
	family := fs.String("family", "go", "how to sign: go (Go/Java SDKs), python (Python/PHP SDKs) or python-host (upstream Python, signs Host)")
	verbose := fs.Bool("v", false, "print the request headers too")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: mockekyc izidata [flags] PATH [field=value | field=@file ...]\n\n"+
			"Sends a signed POST, as the iziData SDKs do; field=@file sends the file base64-encoded.\n\n"+
			"examples:\n  mockekyc izidata /v1/id_ocr/general img=@ktp.jpg\n  mockekyc izidata /v1/phone number=83899575175 country=ID\n  mockekyc izidata -family python /v1/idinquiries id=3171024302821001\n\nflags:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() < 1 {
		fs.Usage()
		return usageError{"izidata needs a PATH, e.g. /v1/phone"}
	}
	fam, ok := map[string]izidata.Family{"go": izidata.FamilyGoJava, "python": izidata.FamilyPythonPHP, "python-host": izidata.FamilyPythonHost}[*family]
	if !ok {
		return usageError{fmt.Sprintf("-family must be go, python or python-host, got %q", *family)}
	}
	form := url.Values{}
	for _, kv := range fs.Args()[1:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return usageError{fmt.Sprintf("want field=value or field=@file, got %q", kv)}
		}
		if strings.HasPrefix(v, "@") {
			b, err := os.ReadFile(v[1:])
			if err != nil {
				return err
			}
			v = base64.StdEncoding.EncodeToString(b)
		}
		form.Set(k, v)
	}
	body := []byte(form.Encode())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(*base, "/")+fs.Arg(0), nil)
	if err != nil {
		return err
	}
	if err := izidata.Sign(req, body, *ak, *sk, time.Now(), fam); err != nil {
		return err
	}
	if *verbose {
		for k, v := range req.Header {
			fmt.Fprintf(stderr, "> %s: %s\n", k, strings.Join(v, ", "))
		}
	}
	resp, err := (&http.Client{Timeout: 60 * time.Second}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if *verbose {
		fmt.Fprintf(stderr, "< %s\n", resp.Status)
	}
	if _, err := io.Copy(stdout, resp.Body); err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("HTTP %s", resp.Status)
	}
	return nil
}
