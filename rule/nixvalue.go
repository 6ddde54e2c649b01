package rule

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/nixsec/nixsec/optpath"
)

// NixValue writes a JSON value (a fix's value) as Nix source.
func NixValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return fmt.Sprint(x)
	case string:
		return optpath.Quote(x)
	case json.Number:
		return x.String()
	case float64:
		return fmt.Sprint(x)
	case []any:
		if len(x) == 0 {
			return "[ ]"
		}
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = NixValue(e)
		}
		return "[ " + strings.Join(parts, " ") + " ]"
	case map[string]any:
		if len(x) == 0 {
			return "{ }"
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		b.WriteString("{ ")
		for _, k := range keys {
			fmt.Fprintf(&b, "%s = %s; ", optpath.Source([]string{k}), NixValue(x[k]))
		}
		b.WriteString("}")
		return b.String()
	}
	return fmt.Sprint(v)
}
