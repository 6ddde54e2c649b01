// Package golden compares test output with golden files: a mismatch
// prints a diff, not both outputs whole.
package golden

import (
	"fmt"
	"strings"
)

// Diff is a minimal line diff of a and b (longest common
// subsequence), with two lines of context around each change.
func Diff(a, b string) string {
	x, y := strings.SplitAfter(a, "\n"), strings.SplitAfter(b, "\n")
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type op struct {
		kind byte
		line string
	}
	var ops []op
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			ops = append(ops, op{' ', x[i]})
			i, j = i+1, j+1
		case i < len(x) && (j == len(y) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', x[i]})
			i++
		default:
			ops = append(ops, op{'+', y[j]})
			j++
		}
	}
	var out strings.Builder
	for k, o := range ops {
		near := false
		for d := max(k-2, 0); d <= min(k+2, len(ops)-1); d++ {
			near = near || ops[d].kind != ' '
		}
		if near {
			fmt.Fprintf(&out, "%c %q\n", o.kind, o.line)
		}
	}
	return out.String()
}
