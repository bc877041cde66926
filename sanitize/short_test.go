package sanitize

import (
	"strings"
	"testing"
)

func TestShortForm(t *testing.T) {
	if got := ShortForm("0000_0012"); got != "0000_0012" {
		t.Errorf("short value changed: %q", got)
	}
	long := strings.Repeat("é", 100)
	got := ShortForm(long)
	if len(got) > 100 || !strings.HasSuffix(got, "… (200 bytes)") || !strings.HasPrefix(got, "éé") {
		t.Errorf("ShortForm = %q", got)
	}
}
