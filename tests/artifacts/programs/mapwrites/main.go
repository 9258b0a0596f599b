// Command mapwrites counts words from several goroutines into one map without
// a lock, endlessly (so the race happens however busy the machine); the runtime
// detects it and stops the program with "fatal error: concurrent map writes".
package main

import (
	"fmt"
	"sync"
)

func main() {
	counts := map[int]int{}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				counts[i%1000]++ // unsynchronised write
			}
		}()
	}
	wg.Wait()
	fmt.Println(len(counts))
}
