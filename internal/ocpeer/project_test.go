package ocpeer

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestInheritedVarsAreDropped(t *testing.T) {
	tests := map[string]bool{
		"HOME=/root":                    true,
		"XDG_CONFIG_HOME=/x":            true,
		"OPENCODE_SERVER_PASSWORD=pw":   true,
		"https_proxy=http://proxy:3128": true,
		"No_Proxy=example.com":          true,
		"npm_config_registry=http://r/": true,
		"GIT_DIR=/repo/.git":            true,
		"PATH=/usr/bin":                 false,
		"LANG=C.UTF-8":                  false,
		"HOMEBREW_PREFIX=/opt/brew":     false,
	}
	for kv, want := range tests {
		if got := inheritedVar(kv); got != want {
			t.Errorf("inheritedVar(%q) = %v, want %v", kv, got, want)
		}
	}
}

func TestIsolatedEnvPointsEverythingAtTheSandbox(t *testing.T) {
	t.Setenv("OPENCODE_SERVER_PASSWORD", "leaked")
	t.Setenv("HTTPS_PROXY", "http://corporate:3128")
	env := isolatedEnv("/sandbox/home", "http://127.0.0.1:9")
	got := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if _, dup := got[k]; dup {
			t.Errorf("%s set twice", k)
		}
		got[k] = v
	}
	want := map[string]string{
		"HOME":                "/sandbox/home",
		"XDG_DATA_HOME":       "/sandbox/home/.local/share",
		"HTTPS_PROXY":         "http://127.0.0.1:9",
		"npm_config_registry": "http://127.0.0.1:9/",
		"NO_PROXY":            "127.0.0.1,localhost,::1",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if _, ok := got["OPENCODE_SERVER_PASSWORD"]; ok {
		t.Error("the caller's OPENCODE_SERVER_PASSWORD leaked into the server")
	}
}

func TestProjectsAreDistinctGitRepos(t *testing.T) {
	root := t.TempDir()
	cfg, err := projectConfig("http://127.0.0.1:1/v1")
	if err != nil {
		t.Fatal(err)
	}
	env := isolatedEnv(filepath.Join(root, "home"), "http://127.0.0.1:9")
	roots := map[string]bool{}
	for i := 1; i <= 2; i++ {
		dir := filepath.Join(root, "p", string(rune('0'+i)))
		if err := makeProject(dir, i, cfg, env); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("git", "rev-list", "--max-parents=0", "HEAD")
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("root commit of %s: %v", dir, err)
		}
		roots[strings.TrimSpace(string(out))] = true
	}
	if len(roots) != 2 {
		t.Errorf("root commits %v, want two different ones (OpenCode keys projects by them)", roots)
	}
	var parsed struct {
		Model    string `json:"model"`
		Provider map[string]struct {
			NPM     string            `json:"npm"`
			Options map[string]string `json:"options"`
		} `json:"provider"`
	}
	if err := json.Unmarshal(cfg, &parsed); err != nil {
		t.Fatal(err)
	}
	p := parsed.Provider[ProviderID]
	if parsed.Model != "mock/mock-model" || p.NPM != "@ai-sdk/openai-compatible" || p.Options["baseURL"] != "http://127.0.0.1:1/v1" {
		t.Errorf("opencode.json = %s", cfg)
	}
}
