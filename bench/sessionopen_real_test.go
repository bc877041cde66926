package bench

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
)

var realOpenLength = flag.Int("real-open-messages", 3000, "messages in the long session BenchmarkSessionOpenReal opens")

// BenchmarkSessionOpenReal is BenchmarkSessionOpen against a real OpenCode:
// `dstail ID --json --once` of a session of 10 and of -real-open-messages
// messages, alternated with curl of the session's message list. Prompting
// thousands of turns would take an hour, so two real turns (one with tool
// calls, one plain answer) are stored by OpenCode and then copied in its
// database, with fresh ascending ids, until the sessions are that long; the
// server is restarted on it. The list is what OpenCode builds from its own
// rows, so curl pays the server's time to build it, as a user's client does.
func BenchmarkSessionOpenReal(b *testing.B) {
	sqlite := lookTool(b, "sqlite3")
	s := ocpeer.Start(b)
	sizes := []int{10, *realOpenLength}
	t0 := time.Now()
	ids := fillRealSessions(b, s, sqlite, sizes)
	// On stdout: a parent benchmark's log shows only with -test.v.
	fmt.Fprintf(os.Stdout, "sessions of %v messages made (two real turns, the copies, a restart) in %.1f s\n", sizes, time.Since(t0).Seconds())
	benchSessionOpen(b, "a real OpenCode", sizes, func(_ *testing.B, i, _ int) (string, string) { return s.URL(), ids[i] })
}

// storedRow is a row of OpenCode's message or part table.
type storedRow struct {
	ID          string `json:"id"`
	MessageID   string `json:"message_id"`
	TimeCreated int64  `json:"time_created"`
	Data        string `json:"data"`
}

// fillRealSessions makes one session per size, each of that many messages
// copied from two real turns, and returns their ids. It stops the server
// to write its database and starts it again.
func fillRealSessions(b *testing.B, s *ocpeer.Server, sqlite string, sizes []int) []string {
	b.Helper()
	tmpl := s.CreateSession(b, s.Dir())
	s.Prompt(b, tmpl, ocpeer.Tag(ocpeer.ScnTool)+" read the config")
	s.WaitIdle(b, tmpl, time.Minute)
	s.Prompt(b, tmpl, ocpeer.Tag(ocpeer.ScnPlain)+" say hello")
	s.WaitIdle(b, tmpl, time.Minute)
	ids := make([]string, len(sizes))
	for i := range sizes {
		ids[i] = s.CreateSession(b, s.Dir())
	}
	s.Kill(b, syscall.SIGTERM)
	db := openCodeDB(b, s)
	query := func(sql string) []storedRow {
		out, err := exec.Command(sqlite, "-json", db, sql).Output()
		if err != nil {
			b.Fatalf("sqlite3 %q: %v", sql, err)
		}
		var rows []storedRow
		if len(bytes.TrimSpace(out)) > 0 {
			if err := json.Unmarshal(out, &rows); err != nil {
				b.Fatalf("sqlite3 %q: %v", sql, err)
			}
		}
		return rows
	}
	msgs := query("select id, time_created, data from message where session_id = '" + tmpl + "' order by time_created, id")
	parts := query("select id, message_id, time_created, data from part where session_id = '" + tmpl + "' order by message_id, id")
	if len(msgs) != 5 {
		b.Fatalf("the two template turns stored %d messages, want 5", len(msgs))
	}
	var sql strings.Builder
	sql.WriteString("begin;\n")
	for i, n := range sizes {
		copyMessages(&sql, ids[i], msgs, parts, n, i)
	}
	sql.WriteString("commit;\n")
	cmd := exec.Command(sqlite, db)
	cmd.Stdin = strings.NewReader(sql.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("sqlite3: %v: %s", err, out)
	}
	s.Relaunch(b)
	// This read of each list is also the untimed first request after the
	// start, which OpenCode answers more slowly.
	for i, n := range sizes {
		raw := s.Messages(b, ids[i])
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err != nil || len(list) != n {
			b.Fatalf("session %s lists %d messages (%v), want %d", ids[i], len(list), err, n)
		}
		fmt.Fprintf(os.Stdout, "real OpenCode, %d messages, %d bytes of message list\n", n, len(raw))
	}
	return ids
}

// copyMessages writes the inserts of n messages into session, taken in turn
// from the template messages and their parts. Ids keep OpenCode's shape
// (prefix, 12 hex digits that ascend with time, 14 more characters) and
// ascend with the copy; an assistant's parentID names the copy of its user
// message. set tells the sessions' ids apart.
func copyMessages(sql *strings.Builder, session string, msgs, parts []storedRow, n, set int) {
	byMessage := map[string][]storedRow{}
	for _, p := range parts {
		byMessage[p.MessageID] = append(byMessage[p.MessageID], p)
	}
	index := map[string]int{}
	for j, m := range msgs {
		index[m.ID] = j
	}
	t0 := msgs[0].TimeCreated
	newID := func(prefix string, seq int) string {
		return fmt.Sprintf("%s_%012xbenchcopyset%02d", prefix, 0x23f000000000+seq, set)
	}
	for i := range n {
		block, j := i/len(msgs), i%len(msgs)
		m := msgs[j]
		id := newID("msg", i*64)
		var data map[string]any
		if err := json.Unmarshal([]byte(m.Data), &data); err != nil {
			panic(err) // OpenCode's own rows
		}
		if parent, ok := data["parentID"].(string); ok {
			data["parentID"] = newID("msg", (block*len(msgs)+index[parent])*64)
		}
		raw, _ := json.Marshal(data)
		created := t0 + int64(i)
		fmt.Fprintf(sql, "insert into message (id, session_id, time_created, time_updated, data) values ('%s', '%s', %d, %d, %s);\n",
			id, session, created, created, sqlString(string(raw)))
		for k, p := range byMessage[m.ID] {
			fmt.Fprintf(sql, "insert into part (id, message_id, session_id, time_created, time_updated, data) values ('%s', '%s', '%s', %d, %d, %s);\n",
				newID("prt", i*64+k), id, session, created, created, sqlString(p.Data))
		}
	}
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// openCodeDB is the path of the server's database, under its XDG data home.
func openCodeDB(b *testing.B, s *ocpeer.Server) string {
	b.Helper()
	for _, kv := range s.Env() {
		if dir, ok := strings.CutPrefix(kv, "XDG_DATA_HOME="); ok {
			db := filepath.Join(dir, "opencode", "opencode.db")
			if _, err := os.Stat(db); err != nil {
				b.Fatalf("OpenCode's database: %v", err)
			}
			return db
		}
	}
	b.Fatal("the server's environment names no XDG_DATA_HOME")
	return ""
}
