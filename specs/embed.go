// Package specs embeds one OpenAPI 3 file per vendor. The server validates
// incoming requests against them, the test suite validates every response
// the emulators produce, and /__admin/specs serves them.
package specs

import "embed"

// FS holds <vendor>.yaml for each vendor.
//
//go:embed *.yaml
var FS embed.FS
