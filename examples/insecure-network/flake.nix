# Network exposure: a gateway that opens too much in its firewall and an
# SSH jump host that accepts weak algorithms and weak keys.
# A real flake would write nixpkgs.lib.nixosSystem (../README.md).
{
  description = "nixsec example: insecure firewall and SSH settings";

  outputs = { self }:
    let
      nixos = import ../lib/nixos-system.nix;
    in
    {
      nixosConfigurations = {
        # FW002 FW003 FW004 FW005 FW006
        gateway = nixos.nixosSystem {
          modules = [ ./hosts/common.nix ./hosts/gateway.nix ];
        };
        # SSH005 SSH006 SSH007 SSH009 FW006
        jump = nixos.nixosSystem {
          modules = [ ./hosts/common.nix ./hosts/jump.nix ./hosts/ssh-users.nix ];
        };
      };
    };
}
