//go:build race

package nixsyntax

// raceEnabled shrinks the largest inputs of the denial-of-service tests:
// the race detector makes parsing 5-10 times slower.
const raceEnabled = true
