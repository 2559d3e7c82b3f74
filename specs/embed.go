// Package specs embeds one OpenAPI 3 file per vendor. The server validates
// incoming requests against them, the test suite validates every response
// the emulators produce, and /__admin/specs serves them.
package specs

import "embed"

//go:generate go run ./internal/compile

// FS holds <vendor>.yaml for each vendor, the specs as written, and
// compiled/<vendor>.json, each the same document in kin-openapi's JSON
// form (written by go generate), which loads in two thirds of the time.
//
// compiled/ops/<vendor>/<operationId>.json are the request sides of the
// operations, one small document each (CompileOps).
//
//go:embed *.yaml compiled/*.json compiled/ops
var FS embed.FS
