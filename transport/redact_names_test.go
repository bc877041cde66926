package transport

import (
	"net/url"
	"strings"
	"testing"
)

func TestRedactURLNames(t *testing.T) {
	secret := []string{
		"token", "key", "secret", "password", "passwd", "pw", "pwd", "pass", "auth", "sig", "signature",
		"code", "jwt", "bearer", "sid", "session_id", "sessionid", "SessionId", "access_token",
		"refresh_token", "id_token", "api_key", "apikey", "API-KEY", "client_secret", "credential",
		"credentials", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Security-Token", "x-goog-signature",
		"auth_code", "otp", "hmac",
	}
	for _, name := range secret {
		raw := "https://h/s?offset=12&" + url.QueryEscape(name) + "=hunter2"
		got := RedactURL(raw)
		if strings.Contains(got, "hunter2") || !strings.Contains(got, "offset=12") {
			t.Errorf("RedactURL(%q) = %q, want the %s value hidden and offset kept", raw, got, name)
		}
	}
	for _, name := range []string{"offset", "live", "cursor", "directory", "limit", "inside", "encode", "decode"} {
		raw := "https://h/s?" + name + "=plain"
		if got := RedactURL(raw); got != raw {
			t.Errorf("RedactURL(%q) = %q, want it unchanged", raw, got)
		}
	}
}

func TestRedactURLValues(t *testing.T) {
	jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
	hide := []string{
		jwt,
		"ghp_R4nd0mT0kenV4lu3Xy7Zq9Lm2Np8Ks", // long, mixed case and digits
		"AKIAIOSFODNN7EXAMPLEwJalrXUtnFEMI1K7MDENG",
	}
	for _, v := range hide {
		raw := "https://h/s?x=" + url.QueryEscape(v)
		if got := RedactURL(raw); strings.Contains(got, v) || !strings.Contains(got, "x=REDACTED") {
			t.Errorf("RedactURL(%q) = %q, want the value hidden", raw, got)
		}
	}
	keep := []string{
		"0000000000000000_0000000000000013", // a stream offset
		"-1", "now", "ses_20e402ce6001", "/home/user/project",
		"short1A",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaA1", // long but not random
	}
	for _, v := range keep {
		raw := "https://h/s?offset=" + url.QueryEscape(v)
		if got := RedactURL(raw); got != raw {
			t.Errorf("RedactURL(%q) = %q, want it unchanged", raw, got)
		}
	}
}

func TestRedactUnparsableURL(t *testing.T) {
	raw := "http://alice:hunter2@h:1/s\x7f?code=tok3n&offset=1"
	got := RedactURL(raw)
	for _, s := range []string{"alice", "hunter2", "tok3n"} {
		if strings.Contains(got, s) {
			t.Errorf("RedactURL(%q) = %q, shows %q", raw, got, s)
		}
	}
	if !strings.Contains(got, "h:1/s") {
		t.Errorf("RedactURL(%q) = %q, want the host and path kept", raw, got)
	}
}
