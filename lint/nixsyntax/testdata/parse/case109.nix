with {}; { inherit (x) a b; }
