# The Anduril NixOS STIG (V1R2), checked from the configuration: `compliant`
# sets everything the STIG asks that the configuration decides; `failing` is
# a sloppy server that breaks the checks, one per line; `legacy` breaks the
# three that `failing` cannot (it runs sshd and timesyncd, on a supported
# release).
#   nixsec check --framework stig examples/stig
#   nixsec report --framework stig examples/stig
# A real flake takes nixpkgs and lanzaboote as inputs and calls
# nixpkgs.lib.nixosSystem; see ../README.md for why these examples import
# ../lib/nixos-system.nix and ../lib/lanzaboote.nix instead.
{
  description = "nixsec example: the NixOS STIG, passed and failed";

  outputs = { self }:
    let
      nixos = import ../lib/nixos-system.nix;
      # stands in for inputs.lanzaboote (github:nix-community/lanzaboote)
      lanzaboote = import ../lib/lanzaboote.nix;
    in
    {
      nixosConfigurations = {
        compliant = nixos.nixosSystem {
          modules = [
            lanzaboote.nixosModules.lanzaboote
            ./hosts/compliant
          ];
        };
        failing = nixos.nixosSystem { modules = [ ./hosts/failing.nix ]; };
        # NixOS 25.05, out of support: the checks failing cannot also fail
        legacy = nixos.releases."25.05".nixosSystem { modules = [ ./hosts/legacy.nix ]; };
      };
    };
}
