package optpath

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// renderings are single components and how they are written: the facts
// the comment on the rendering in optpath.go records, one case each.
var renderings = []struct{ c, want string }{
	// identifiers, "*", what makes a name not one
	{"services", "services"},
	{"A", "A"},
	{"_", "_"},
	{"a'", "a'"},
	{"a-b", "a-b"},
	{"dnscrypt-proxy2", "dnscrypt-proxy2"},
	{"*", "*"},
	{"", `""`},
	{"2bwm", `"2bwm"`},
	{"-a", `"-a"`},
	{"'a", `"'a"`},
	{"a.b", `"a.b"`},
	{"kernel.kptr_restrict", `"kernel.kptr_restrict"`},
	{"/", `"/"`},
	{"a b", `"a b"`},
	{"**", `"**"`},
	// keywords are quoted (current nixpkgs' escapeNixIdentifier)
	{"if", `"if"`},
	{"or", `"or"`},
	{"in", `"in"`},
	{"inherit", `"inherit"`},
	{"assert", `"assert"`},
	{"else", `"else"`},
	{"let", `"let"`},
	{"rec", `"rec"`},
	{"then", `"then"`},
	{"with", `"with"`},
	{"iff", "iff"},
	{"If", "If"},
	{"throw", "throw"},
	{"import", "import"},
	// named placeholders
	{"<name>", "<name>"},
	{"<function body>", "<function body>"},
	{"<>", "<>"},
	{"<a$b>", "<a$b>"},
	{`<a"b>`, `<a"b>`},
	{`<a\b>`, `<a\b>`},
	{"<é>", "<é>"},
	{"<\xff>", "<\xff>"},
	{"<a>b>", "<a>b>"},
	{"<a.b>", `"<a.b>"`},     // nixsec: NixOS writes it bare
	{"<a>.<b>", `"<a>.<b>"`}, // nixsec: NixOS writes it bare
	{"<a\nb>", `"<a\nb>"`},   // nixsec: NixOS writes it bare
	{"<\x1b[31m>", `"<\u001b[31m>"`},
	{"<a", `"<a"`},
	{"a>", `"a>"`},
	{"<a>b", `"<a>b"`},
	{"<", `"<"`},
	// escapeNixString: toJSON, then every $ escaped
	{"$", `"\$"`},
	{"${x}", `"\${x}"`},
	{"a$b", `"a\$b"`},
	{`"`, `"\""`},
	{`\`, `"\\"`},
	{`\$`, `"\\\$"`},
	{"\b", `"\b"`},
	{"\f", `"\f"`},
	{"\n", `"\n"`},
	{"\r", `"\r"`},
	{"\t", `"\t"`},
	{"\x00", `"\u0000"`},
	{"\x01", `"\u0001"`},
	{"\x0b", `"\u000b"`},
	{"\x1b", `"\u001b"`},
	{"\x1f", `"\u001f"`},
	{"a\x00b", `"a\u0000b"`},
	{" ", `" "`},
	{"/", `"/"`},
	{"\x7f", "\"\x7f\""},
	{"é", `"é"`},
	{"☃", `"☃"`},
	{"\u2028\u2029", "\"\u2028\u2029\""},
	{"\U0001F600", "\"\U0001F600\""},
	{"\ufeff", "\"\ufeff\""},
	// invalid UTF-8: the bytes as they are (Nix 2.8; current Nix fails)
	{"\xff", "\"\xff\""},
	{"\xc3", "\"\xc3\""},
	{"a\xc3", "\"a\xc3\""},
	{"\xed\xa0\x80", "\"\xed\xa0\x80\""},
	{"\xc0\xaf", "\"\xc0\xaf\""},
}

func TestRendering(t *testing.T) {
	for _, r := range renderings {
		if got := Format([]string{r.c}); got != r.want {
			t.Errorf("Format(%q) = %q; want %q", r.c, got, r.want)
		}
		if n := ComponentLen(r.c); n != len(r.want) {
			t.Errorf("ComponentLen(%q) = %d; want %d", r.c, n, len(r.want))
		}
		if got, err := Parse(r.want); err != nil || !reflect.DeepEqual(got, []string{r.c}) {
			t.Errorf("Parse(%q) = %q, %v; want [%q]", r.want, got, err, r.c)
		}
	}
	paths := map[string][]string{
		"":                                       nil,
		`users.users."alice.smith".password`:     {"users", "users", "alice.smith", "password"},
		`fileSystems."/".device`:                 {"fileSystems", "/", "device"},
		`services.nginx.virtualHosts."<a>.<b>"`:  {"services", "nginx", "virtualHosts", "<a>.<b>"},
		`services.nginx.virtualHosts.<a>.<b>`:    {"services", "nginx", "virtualHosts", "<a>", "<b>"},
		`networking.firewall.interfaces."in".x`:  {"networking", "firewall", "interfaces", "in", "x"},
		`users.users.<name>.openssh.*.keys`:      {"users", "users", "<name>", "openssh", "*", "keys"},
		`a."".b`:                                 {"a", "", "b"},
		`systemd.services."a\u001bb".after`:      {"systemd", "services", "a\x1bb", "after"},
		`environment.etc."\${HOME}/.profile".te`: {"environment", "etc", "${HOME}/.profile", "te"},
	}
	for want, c := range paths {
		if got := Format(c); got != want {
			t.Errorf("Format(%q) = %q; want %q", c, got, want)
		}
	}
}

// TestParseNixOS reads paths as NixOS releases print them, beyond what
// Format writes: keywords bare (25.05, 25.11), \u0008 and \u000c (Nix
// 2.8), \u escapes of other characters, surrogate pairs, \/.
func TestParseNixOS(t *testing.T) {
	cases := map[string][]string{
		"users.users.if.password":          {"users", "users", "if", "password"},
		"a.or":                             {"a", "or"},
		"a.<function body>.b":              {"a", "<function body>", "b"},
		`a."<name>"."*"`:                   {"a", "<name>", "*"},
		`a."\u0008\u000c"`:                 {"a", "\b\f"},
		`a."\u00e9\u00E9"`:                 {"a", "éé"},
		`a."\ud83d\ude00"`:                 {"a", "\U0001F600"},
		`a."\ud83d"`:                       {"a", "\ufffd"},
		`a."\ude00\ud83d"`:                 {"a", "\ufffd\ufffd"},
		`a."\ud83dx"`:                      {"a", "\ufffdx"},
		`a."\/"`:                           {"a", "/"},
		`a."$".b`:                          {"a", "$", "b"},
		`a."\x"`:                           {"a", "x"},
		`a."\u12"`:                         {"a", "u12"},
		`a."\u12g4"`:                       {"a", "u12g4"},
		"windowManager.2bwm.enable":        {"windowManager", "2bwm", "enable"},
		`boot.kernel.sysctl."net.ipv4.x"`:  {"boot", "kernel", "sysctl", "net.ipv4.x"},
		`a."x\"y".b`:                       {"a", `x"y`, "b"},
		`"a.b"`:                            {"a.b"},
		"services.openssh.settings.Banner": {"services", "openssh", "settings", "Banner"},
	}
	for s, want := range cases {
		if got, err := Parse(s); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(%q) = %q, %v; want %q", s, got, err, want)
		}
	}
	for _, s := range []string{`a."b\`, `a."b\"`, "a.<a b", `a.b"c`, `a.<a b>c`, `"a"b`, `a."`, `.`, `a..`, `""."`} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q): want an error", s)
		}
	}
}

// TestEveryByte renders each byte alone and between letters, and reads
// every rendering back.
func TestEveryByte(t *testing.T) {
	for x := range 256 {
		for _, c := range []string{string([]byte{byte(x)}), "a" + string([]byte{byte(x)}) + "b", "<" + string([]byte{byte(x)}) + ">"} {
			checkRoundTrip(t, []string{c})
			checkRoundTrip(t, []string{"x", c, "y"})
		}
	}
}

// checkRoundTrip checks the properties every rendering has: Parse reads
// it back, ComponentLen sizes it, and it holds no control character (a
// path reaches terminals and reports as it is).
func checkRoundTrip(t *testing.T, c []string) string {
	t.Helper()
	s := Format(c)
	n := len(c) - 1
	for _, p := range c {
		n += ComponentLen(p)
	}
	if len(c) > 0 && len(s) != n {
		t.Errorf("Format(%q) = %q: %d bytes, ComponentLen's sum %d", c, s, len(s), n)
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r < 0x20 }); i >= 0 {
		t.Errorf("Format(%q) = %q holds a control character at %d", c, s, i)
	}
	if len(c) == 0 {
		if s != "" {
			t.Errorf("Format(%q) = %q; want \"\"", c, s)
		}
		return s
	}
	got, err := Parse(s)
	if err != nil || !slices.Equal(got, c) {
		t.Errorf("Parse(Format(%q)) = Parse(%q) = %q, %v", c, s, got, err)
	}
	return s
}

// components decodes fuzz input into a path: each component a length
// byte and that many bytes (fewer at the end).
func components(data []byte) []string {
	var c []string
	for len(data) > 0 {
		n := min(int(data[0]), len(data)-1)
		c = append(c, string(data[1:1+n]))
		data = data[1+n:]
	}
	return c
}

// encode is the inverse of components, for seeds.
func encode(c ...string) []byte {
	var b []byte
	for _, s := range c {
		b = append(b, byte(len(s)))
		b = append(b, s...)
	}
	return b
}

// FuzzFormatParse checks that Parse inverts Format and that Format never
// gives two paths one text.
func FuzzFormatParse(f *testing.F) {
	seeds := [][2][]byte{
		{encode("a.b"), encode("a", "b")},
		{encode("<a>.<b>"), encode("<a>", "<b>")},
		{encode("<a.b>"), encode("<a", "b>")},
		{encode("\b"), encode(`\b`)},
		{encode("\x00"), encode(`\u0000`)},
		{encode("$"), encode(`\$`)},
		{encode("*"), encode(`"*"`)},
		{encode("if"), encode(`"if"`)},
		{encode(""), encode()},
		{encode("", ""), encode(".")},
		{encode("\xff"), encode("\ufffd")},
		{encode(`a"b`), encode("a", "b")},
		{encode("<function body>"), encode("<function", "body>")},
		{encode("users", "users", "alice.smith", "password"), encode("users", "users", "alice", "smith", "password")},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, x, y []byte) {
		cx, cy := components(x), components(y)
		sx, sy := checkRoundTrip(t, cx), checkRoundTrip(t, cy)
		if sx == sy && !slices.Equal(cx, cy) {
			t.Errorf("Format(%q) = Format(%q) = %q", cx, cy, sx)
		}
	})
}
