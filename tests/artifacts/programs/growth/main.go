// Command growth takes two snapshots of a program whose request handlers
// leak a worker each (parked forever on an unbuffered send): after 30
// requests and after 130 more. Beside them, 4 pool workers wait for jobs in
// both snapshots, and 10 batch goroutines sleeping in the first have finished
// by the second. Each snapshot is written as a goroutine profile and as a
// debug=2 goroutine dump; comparing them shows the leak growing.
package main

import (
	"errors"
	"flag"
	"log"
	"os"
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

func batch(done *sync.WaitGroup, release <-chan struct{}) {
	defer done.Done()
	<-release
}

func main() {
	out := flag.String("out", ".", "directory for the snapshots")
	flag.Parse()
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
	for i := 0; i < 30; i++ {
		_ = fetch(0)
	}
	time.Sleep(50 * time.Millisecond)
	snapshot(*out, "base")
	close(release)
	batches.Wait()
	for i := 0; i < 130; i++ {
		_ = fetch(0)
	}
	time.Sleep(50 * time.Millisecond)
	snapshot(*out, "new")
}

// snapshot writes goroutine-<name>.pb.gz (the goroutine profile) and
// goroutine-<name>.txt (its debug=2 text).
func snapshot(dir, name string) {
	for _, form := range []struct {
		file  string
		debug int
	}{{"goroutine-" + name + ".pb.gz", 0}, {"goroutine-" + name + ".txt", 2}} {
		f, err := os.Create(dir + "/" + form.file)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.Lookup("goroutine").WriteTo(f, form.debug); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
}
