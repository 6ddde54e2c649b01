# A definition file with bytes that are not UTF-8 (Latin-1): positions
# still point at the definition.
{
  outputs = { self }:
    let nixos = import ../../../examples/lib/nixos-system.nix; in
    {
      nixosConfigurations.latin1 = nixos.nixosSystem { modules = [ ./host.nix ]; };
    };
}
