package tui

import "strings"

// blockScan reads streaming Markdown a complete line at a time and says,
// for each block that a blank line ends, what decides whether it can be
// rendered apart from its neighbours (see textStream).
type blockScan struct {
	naiveFence bool   // where blocks are cut: every ``` or ~~~ line toggles
	fenceChar  byte   // CommonMark's view: the open fence's character, 0 when none
	fenceLen   int    // and its length; a closing fence is at least as long
	htmlEnd    string // what closes an open HTML block that blank lines do not end
	cur        blockInfo
}

// blockInfo is what a finished block tells about its neighbours.
type blockInfo struct {
	indented bool // starts indented: a list item's continuation, or code
	colon    bool // starts with ':': a definition of the term before it
	html     bool // starts with '<'
	hasList  bool // holds a list item, which a later block may continue
	open     bool // a code fence or HTML block is still open after it
	refDef   bool // defines a link reference, which any block may use
}

// separable reports whether next, rendered on its own, looks as it does
// rendered after prev: glamour joins independent blocks with one blank line.
func separable(prev, next blockInfo) bool {
	return !prev.open && !prev.hasList && !prev.html && !prev.colon && !next.indented && !next.colon && !next.html && !next.refDef
}

// then is what a segment ending in b tells once next joins it: a block
// that continues b (inside its open fence or HTML, or indented under its
// list) leaves b's list, HTML or definition open.
func (b blockInfo) then(next blockInfo) blockInfo {
	if b.open || next.indented {
		next.hasList = next.hasList || b.hasList
		next.html = next.html || b.html
		next.colon = next.colon || b.colon
	}
	return next
}

// line takes in one complete line of the open block.
func (b *blockScan) line(l string) {
	t := strings.TrimLeft(l, " ")
	if b.fenceChar != 0 {
		if closesFence(t, b.fenceChar, b.fenceLen) {
			b.fenceChar = 0
		}
		return
	}
	if c, n := fenceOpening(t); n > 0 {
		b.fenceChar, b.fenceLen = c, n
		return
	}
	if b.htmlEnd != "" {
		if strings.Contains(strings.ToLower(t), b.htmlEnd) {
			b.htmlEnd = ""
		}
		return
	}
	b.htmlEnd = htmlBlockEnd(t)
	b.cur.hasList = b.cur.hasList || listItem(t)
	b.cur.refDef = b.cur.refDef || strings.HasPrefix(t, "[") && strings.Contains(t, "]:")
}

// finish describes the block of lines just ended by a blank line.
func (b *blockScan) finish(lines []string) blockInfo {
	info := b.cur
	b.cur = blockInfo{}
	first := lines[0]
	t := strings.TrimLeft(first, " ")
	info.indented = len(t) < len(first)
	info.colon = strings.HasPrefix(t, ":")
	info.html = strings.HasPrefix(t, "<")
	info.open = b.fenceChar != 0 || b.htmlEnd != ""
	return info
}

// fenceOpening returns the character and length of a code fence that t
// opens, or 0.
func fenceOpening(t string) (byte, int) {
	if len(t) < 3 || t[0] != '`' && t[0] != '~' {
		return 0, 0
	}
	n := len(t) - len(strings.TrimLeft(t, t[:1]))
	if n < 3 || t[0] == '`' && strings.Contains(t[n:], "`") {
		return 0, 0
	}
	return t[0], n
}

func closesFence(t string, c byte, n int) bool {
	rest := strings.TrimLeft(t, string(c))
	return len(t)-len(rest) >= n && strings.TrimSpace(rest) == ""
}

// htmlBlockEnd returns what ends an HTML block that t starts and that
// blank lines do not end (CommonMark's kinds 1 to 5), or "" when t starts
// none or ends it on the same line.
func htmlBlockEnd(t string) string {
	if !strings.HasPrefix(t, "<") {
		return ""
	}
	lower := strings.ToLower(t)
	end, start := "", 0
	switch {
	case strings.HasPrefix(lower, "<!--"):
		end, start = "-->", 4
	case strings.HasPrefix(lower, "<?"):
		end, start = "?>", 2
	case strings.HasPrefix(lower, "<![cdata["):
		end, start = "]]>", 9
	case len(lower) > 2 && lower[1] == '!' && lower[2] >= 'a' && lower[2] <= 'z':
		end, start = ">", 2
	default:
		for _, tag := range []string{"script", "pre", "style", "textarea"} {
			rest, ok := strings.CutPrefix(lower[1:], tag)
			if ok && (rest == "" || rest[0] == ' ' || rest[0] == '>') {
				end, start = "</"+tag+">", 1+len(tag)
			}
		}
	}
	if end == "" || strings.Contains(lower[start:], end) {
		return ""
	}
	return end
}

// listItem reports whether t (without its indent) starts a list item.
func listItem(t string) bool {
	if t == "" {
		return false
	}
	switch t[0] {
	case '-', '*', '+':
		return len(t) == 1 || t[1] == ' '
	}
	digits := len(t) - len(strings.TrimLeft(t, "0123456789"))
	if digits == 0 || digits > 9 || digits == len(t) || t[digits] != '.' && t[digits] != ')' {
		return false
	}
	return digits+1 == len(t) || t[digits+1] == ' '
}
