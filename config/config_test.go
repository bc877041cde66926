package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseSettingsAndServers(t *testing.T) {
	const doc = `# defaults
idle-timeout = "30s"
json = true
max-retries = 5
header = ["A: 1", "B: 2"]

[servers.work]
url = "https://oc.example.com:4096"
username = "me"
password-command = "pass show oc"

[servers."home.lan"]
url = "http://10.0.0.2:4096"
password-env = "HOME_PW"
`
	f, err := Parse("c.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []Setting{
		{Key: "idle-timeout", Values: []string{"30s"}, Line: 2},
		{Key: "json", Values: []string{"true"}, Line: 3},
		{Key: "max-retries", Values: []string{"5"}, Line: 4},
		{Key: "header", Values: []string{"A: 1", "B: 2"}, List: true, Line: 5},
	}
	if !reflect.DeepEqual(f.Settings, want) {
		t.Errorf("settings\n got %+v\nwant %+v", f.Settings, want)
	}
	wantServers := map[string]Server{
		"work":     {Name: "work", URL: "https://oc.example.com:4096", Username: "me", PasswordCommand: "pass show oc", Line: 7},
		"home.lan": {Name: "home.lan", URL: "http://10.0.0.2:4096", PasswordEnv: "HOME_PW", Line: 12},
	}
	if !reflect.DeepEqual(f.Servers, wantServers) {
		t.Errorf("servers\n got %+v\nwant %+v", f.Servers, wantServers)
	}
	if got := f.ServerNames(); !reflect.DeepEqual(got, []string{"home.lan", "work"}) {
		t.Errorf("ServerNames = %v", got)
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	tests := []struct {
		name, doc string
		line      int
		want      string
	}{
		{"syntax", "json = true\nidle-timeout = \"30s\n", 2, "malformed TOML"},
		{"duplicate key", "json = true\n\njson = false\n", 3, "malformed TOML"},
		{"table as flag", "json = true\n[plain]\nx = 1\n", 2, "a table is not a flag value"},
		{"date", "\nfrom = 2026-01-02\n", 2, "not a flag value"},
		{"unknown server key", "[servers.w]\nurl = \"http://h\"\n\nuser = \"x\"\n", 4, `unknown key "user"`},
		{"password in file", "[servers.w]\nurl = \"http://h\"\npassword = \"hunter2\"\n", 3, "password-env"},
		{"missing url", "json = true\n[servers.w]\nusername = \"x\"\n", 2, "url is missing"},
		{"url with credentials", "[servers.w]\nurl = \"http://u:hunter2@h\"\n", 1, "must not hold credentials"},
		{"both passwords", "[servers.w]\nurl = \"http://h\"\npassword-env = \"A\"\npassword-command = \"b\"\n", 1, "not both"},
		{"non-string server value", "[servers.w]\nurl = \"http://h\"\nusername = 3\n", 3, "username must be a string"},
		{"servers not a table", "servers = 1\n", 1, "servers must be tables"},
		{"inline server table", "servers = { w = { url = \"http://h\", nope = 1 } }\n", 1, `unknown key "nope"`},
		{"first problem wins", "a = {x = 1}\n[servers.w]\nnope = 1\n", 1, "a: a table"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.toml", []byte(tt.doc))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if ce.Line != tt.line || ce.Path != "c.toml" || !strings.Contains(ce.Msg, tt.want) {
				t.Fatalf("err = %q (line %d), want line %d containing %q", err, ce.Line, tt.line, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "c.toml:") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("err %q is not one line starting with the path", err)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("err %q shows the password", err)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	_, err := Load(filepath.Join(dir, "missing.toml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v, want fs.ErrNotExist", err)
	}
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte("quiet = true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Load(path)
	if err != nil || f.Path != path || len(f.Settings) != 1 || f.Settings[0].Key != "quiet" {
		t.Fatalf("Load = %+v, %v", f, err)
	}
	if err := os.WriteFile(path, []byte(strings.Repeat("#", maxSize+1)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("huge file: %v", err)
	}
}
