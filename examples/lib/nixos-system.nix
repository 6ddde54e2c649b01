# An imitation of `nixpkgs.lib.nixosSystem` for machines without nixpkgs
# (nixsec's examples and tests). Real flakes write
#
#   nixosConfigurations.web = nixpkgs.lib.nixosSystem { modules = [ ./hosts/web.nix ]; };
#
# and these examples write
#
#   nixosConfigurations.web = (import ../lib/nixos-system.nix).nixosSystem { modules = [ ./hosts/web.nix ]; };
#
# The result has the shape of the real one where nixsec reads it:
# `_type = "configuration"`, `config`, `options` (option leaves with
# value, isDefined, highestPrio, files, definitionsWithLocations, ...),
# `lib`, `pkgs`, `class = "nixos"`. The NixOS modules behind it are
# stand-ins that declare only the options nixsec's rules read
# (./nixpkgs-modules.nix), the packages are fakes (./pkgs.nix), and the
# module system is a small rewrite of nixpkgs' (./modules.nix).
let
  lib = import ./modules.nix;
  pkgs = import ./pkgs.nix;

  # The NixOS releases the stand-ins model (docs/nixos-releases.md lists
  # what differs between them and the nixpkgs file each fact comes from).
  # `nixosSystem` is the newest; `releases."25.05".nixosSystem` an older one.
  latest = "26.05";
  supported = [ "25.05" "25.11" "26.05" ];

  systemFor = release:
    let
      nixpkgsModules = import ./nixpkgs-modules.nix { inherit lib pkgs release; };
      nixosSystem = args@{ modules, specialArgs ? { }, system ? null, ... }:
        let
          # NixOS puts its own modules first and the user's after them.
          eval = lib.evalModules {
            modules = nixpkgsModules ++ modules;
            args = specialArgs // {
              inherit pkgs;
              modulesPath = "/nix/store/00000000000000000000000000000000-source/nixos/modules";
            };
          };
        in eval // {
          inherit lib pkgs;
          class = "nixos";
          # Like the real one: a new evaluation with more modules.
          extendModules = extra: nixosSystem (args // { modules = args.modules ++ extra.modules or [ ]; });
        };
    in nixosSystem;

  releases = builtins.listToAttrs (map (r: { name = r; value = { nixosSystem = systemFor r; }; }) supported);
in
{
  inherit lib pkgs releases;
  nixosSystem = releases.${latest}.nixosSystem;
}
