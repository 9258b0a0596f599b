// Command cputrap spends its CPU in time.Now and fmt.Sprintf inside a hot
// loop, and writes a CPU profile.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/pprof"
	"time"
)

var sink int

// hot formats every key with fmt.Sprintf and reads the clock on every
// iteration, which dominates the loop's real work.
func hot(n int) {
	for i := 0; i < n; i++ {
		start := time.Now()
		key := fmt.Sprintf("%d", i)
		sink += len(key) + int(time.Since(start))
	}
}

func main() {
	out := flag.String("out", ".", "directory for the profile")
	seconds := flag.Float64("seconds", 1.5, "how long to run")
	flag.Parse()
	f, err := os.Create(*out + "/cpu.pb.gz")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Fatal(err)
	}
	deadline := time.Now().Add(time.Duration(*seconds * float64(time.Second)))
	for time.Now().Before(deadline) {
		hot(10000)
	}
	pprof.StopCPUProfile()
}
