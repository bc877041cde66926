package e2e

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"
)

// badAnswer is one row of docs/bad-input.md: what a server (or something
// in front of it) sends after messages 1 and 2.
type badAnswer struct {
	name    string
	sse     bool // the fault comes on the live SSE request, not the catch-up
	fault   http.HandlerFunc
	code    int
	want    []string // in the one line on stderr
	handled bool     // the run goes on and ends with message 3, exit 0
}

var htmlPage = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>\n<body><h1>Bad Gateway</h1>\n<p>upstream \x1b[31mdown</p></body></html>\n"

var badAnswers = []badAnswer{
	{name: "malformed SSE lines", sse: true, handled: true, fault: answer(200,
		"no colon on this line\n:comment\nevent: data\nbogus: field\nid\nretry: x\ndata:[{\"n\":3}]\n\n"+sseClosed(offsetThree),
		"Content-Type", "text/event-stream")},
	{name: "malformed control event", sse: true, code: 1, want: []string{"malformed control event"},
		fault: answer(200, sseData(`[{"n":3}]`)+"event: control\ndata:{\"streamNextOffset\":\n\n", "Content-Type", "text/event-stream")},
	{name: "invalid JSON", code: 1, want: []string{"invalid JSON"},
		fault: answer(200, `[{"n":3},`, "Content-Type", "application/json", "Stream-Next-Offset", offsetThree)},
	{name: "wrong content type", sse: true, code: 1, want: []string{`expected an event stream, got content type "text/html"`},
		fault: answer(200, "<html>hello</html>", "Content-Type", "text/html")},
	{name: "HTML error page from a proxy", code: 1, want: []string{"HTTP 502 Bad Gateway", "giving up after 2 attempts"},
		fault: answer(502, htmlPage, "Content-Type", "text/html")},
	{name: "401", code: 1, want: []string{"HTTP 401 Unauthorized (check credentials)"}, fault: answer(401, "no")},
	{name: "403", code: 1, want: []string{"HTTP 403 Forbidden"}, fault: answer(403, "no")},
	{name: "404", code: 3, want: []string{"HTTP 404 Not Found"}, fault: answer(404, "no")},
	{name: "410", code: 3, want: []string{"HTTP 410 Gone (gone: deleted"}, fault: answer(410, "gone")},
	{name: "429", code: 1, want: []string{"HTTP 429 Too Many Requests", "giving up after 2 attempts"}, fault: answer(429, "slow down", "Retry-After", "1")},
	{name: "500", code: 1, want: []string{"HTTP 500 Internal Server Error", "giving up after 2 attempts"}, fault: answer(500, "oops")},
	{name: "503", code: 1, want: []string{"HTTP 503 Service Unavailable", "giving up after 2 attempts"}, fault: answer(503, "later", "Retry-After", "0")},
	{name: "offset goes backwards", code: 1, want: []string{"offset went backwards from 0000_0002 to 0000_0001"},
		fault: answer(200, `[{"n":9}]`, "Content-Type", "application/json", "Stream-Next-Offset", "0000_0001")},
	{name: "missing Stream-Next-Offset", code: 1, want: []string{"no Stream-Next-Offset"},
		fault: answer(200, `[{"n":3}]`, "Content-Type", "application/json")},
	{name: "redirect on the same origin", handled: true, fault: func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == streamPath {
			http.Redirect(w, r, "/v1/stream/moved?"+r.URL.RawQuery, http.StatusTemporaryRedirect)
			return
		}
		healthyTail(w, r)
	}},
	{name: "redirect loop", code: 1, want: []string{"stopped after 5 redirects", "giving up after 2 attempts"},
		fault: func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, r.URL.String(), http.StatusFound) }},
}

// TestBadAnswers runs dstail against each bad answer: one line on stderr,
// the documented exit code, and messages 1 and 2 printed and saved, so a
// second run once the server is healthy prints message 3 alone.
func TestBadAnswers(t *testing.T) {
	t.Parallel()
	for _, row := range badAnswers {
		t.Run(row.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeStream(t, row.sse, row.fault, false)
			state := t.TempDir()
			stdout, stderr, code := runDstail(t, state, "--json", "-q", "--max-retries", "1", f.url())
			if code != row.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, row.code, stderr)
			}
			if f.faults.Load() == 0 {
				t.Fatal("the bad answer was never asked for")
			}
			if row.handled {
				checkMessages(t, "the run", stdout, 1, 2, 3)
				if stderr != "" {
					t.Errorf("stderr %q, want nothing", stderr)
				}
				return
			}
			checkMessages(t, "the faulty run", stdout, 1, 2)
			checkOneLine(t, stderr, row.want, []string{"<", "\x1b", "upstream"})
			f.heal()
			stdout, stderr, code = runDstail(t, state, "--json", f.url())
			if code != 0 {
				t.Errorf("healed run: exit %d; stderr:\n%s", code, stderr)
			}
			checkMessages(t, "the healed run", stdout, 3)
		})
	}
}

