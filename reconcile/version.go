package reconcile

// version records which server events built a stored object, so that a
// duplicate or an older copy can be recognised.
type version struct {
	id     string // highest event id applied to the object
	seq    int64  // highest seq applied, valid when hasSeq
	hasSeq bool
	// fromSnapshot is set while the content comes from a synthetic (REST)
	// event: REST state has no event id, so the next live event must be
	// ordered against the content, not the id.
	fromSnapshot bool
}

// stale reports whether ev was emitted no later than what is stored.
func (v version) stale(ev Event) bool {
	if ev.Synthetic {
		return false
	}
	if ev.ID != "" && v.id != "" && ev.ID <= v.id {
		return true
	}
	return ev.Sync && v.hasSeq && ev.Seq <= v.seq
}

// ordered reports whether ev can be ordered against the stored version by
// server id or seq alone.
func (v version) ordered(ev Event) bool {
	if ev.Synthetic || v.fromSnapshot {
		return false
	}
	return (ev.ID != "" && v.id != "") || (ev.Sync && v.hasSeq)
}

// admits decides whether an update replaces the stored object: never when
// stale, always when ordered by id/seq, otherwise by the content rule
// newer (a progress rank, then size).
func (v version) admits(ev Event, newer func() bool) bool {
	if v.stale(ev) {
		return false
	}
	return v.ordered(ev) || newer()
}

// advance records ev as applied.
func (v version) advance(ev Event) version {
	if ev.ID > v.id && !ev.Synthetic {
		v.id = ev.ID
	}
	if ev.Sync && !ev.Synthetic && (!v.hasSeq || ev.Seq > v.seq) {
		v.seq, v.hasSeq = ev.Seq, true
	}
	v.fromSnapshot = ev.Synthetic
	return v
}

func versionOf(ev Event) version { return version{}.advance(ev) }

// newerByRank is the content rule shared by messages and parts: a later
// life stage wins; within a stage the larger copy wins, and ties go to the
// incoming copy (so a snapshot can correct same-size content).
func newerByRank(inRank, inSize, curRank, curSize int) bool {
	if inRank != curRank {
		return inRank > curRank
	}
	return inSize >= curSize
}
