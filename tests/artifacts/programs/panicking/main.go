// Command panicking indexes past the end of a slice in a worker goroutine:
// the panic is not recovered, so it stops the whole program.
package main

import (
	"fmt"
	"sync"
)

func lastWord(words []string) string {
	return words[len(words)] // off by one: len(words)-1
}

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		fmt.Println(lastWord([]string{"a", "b", "c"}))
	}()
	wg.Wait()
}
