package app

import (
	"context"
	"math"
	"time"

	"github.com/dstail/dstail/demo"
	"github.com/dstail/dstail/iostreams"
)

// Demo serves the built-in recording and follows it like any session,
// without saved positions; line output stops once the turn is over.
func Demo(ctx context.Context, c *Config, io *iostreams.IOStreams, speed float64) error {
	if math.IsNaN(speed) || speed <= 0 || speed > 1000 {
		return Usagef("--speed must be above 0 and at most 1000, not %g", speed)
	}
	// The outage lasts a second even when sped up, so the reconnect shows.
	srv, err := demo.Start(demo.Options{Speed: speed, MinOutage: time.Second})
	if err != nil {
		return err
	}
	defer srv.Close()
	c.Server, c.NoSave, c.From, c.Live = srv.URL(), true, "start", "sse"
	c.Username, c.MaxEventSize, c.MaxBuffer = "opencode", DefaultMaxEventSize, DefaultMaxBuffer
	c.UntilIdle = !useView(c, io)
	r, err := newRun(c, io)
	if err != nil {
		return err
	}
	return r.sessions(ctx, []string{srv.Session()})
}
