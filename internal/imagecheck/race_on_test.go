//go:build race

package imagecheck

// raceEnabled lets slow tests shrink under the race detector, which makes
// the image encoders about ten times slower without finding anything more.
const raceEnabled = true
