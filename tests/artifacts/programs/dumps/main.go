// Command dumps writes goroutine dumps of a program with a leak: request
// handlers each spawn a worker that sends its result on an unbuffered channel,
// give up after a timeout and leave the worker parked on the send forever.
// Beside 150 leaked workers, 4 pool workers wait for jobs and one goroutine
// waits on a mutex; the dump is written as debug=1 (counts by stack) and
// debug=2 (every goroutine, as in a crash). With -wait it sleeps first, so the
// parked goroutines show their wait time (printed from one minute on). With
// -snapshots it writes two snapshots of a growing leak instead (see growth).
// (Lines are pinned: the committed dumps name them.)
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
	flag.Parse()
	if *snapshots {
		growth(*out)
		return
	}
	leak(150)
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
	settle()
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

var (
	out       = flag.String("out", ".", "directory for the dumps")
	wait      = flag.Duration("wait", 0, "how long the goroutines wait before the dump")
	snapshots = flag.Bool("snapshots", false, "write two snapshots of a growing leak instead of the dumps")
)

// leak makes n requests, each leaving its worker parked.
func leak(n int) {
	for i := 0; i < n; i++ {
		_ = fetch(0)
	}
}

// growth takes two snapshots of the leak: after 30 requests and after 130
// more. Beside them, 4 pool workers wait for jobs in both snapshots, and 10
// batch goroutines waiting in the first have finished by the second. Each
// snapshot is written as a goroutine profile, goroutine-<name>.pb.gz, and
// as its debug=2 text, goroutine-<name>.txt.
func growth(dir string) {
	jobs := make(chan func())
	for i := 0; i < 4; i++ {
		go poolWorker(jobs)
	}
	var batches sync.WaitGroup
	release := make(chan struct{})
	for i := 0; i < 10; i++ {
		batches.Add(1)
		go batch(&batches, release)
	}
	leak(30)
	settle()
	snapshot(dir, "base")
	close(release)
	batches.Wait()
	leak(130)
	settle()
	snapshot(dir, "new")
}

func batch(done *sync.WaitGroup, release <-chan struct{}) {
	defer done.Done()
	<-release
}

func snapshot(dir, name string) {
	write(dir+"/goroutine-"+name+".pb.gz", 0)
	write(dir+"/goroutine-"+name+".txt", 2)
}

// settle waits, ten seconds at most, until no goroutine but the caller is
// running, runnable or asleep: a fixed pause is not always long enough on a
// busy machine for every worker to reach the place where it stays parked.
func settle() {
	stacks := make([]byte, 1<<20)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		text := string(stacks[:runtime.Stack(stacks, true)])
		if occurrences(text, " [running]:") == 1 && occurrences(text, " [runnable") == 0 && occurrences(text, " [sleep") == 0 {
			return
		}
	}
}

// occurrences counts s in text (the program keeps its imports, whose lines
// the committed dumps pin).
func occurrences(text, s string) int {
	n := 0
	for i := 0; i+len(s) <= len(text); i++ {
		if text[i:i+len(s)] == s {
			n++
		}
	}
	return n
}
