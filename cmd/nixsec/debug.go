package main

import (
	"fmt"
	"io"
)

// runDebug is a placeholder until the nixsyntax debug commands land.
func runDebug(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "nixsec debug: not available yet")
	return 2
}
