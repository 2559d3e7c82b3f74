package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mockekyc/mockekyc/internal/admin"
	"github.com/mockekyc/mockekyc/internal/workspace"
)

func TestWorkspaceFlags(t *testing.T) {
	var out bytes.Buffer
	for _, c := range []struct {
		env  map[string]string
		args []string
		want []string
	}{
		{env: map[string]string{"MOCKEKYC_MAX_WORKSPACES": "many"}, want: []string{"MOCKEKYC_MAX_WORKSPACES", `"many"`}},
		{env: map[string]string{"MOCKEKYC_WORKSPACE_IDLE": "soon"}, want: []string{"MOCKEKYC_WORKSPACE_IDLE", `"soon"`}},
		{args: []string{"-max-workspaces", "0"}, want: []string{"-max-workspaces", "0"}},
		{args: []string{"-workspace-idle", "10ms"}, want: []string{"-workspace-idle", "10ms"}},
	} {
		env := func(k string) string { return c.env[k] }
		err := run(context.Background(), c.args, env, &out, &out)
		if err == nil {
			t.Errorf("env %v args %v accepted", c.env, c.args)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("env %v args %v: error %q lacks %q", c.env, c.args, err, w)
			}
		}
	}
	f, err := parseServe([]string{"-max-workspaces", "7"}, func(k string) string {
		return map[string]string{"MOCKEKYC_WORKSPACE_IDLE": "90s"}[k]
	}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if o, err := f.workspaces.options(); err != nil || o.Max != 7 || o.IdleTimeout != 90*time.Second {
		t.Errorf("options %+v %v", o, err)
	}
	f, _ = parseServe(nil, noEnv, &out)
	if o, _ := f.workspaces.options(); o.Max != workspace.DefaultMax || o.IdleTimeout != workspace.DefaultIdleTimeout {
		t.Errorf("defaults %+v", o)
	}
}

func TestMaxRuntimeCredentialsFlag(t *testing.T) {
	var out bytes.Buffer
	for _, c := range []struct {
		env  map[string]string
		args []string
		want []string
	}{
		{env: map[string]string{"MOCKEKYC_MAX_RUNTIME_CREDENTIALS": "lots"}, want: []string{"MOCKEKYC_MAX_RUNTIME_CREDENTIALS", `"lots"`}},
		{args: []string{"-max-runtime-credentials", "0"}, want: []string{"-max-runtime-credentials must be 1 to 100000", "0"}},
		{args: []string{"-max-runtime-credentials", "100001"}, want: []string{"-max-runtime-credentials", "100001"}},
	} {
		env := func(k string) string { return c.env[k] }
		err := run(context.Background(), c.args, env, &out, &out)
		if err == nil {
			t.Errorf("env %v args %v accepted", c.env, c.args)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("env %v args %v: error %q lacks %q", c.env, c.args, err, w)
			}
		}
	}
	f, err := parseServe(nil, func(k string) string { return map[string]string{"MOCKEKYC_MAX_RUNTIME_CREDENTIALS": "5"}[k] }, &out)
	if err != nil {
		t.Fatal(err)
	}
	if l, err := f.admin.limits(); err != nil || l.RuntimeCredentials != 5 {
		t.Errorf("limits %+v %v", l, err)
	}
	f, _ = parseServe([]string{"-max-runtime-credentials", "9"}, noEnv, &out)
	if l, _ := f.admin.limits(); l.RuntimeCredentials != 9 {
		t.Errorf("from the flag: %+v", l)
	}
	f, _ = parseServe(nil, noEnv, &out)
	if l, _ := f.admin.limits(); l.RuntimeCredentials != admin.DefaultLimits().RuntimeCredentials {
		t.Errorf("default: %+v", l)
	}
}
