# A host that reads a file outside its flake. Evaluation is pure, so Nix
# refuses ("forbidden in pure eval mode") and the file's content never
# reaches nixsec's report.
{
  outputs = { self }:
    let nixos = import ../../../examples/lib/nixos-system.nix; in
    {
      nixosConfigurations.reader = nixos.nixosSystem {
        modules = [ { networking.dhcpcd.extraConfig = builtins.readFile /etc/passwd; } ];
      };
    };
}
