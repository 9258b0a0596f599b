// Command gcpressure allocates short-lived garbage as fast as it can while a
// pointer-rich live heap of a few MB stays reachable and GOGC is set to 10
// (debug.SetGCPercent): the heap goal is only 10% above the live heap, so the
// collector runs almost continuously, marking the same live list each time,
// and the allocating goroutines are drafted into mark assist. Run it with GODEBUG=gctrace=1;
// the trace goes to stderr.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

type node struct {
	next *node
	data [6]int64
}



func churn(stop <-chan struct{}, live []*node) int {
	n := 0
	for {
		select {
		case <-stop:
			return n
		default:
		}
		// A short linked list per round: pointers to scan, dead at once.
		var head *node
		for i := 0; i < 256; i++ {
			head = &node{next: head}
			head.data[0] = int64(i)
		}
		live[n%len(live)] = head
		n++
	}
}

func main() {
	seconds := flag.Float64("seconds", 1.0, "how long to allocate")
	flag.Parse()
	debug.SetGCPercent(10)
	// The live set: 64k nodes of 64 bytes each, linked, about 4 MB.
	var live *node
	for i := 0; i < 1<<16; i++ {
		live = &node{next: live}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	total := make([]int, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			total[w] = churn(stop, make([]*node, 8))
		}(w)
	}
	time.Sleep(time.Duration(*seconds * float64(time.Second)))
	close(stop)
	wg.Wait()
	sum := 0
	for _, n := range total {
		sum += n
	}
	fmt.Println("rounds:", sum)
	runtime.KeepAlive(live)
}
