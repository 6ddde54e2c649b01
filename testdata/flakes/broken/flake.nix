# One host that evaluates (with findings) and two that do not: a
# misspelled option and a throw. nixsec must report both failures with
# Nix's message, still lint the good host, and exit 2.
{
  outputs = { self }:
    let nixos = import ../../../examples/lib/nixos-system.nix; in
    {
      nixosConfigurations = {
        good = nixos.nixosSystem { modules = [ ./hosts/good.nix ]; };
        typo = nixos.nixosSystem { modules = [ ./hosts/typo.nix ]; };
        throws = nixos.nixosSystem { modules = [ ./hosts/throws.nix ]; };
      };
    };
}
