// Package build makes the compiled forms of the specs that specs embeds:
// each document as kin-openapi loads it, and each operation's request side.
// go generate ./specs runs it (internal/compile); TestCompiledSpecs holds
// the embedded files to it.
package build

import "github.com/getkin/kin-openapi/openapi3"

// Compile is a spec's YAML as kin-openapi loads it, written back in
// kin-openapi's JSON form: what compiled/<vendor>.json holds. go generate
// writes the files with it and TestCompiledSpecs holds them to it.
func Compile(yaml []byte) ([]byte, error) {
	doc, err := openapi3.NewLoader().LoadFromData(yaml)
	if err != nil {
		return nil, err
	}
	return doc.MarshalJSON()
}
