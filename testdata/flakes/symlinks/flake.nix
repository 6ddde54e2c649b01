# An ordinary host. The test adds symlink loops to the checkout (a.nix ->
# b.nix -> a.nix, a link to itself, a directory link to its parent) before
# it commits: neither nix nor nixsec may hang on them (nixsec reads files
# through os.Root and only those findings point to).
{
  outputs = { self }:
    let nixos = import ../../../examples/lib/nixos-system.nix; in
    {
      nixosConfigurations.host = nixos.nixosSystem { modules = [ ./host.nix ]; };
    };
}
