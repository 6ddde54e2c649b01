package rule

import (
	"encoding/json"
	"testing"
)

func TestNixValue(t *testing.T) {
	cases := map[string]any{
		`false`:                    false,
		`"no"`:                     "no",
		`[ "127.0.0.1" "::1" ]`:    []any{"127.0.0.1", "::1"},
		`{ "a.b" = 1; c = null; }`: map[string]any{"a.b": json.Number("1"), "c": nil},
		`"\${x}"`:                  "${x}",
		`"a<b\n"`:                  "a<b\n",
	}
	for want, v := range cases {
		if got := NixValue(v); got != want {
			t.Errorf("NixValue(%v) = %s; want %s", v, got, want)
		}
	}
}
