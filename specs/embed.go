// Package specs embeds one OpenAPI 3 file per vendor. The server validates
// incoming requests against their request sides (compiled/requests, read
// by internal/reqspec), the test suite validates every response the
// emulators produce (internal/contract, kin-openapi), and /__admin/specs
// serves them.
package specs

import "embed"

//go:generate go run ./internal/compile

// FS holds <vendor>.yaml for each vendor, the specs as written, and
// compiled/<vendor>.json, each the same document in kin-openapi's JSON
// form (written by go generate), which loads in two thirds of the time.
//
// compiled/requests/<vendor>.json are the request sides of its operations
// in internal/reqspec's compact form (build.CompileRequests).
//
//go:embed *.yaml compiled/*.json compiled/requests
var FS embed.FS
