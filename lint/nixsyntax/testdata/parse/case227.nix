with {}; import ./foo.nix { inherit pkgs; }
