# An ordinary host. The test adds symlink loops to the checkout (a.nix ->
# b.nix -> a.nix, a link to itself, a directory link to its parent) before
# it commits: nixsec walks the checkout for suppressions and must not hang.
{
  outputs = { self }:
    let nixos = import ../../../examples/lib/nixos-system.nix; in
    {
      nixosConfigurations.host = nixos.nixosSystem { modules = [ ./host.nix ]; };
    };
}
