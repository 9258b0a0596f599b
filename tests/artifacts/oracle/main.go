// Command oracle prints, for each sample type of a pprof profile, the flat
// and cum value of every function as `go tool pprof -top` computes them at
// function granularity (the default): flat is the value of the samples whose
// leaf frame (innermost inlined line of the first location) is the function;
// cum is the value of the samples with the function anywhere in the stack,
// counted once per sample. It reads profiles with github.com/google/pprof,
// the library go tool pprof is built on, and is the reference that gotrap's
// top tables are tested against.
//
// Usage: go run . PROFILE...
package main

import (
	"encoding/json"
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

func main() {
	var results []result
	for _, path := range os.Args[1:] {
		r, err := analyze(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			os.Exit(1)
		}
		results = append(results, r)
	}
	out, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		panic(err)
	}
	fmt.Println(string(out))
}

func analyze(path string) (result, error) {
	f, err := os.Open(path)
	if err != nil {
		return result{}, err
	}
	defer f.Close()
	p, err := profile.Parse(f)
	if err != nil {
		return result{}, err
	}
	// As go tool pprof does before any report.
	if err := p.RemoveUninteresting(); err != nil {
		return result{}, err
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
	return res, nil
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
