// Command dropframes copies a pprof profile with its drop_frames and
// keep_frames fields set, using github.com/google/pprof (the Go runtime
// never sets them). tests/artifacts/generate.sh makes
// profiles/cpu-dropframes.pb.gz with it.
//
// Usage: go run ./dropframes -drop REGEXP [-keep REGEXP] IN OUT
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/google/pprof/profile"
)

func main() {
	drop := flag.String("drop", "", "drop_frames regexp")
	keep := flag.String("keep", "", "keep_frames regexp")
	flag.Parse()
	if flag.NArg() != 2 || *drop == "" {
		fmt.Fprintln(os.Stderr, "usage: dropframes -drop REGEXP [-keep REGEXP] IN OUT")
		os.Exit(2)
	}
	if err := rewrite(flag.Arg(0), flag.Arg(1), *drop, *keep); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func rewrite(in, out, drop, keep string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	p, err := profile.Parse(f)
	if err != nil {
		return err
	}
	p.DropFrames, p.KeepFrames = drop, keep
	w, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := p.Write(w); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}
