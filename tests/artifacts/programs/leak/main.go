// Command leak starts request handlers that each spawn a worker which sends
// its result on an unbuffered channel; the handler gives up after a timeout
// and the worker stays parked on the send forever. It writes a goroutine
// profile, a threadcreate profile and, where the runtime supports it (GOEXPERIMENT=goroutineleakprofile,
// Go 1.26), a goroutineleak profile.
package main

import (
	"errors"
	"flag"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
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

func main() {
	out := flag.String("out", ".", "directory for the profiles")
	flag.Parse()
	for i := 0; i < 150; i++ {
		_ = fetch(0)
	}
	time.Sleep(50 * time.Millisecond)
	write(*out+"/goroutine.pb.gz", "goroutine")
	write(*out+"/threadcreate.pb.gz", "threadcreate")
	if pprof.Lookup("goroutineleak") != nil {
		runtime.GC()
		write(*out+"/goroutineleak.pb.gz", "goroutineleak")
	}
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
