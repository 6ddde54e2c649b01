# Import from derivation: evaluating the host would build a derivation.
# nixsec evaluates with allow-import-from-derivation = false, so the host
# fails fast and nothing is built. The test replaces NONCE so that the
# output path is new (nix imports an output that already exists).
{
  outputs = { self }:
    let
      nixos = import ../../../examples/lib/nixos-system.nix;
      marker = builtins.derivation {
        name = "nixsec-ifd-NONCE";
        system = builtins.currentSystem or "x86_64-linux";
        builder = "/bin/sh";
        args = [ "-c" "echo '{}' > $out" ];
      };
    in
    {
      inherit marker;
      nixosConfigurations.ifd = nixos.nixosSystem {
        modules = [ (import marker) { networking.firewall.enable = false; } ];
      };
    };
}
