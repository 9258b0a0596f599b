// Command deadlock waits for workers that can never finish: each sends its
// result on an unbuffered channel that main only reads after wg.Wait, so
// every goroutine blocks and the runtime stops the program with
// "fatal error: all goroutines are asleep - deadlock!".
package main

import (
	"fmt"
	"sync"
)

func main() {
	results := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- i * i // nobody receives until every worker is done
		}()
	}
	wg.Wait()
	close(results)
	for r := range results {
		fmt.Println(r)
	}
}
