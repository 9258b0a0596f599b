//go:build !fast

// Package bench has benchmarks whose results tests/artifacts/generate.sh
// records twice: built as is (join by string concatenation, the base) and
// with -tags fast (join with strings.Builder), so that one benchmark changes
// and the others do not.
package bench

// Join concatenates the parts with commas, copying the string every time.
func Join(parts []string) string {
	s := ""
	for _, p := range parts {
		s += p + ","
	}
	return s
}
