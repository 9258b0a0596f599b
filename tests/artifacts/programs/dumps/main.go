// Command dumps writes goroutine dumps of a program with a leak: request
// handlers each spawn a worker that sends its result on an unbuffered
// channel, give up after a timeout, and leave the worker parked on the send
// forever. Beside the 150 leaked workers, 4 pool workers wait for jobs on a
// shared channel and one goroutine waits on a mutex. It writes the dump in
// both text forms of the goroutine profile: debug=1 (counts by stack) and
// debug=2 (every goroutine, as in a crash). With -wait, it sleeps (and
// collects garbage around the sleep) before dumping so the parked
// goroutines show their wait time (the runtime prints it from one minute on).
package main

import (
	"errors"
	"flag"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

func fetch(timeout time.Duration) error {
	result := make(chan int) // unbuffered: the worker's send blocks forever once fetch returns
	go func() {
		time.Sleep(time.Millisecond)
		result <- 42
	}()
	select {
	case <-result:
		return nil
	case <-time.After(timeout):
		return errors.New("timeout")
	}
}

func poolWorker(jobs <-chan func()) {
	for job := range jobs {
		job()
	}
}

func main() {
	out := flag.String("out", ".", "directory for the dumps")
	wait := flag.Duration("wait", 0, "how long the goroutines wait before the dump")
	flag.Parse()
	for i := 0; i < 150; i++ {
		_ = fetch(0)
	}
	jobs := make(chan func())
	for i := 0; i < 4; i++ {
		go poolWorker(jobs)
	}
	var mu sync.Mutex
	mu.Lock()
	go func() {
		mu.Lock() // waits for the lock main holds until it exits
		defer mu.Unlock()
	}()
	time.Sleep(50 * time.Millisecond)
	if *wait > 0 {
		// A collection that finds a goroutine parked stamps the time; one
		// after the wait as well makes sure every parked goroutine is seen.
		runtime.GC()
		time.Sleep(*wait)
		runtime.GC()
	}
	write(*out+"/goroutine-debug1.txt", 1)
	write(*out+"/goroutine-debug2.txt", 2)
}

func write(path string, debug int) {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := pprof.Lookup("goroutine").WriteTo(f, debug); err != nil {
		log.Fatal(err)
	}
}
