# nixsec why: one option set in a shared module and in a host, with
# mkForce, mkDefault, mkMerge and a false mkIf (cmd/nixsec/why_test.go).
{
  description = "nixsec test: definitions that meet";

  outputs = { self }:
    let
      nixos = import ../../../examples/lib/nixos-system.nix;
    in
    {
      nixosConfigurations = {
        forced = nixos.nixosSystem { modules = [ ./hosts/forced.nix ]; };
        plain = nixos.nixosSystem { modules = [ ./shared.nix ]; };
        # Keeps AppArmor off on purpose: a fix that turns it on in
        # shared.nix for the others makes this host's definitions conflict.
        pinned = nixos.nixosSystem { modules = [ ./shared.nix ./hosts/pinned.nix ]; };
        # A module from outside the checkout that only gives a default:
        # nixsec fix writes the setting into the host's own module.
        defaulted = nixos.nixosSystem {
          modules = [
            ./hosts/defaulted.nix
            ({ lib, ... }: {
              _file = "/nix/store/00000000000000000000000000000000-vendor/sudo-default.nix";
              security.sudo.execWheelOnly = lib.mkDefault false;
            })
          ];
        };
        # A module from outside the checkout (as from another flake) that
        # forces a value: nixsec fix does not write a weaker one.
        vendored = nixos.nixosSystem {
          modules = [
            ./shared.nix
            ({ lib, ... }: {
              _file = "/nix/store/00000000000000000000000000000000-vendor/sudo.nix";
              security.sudo.execWheelOnly = lib.mkForce false;
            })
          ];
        };
      };
    };
}
