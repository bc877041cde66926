package app

import "testing"

func TestGoodHeadersPass(t *testing.T) {
	for _, line := range []string{"Authorization: Bearer abc", "X-A:b", "X-Empty:", "X-Tab: a\tb", "X-UTF8: héllo"} {
		if _, _, err := parseHeaderLine(line); err != nil {
			t.Errorf("%q: %v", line, err)
		}
	}
}
