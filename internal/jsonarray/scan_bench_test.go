package jsonarray

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkScanValue checks one typical 200-byte message.
func BenchmarkScanValue(b *testing.B) {
	msg := []byte(fmt.Sprintf(`{"n":%d,"kind":"event","text":%q},`, 12345, strings.Repeat("lorem ipsum dolor sit amet ", 6)))
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		if scanValue(msg, 0, 1) < 0 {
			b.Fatal("invalid")
		}
	}
}
