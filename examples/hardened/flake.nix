# A hardened server: nixsec reports nothing for it, even with
# --profile paranoid (every rule on).
# A real flake takes nixpkgs and lanzaboote as inputs and calls
# nixpkgs.lib.nixosSystem; see ../README.md for why these examples import
# ../lib/nixos-system.nix and ../lib/lanzaboote.nix instead.
{
  description = "nixsec example: a hardened bastion host";

  outputs = { self }:
    let
      nixos = import ../lib/nixos-system.nix;
      # stands in for inputs.lanzaboote (github:nix-community/lanzaboote)
      lanzaboote = import ../lib/lanzaboote.nix;
    in
    {
      nixosConfigurations.bastion = nixos.nixosSystem {
        modules = [
          lanzaboote.nixosModules.lanzaboote
          ./hosts/bastion.nix
        ];
      };
    };
}
