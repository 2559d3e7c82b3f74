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

// validate checks config and scenario files: a file whose top-level keys
// are a scenario file's (isScenarioFile, which needs no valid YAML) is read
// as the server's reload reads it, anything else as a config file. Every
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

// isScenarioFile tells a scenario file from a config file by its top-level
// keys, the way a reader of the file would: "scenarios" or an x-* key (the
// scenario files' place for shared anchors) make a scenario file; "seed",
// "journal" and "vendors" a config file. The file need not be valid YAML:
// a scenario file with a syntax error or a duplicate key is still checked
// as a scenario file, so its errors are the ones the server's reload of the
// scenario directory reports, at the same lines.
func isScenarioFile(data []byte) bool {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err == nil && len(doc.Content) == 1 {
		// A node tree, not a map: duplicate keys do not fail it.
		if top := doc.Content[0]; top.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(top.Content); i += 2 {
				if scenario, known := topKey(top.Content[i].Value); known {
					return scenario
				}
			}
		}
	}
	// Not readable as a mapping: go by the lines that start a top-level key
	// ("scenarios:", or `{"scenarios":` for JSON), the first one known.
	for line := range bytes.Lines(data) {
		text := string(line)
		key := strings.TrimLeft(text, "{ \t")
		if len(key) < len(text) && !strings.HasPrefix(text, "{") {
			continue // indented: not a top-level key
		}
		if name, _, ok := strings.Cut(key, ":"); ok {
			if scenario, known := topKey(strings.Trim(strings.TrimSpace(name), `"'`)); known {
				return scenario
			}
		}
	}
	// No known top-level key (a misspelt one, a missing colon): a rule's
	// own keys tell a scenario file; a config file has neither.
	for line := range bytes.Lines(data) {
		key := strings.TrimLeft(string(line), "{- \t")
		if strings.HasPrefix(key, "respond:") || strings.HasPrefix(key, "endpoint:") {
			return true
		}
	}
	return false
}

// topKey says whether a top-level key is a scenario file's or a config
// file's; known is false for neither.
func topKey(k string) (scenario, known bool) {
	switch {
	case k == "scenarios", strings.HasPrefix(k, "x-"):
		return true, true
	case k == "seed", k == "journal", k == "vendors":
		return false, true
	}
	return false, false
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
