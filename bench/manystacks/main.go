// Command manystacks writes a large real allocation profile: it allocates
// from a great many distinct call stacks (a walk through eight functions,
// 21 calls deep, chosen by the digits of a counter) with every allocation
// sampled, until the profile reaches the requested uncompressed size.
//
//	go run ./bench/manystacks -mb 56 -o allocs.pb.gz
//
// The benchmark (bench/bench.mjs) times gotrap and `go tool pprof -top` on
// its output; the profile is written at benchmark time, never committed.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
)

// Calls below main on each stack: the digits of the stack's number, base 8.
const depth = 21

// Distinct stacks allocated before the profile's size is first measured.
const firstBatch = 100_000

var sink []byte

type step func(n uint64, level int)

var steps [8]step

func init() {
	steps = [8]step{f0, f1, f2, f3, f4, f5, f6, f7}
}

// next calls the function the next base-8 digit of n names, or allocates
// once every digit is spent.
func next(n uint64, level int) {
	if level == depth {
		sink = make([]byte, 16)
		return
	}
	steps[n&7](n>>3, level+1)
}

//go:noinline
func f0(n uint64, level int) { next(n, level) }

//go:noinline
func f1(n uint64, level int) { next(n, level) }

//go:noinline
func f2(n uint64, level int) { next(n, level) }

//go:noinline
func f3(n uint64, level int) { next(n, level) }

//go:noinline
func f4(n uint64, level int) { next(n, level) }

//go:noinline
func f5(n uint64, level int) { next(n, level) }

//go:noinline
func f6(n uint64, level int) { next(n, level) }

//go:noinline
func f7(n uint64, level int) { next(n, level) }

// uncompressedSize is the size of the gzip stream's content.
func uncompressedSize(compressed []byte) (int64, error) {
	reader, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		return 0, err
	}
	return io.Copy(io.Discard, reader)
}

func main() {
	megabytes := flag.Int("mb", 56, "smallest uncompressed size of the profile, in MB (10^6 bytes)")
	output := flag.String("o", "allocs.pb.gz", "where to write the profile (gzip-compressed protobuf)")
	flag.Parse()
	runtime.MemProfileRate = 1

	var profile bytes.Buffer
	target := int64(*megabytes) * 1_000_000
	var stacks uint64
	for goal := uint64(firstBatch); ; {
		for ; stacks < goal; stacks++ {
			next(stacks, 0)
		}
		// Allocation records are published by the garbage collector.
		runtime.GC()
		profile.Reset()
		if err := pprof.Lookup("allocs").WriteTo(&profile, 0); err != nil {
			fmt.Fprintln(os.Stderr, "manystacks:", err)
			os.Exit(1)
		}
		size, err := uncompressedSize(profile.Bytes())
		if err != nil {
			fmt.Fprintln(os.Stderr, "manystacks:", err)
			os.Exit(1)
		}
		if size < target {
			// Bytes per stack are nearly constant: aim a little past the target.
			goal = stacks + stacks*uint64(target-size)/uint64(size)*21/20 + 1
			continue
		}
		if err := os.WriteFile(*output, profile.Bytes(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "manystacks:", err)
			os.Exit(1)
		}
		fmt.Printf("%d distinct stacks, %d bytes uncompressed, %d bytes gzip\n", stacks, size, profile.Len())
		return
	}
}
