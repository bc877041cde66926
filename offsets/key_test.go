package offsets

import (
	"errors"
	"strings"
	"testing"
)

func TestNewKey(t *testing.T) {
	tests := []struct {
		name       string
		server     string
		stream     string
		wantServer string
		wantErr    bool
	}{
		{name: "origin kept", server: "http://127.0.0.1:4437", stream: "/v1/stream/a", wantServer: "http://127.0.0.1:4437"},
		{name: "userinfo stripped", server: "http://user:secret@127.0.0.1:4437/", stream: "ses_1", wantServer: "http://127.0.0.1:4437"},
		{name: "path query fragment dropped", server: "https://Example.COM:8443/v1/stream?x=1#f", stream: "s", wantServer: "https://example.com:8443"},
		{name: "http default port dropped", server: "HTTP://example.com:80", stream: "s", wantServer: "http://example.com"},
		{name: "https default port dropped", server: "https://example.com:443", stream: "s", wantServer: "https://example.com"},
		{name: "ipv6 with port", server: "http://[::1]:4096", stream: "s", wantServer: "http://[::1]:4096"},
		{name: "ipv6 default port", server: "http://[::1]:80", stream: "s", wantServer: "http://[::1]"},
		{name: "host and port only", server: "127.0.0.1:4437", stream: "s", wantErr: true},
		{name: "relative", server: "/v1/stream", stream: "s", wantErr: true},
		{name: "empty server", server: "", stream: "s", wantErr: true},
		{name: "unparseable with password", server: "http://user:secret@host:port:bad", stream: "s", wantErr: true},
		{name: "empty stream", server: "http://h", stream: "", wantErr: true},
		{name: "stream not utf-8", server: "http://h", stream: "a\xffb", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := NewKey(tt.server, tt.stream)
			if tt.wantErr {
				if !errors.Is(err, ErrInvalidKey) {
					t.Fatalf("err = %v, want ErrInvalidKey", err)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Fatalf("error leaks the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if k.Server != tt.wantServer || k.Stream != tt.stream {
				t.Fatalf("key = %+v, want server %q stream %q", k, tt.wantServer, tt.stream)
			}
			again, err := NewKey(k.Server, k.Stream)
			if err != nil || again != k {
				t.Fatalf("normalising twice changed the key: %+v, %v", again, err)
			}
		})
	}
}

func TestFileBase(t *testing.T) {
	tests := []struct {
		name       string
		key        Key
		wantPrefix string
	}{
		{name: "durable stream (doc.go example)", key: Key{"http://127.0.0.1:4437", "/v1/stream/orders"}, wantPrefix: "127.0.0.1_4437_v1_stream_orders-172273d0968440c2"},
		{name: "opencode session", key: Key{"http://127.0.0.1:4096", "ses_abc123"}, wantPrefix: "127.0.0.1_4096_ses_abc123-"},
		{name: "ipv6", key: Key{"http://[::1]:4096", "s"}, wantPrefix: "1_4096_s-"},
		{name: "hostile stream", key: Key{"http://h", "../../etc/passwd"}, wantPrefix: "h_.._.._etc_passwd-"},
		{name: "unicode stream", key: Key{"http://h", "日本"}, wantPrefix: "h-"},
		{name: "long stream", key: Key{"http://h", "/" + strings.Repeat("x", 500)}, wantPrefix: "h_xxxx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := fileBase(tt.key)
			if !strings.HasPrefix(base, tt.wantPrefix) {
				t.Errorf("fileBase = %q, want prefix %q", base, tt.wantPrefix)
			}
			if len(base) > maxPrefix+17 {
				t.Errorf("fileBase has %d bytes, want at most %d", len(base), maxPrefix+17)
			}
			if strings.HasPrefix(base, ".") {
				t.Errorf("fileBase %q is a hidden file", base)
			}
			for _, c := range base {
				if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("._-", c)) {
					t.Fatalf("fileBase %q contains %q", base, c)
				}
			}
		})
	}
}

func TestFileBaseDistinct(t *testing.T) {
	// Pairs whose readable prefixes collide, or differ only in case.
	keys := []Key{
		{"http://h", "/a/b"},
		{"http://h", "/a_b"},
		{"http://h", "a b"},
		{"http://h", "/A/B"},
		{"https://h", "/a/b"},
		{"http://h:1", "/a/b"},
		{"http://h", "/" + strings.Repeat("x", 200) + "1"},
		{"http://h", "/" + strings.Repeat("x", 200) + "2"},
	}
	seen := map[string]Key{}
	for _, k := range keys {
		name := strings.ToLower(fileBase(k))
		if other, dup := seen[name]; dup {
			t.Fatalf("keys %+v and %+v share file %q", k, other, name)
		}
		seen[name] = k
	}
}
