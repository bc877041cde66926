package tui

import (
	"encoding/json"

	"github.com/dstail/dstail/reconcile"
)

// stepFinishWire is the part of a step-finish part the UI shows.
type stepFinishWire struct {
	Reason string  `json:"reason"`
	Cost   float64 `json:"cost"`
	Tokens struct {
		Input     int64 `json:"input"`
		Output    int64 `json:"output"`
		Reasoning int64 `json:"reasoning"`
		Cache     struct {
			Read  int64 `json:"read"`
			Write int64 `json:"write"`
		} `json:"cache"`
	} `json:"tokens"`
}

// renderStepFinish renders the end of a step: reason, tokens and cost.
func renderStepFinish(st *Styles, o renderOpts, p reconcile.Part) []string {
	var w stepFinishWire
	_ = json.Unmarshal(p.Raw, &w)
	t := reconcile.Tokens{Input: w.Tokens.Input, Output: w.Tokens.Output, Reasoning: w.Tokens.Reasoning,
		CacheRead: w.Tokens.Cache.Read, CacheWrite: w.Tokens.Cache.Write}
	s := "─ step"
	if r := cleanLine(w.Reason); r != "" {
		s += " (" + r + ")"
	}
	s += " · " + tokenSummary(t) + " · " + money(w.Cost)
	return []string{oneLine(s, o.Width, st.Meta)}
}
