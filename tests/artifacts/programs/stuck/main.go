// Command stuck hangs: 120 goroutines wait on a sync.Cond that nobody
// signals while main sleeps. tests/artifacts/generate.sh sends it SIGQUIT,
// which makes the runtime print every goroutine and exit: the usual way to
// get a dump out of a program that is stuck in production.
package main

import (
	"sync"
	"time"
)

func main() {
	var mu sync.Mutex
	ready := sync.NewCond(&mu)
	for i := 0; i < 120; i++ {
		go func() {
			mu.Lock()
			ready.Wait() // nobody calls Signal or Broadcast
			mu.Unlock()
		}()
	}
	time.Sleep(time.Hour)
}
