with {}; { inherit "a b"; }
