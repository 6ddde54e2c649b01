with {}; { inherit (a) b c; d = 1; }
