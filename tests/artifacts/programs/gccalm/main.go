// Command gccalm allocates a little, steadily, from a retained buffer: the
// collector runs a handful of times over the whole run. Run it with
// GODEBUG=gctrace=1; the trace goes to stderr.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"time"
)

func main() {
	seconds := flag.Float64("seconds", 1.0, "how long to run")
	flag.Parse()
	buf := make([]byte, 0, 1<<20)
	deadline := time.Now().Add(time.Duration(*seconds * float64(time.Second)))
	rounds := 0
	for time.Now().Before(deadline) {
		buf = buf[:0]
		for i := 0; i < 1000; i++ {
			buf = append(buf, byte(i))
		}
		// 256 KB of garbage per round: a collection every few dozen rounds.
		scratch := make([]byte, 256<<10)
		scratch[rounds%len(scratch)] = byte(rounds)
		rounds++
		time.Sleep(10 * time.Millisecond)
	}
	runtime.GC() // one forced collection at the end
	fmt.Println("rounds:", rounds)
}
