# The realshape/ hosts, evaluated through nixsec's imitation of
# nixpkgs.lib.nixosSystem. examples/lib/imitation_test.go compares what
# this returns with what the real NixOS module system returned for the
# same host modules (testdata/realshape/*.json).
{
  description = "realshape hosts through the nixosSystem imitation";

  outputs = { self }:
    let
      # The test copies the helper to ./lib and testdata/realshape's host
      # modules to ./hosts beside this file; only that copy evaluates.
      nixos = import ./lib/nixos-system.nix;
      host = modules: nixos.nixosSystem { inherit modules; };
    in {
      nixosConfigurations = {
        h0 = host [ ./hosts/h0.nix ];
        h1 = host [ ./hosts/h1-dotted.nix ];
        h2 = host [ ./hosts/h2-nested.nix ];
        h3 = host [ ./hosts/h3-priorities.nix ];
        h4 = host [ ./hosts/h4-imports.nix ];
        h5 = host [ ./hosts/h5-function-args.nix ];
      };
    };
}
