package tui

import (
	"hash/maphash"
	"math"
	"strconv"

	"github.com/dstail/dstail/reconcile"
)

type itemKind uint8

const (
	kindHeader  itemKind = iota // who speaks, before a run of messages of one role
	kindPart                    // one message part
	kindEnd                     // how a message ended badly
	kindStream                  // one Durable Streams message
	kindDivider                 // "new since you last looked", before the first new message
)

// item is one block of the conversation with its render cache.
type item struct {
	key  itemKey // stable identity across updates
	kind itemKind
	fp   uint64 // fingerprint of what is shown; a change re-renders
	msg  reconcile.Message
	part reconcile.Part
	data streamEntry

	cached cacheKey
	lines  []string
	text   *textStream // text parts: what Markdown rendering keeps between frames

	shown    []string // lines finished for the screen (view_memo.go)
	shownKey shownKey
}

// itemKey identifies an item: a part id, or a message id for the header
// and end marker of a message, or a stream sequence number.
type itemKey struct {
	kind itemKind
	id   string
}

// cacheKey is everything a rendering depends on besides the item's key.
// rich marks a Markdown rendering; plain ones stand in for items that were
// never on screen, since Markdown costs a millisecond or more per part.
type cacheKey struct {
	fp         uint64
	width      int
	expanded   bool
	wrap       bool
	timestamps bool
	rich       bool
	styleGen   int
}

func (it *item) collapsible() bool {
	if it.kind == kindStream {
		return it.data.prettyJSON() != ""
	}
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

// hasMarkdown reports whether the item looks different when rendered rich.
func (it *item) hasMarkdown() bool {
	return it.kind == kindPart && (it.part.Type == "text" || it.part.Type == "")
}

func (it *item) render(st *Styles, o renderOpts) []string {
	switch it.kind {
	case kindHeader:
		return renderMessageHeader(st, o, it.msg)
	case kindEnd:
		return renderMessageEnd(st, o, it.msg)
	case kindDivider:
		return renderDivider(st, o, it.msg.Created)
	case kindStream:
		return renderStreamEntry(st, o, it.data)
	}
	switch it.part.Type {
	case "text", "":
		if o.Markdown != nil {
			if it.text == nil {
				it.text = &textStream{}
			}
			return renderMarkdownText(st, o, it.part, it.text)
		}
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

// hasher fingerprints what decides how an item looks.
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

func (h *hasher) ints(ns ...int64) *hasher {
	for _, n := range ns {
		h.str(strconv.FormatInt(n, 36))
	}
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

func (h *hasher) sum() uint64 { return h.h.Sum64() }

// messageFP covers every message field the view shows or sums.
func messageFP(m *reconcile.Message) uint64 {
	h := newHasher().str(m.Role, m.Agent, m.ProviderID, m.ModelID, m.Finish).
		ints(m.Created, m.Completed, int64(math.Float64bits(m.Cost)),
			m.Tokens.Input, m.Tokens.Output, m.Tokens.Reasoning, m.Tokens.CacheRead, m.Tokens.CacheWrite)
	if m.Error != nil {
		h.str(m.Error.Name, m.Error.Message)
	}
	return h.sum()
}

func headerFP(m *reconcile.Message) uint64 {
	return newHasher().str(m.Role, m.Agent, m.ProviderID, m.ModelID).ints(m.Created).sum()
}

func endFP(m *reconcile.Message) uint64 {
	h := newHasher().flags(m.Interrupted)
	if m.Error != nil {
		h.str(m.Error.Name, m.Error.Message)
	}
	return h.sum()
}

// partFingerprint hashes one part: the cost follows the part, never the
// session.
func partFingerprint(p reconcile.Part) uint64 {
	h := newHasher().str(p.Type).flags(p.Ended, p.Incomplete)
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
