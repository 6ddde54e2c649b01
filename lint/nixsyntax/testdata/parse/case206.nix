with {}; a: b: { inherit a b; }
