# Updates: a host pinned to a nixpkgs nobody has updated since June 2025,
# that never upgrades itself nor collects old generations.
#
# The nixpkgs input is what a real flake declares. This example never uses
# it (it builds its host with ../lib/nixos-system.nix, see ../README.md),
# and nix fetches inputs lazily, so the committed flake.lock is all nix
# reads of it: nothing is downloaded. UPD003 reads its lastModified.
{
  description = "nixsec example: a stale nixpkgs pin, no automatic upgrades";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05"; # UPD003: locked 2025-06-15 in flake.lock

  outputs = { self, nixpkgs }:
    let
      nixos = import ../lib/nixos-system.nix;
    in
    {
      # UPD001 UPD002 NIX004 (UPD003 in flake.lock)
      nixosConfigurations.stale = nixos.nixosSystem {
        modules = [ ./hosts/stale.nix ];
      };
    };
}
