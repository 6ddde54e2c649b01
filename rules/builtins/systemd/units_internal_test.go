package systemd

import "testing"

func TestSettings(t *testing.T) {
	if len(settings) > maxSettings {
		t.Fatalf("%d settings, maxSettings %d", len(settings), maxSettings)
	}
}
