# A host with a 50 MB option value (a string rules read).
{
  outputs = { self }:
    let
      nixos = import ../../../examples/lib/nixos-system.nix;
      chunk = "option bloat 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789abcdef\n";
    in
    {
      nixosConfigurations.big = nixos.nixosSystem {
        modules = [ {
          networking.firewall.enable = false;
          networking.dhcpcd.extraConfig = builtins.concatStringsSep "" (builtins.genList (_: chunk) 500000);
        } ];
      };
    };
}
