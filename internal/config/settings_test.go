package config

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

type inner struct {
	Level int      `yaml:"level"`
	Tags  []string `yaml:"tags"`
}

type shared struct {
	Region string `yaml:"region"`
}

// upper decodes itself, so the known-key check must leave it alone.
type upper string

func (u *upper) UnmarshalYAML(n *yaml.Node) error {
	*u = upper(strings.ToUpper(fmt.Sprint(len(n.Content), n.Value)))
	return nil
}

type testSettings struct {
	shared `yaml:",inline"`
	Mode   string           `yaml:"mode"`
	Delay  time.Duration    `yaml:"delay"`
	Inner  inner            `yaml:"inner"`
	List   []inner          `yaml:"list"`
	ByName map[string]inner `yaml:"by_name"`
	Ptr    *inner           `yaml:"ptr"`
	Free   map[string]any   `yaml:"free"`
	Raw    yaml.Node        `yaml:"raw"`
	Custom upper            `yaml:"custom"`
	Skip   string           `yaml:"-"`
	NoTag  int
}

type withInlineMap struct {
	Known int            `yaml:"known"`
	Rest  map[string]int `yaml:",inline"`
}

// settingsNode parses body as the settings of izidata, starting on line 4.
func settingsNode(t *testing.T, body string) (*Config, yaml.Node) {
	t.Helper()
	c, err := Parse("c.yaml", []byte("vendors:\n  izidata:\n    settings:\n"+body))
	if err != nil {
		t.Fatal(err)
	}
	return c, c.Vendors[IziData].Settings
}

func TestDecodeSettings(t *testing.T) {
	_, node := settingsNode(t, `      region: jkt
      mode: fast
      delay: 250ms
      inner: {level: 2, tags: [a, b]}
      list:
        - {level: 3}
      by_name: {x: {level: 4}}
      ptr: {level: 5}
      free: {anything: [1, 2], goes: {here: true}}
      raw: {also: anything}
      custom: {whatever: 1}
      notag: 7
`)
	var s testSettings
	if err := DecodeSettings(node, &s); err != nil {
		t.Fatal(err)
	}
	if s.Region != "jkt" || s.Mode != "fast" || s.Delay != 250*time.Millisecond || s.Inner.Level != 2 ||
		!reflect.DeepEqual(s.Inner.Tags, []string{"a", "b"}) || len(s.List) != 1 || s.List[0].Level != 3 ||
		s.ByName["x"].Level != 4 || s.Ptr == nil || s.Ptr.Level != 5 || len(s.Free) != 2 ||
		s.Raw.Kind != yaml.MappingNode || s.Custom != "2" || s.NoTag != 7 {
		t.Errorf("decoded %+v", s)
	}
}

func TestDecodeSettingsErrors(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []string // one per error, in order
	}{
		{"unknown top key", "      mode: a\n      speed: 3\n",
			[]string{`line 5: unknown setting "speed" (known: by_name, custom, delay, free, inner, list, mode, notag, ptr, raw, region)`}},
		{"skipped field is unknown", "      skip: x\n", []string{`line 4: unknown setting "skip"`}},
		{"nested", "      inner:\n        level: 1\n        lvl: 2\n", []string{`line 6: unknown setting "lvl" (known: level, tags)`}},
		{"in list", "      list:\n        - {level: 1}\n        - {levle: 1}\n", []string{`line 6: unknown setting "levle"`}},
		{"in map value", "      by_name:\n        a: {nope: 1}\n", []string{`line 5: unknown setting "nope"`}},
		{"behind pointer", "      ptr: {nope: 1}\n", []string{`line 4: unknown setting "nope"`}},
		{"through merge", "      inner: &i {level: 1}\n      ptr:\n        <<: *i\n        bad: 1\n", []string{`line 7: unknown setting "bad"`}},
		{"merged mapping", "      inner: &i {level: 1, x: 2}\n      ptr: {<<: *i}\n", []string{`line 4: unknown setting "x"`}}, // once, though checked twice
		{"type error", "      inner:\n        level: high\n", []string{"line 5: cannot unmarshal !!str `high` into int"}},
		{"type and key errors sorted", "      zzz: 1\n      mode: [a]\n", []string{`line 4: unknown setting "zzz"`, "line 5: cannot unmarshal !!seq into string"}},
		{"duplicate key", "      mode: a\n      mode: b\n", []string{`line 5: mapping key "mode" already defined at line 4`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, node := settingsNode(t, tc.body)
			err := DecodeSettings(node, &testSettings{})
			if err == nil {
				t.Fatal("no error")
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tc.want) {
				t.Fatalf("errors:\n%v\nwant %d", err, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(lines[i], w) {
					t.Errorf("error %d = %q, want prefix %q", i, lines[i], w)
				}
			}
		})
	}
}

func TestDecodeSettingsInlineMap(t *testing.T) {
	_, node := settingsNode(t, "      known: 1\n      other: 2\n")
	var s withInlineMap
	if err := DecodeSettings(node, &s); err != nil || s.Known != 1 || s.Rest["other"] != 2 {
		t.Errorf("%+v, %v", s, err)
	}
}

func TestDecodeSettingsNothing(t *testing.T) {
	c, empty := settingsNode(t, "      ~\n")
	s := testSettings{Mode: "default"}
	null := yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: 4}
	for _, n := range []yaml.Node{{}, null, empty} {
		if err := DecodeSettings(n, &s); err != nil || s.Mode != "default" {
			t.Errorf("node kind %d: %v, mode %q", n.Kind, err, s.Mode)
		}
	}
	if err := c.DecodeSettings(Advance, &s); err != nil || s.Mode != "default" {
		t.Errorf("absent vendor: %v, mode %q", err, s.Mode)
	}
}

func TestConfigDecodeSettings(t *testing.T) {
	c, node := settingsNode(t, "      mode: a\n      nope: 1\n")
	err := c.DecodeSettings(IziData, &testSettings{})
	if err == nil || !strings.HasPrefix(err.Error(), `c.yaml:5: unknown setting "nope"`) {
		t.Errorf("error %v", err)
	}
	if err := DecodeSettings(node, testSettings{}); err == nil || !strings.Contains(err.Error(), "non-nil pointer") {
		t.Errorf("non-pointer: %v", err)
	}
}
