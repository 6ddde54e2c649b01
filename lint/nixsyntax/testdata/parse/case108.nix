with {}; { inherit a b; }
