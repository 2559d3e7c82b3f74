// Package scenarios embeds the scenario files shipped with mockekyc. They are
// active in every server (lowest precedence: a -scenarios DIR file or an
// admin rule wins) and they are the examples users copy.
package scenarios

import "embed"

// FS holds the shipped *.yaml files.
//
//go:embed *.yaml
var FS embed.FS
