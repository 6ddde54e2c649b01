package report

import (
	"strconv"
	"time"
)

// Stats is where a check's time went (check --stats): wall-clock phases,
// and for the work done per host (which overlaps nix's evaluation of the
// other hosts) the time summed over hosts. What a user sends in a bug
// report about speed (docs/performance.md).
type Stats struct {
	Hosts int `json:"hosts"`
	// Load: reading the rule bundle and selecting the rules.
	Load Millis `json:"loadMs"`
	// Resolve: nix's version and the flake's metadata (or, untrusted,
	// nixsec's own loader).
	Resolve Millis `json:"resolveMs"`
	// Compile: preparing the rule bundle (in the background, beside nix).
	Compile Millis `json:"compileMs"`
	// Evaluate: from the first nix evaluation to the last host's (wall).
	Evaluate Millis `json:"evaluateMs"`
	// Rules and Place: Rego, and placing findings in the source (positions,
	// other definitions, edits), summed over hosts.
	Rules Millis `json:"rulesMs"`
	Place Millis `json:"placeMs"`
	// Report: suppressions, exceptions, the baseline and sorting.
	Report Millis `json:"reportMs"`
	// Total: the whole check, before the report is written (wall).
	Total Millis `json:"totalMs"`
	// CPU: nixsec's own processor time from the process's start to the
	// report's write, user and system, all its threads; not nix's. Beside Total it says whether nixsec or nix
	// kept the cores busy.
	CPU Millis `json:"cpuMs"`
	// ResolveCached: the flake's resolution came from the cache (nothing
	// nix would read had changed), without running nix.
	ResolveCached bool `json:"resolveCached"`
	// FindingsCached: the hosts whose findings came from the cache,
	// neither evaluated nor linted.
	FindingsCached int `json:"findingsCached"`
}

// Millis is a duration printed in JSON as milliseconds.
type Millis time.Duration

// MarshalJSON writes milliseconds with microsecond precision.
func (m Millis) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, float64(time.Duration(m).Microseconds())/1000, 'f', -1, 64), nil
}

// String is the duration in milliseconds, for the text table.
func (m Millis) String() string {
	return strconv.FormatFloat(float64(time.Duration(m).Microseconds())/1000, 'f', 1, 64) + " ms"
}
