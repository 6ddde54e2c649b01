//go:build race

package nixtest

// RaceEnabled shrinks the largest inputs of the denial-of-service tests:
// the race detector makes parsing 5-10 times slower.
const RaceEnabled = true
