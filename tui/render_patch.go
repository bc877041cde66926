package tui

import (
	"encoding/json"
	"path"
	"strings"

	"github.com/dstail/dstail/reconcile"
)

// renderPatch summarises the files a step changed: base names on one line
// while collapsed, one full path a line when expanded.
func renderPatch(st *Styles, o renderOpts, p reconcile.Part) []string {
	var w struct {
		Files []string `json:"files"`
	}
	_ = json.Unmarshal(p.Raw, &w)
	head := "± " + plural(len(w.Files), "file") + " changed"
	if !o.Expanded {
		names := make([]string, 0, len(w.Files))
		for _, f := range w.Files {
			names = append(names, path.Base(cleanLine(f)))
		}
		if len(names) > 0 {
			head += ": " + strings.Join(names, ", ")
		}
		return []string{oneLine(head, o.Width, st.Meta)}
	}
	out := []string{oneLine(head, o.Width, st.Meta)}
	for _, f := range w.Files {
		out = append(out, oneLine("  "+cleanLine(f), o.Width, st.Meta))
	}
	return out
}

// renderFile renders an attachment as its name and media type.
func renderFile(st *Styles, o renderOpts, p reconcile.Part) []string {
	var w struct {
		Mime     string `json:"mime"`
		URL      string `json:"url"`
		Filename string `json:"filename"`
	}
	_ = json.Unmarshal(p.Raw, &w)
	name := cleanLine(w.Filename)
	if name == "" && !strings.HasPrefix(w.URL, "data:") {
		name = cleanLine(w.URL)
	}
	if name == "" {
		name = "attachment"
	}
	s := "⎘ " + name
	if m := cleanLine(w.Mime); m != "" {
		s += " (" + m + ")"
	}
	return []string{oneLine(s, o.Width, st.Meta)}
}

// renderOther renders part types without a dedicated renderer by name and
// their most telling field.
func renderOther(st *Styles, o renderOpts, p reconcile.Part) []string {
	var w struct {
		Name        string `json:"name"`
		Description string `json:"description"`
	}
	_ = json.Unmarshal(p.Raw, &w)
	s := "· " + cleanLine(p.Type)
	switch p.Type {
	case "compaction":
		s = "· context compacted"
	case "agent":
		s = "· @" + cleanLine(w.Name)
	case "subtask":
		s = "· subtask: " + cleanLine(w.Description)
	}
	return []string{oneLine(s, o.Width, st.Meta)}
}
