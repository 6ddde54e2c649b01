# A stand-in for the nix-community/lanzaboote flake input (Secure Boot for
# NixOS), for the examples that have no network. A real flake writes
#
#   inputs.lanzaboote.url = "github:nix-community/lanzaboote";
#   ...
#   modules = [ lanzaboote.nixosModules.lanzaboote ./hosts/web.nix ];
#
# and these examples write
#
#   let lanzaboote = import ../lib/lanzaboote.nix; in
#   ...
#   modules = [ lanzaboote.nixosModules.lanzaboote ./hosts/web.nix ];
#
# Like the other stand-ins (./nixpkgs-modules.nix) it declares only what
# nixsec reads, with lanzaboote's names, types and defaults
# (nix/modules/lanzaboote.nix): `enable`, `pkiBundle` (no default),
# `configurationLimit`, and `settings`, the loader.conf keys, whose
# defaults follow systemd-boot's (an `editor` left alone inherits
# `boot.loader.systemd-boot.editor`, true by default). Its file is a fake
# store path of its own: it is not part of the user's flake, nor of nixpkgs.
let
  lib = import ./modules.nix;
  inherit (lib) mkOption mkEnableOption types;

  source = "/nix/store/11111111111111111111111111111111-source";

  lanzaboote = { config, ... }:
    let
      loaderDefaults = {
        editor = config.boot.loader.systemd-boot.editor;
        default = "nixos-*";
      };
    in {
      _file = "${source}/nix/modules/lanzaboote.nix";
      key = "${source}/nix/modules/lanzaboote.nix";
      options.boot.lanzaboote = {
        enable = mkEnableOption "Enable the LANZABOOTE";
        pkiBundle = mkOption { type = types.nullOr types.str; };
        configurationLimit = mkOption {
          type = types.nullOr types.int;
          default = config.boot.loader.systemd-boot.configurationLimit;
        };
        settings = mkOption {
          type = types.submodule {
            freeformType = types.attrsOf (types.nullOr (types.oneOf [ types.bool types.int types.str ]));
          };
          default = loaderDefaults;
          # lanzaboote: apply = lib.recursiveUpdate options.boot.lanzaboote.settings.default;
          apply = lib.recursiveUpdate loaderDefaults;
        };
      };
    };
in
{
  nixosModules = {
    inherit lanzaboote;
    default = lanzaboote;
  };
}
