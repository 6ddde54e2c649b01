with {}; { inherit ${"c"}; }
