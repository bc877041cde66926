package demo

import (
	"bytes"
	"strings"
	"testing"
)

// TestParseRejectsBadRecordings checks that a damaged recording is one
// error naming its line, never a server that plays garbage.
func TestParseRejectsBadRecordings(t *testing.T) {
	rec := builtin(t)
	var good bytes.Buffer
	if err := rec.Encode(&good); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(good.String(), "\n"), "\n")
	replace := func(i int, line string) string {
		c := append([]string(nil), lines...)
		c[i] = line
		return strings.Join(c, "\n") + "\n"
	}
	frame := func(i int) string { return lines[i] }
	other := strings.ReplaceAll(frame(5), rec.Session, "ses_someoneelse")
	tests := []struct{ name, text, want string }{
		{"bad header", replace(0, "{"), "line 1: bad header"},
		{"wrong format", replace(0, strings.Replace(lines[0], `"format":1`, `"format":9`, 1)), "format 9"},
		{"frame not json", replace(3, "nope"), "line 4:"},
		{"other session", replace(5, other), "line 6: frame of session"},
		{"time backwards", replace(len(lines)-1, `{"at":0,"data":`+strings.SplitN(frame(len(lines)-1), `"data":`, 2)[1]), "time goes backwards"},
		{"start beyond frames", replace(0, strings.Replace(lines[0], `"start":`, `"start":9999`, 1)), "start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	again, err := Parse(&good)
	if err != nil || len(again.Frames) != len(rec.Frames) || again.Header != rec.Header {
		t.Errorf("Encode then Parse changed the recording: %v", err)
	}
}
