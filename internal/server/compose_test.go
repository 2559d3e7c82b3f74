package server

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/mockekyc/mockekyc/internal/config"
)

// composeFiles are the compose files that put the mock on a network under
// the vendors' own hostnames.
var composeFiles = []string{
	"docker-compose.yml",
	"examples/compose/docker-compose.yml",
}

// TestComposeAliases keeps the compose files' network aliases equal to the
// hostnames the mock routes: a vendor host added to a Vendor's Hosts and
// forgotten in a compose file would leave the applications of that compose
// project calling the real vendor (or nothing). Docker is not needed: the
// files are read as YAML.
func TestComposeAliases(t *testing.T) {
	vendors, err := buildVendors(config.Default())
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, v := range vendors {
		want = append(want, v.Hosts()...)
	}
	slices.Sort(want)
	for _, file := range composeFiles {
		t.Run(file, func(t *testing.T) {
			got, err := composeAliases(filepath.Join("..", "..", file), "mockekyc")
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s: the mockekyc service's aliases are\n  %v\nwant the hostnames the mock routes\n  %v", file, got, want)
			}
		})
	}
}

// composeAliases returns the network aliases of one service over all of its
// networks.
func composeAliases(file, service string) ([]string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Services map[string]struct {
			Networks map[string]struct {
				Aliases []string `yaml:"aliases"`
			} `yaml:"networks"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	var out []string
	for _, n := range doc.Services[service].Networks {
		out = append(out, n.Aliases...)
	}
	return out, nil
}
