// Command escape has the allocations -gcflags=-m reports: values moved to
// the heap inside loops, a buffer too large for the stack, and values that
// stay on the stack. tests/artifacts/generate.sh saves its -m and -m -m
// escape reports.
package main

import (
	"fmt"
	"os"
	"strings"
)

type record struct {
	id   int
	name string
}

var index []*record

// load keeps a pointer to a variable declared in the loop body: every
// iteration moves a fresh record to the heap.
func load(names []string) {
	for i, name := range names {
		r := record{id: i, name: name}
		index = append(index, &r)
	}
}

// checksum's 1 MiB array is too large for the stack.
func checksum(data []byte) byte {
	var scratch [1 << 20]byte
	copy(scratch[:], data)
	var sum byte
	for _, b := range scratch {
		sum ^= b
	}
	return sum
}

// buffer returns a large buffer: its backing array escapes.
func buffer() []byte {
	return make([]byte, 256<<10)
}

// count uses a small map and slice that stay on the stack.
func count(words []string) int {
	seen := map[string]bool{}
	lengths := []int{0, 0, 0}
	for _, w := range words {
		seen[w] = true
		if len(w) < len(lengths) {
			lengths[len(w)]++
		}
	}
	return len(seen) + lengths[1]
}

func main() {
	names := strings.Fields("ada grace alan edsger barbara")
	load(names)
	fmt.Fprintln(os.Stdout, len(index), checksum([]byte("gotrap")), len(buffer()), count(names))
}
