package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/mockekyc/mockekyc/internal/config"
	"github.com/mockekyc/mockekyc/internal/scenario"
	"github.com/mockekyc/mockekyc/internal/server"
)

// validate checks config and scenario files: a file with a top-level
// `scenarios:` key is a scenario file, anything else a config file. Every
// problem is printed as file:line: reason.
func validate(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fmt.Fprintln(stderr, "usage: mockekyc validate FILE...   (config or scenario YAML files)")
		return usageError{}
	}
	cat, err := server.NewCatalogue(nil)
	if err != nil {
		return err
	}
	bad := 0
	for _, name := range args {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			bad++
			continue
		}
		if isScenarioFile(data) {
			rules, err := scenario.Parse(name, data, cat)
			if err != nil {
				printErrors(stderr, err)
				bad++
				continue
			}
			fmt.Fprintf(stdout, "%s: ok (%d scenario rules)\n", name, len(rules))
			continue
		}
		cfg, err := config.Parse(name, data)
		if err == nil {
			// Vendor settings are decoded by each vendor; the errors
			// name the file.
			_, err = server.NewCatalogue(cfg)
		}
		if err != nil {
			printErrors(stderr, err)
			bad++
			continue
		}
		fmt.Fprintf(stdout, "%s: ok (config)\n", name)
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d files invalid", bad, len(args))
	}
	return nil
}

// isScenarioFile tells a scenario file by its top-level key.
func isScenarioFile(data []byte) bool {
	var top map[string]yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&top); err != nil {
		return false
	}
	_, ok := top["scenarios"]
	return ok
}

// printErrors prints joined errors one a line, each with the text that
// wraps the join ("file: ekycpro settings: " before "line 6: …").
func printErrors(w io.Writer, err error) {
	printPrefixed(w, "", err)
}

func printPrefixed(w io.Writer, prefix string, err error) {
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		inner := joined.(error).Error()
		prefix += strings.TrimSuffix(err.Error(), inner)
		for _, e := range joined.Unwrap() {
			printPrefixed(w, prefix, e)
		}
		return
	}
	fmt.Fprintln(w, prefix+err.Error())
}
