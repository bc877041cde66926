package app

import (
	"strings"
	"testing"

	"github.com/dstail/dstail/follower"
	"github.com/dstail/dstail/offsets"
)

func TestOneSessionWithChildrenTakesSingleSessionFlags(t *testing.T) {
	for _, tt := range []struct {
		name   string
		c      Config
		single bool
		want   string // "" when valid
	}{
		{"until-idle", Config{UntilIdle: true, From: "saved"}, true, ""},
		{"from seq", Config{From: "12"}, true, ""},
		{"from negative", Config{From: "-1"}, true, "seq number"},
		{"from word", Config{From: "abc"}, true, "seq number"},
		{"seq with several", Config{From: "12"}, false, "saved, start or now"},
		{"until-idle with several", Config{UntilIdle: true, From: "saved"}, false, "single session"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.c
			c.Live, c.MaxEventSize, c.MaxBuffer = "sse", 1<<20, 1<<20
			err := c.Validate()
			if err == nil {
				err = checkSessionFlags(&c, tt.single)
			}
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("err %v, want %q", err, tt.want)
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
			c := &Config{From: tt.from, Once: tt.once}
			if got := sessionStart(c, tt.origin, saved, tt.found); got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
