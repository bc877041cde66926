package main

import (
	"strings"
	"testing"

	"github.com/dstail/dstail/follower"
	"github.com/dstail/dstail/offsets"
)

func TestMultiUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"stream among sessions", []string{"ses_a", "orders"}, `not "orders"`},
		{"until-idle with several", []string{"--until-idle", "ses_a", "ses_b"}, "--until-idle follows a single session"},
		{"seq with several", []string{"--from", "12", "ses_a", "ses_b"}, "saved, start or now"},
		{"negative cap", []string{"--all", "--max-sessions", "-1"}, "--max-sessions"},
		{"bad server", []string{"--server", "ftp://h", "--all"}, "not an http(s) URL"},
		{"sessions with an argument", []string{"sessions", "ses_a"}, "takes no arguments"},
		{"sessions negative limit", []string{"sessions", "--limit", "-2"}, "--limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errb := runCLI(t, tt.args...)
			first := strings.SplitN(errb, "\n", 2)[0]
			if code != exitUsage || out != "" || !strings.Contains(first, tt.want) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d and …%s…", code, out, errb, exitUsage, tt.want)
			}
		})
	}
}

func TestSessionStartPolicy(t *testing.T) {
	saved := offsets.Position{Seq: 7, EventID: "evt_7"}
	resumed := follower.Start{Resume: true, ResumeSeq: 7, ResumeEventID: "evt_7"}
	now := follower.Start{Silent: true}
	whole := follower.Start{}
	tests := []struct {
		name   string
		from   string
		once   bool
		origin follower.Origin
		found  bool
		want   follower.Start
	}{
		{"target resumes", "saved", false, follower.OriginTarget, true, resumed},
		{"target without position shows all", "saved", false, follower.OriginTarget, false, whole},
		{"listed without position starts now", "saved", false, follower.OriginListed, false, now},
		{"listed resumes", "saved", false, follower.OriginListed, true, resumed},
		{"listed from start", "start", false, follower.OriginListed, true, whole},
		{"listed with once still starts now", "saved", true, follower.OriginListed, false, now},
		{"target with once shows all", "saved", true, follower.OriginTarget, true, whole},
		{"created is shown whole even from now", "now", false, follower.OriginCreated, false, whole},
		{"created resumes", "now", false, follower.OriginCreated, true, resumed},
		{"child from now", "now", false, follower.OriginChild, true, now},
		{"target from seq", "5", false, follower.OriginTarget, true, follower.Start{Resume: true, ResumeSeq: 5}},
		{"child with a seq of the parent resumes its own", "5", false, follower.OriginChild, true, resumed},
		{"new child with a seq of the parent is shown whole", "5", false, follower.OriginChild, false, whole},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := &options{from: tt.from, once: tt.once}
			if got := sessionStart(o, tt.origin, saved, tt.found); got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
