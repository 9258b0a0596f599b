//go:build fast

package bench

import "strings"

// Join concatenates the parts with commas into one growing buffer.
func Join(parts []string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p)
		b.WriteByte(',')
	}
	return b.String()
}
