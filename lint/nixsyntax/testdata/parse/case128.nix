with {}; <nixpkgs> 3
