package app

import (
	"errors"
	"testing"
)

func TestResolveTarget(t *testing.T) {
	tests := []struct {
		name, target, server string
		kind, where          string
		usage                bool
	}{
		{"stream url", "http://h:1/v1/stream/x", "", targetStream, "http://h:1/v1/stream/x", false},
		{"https url keeps query", "https://h/s?token=a", "", targetStream, "https://h/s?token=a", false},
		{"bare name on root server", "orders", "http://h:4437", targetStream, "http://h:4437/v1/stream/orders", false},
		{"bare name on root server slash", "orders", "http://h:4437/", targetStream, "http://h:4437/v1/stream/orders", false},
		{"bare name under server path", "orders", "http://h/stream", targetStream, "http://h/stream/orders", false},
		{"nested name", "a/b", "http://h", targetStream, "http://h/v1/stream/a/b", false},
		{"session default server", "ses_abc", "", targetSession, "http://127.0.0.1:4096", false},
		{"session on server", "ses_abc", "http://h:9/", targetSession, "http://h:9", false},
		{"bare name without server", "orders", "", "", "", true},
		{"ftp url", "ftp://h/x", "", "", "", true},
		{"bad server", "orders", "h:4437", "", "", true},
		{"empty", "", "http://h", "", "", true},
		{"query in name", "a?b", "http://h", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, where, err := resolveTarget(tt.target, tt.server)
			var ue UsageError
			if tt.usage {
				if !errors.As(err, &ue) {
					t.Fatalf("err = %v, want a usage error", err)
				}
				return
			}
			if err != nil || kind != tt.kind || where != tt.where {
				t.Fatalf("= %q %q %v, want %q %q", kind, where, err, tt.kind, tt.where)
			}
		})
	}
}

// TestServerURLCredentials: user and password in --server's URL become
// OpenCode's basic auth and leave the URL; a password given otherwise wins.
func TestServerURLCredentials(t *testing.T) {
	c := &Config{Server: "http://alice:s3cret@127.0.0.1:4096/", Username: "opencode"}
	server, err := c.openCodeServer()
	if err != nil {
		t.Fatal(err)
	}
	if server != "http://127.0.0.1:4096" || c.Username != "alice" || c.Password != "s3cret" {
		t.Fatalf("server %q user %q password %q", server, c.Username, c.Password)
	}
	if got := c.sessionHeader().Get("Authorization"); got != basicAuth("alice", "s3cret") {
		t.Errorf("Authorization %q", got)
	}
	c = &Config{Server: "http://alice:s3cret@127.0.0.1:4096", Username: "opencode", Password: "given"}
	if _, err := c.openCodeServer(); err != nil || c.Password != "given" || c.Username != "opencode" {
		t.Errorf("a given password lost to the URL's: user %q password %q err %v", c.Username, c.Password, err)
	}
}
