package app

import (
	"errors"
	"strconv"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/follower"
	"github.com/dstail/dstail/offsets"
)

// The one start policy: where output begins, from --from, --once and the
// saved position, for a stream and for each session.

// streamStart applies --from to a stream: saved (falling back to start),
// start, now, or an offset given verbatim.
func streamStart(c *Config, saved offsets.Position, found bool) feed.Position {
	switch c.From {
	case "saved":
		if found && saved.Offset != "" {
			return feed.Position{Offset: saved.Offset, Skip: saved.Skip}
		}
		return feed.Position{Offset: "-1"}
	case "start":
		return feed.Position{Offset: "-1"}
	case "now":
		return feed.Position{Offset: "now"}
	}
	return feed.Position{Offset: c.From}
}

// sessionStart maps --from onto a session. A named session (a target)
// resumes after its saved seq, or after the seq --from names; --once shows
// the whole state unless --from was given. Sessions created while following
// are shown from their start; sessions that --all found at start begin at
// now (or their saved position) unless --from start, so --all never replays
// the history of every old session.
func sessionStart(c *Config, origin follower.Origin, saved offsets.Position, found bool) follower.Start {
	resume := follower.Start{Resume: true, ResumeSeq: saved.Seq, ResumeEventID: saved.EventID}
	hasSaved := found && !saved.IsZero()
	if origin == follower.OriginCreated {
		if hasSaved {
			return resume
		}
		return follower.Start{}
	}
	from := c.From
	if c.Once && !c.FromSet && origin != follower.OriginListed {
		from = "start"
	}
	if seq, err := fromSeq(from); err == nil && origin == follower.OriginTarget {
		return follower.Start{Resume: true, ResumeSeq: seq}
	}
	switch {
	case from == "start":
		return follower.Start{}
	case from == "now":
		return follower.Start{Silent: true}
	case hasSaved:
		return resume
	case origin == follower.OriginListed:
		return follower.Start{Silent: true}
	}
	return follower.Start{}
}

// checkSessionFlags refuses what sessions cannot take: a seq number in
// --from names one session's own seq, and --until-idle watches one session.
func checkSessionFlags(c *Config, single bool) error {
	_, seqErr := fromSeq(c.From)
	switch {
	case c.UntilIdle && !single:
		return Usagef("--until-idle follows a single session")
	case c.From == "saved" || c.From == "start" || c.From == "now":
	case single && seqErr != nil:
		return Usagef("--from for a session must be saved, start, now or a seq number, not %q", c.From)
	case !single:
		return Usagef("--from with several sessions must be saved, start or now, not %q", c.From)
	}
	return nil
}

// fromSeq reads --from as a seq number.
func fromSeq(from string) (int64, error) {
	seq, err := strconv.ParseInt(from, 10, 64)
	if err == nil && seq < 0 {
		err = errors.New("negative")
	}
	return seq, err
}
