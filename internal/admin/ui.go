package admin

import (
	"embed"
	"io/fs"
	"mime"
	"net/http"
	"strings"

	"github.com/mockekyc/mockekyc/internal/scenario"
)

// UIPath is where the web UI is served: plain HTML, CSS and JavaScript
// embedded in the binary, reading the admin API like any other client.
const UIPath = "/__admin/ui/"

//go:embed ui
var uiFiles embed.FS

// isUIAsset: the UI's files carry no data (every view reads the admin API,
// which checks the token), so they are served without the admin token;
// the page asks for the token when the API answers 401.
func isUIAsset(path string) bool {
	return path == "/__admin/ui" || strings.HasPrefix(path, UIPath)
}

func uiHandler() http.Handler {
	sub, err := fs.Sub(uiFiles, "ui")
	if err != nil {
		panic(err) // the embedded tree is part of the binary
	}
	files := http.StripPrefix(UIPath, http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// Nothing is loaded from outside, and no other site may frame it.
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}

// isYAML: POST /__admin/scenarios takes a scenario file (the format of
// -scenarios files) when sent as YAML, one JSON rule otherwise.
func isYAML(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml":
		return true
	}
	return false
}

// addScenarioYAML adds every rule of a scenario file, all or none, with
// the messages `mockekyc validate` gives for the same file ("admin:LINE:
// reason").
func (a *api) addScenarioYAML(w http.ResponseWriter, data []byte) {
	rules, err := scenario.Parse("admin", data, a.Catalogue)
	if err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	if len(rules) == 0 {
		fail(w, http.StatusBadRequest, "admin: the file has no rule under scenarios:")
		return
	}
	added := make([]scenario.RuleStatus, 0, len(rules))
	for _, rule := range rules {
		st, err := a.Deps.Scenarios.Add(rule)
		if err != nil {
			for _, done := range added {
				a.Deps.Scenarios.Remove(done.ID)
			}
			fail(w, ruleStatus(err), "%s: %v", rule.Source, err)
			return
		}
		added = append(added, st)
	}
	write(w, http.StatusCreated, scenarioList{Count: len(added), Scenarios: added})
}
