with {}; { inherit (x.y) or; }
