package main

import (
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/mockekyc/mockekyc/internal/workspace"
)

// workspaceFlags bound the workspaces parallel suites make
// (POST /__admin/workspaces).
type workspaceFlags struct {
	max  int
	idle time.Duration
}

func (w *workspaceFlags) register(fs *flag.FlagSet, getenv func(string) string) error {
	max, idle := workspace.DefaultMax, workspace.DefaultIdleTimeout
	if v := getenv("MOCKEKYC_MAX_WORKSPACES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return usageError{fmt.Sprintf("MOCKEKYC_MAX_WORKSPACES must be an integer, got %q", v)}
		}
		max = n
	}
	if v := getenv("MOCKEKYC_WORKSPACE_IDLE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return usageError{fmt.Sprintf("MOCKEKYC_WORKSPACE_IDLE must be a duration such as 30m, got %q", v)}
		}
		idle = d
	}
	fs.IntVar(&w.max, "max-workspaces", max, "how many workspaces may exist at once (MOCKEKYC_MAX_WORKSPACES)")
	fs.DurationVar(&w.idle, "workspace-idle", idle, "a workspace unused this long is removed (MOCKEKYC_WORKSPACE_IDLE)")
	return nil
}

// options checks the flags' values.
func (w *workspaceFlags) options() (workspace.Options, error) {
	if w.max < 1 || w.max > 10000 {
		return workspace.Options{}, usageError{fmt.Sprintf("-max-workspaces must be 1 to 10000, got %d", w.max)}
	}
	if w.idle < time.Second {
		return workspace.Options{}, usageError{fmt.Sprintf("-workspace-idle must be at least 1s, got %s", w.idle)}
	}
	return workspace.Options{Max: w.max, IdleTimeout: w.idle}, nil
}
