// Command contention has eight goroutines update one map under one
// sync.Mutex held while doing work, and writes the mutex profile (stacks of
// the holders at Unlock) and the block profile (stacks of the waiters).
package main

import (
	"flag"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
)

type cache struct {
	mu sync.Mutex
	m  map[string]int
}

// update holds the lock while it formats the key: every other goroutine waits.
func (c *cache) update(i int) {
	c.mu.Lock()
	key := strconv.Itoa(i % 1000)
	sum := 0
	for j := 0; j < 200; j++ {
		sum += j * i
	}
	c.m[key] += sum
	c.mu.Unlock()
}

func main() {
	out := flag.String("out", ".", "directory for the profiles")
	flag.Parse()
	runtime.SetMutexProfileFraction(1)
	runtime.SetBlockProfileRate(1)
	c := &cache{m: map[string]int{}}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20000; i++ {
				c.update(i)
			}
		}()
	}
	wg.Wait()
	write(*out+"/mutex.pb.gz", "mutex")
	write(*out+"/block.pb.gz", "block")
}

func write(path, name string) {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		log.Fatal(err)
	}
}
