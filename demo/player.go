package demo

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"
)

// errOutage refuses event streams while the recorded outage lasts.
var errOutage = errors.New("the demo server is refusing connections for a moment (the recorded outage)")

// player moves the replay clock and hands each frame to the subscribers
// when its recorded time comes. The clock runs while someone listens (or
// during the outage, when nobody can), so a client misses exactly the
// outage and nothing else.
type player struct {
	rec   *Recording
	speed float64
	// outageSpeed plays the outage, slower than speed when a minimum wall
	// time was asked for, so a fast replay still shows the reconnect.
	outageSpeed float64
	lead        time.Duration

	mu      sync.Mutex
	store   *store
	next    int           // index of the next frame to play
	now     time.Duration // recorded time reached
	last    time.Time     // wall time now was last advanced
	started bool          // the lead-in after the first subscriber is over
	dropped bool          // the outage has begun
	subs    map[*subscriber]struct{}

	first     chan struct{} // closed by the first subscriber
	firstOnce sync.Once
	wake      chan struct{}
	done      chan struct{} // closed once the last frame was played
}

// subscriber is one open event stream.
type subscriber struct {
	frames  chan json.RawMessage
	dropped chan struct{} // closed to cut the connection
}

func newPlayer(rec *Recording, speed float64, lead, minOutage time.Duration) *player {
	outageSpeed := speed
	if window := ms(rec.Outage.Resume - rec.Outage.At); minOutage > 0 && window > 0 {
		outageSpeed = min(speed, float64(window)/float64(minOutage))
	}
	p := &player{
		rec: rec, speed: speed, outageSpeed: outageSpeed, lead: lead, store: newStore(rec.Session), next: rec.Start,
		subs: map[*subscriber]struct{}{}, first: make(chan struct{}),
		wake: make(chan struct{}, 1), done: make(chan struct{}),
	}
	for _, f := range rec.Frames[:rec.Start] {
		p.store.apply(f.Data)
	}
	return p
}

func ms(v int64) time.Duration { return time.Duration(v) * time.Millisecond }

func (p *player) hasOutage() bool { return p.rec.Outage.Resume > p.rec.Outage.At }

func (p *player) inOutage() bool { return p.dropped && p.now < ms(p.rec.Outage.Resume) }

// rate is how much recorded time passes per wall time just now.
func (p *player) rate() float64 {
	if p.inOutage() {
		return p.outageSpeed
	}
	return p.speed
}

func (p *player) clockRuns() bool { return p.started && (len(p.subs) > 0 || p.inOutage()) }

// advanceLocked adds the wall time since the last call, scaled, while the
// clock runs. The clock stops at both edges of the outage: the cut happens
// exactly at its start, and an outage nobody reconnects after ends exactly
// at its end.
func (p *player) advanceLocked(wall time.Time) {
	if p.started {
		d := time.Duration(float64(wall.Sub(p.last)) * p.rate())
		switch {
		case len(p.subs) > 0 && !p.dropped && p.hasOutage():
			p.now = min(p.now+d, ms(p.rec.Outage.At)) // the outage starts on time, at its own pace
		case len(p.subs) > 0:
			p.now += d
		case p.inOutage():
			p.now = min(p.now+d, ms(p.rec.Outage.Resume))
		}
	}
	p.last = wall
}

// catchUpLocked brings the clock to now and plays what is due, so a state
// change (a client coming or going, a REST read) happens at the right
// point of the replay.
func (p *player) catchUpLocked() {
	p.advanceLocked(time.Now())
	if p.started {
		p.playDueLocked()
	}
}

// subscribe registers a new event stream, or refuses it during the outage.
func (p *player) subscribe() (*subscriber, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.catchUpLocked()
	if p.inOutage() {
		return nil, errOutage
	}
	s := &subscriber{frames: make(chan json.RawMessage, len(p.rec.Frames)+1), dropped: make(chan struct{})}
	p.subs[s] = struct{}{}
	p.firstOnce.Do(func() { close(p.first) })
	p.signal()
	return s, nil
}

func (p *player) unsubscribe(s *subscriber) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.catchUpLocked()
	delete(p.subs, s)
	p.signal()
}

func (p *player) signal() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// read runs f on the store under the lock, for REST answers.
func (p *player) read(f func(*store)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.catchUpLocked()
	f(p.store)
}

// run plays the recording: it waits for the first subscriber and the
// lead-in, then sleeps until the next frame (or outage edge) is due.
func (p *player) run(ctx context.Context) {
	select {
	case <-p.first:
	case <-ctx.Done():
		return
	}
	if !sleepCtx(ctx, p.lead) {
		return
	}
	p.mu.Lock()
	p.started, p.last = true, time.Now()
	p.mu.Unlock()
	for {
		p.mu.Lock()
		p.advanceLocked(time.Now())
		p.playDueLocked()
		if p.next >= len(p.rec.Frames) {
			p.mu.Unlock()
			close(p.done)
			return
		}
		wait, runs := p.untilNextLocked(), p.clockRuns()
		p.mu.Unlock()
		timer := time.NewTimer(wait)
		if !runs {
			timer.Stop() // nothing moves until someone subscribes
		}
		select {
		case <-timer.C:
		case <-p.wake:
		case <-ctx.Done():
			timer.Stop()
			return
		}
		timer.Stop()
	}
}

// playDueLocked plays every frame whose time has come, cutting the
// subscribers first when the outage starts before a frame.
func (p *player) playDueLocked() {
	for {
		if !p.dropped && p.hasOutage() && p.now >= ms(p.rec.Outage.At) &&
			(p.next >= len(p.rec.Frames) || p.rec.Frames[p.next].At >= p.rec.Outage.At) {
			p.dropLocked()
			continue
		}
		if p.next >= len(p.rec.Frames) || ms(p.rec.Frames[p.next].At) > p.now {
			return
		}
		f := p.rec.Frames[p.next]
		p.next++
		p.store.apply(f.Data)
		for s := range p.subs {
			s.frames <- f.Data // never blocks: room for every frame
		}
	}
}

func (p *player) dropLocked() {
	p.dropped = true
	for s := range p.subs {
		close(s.dropped)
		delete(p.subs, s)
	}
}

// untilNextLocked is the wall time until the next frame or outage edge.
func (p *player) untilNextLocked() time.Duration {
	next := ms(p.rec.Frames[p.next].At)
	if !p.dropped && p.hasOutage() {
		next = min(next, ms(p.rec.Outage.At))
	}
	if p.inOutage() {
		next = min(next, ms(p.rec.Outage.Resume))
	}
	return max(0, time.Duration(float64(next-p.now)/p.rate()))
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
