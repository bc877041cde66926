package ocpeer

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Provider and model configured in every project, and sent with prompts.
const (
	ProviderID = "mock"
	ModelID    = mockModelID
)

// projectConfig is the opencode.json of a test project: one custom
// OpenAI-compatible provider pointing at the mock, used as default model
// (the same file the fixtures were captured with, apart from the port).
func projectConfig(baseURL string) ([]byte, error) {
	cfg := map[string]any{
		"$schema": "https://opencode.ai/config.json",
		"provider": map[string]any{
			ProviderID: map[string]any{
				"npm":     "@ai-sdk/openai-compatible",
				"name":    "Mock",
				"options": map[string]any{"baseURL": baseURL, "apiKey": "x"},
				"models":  map[string]any{ModelID: map[string]any{"name": "Mock Model"}},
			},
		},
		"model": ProviderID + "/" + ModelID,
	}
	return json.MarshalIndent(cfg, "", "  ")
}

// makeProject creates dir as a git repository with one commit. OpenCode
// derives the project ID from the root commit, so every project gets a
// distinct one (otherwise two directories would share a project).
func makeProject(dir string, index int, config []byte, env []string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := map[string][]byte{
		"opencode.json": config,
		"README.md":     []byte("ocpeer test project " + strconv.Itoa(index) + "\n"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	ident := []string{"-c", "user.name=ocpeer", "-c", "user.email=ocpeer@example.invalid", "-c", "commit.gpgsign=false"}
	steps := [][]string{
		{"-c", "init.defaultBranch=main", "init", "-q"},
		{"add", "-A"},
		append(ident, "commit", "-q", "-m", fmt.Sprintf("init project %d", index)),
	}
	for _, args := range steps {
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git %s in %s: %w\n%s", strings.Join(args, " "), dir, err, out)
		}
	}
	return nil
}

// isolatedEnv is the environment of OpenCode (and of the git setup): the
// caller's PATH and friends, but a private HOME and XDG dirs, no inherited
// OpenCode/proxy/npm/git settings, and every outbound request sent to the
// blackhole so all traffic stays on loopback.
func isolatedEnv(home, hole string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !inheritedVar(kv) {
			env = append(env, kv)
		}
	}
	return append(env,
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"),
		"XDG_STATE_HOME="+filepath.Join(home, ".local", "state"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"GIT_CONFIG_NOSYSTEM=1",
		"HTTP_PROXY="+hole, "HTTPS_PROXY="+hole, "http_proxy="+hole, "https_proxy="+hole,
		"NO_PROXY=127.0.0.1,localhost,::1", "no_proxy=127.0.0.1,localhost,::1",
		// OpenCode npm-installs @opencode-ai/plugin into its config dir at
		// start-up; a dead registry makes it skip that (the provider SDK is
		// bundled in the binary, so nothing else needs installing).
		"npm_config_registry="+hole+"/",
		"OPENCODE_DISABLE_MODELS_FETCH=1",
		"OPENCODE_DISABLE_AUTOUPDATE=1",
		"OPENCODE_DISABLE_LSP_DOWNLOAD=1",
		"OPENCODE_DISABLE_SHARE=1",
	)
}

func inheritedVar(kv string) bool {
	name, _, _ := strings.Cut(kv, "=")
	upper := strings.ToUpper(name)
	switch upper {
	case "HOME", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY":
		return true
	}
	for _, prefix := range []string{"XDG_", "OPENCODE_", "NPM_CONFIG_", "GIT_"} {
		if strings.HasPrefix(upper, prefix) {
			return true
		}
	}
	return false
}
