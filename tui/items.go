package tui

import (
	"hash/maphash"
	"strconv"

	"github.com/dstail/dstail/reconcile"
)

type itemKind uint8

const (
	kindHeader itemKind = iota // who speaks, before a run of messages of one role
	kindPart                   // one message part
	kindEnd                    // how a message ended badly
	kindStream                 // one Durable Streams message
)

// item is one block of the conversation with its render cache.
type item struct {
	key  itemKey // stable identity across snapshots
	kind itemKind
	fp   uint64 // fingerprint of what is shown; a change re-renders
	msg  reconcile.Message
	part reconcile.Part
	data streamEntry

	cached cacheKey
	lines  []string
}

// itemKey identifies an item: a part id, or a message id for the header
// and end marker of a message, or a stream sequence number.
type itemKey struct {
	kind itemKind
	id   string
}

// cacheKey is everything a rendering depends on besides the item's key.
type cacheKey struct {
	fp       uint64
	width    int
	expanded bool
	wrap     bool
	styleGen int
}

func (it *item) collapsible() bool {
	if it.kind != kindPart {
		return false
	}
	switch it.part.Type {
	case "tool":
		return it.part.Tool != nil && it.part.Tool.Output != ""
	case "reasoning", "patch":
		return true
	}
	return false
}

func (it *item) render(st *Styles, o renderOpts) []string {
	switch it.kind {
	case kindHeader:
		return renderMessageHeader(st, o, it.msg)
	case kindEnd:
		return renderMessageEnd(st, o, it.msg)
	case kindStream:
		return renderStreamEntry(st, o, it.data)
	}
	switch it.part.Type {
	case "text", "":
		return renderText(st, o, it.part)
	case "reasoning":
		return renderReasoning(st, o, it.part)
	case "tool":
		return renderTool(st, o, it.part)
	case "step-finish":
		return renderStepFinish(st, o, it.part)
	case "patch":
		return renderPatch(st, o, it.part)
	case "file":
		return renderFile(st, o, it.part)
	}
	return renderOther(st, o, it.part)
}

var fpSeed = maphash.MakeSeed()

// hasher fingerprints what decides how an item looks. It is cheap enough
// to run over a whole session at frame rate and allocates nothing.
type hasher struct{ h maphash.Hash }

func newHasher() *hasher {
	h := &hasher{}
	h.h.SetSeed(fpSeed)
	return h
}

func (h *hasher) str(ss ...string) *hasher {
	for _, s := range ss {
		h.h.WriteString(s)
		h.h.WriteByte(0)
	}
	return h
}

func (h *hasher) bytes(b []byte) *hasher {
	h.h.Write(b)
	h.h.WriteByte(0)
	return h
}

func (h *hasher) flags(bs ...bool) *hasher {
	for _, b := range bs {
		if b {
			h.h.WriteByte(1)
		} else {
			h.h.WriteByte(2)
		}
	}
	return h
}

func (h *hasher) sum() uint64 {
	s := h.h.Sum64()
	h.h.Reset()
	return s
}

// sessionItems flattens a session into items: a header whenever the role
// changes, the visible parts, and an end marker for failed messages. Items
// that look the same as in prev are reused with their render cache.
func sessionItems(msgs []reconcile.Message, dst []*item, prev *layout) []*item {
	h := newHasher()
	prev.scan = 0
	prevRole := ""
	for mi := range msgs {
		m := &msgs[mi] // by pointer: copying every message costs more than hashing it
		if m.Role != prevRole {
			fp := h.str(m.Role, m.Agent, m.ProviderID, m.ModelID).sum()
			dst = append(dst, prev.reuse(itemKey{kindHeader, m.ID}, fp, func(it *item) { it.msg = *m }))
			prevRole = m.Role
		}
		for pi := range m.Parts {
			p := &m.Parts[pi]
			if p.Type == "step-start" || p.Type == "snapshot" {
				continue
			}
			dst = append(dst, prev.reuse(itemKey{kindPart, p.ID}, partFingerprint(h, p), func(it *item) { it.part = *p }))
		}
		if m.Error != nil || m.Interrupted {
			h.flags(m.Interrupted)
			if m.Error != nil {
				h.str(m.Error.Name, m.Error.Message)
			}
			dst = append(dst, prev.reuse(itemKey{kindEnd, m.ID}, h.sum(), func(it *item) { it.msg = *m }))
		}
	}
	return dst
}

func partFingerprint(h *hasher, p *reconcile.Part) uint64 {
	h.str(p.Type).flags(p.Ended, p.Incomplete)
	switch p.Type {
	case "text", "reasoning", "":
		return h.str(p.Text).sum()
	case "tool":
		if t := p.Tool; t != nil {
			return h.str(t.Name, t.Status, t.Title, t.Output, t.Error).bytes(t.Input).sum()
		}
	}
	return h.bytes(p.Raw).sum()
}

func streamKey(seq int) itemKey { return itemKey{kindStream, strconv.Itoa(seq)} }
