package bench

import (
	"fmt"
	"strings"
	"testing"
)

func BenchmarkJoin(b *testing.B) {
	for _, n := range []int{16, 256} {
		parts := strings.Fields(strings.Repeat("gopher ", n))
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = Join(parts)
			}
			b.ReportMetric(float64(len(parts)), "parts/op")
		})
	}
}

func BenchmarkSum(b *testing.B) {
	data := make([]byte, 4096)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		_ = Sum(data)
	}
}
