with {}; { inherit (x) "a" b; inherit; }
