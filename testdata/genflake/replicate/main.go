// Command replicate makes a large `nixsec eval` document from a small
// one: its hosts repeated under new names, for measuring nixsec's own
// memory and time at fleet scale without evaluating the fleet
// (scripts/bench.sh).
//
//	go run ./testdata/genflake/replicate -in doc100.json -hosts 1000 -out doc1000.json
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
)

func main() {
	in := flag.String("in", "", "a document written by nixsec eval")
	hosts := flag.Int("hosts", 1000, "hosts in the output")
	out := flag.String("out", "", "output file")
	flag.Parse()
	if err := run(*in, *out, *hosts); err != nil {
		fmt.Fprintln(os.Stderr, "replicate:", err)
		os.Exit(1)
	}
}

func run(in, out string, n int) error {
	b, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b, &doc); err != nil {
		return err
	}
	var hs []map[string]json.RawMessage
	if err := json.Unmarshal(doc["hosts"], &hs); err != nil {
		return err
	}
	if len(hs) == 0 {
		return fmt.Errorf("%s has no hosts", in)
	}
	outHosts := make([]map[string]json.RawMessage, n)
	for i := range outHosts {
		h := map[string]json.RawMessage{}
		for k, v := range hs[i%len(hs)] {
			h[k] = v
		}
		name, _ := json.Marshal(fmt.Sprintf("r%04d", i+1))
		h["host"] = name
		outHosts[i] = h
	}
	if doc["hosts"], err = json.Marshal(outHosts); err != nil {
		return err
	}
	b, err = json.Marshal(doc)
	if err != nil {
		return err
	}
	return os.WriteFile(out, b, 0o644)
}
