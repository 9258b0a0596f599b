// Command allocs builds a fresh map and a formatted string for every record
// it processes, and writes the heap and allocs profiles (alloc_* and
// inuse_* samples; allocs defaults to alloc_space).
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
)

type record struct {
	id    int
	attrs map[string]string
}

var sink []record

// process allocates a map and a string per record: the allocation hotspot.
func process(n int) {
	for i := 0; i < n; i++ {
		attrs := map[string]string{"kind": "user", "name": fmt.Sprint("u", i)}
		r := record{id: i, attrs: attrs}
		if i%100 == 0 {
			sink = append(sink, r)
		}
	}
}

func main() {
	out := flag.String("out", ".", "directory for the profiles")
	records := flag.Int("records", 200000, "records to process")
	flag.Parse()
	runtime.MemProfileRate = 64 * 1024
	process(*records)
	runtime.GC()
	for _, name := range []string{"heap", "allocs"} {
		f, err := os.Create(*out + "/" + name + ".pb.gz")
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
}
