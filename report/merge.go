package report

import (
	"errors"
	"fmt"
)

// Shard is one sharded run's report and the name it is known by (its
// file), for messages.
type Shard struct {
	Name   string
	Report *Report
}

// ErrFailOnDiffers is wrapped by Merge's error when two shards were
// checked with different fail-on severities; set every shard's FailOn to
// one value to merge them anyway.
var ErrFailOnDiffers = errors.New("shards have different fail-on severities")

// Merge combines the reports of a sharded run as if the hosts had been
// checked in one run: hosts, findings and errors are unions in the one
// order (Sort). The shards must be of one flake, one configuration (their
// gates) and one FailOn, and no host may be in two of them. A baseline's
// gone count cannot be recombined exactly from shards (each shard misses
// the other shards' findings); the smallest is kept, an upper bound.
func Merge(shards []Shard) (*Report, error) {
	rep := &Report{Findings: []Finding{}, Errors: []HostError{}, Hosts: []string{}}
	owner := map[string]string{}
	for i, s := range shards {
		in := s.Report
		if i == 0 {
			rep.Flake, rep.FailOn, rep.BaselineGone = in.Flake, in.FailOn, in.BaselineGone
			rep.Gate = in.Gate
		} else {
			first := shards[0].Name
			if !sameGate(rep.Gate, in.Gate) {
				return nil, fmt.Errorf("%s and %s were checked with different configurations (their gate sections differ): merge shards of one run", first, s.Name)
			}
			rep.Gate = mergeSuppressions(rep.Gate, in.Gate)
			if in.Flake != rep.Flake {
				return nil, fmt.Errorf("%s is a report of %s, %s of %s: merge reports of one flake", s.Name, in.Flake, first, rep.Flake)
			}
			if in.FailOn != rep.FailOn {
				return nil, fmt.Errorf("%s was checked failing on %s, %s on %s: %w", s.Name, in.FailOn, first, rep.FailOn, ErrFailOnDiffers)
			}
			rep.BaselineGone = min(rep.BaselineGone, in.BaselineGone)
		}
		for _, h := range in.Hosts {
			if prev, ok := owner[h]; ok {
				return nil, fmt.Errorf("host %s is in %s and in %s: shards overlap", h, prev, s.Name)
			}
			owner[h] = s.Name
			rep.Hosts = append(rep.Hosts, h)
		}
		rep.Findings = append(rep.Findings, in.Findings...)
		rep.Errors = append(rep.Errors, in.Errors...)
	}
	rep.Sort()
	return rep, nil
}
