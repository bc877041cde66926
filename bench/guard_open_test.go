package bench

import (
	"testing"
)

// The session-open guard: a short BenchmarkSessionOpen with generous
// bounds, to catch memory that grows with the session again, or work that
// grows faster than the session (a merge that scanned every part for each
// message took 111x curl's time at 3,000 messages).
const (
	guardOpenMessages = 3000
	guardOpenRSSRatio = 1.5  // peak RSS at 3,000 messages / at 10 (target 1.1)
	guardOpenGrowth   = 4.0  // CPU at 3,000 messages / at 1,000 (linear: under 3)
	guardOpenCurl     = 25.0 // dstail wall time / curl's, at 3,000 messages (measured 5-6x)
)

func TestGuardSessionOpen(t *testing.T) {
	bin := dstailBinary(t)
	curl := lookTool(t, "curl")
	shortURL, shortID := serveLongSession(t, 10)
	thirdURL, thirdID := serveLongSession(t, guardOpenMessages/3)
	longURL, longID := serveLongSession(t, guardOpenMessages)
	checkSessionOpen(t, bin, longURL, longID, guardOpenMessages)
	res, err := alternate(guardRounds, []contender{
		{"dstail 10", dstailOpen(t, bin, shortURL, shortID)},
		{"dstail third", dstailOpen(t, bin, thirdURL, thirdID)},
		{"dstail long", dstailOpen(t, bin, longURL, longID)},
		{"curl long", curlMessages(curl, longURL, longID)},
	})
	if err != nil {
		t.Fatal(err)
	}
	rssRatio := ratio(res.rss("dstail long"), res.rss("dstail 10"))
	growth := ratio(res.cpu("dstail long"), res.cpu("dstail third"))
	curlRatio := ratio(res.wall("dstail long"), res.wall("curl long"))
	t.Logf("session open, fake OpenCode: %d messages %s (CPU %s, peak RSS %s); %d: CPU %s (%.2fx); 10: peak RSS %s (%.2fx); curl of the list %s (%.1fx)",
		guardOpenMessages, ms(res.wall("dstail long")), ms(res.cpu("dstail long")), mib(res.rss("dstail long")),
		guardOpenMessages/3, ms(res.cpu("dstail third")), growth, mib(res.rss("dstail 10")), rssRatio, ms(res.wall("curl long")), curlRatio)
	if rssRatio > guardOpenRSSRatio {
		t.Errorf("peak RSS opening %d messages is %.2fx that of 10, bound %.1fx (target 1.1x): memory grows with the session", guardOpenMessages, rssRatio, guardOpenRSSRatio)
	}
	if growth > guardOpenGrowth {
		t.Errorf("3x the messages took %.1fx the CPU, bound %.1fx: the work grows faster than the session", growth, guardOpenGrowth)
	}
	if curlRatio > guardOpenCurl {
		t.Errorf("opening %d messages takes %.1fx curl's time for the list, bound %.0fx: see BENCHMARKS.md", guardOpenMessages, curlRatio, guardOpenCurl)
	}
}
