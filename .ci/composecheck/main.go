// Command composecheck loads compose files as Docker Compose v2 does (with
// compose-go, the library v2 is built on: the Compose Specification's schema,
// interpolation, profiles), for machines that have only docker-compose v1.
// .ci/docker-test runs it when `docker compose` is missing.
//
//	go run . FILE...
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	failed := false
	for _, f := range os.Args[1:] {
		if err := check(f); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", f, err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func check(file string) error {
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	opts, err := cli.NewProjectOptions([]string{abs}, cli.WithOsEnv, cli.WithName("composecheck"), cli.WithProfiles([]string{"*"}))
	if err != nil {
		return err
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		return err
	}
	var names []string
	for name := range p.Services {
		names = append(names, name)
	}
	sort.Strings(names)
	fmt.Printf("%s: loads as Compose v2 does; services %v\n", file, names)
	return nil
}
