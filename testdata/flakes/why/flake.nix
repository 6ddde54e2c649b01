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
      };
    };
}
