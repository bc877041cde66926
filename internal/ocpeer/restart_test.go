package ocpeer

import (
	"net/http"
	"slices"
	"syscall"
	"testing"
	"time"
)

func TestRestartMidTurn(t *testing.T) {
	t.Parallel()
	s := Start(t, WithMockConfig(MockConfig{WordDelay: 10 * time.Millisecond}))
	url := s.URL()
	id := s.CreateSession(t, "")
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			tag := ScnSlow + "." + sig.String()
			s.Prompt(t, id, Tag(tag)+" long answer")
			waitForRequest(t, s.Mock, tag)
			s.Restart(t, sig)
			if s.URL() != url {
				t.Fatalf("URL changed across restart: %s -> %s", url, s.URL())
			}
			if st := s.Status(t, ""); len(st) != 0 {
				t.Errorf("status after restart = %v, want every session idle", st)
			}
			as := assistants(messages(t, s, id))
			if last := as[len(as)-1].Info; last.Time.Completed != 0 || last.Error != nil || last.Finish != "" {
				t.Errorf("interrupted message = %+v, want it left unfinished", last)
			}
			s.Prompt(t, id, Tag(ScnPlain)+" are you still there?")
			s.WaitIdle(t, id, turnTimeout)
			as = assistants(messages(t, s, id))
			if got := texts(as[len(as)-1].Parts); !slices.Contains(got, PlainText) {
				t.Errorf("follow-up answer parts = %q, want %q", got, PlainText)
			}
		})
	}
}

func TestBasicAuth(t *testing.T) {
	t.Parallel()
	s := Start(t, WithPassword("s3cret-pw"), WithUsername("alice"))
	tests := []struct {
		name       string
		user, pass string
		want       int
	}{
		{"no credentials", "", "", http.StatusUnauthorized},
		{"wrong password", "alice", "nope", http.StatusUnauthorized},
		{"default user name", "opencode", "s3cret-pw", http.StatusUnauthorized},
		{"right credentials", "alice", "s3cret-pw", http.StatusOK},
	}
	client := &http.Client{Timeout: 10 * time.Second}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL()+"/global/health", nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.user != "" {
				req.SetBasicAuth(tc.user, tc.pass)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.want)
			}
		})
	}
	// The driving methods authenticate themselves.
	id := s.CreateSession(t, "")
	s.Prompt(t, id, Tag(ScnPlain)+" with auth")
	s.WaitIdle(t, id, turnTimeout)
	if got := texts(partsOf(assistants(messages(t, s, id)), "text")); !slices.Equal(got, []string{PlainText}) {
		t.Errorf("text = %q", got)
	}
}
