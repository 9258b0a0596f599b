// Command oracle prints, for each sample type of a pprof profile, the flat
// and cum value of every function as `go tool pprof -top` computes them at
// function granularity (the default): flat is the value of the samples whose
// leaf frame (innermost inlined line of the first location) is the function;
// cum is the value of the samples with the function anywhere in the stack,
// counted once per sample. It reads profiles with github.com/google/pprof,
// the library go tool pprof is built on, and is the reference that gotrap's
// top tables are tested against.
//
// With -diff, it prints the comparison of two profiles as `go tool pprof
// -diff_base BASE NEW` computes it: NEW (scaled per sample type by
// BASE's total over its own with -normalize, as pprof's Profile.Normalize)
// merged with BASE scaled by -1; the tables of BASE, of NEW after
// normalizing, and of the merged profile (the deltas).
//
// Usage: go run . PROFILE...
//
//	go run . -diff [-normalize] BASE NEW
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"

	"github.com/google/pprof/profile"
)

type row struct {
	Function string `json:"function"`
	Flat     int64  `json:"flat"`
	Cum      int64  `json:"cum"`
}

type table struct {
	Type  string `json:"type"`
	Unit  string `json:"unit"`
	Total int64  `json:"total"`
	Rows  []row  `json:"rows"`
}

type result struct {
	Path    string  `json:"path"`
	Samples int     `json:"samples"`
	Tables  []table `json:"tables"`
}

type comparison struct {
	Base result `json:"base"`
	New  result `json:"new"`
	Diff result `json:"diff"`
}

func main() {
	diff := flag.Bool("diff", false, "compare two profiles: BASE NEW")
	normalize := flag.Bool("normalize", false, "with -diff: scale NEW to BASE's total per sample type")
	flag.Parse()
	var out any
	if *diff {
		if flag.NArg() != 2 {
			fmt.Fprintln(os.Stderr, "usage: oracle -diff [-normalize] BASE NEW")
			os.Exit(2)
		}
		c, err := compare(flag.Arg(0), flag.Arg(1), *normalize)
		check(err)
		out = c
	} else {
		var results []result
		for _, path := range flag.Args() {
			p, err := load(path)
			check(err)
			results = append(results, analyze(path, p))
		}
		out = results
	}
	text, err := json.MarshalIndent(out, "", "  ")
	check(err)
	fmt.Println(string(text))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func load(path string) (*profile.Profile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := profile.Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return p, nil
}

// compare follows pprof's internal/driver fetchProfiles for -diff_base.
func compare(basePath, newPath string, normalize bool) (comparison, error) {
	base, err := load(basePath)
	if err != nil {
		return comparison{}, err
	}
	current, err := load(newPath)
	if err != nil {
		return comparison{}, err
	}
	if normalize {
		if err := current.Normalize(base); err != nil {
			return comparison{}, err
		}
	}
	c := comparison{Base: analyze(basePath, base.Copy()), New: analyze(newPath, current.Copy())}
	base.Scale(-1)
	merged, err := profile.Merge([]*profile.Profile{current, base})
	if err != nil {
		return comparison{}, err
	}
	c.Diff = analyze("diff", merged)
	return c, nil
}

func analyze(path string, p *profile.Profile) result {
	// As go tool pprof does before any report.
	if err := p.RemoveUninteresting(); err != nil {
		check(fmt.Errorf("%s: %v", path, err))
	}
	res := result{Path: path, Samples: len(p.Sample)}
	for index, st := range p.SampleType {
		flat := map[string]int64{}
		cum := map[string]int64{}
		var total int64
		for _, s := range p.Sample {
			v := s.Value[index]
			if v < 0 {
				total -= v
			} else {
				total += v
			}
			seen := map[string]bool{}
			leaf := true
			for _, loc := range s.Location {
				names := frames(loc)
				for _, name := range names {
					if leaf {
						flat[name] += v
						leaf = false
					}
					if !seen[name] {
						seen[name] = true
						cum[name] += v
					}
				}
			}
		}
		t := table{Type: st.Type, Unit: st.Unit, Total: total, Rows: []row{}}
		for name, c := range cum {
			t.Rows = append(t.Rows, row{Function: name, Flat: flat[name], Cum: c})
		}
		sort.Slice(t.Rows, func(i, j int) bool { return t.Rows[i].Function < t.Rows[j].Function })
		res.Tables = append(res.Tables, t)
	}
	return res
}

// frames are the function names of one location, innermost inlined first;
// a location without lines is named by its address as pprof shows it.
func frames(loc *profile.Location) []string {
	if len(loc.Line) == 0 {
		return []string{fmt.Sprintf("%016x", loc.Address)}
	}
	var names []string
	for _, line := range loc.Line {
		if line.Function == nil {
			names = append(names, fmt.Sprintf("%016x", loc.Address))
			continue
		}
		names = append(names, line.Function.Name)
	}
	return names
}
