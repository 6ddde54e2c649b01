# The same import from derivation, with a nixConfig that tries to turn
# import from derivation back on and to add a substituter. nixsec passes
# accept-flake-config = false: neither setting takes effect.
{
  nixConfig = {
    allow-import-from-derivation = true;
    extra-substituters = [ "http://127.0.0.1:9/nixsec-test-cache" ];
    extra-trusted-public-keys = [ "nixsec-test:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" ];
  };
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