// TestRedirectToAnotherOriginIsRefused: a redirect elsewhere would carry
// the user's headers to a host they never named; dstail stops instead.
func TestRedirectToAnotherOriginIsRefused(t *testing.T) {
	t.Parallel()
	var foreignHits atomic.Int32
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreignHits.Add(1)
		_, _ = io.WriteString(w, "[]")
	}))
	defer foreign.Close()
	f := newFakeStream(t, false, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, foreign.URL+streamPath+"?"+r.URL.RawQuery, http.StatusFound)
	}, false)
	stdout, stderr, code := runDstail(t, t.TempDir(), "--json", "-H", "Authorization: Bearer s3cret", f.url())
	if code != 1 {
		t.Errorf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	checkMessages(t, "the run", stdout, 1, 2)
	checkOneLine(t, stderr, []string{"refusing a redirect to another origin " + foreign.URL}, []string{"s3cret"})
	if n := foreignHits.Load(); n != 0 {
		t.Errorf("the other origin got %d requests", n)
	}
}

// TestEscapeSequencesNeverReachTheTerminal: a text stream full of terminal
// controls comes out as plain text in line mode and escaped in JSON (C0 by
// the encoding, C1 code points such as U+009B as \u escapes).
func TestEscapeSequencesNeverReachTheTerminal(t *testing.T) {
	t.Parallel()
	evil := "title\x1b]0;pwned\x07 red\x1b[31mX\x1b[0m bell\a cr\rEVIL c1\u009b2J\n"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Stream-Next-Offset", "1")
		w.Header().Set("Stream-Closed", "true")
		_, _ = io.WriteString(w, evil)
	}))
	defer srv.Close()
	for _, mode := range []string{"--plain", "--json"} {
		stdout, stderr, code := runDstail(t, t.TempDir(), mode, srv.URL+streamPath)
		if code != 0 {
			t.Fatalf("%s: exit %d; stderr:\n%s", mode, code, stderr)
		}
		banned := "\x1b\a\r\x7f\u009b"
		if strings.ContainsAny(stdout, banned) {
			t.Errorf("%s: control bytes reached stdout: %q", mode, stdout)
		}
		if !strings.Contains(stdout, "title") || !strings.Contains(stdout, "EVIL") {
			t.Errorf("%s: the text itself is gone: %q", mode, stdout)
		}
	}
}

// TestInvalidUTF8 sends invalid UTF-8 in a JSON value and in a text line:
// every message arrives; lines are valid UTF-8 (the bad bytes dropped or
// shown as U+FFFD), and so is every --json record (bad bytes as \ufffd).
func TestInvalidUTF8(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ contentType, body string }{
		{"application/json", "[{\"n\":1,\"s\":\"a\xffb\"}]"},
		{"text/plain", "a\xffb\xc3\n"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", c.contentType)
			w.Header().Set("Stream-Next-Offset", "1")
			w.Header().Set("Stream-Closed", "true")
			_, _ = io.WriteString(w, c.body)
		}))
		defer srv.Close()
		stdout, stderr, code := runDstail(t, t.TempDir(), "--plain", srv.URL+streamPath)
		if code != 0 || strings.Count(stdout, "\n") != 1 || !strings.HasSuffix(stdout, "\n") || !utf8.ValidString(stdout) || !strings.Contains(stdout, "a") || !strings.Contains(stdout, "b") {
			t.Errorf("%s --plain: exit %d, stdout %q, want one valid UTF-8 line; stderr:\n%s", c.contentType, code, stdout, stderr)
		}
		stdout, stderr, code = runDstail(t, t.TempDir(), "--json", srv.URL+streamPath)
		recs := parseRecords(t, stdout)
		if code != 0 || len(recs) != 1 {
			t.Errorf("%s --json: exit %d, %d records; stderr:\n%s", c.contentType, code, len(recs), stderr)
		}
		if !utf8.ValidString(stdout) {
			t.Errorf("%s record is not valid UTF-8: %q", c.contentType, stdout)
		}
	}
}
