package offsets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// The journal is a sidecar file that Commit overwrites in place with one
// pwrite of a fixed-size, space-padded record: a single syscall that never
// waits for a disk flush, so a process killed right after printing a batch
// still finds that batch's position. The main file stays the durable copy
// (temp file, fsync, rename, at most once per interval). On load the newer of
// the two wins; a journal torn by a power cut fails to decode and the main
// file wins.
const (
	journalSuffix = ".live"
	journalSize   = 4096
)

func journalPath(entryPath string) string {
	return strings.TrimSuffix(entryPath, entrySuffix) + journalSuffix
}

// journal holds the open sidecar file of one Saver.
type journal struct {
	f       *os.File
	buf     []byte
	scratch []byte
}

func openJournal(path string) (*journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|oNoFollow, 0o600)
	if err != nil {
		return nil, err
	}
	return &journal{f: f, buf: make([]byte, journalSize)}, nil
}

// write replaces the journal's record; data must end in a newline.
func (j *journal) write(data []byte) error {
	if len(data) > journalSize {
		return fmt.Errorf("position record of %d bytes exceeds %d", len(data), journalSize)
	}
	n := copy(j.buf, data)
	for i := n; i < len(j.buf); i++ {
		j.buf[i] = ' '
	}
	_, err := j.f.WriteAt(j.buf, 0)
	return err
}

func (j *journal) close() error { return j.f.Close() }

// loadNewest reads the main file and the journal and takes the newer
// record of the two: commits reach only the journal at once, the flusher
// writes only the main file.
func loadNewest(path string, key Key) (Position, bool, error) {
	rec, found, err := loadNewestRecord(path, key)
	return rec.Position, found, err
}

// loadNewestRecord is loadNewest with the time the position was written.
func loadNewestRecord(path string, key Key) (record, bool, error) {
	main, found, err := readEntry(path)
	if err == nil && found && (main.Server != key.Server || main.Stream != key.Stream) {
		found, err = false, corrupt(path, "holds the position of another stream", nil)
	}
	data, rerr := readNoFollow(journalPath(path), maxFileSize+1)
	if rerr == nil && len(bytes.TrimSpace(data)) > 0 {
		rec, derr := decode(journalPath(path), bytes.TrimRight(data, " "))
		newer := !found || !main.Updated.After(rec.Updated)
		if derr == nil && rec.Server == key.Server && rec.Stream == key.Stream && newer {
			return rec, true, nil
		}
	}
	return main, found, err
}

// appendRecord encodes a journal record without reflection: Commit runs
// between a batch reaching stdout and its position reaching the journal, and
// that window is what a kill -9 can land in, so it must be short.
func appendRecord(b []byte, key Key, pos Position, now time.Time) []byte {
	b = append(b, `{"version":`...)
	b = strconv.AppendInt(b, formatVersion, 10)
	b = appendField(b, "server", key.Server)
	b = appendField(b, "stream", key.Stream)
	b = append(b, `,"position":{"offset":`...)
	b = appendString(b, pos.Offset)
	b = append(b, `,"skip":`...)
	b = strconv.AppendInt(b, pos.Skip, 10)
	b = append(b, `,"seq":`...)
	b = strconv.AppendInt(b, pos.Seq, 10)
	b = appendField(b, "event_id", pos.EventID)
	b = appendField(b, "cursor", pos.Cursor)
	b = append(b, `},"updated":"`...)
	b = now.UTC().AppendFormat(b, time.RFC3339Nano)
	return append(b, "\"}\n"...)
}

func appendField(b []byte, name, value string) []byte {
	b = append(b, `,"`...)
	b = append(b, name...)
	b = append(b, `":`...)
	return appendString(b, value)
}

// appendString writes a JSON string; plain ASCII (every real offset) is
// copied as is, anything else goes through encoding/json.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			enc, _ := json.Marshal(s)
			return append(b, enc...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
