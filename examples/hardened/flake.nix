# A hardened server: nixsec reports nothing for it.
# A real flake takes nixpkgs as an input and calls nixpkgs.lib.nixosSystem;
# see ../README.md for why these examples import ../lib/nixos-system.nix.
{
  description = "nixsec example: a hardened bastion host";

  outputs = { self }:
    let nixos = import ../lib/nixos-system.nix; in
    {
      nixosConfigurations.bastion = nixos.nixosSystem {
        modules = [ ./hosts/bastion.nix ];
      };
    };
}
